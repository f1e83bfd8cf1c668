import {
  GetObjectCommand,
  type GetObjectCommandInput,
  HeadObjectCommand,
  ListObjectsCommand,
  type ListObjectsCommandOutput,
  type S3Client,
} from '@aws-sdk/client-s3';
import {
  checkOptionKeys,
  EdgecaseError,
  escapeXml,
  type FaultyOrigin,
  type HeaderMap,
  type Origin,
  type OriginFetchContext,
  type OriginRequest,
  type OriginRequestRecord,
  type OriginResponse,
  OriginUnreachableError,
  optionKeys,
  RequestLog,
  withFaults,
} from '@edgecase/cdn';
import { checkBucketName, checkClient, checkRegion, invalidOption } from './options.js';
import { captureRawAnswer, type RawAnswer } from './raw-response.js';
import { s3ErrorXml } from './s3-error-xml.js';
import { answerFromOutput, answerFromServiceError, isServiceError, type ObjectOutput } from './sdk-answer.js';

export interface S3OriginOptions {
  /** The S3Client to read with: its endpoint, credentials and retry strategy are used as they are. */
  client: S3Client;
  bucket: string;
  /**
   * The bucket's AWS Region, kept as `origin.region` for `createCdn({ origin: { origin, region } })`
   * (an S3 origin skips the regional edge cache of its own Region, §7).
   */
  region?: string;
  /**
   * `'open'` (default): every request is sent with the client's credentials, whoever CloudFront
   * signs as. `'private'`: the client's credentials stand for CloudFront's principal (§18), so only
   * the requests CloudFront signs (an origin with an OAC or OAI) carry them; the others reach the
   * bucket anonymously, and under OAC `no-override` a viewer's `Authorization` is sent as it came.
   * Give it credentials restricted to the bucket (MinIO: `restrictedCredentials`), since MinIO's
   * bucket policies apply to anonymous requests only.
   */
  access?: 'open' | 'private';
}

export interface S3Origin extends FaultyOrigin {
  readonly kind: 's3';
  readonly bucket: string;
  readonly region: string | undefined;
  readonly client: S3Client;
  readonly access: 'open' | 'private';
  /** The last 1,000 requests received through `fetch`, oldest first. */
  readonly requests: readonly OriginRequestRecord[];
  /** Every request received through `fetch`, or those for one path (as sent, without the query). */
  requestCount(path?: string): number;
}

/** Network failures of Node and the SDK's HTTP handler: no answer, so the origin is unreachable. */
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']);
const UNREACHABLE_CODES = new Set([
  ...RESET_CODES,
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
]);
const UNREACHABLE_NAMES = new Set(['TimeoutError', 'RequestTimeout']);
const EMPTY = new Uint8Array(0);

/**
 * An origin that reads a bucket through `@aws-sdk/client-s3` (GetObject, HeadObject, and
 * ListObjects for `/`), so the CDN fetches from MinIO or real S3. Conditional headers and Range are
 * passed on; the answer is S3's own status, headers and XML error body, taken from the HTTP response
 * (or, when `send` is mocked, rebuilt from the parsed output). A request that gets no answer
 * rejects with `OriginUnreachableError`. Faults can be injected through `faults`.
 */
export function s3Origin(options: S3OriginOptions): S3Origin {
  checkOptionKeys(
    options,
    optionKeys<S3OriginOptions>()(['client', 'bucket', 'region', 'access']),
    's3Origin options',
  );
  const client = checkClient(options.client, 's3Origin client');
  const bucket = checkBucketName(options.bucket, 's3Origin bucket');
  const region = options.region === undefined ? undefined : checkRegion(options.region, 's3Origin region');
  const access = options.access ?? 'open';
  if (access !== 'open' && access !== 'private')
    invalidOption('s3Origin access', "'open' or 'private'", access);
  const name = `s3:${bucket}`;
  const log = new RequestLog(1000);
  let requestIds = 0;

  const raw: Origin = {
    kind: 's3',
    name,
    async fetch(request, context) {
      const answered = log.arrive(context.clock.now(), request.method, request.path, request.query);
      try {
        const response = await readBucket(client, bucket, name, request, context, () => ++requestIds, access);
        answered(response.status);
        return response;
      } catch (error) {
        answered(0);
        throw error;
      }
    },
  };
  const faulty = withFaults(raw);
  return {
    ...faulty,
    kind: 's3',
    bucket,
    region,
    client,
    access,
    get requests() {
      return log.records;
    },
    requestCount: (path) => log.count(path),
  };
}

async function readBucket(
  client: S3Client,
  bucket: string,
  name: string,
  request: OriginRequest,
  context: OriginFetchContext,
  nextId: () => number,
  access: 'open' | 'private',
): Promise<OriginResponse> {
  const method = request.method.toUpperCase();
  const head = method === 'HEAD';
  const local = (status: number, code: string, message: string, fields: [string, string][]) =>
    localError(status, code, message, fields, nextId(), head);
  // §8: CloudFront forwards other methods only when the behaviour allows them; an S3 REST origin
  // answers them as memoryOrigin does (the object API is GET and HEAD here).
  if (method !== 'GET' && !head) {
    return local(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.', [
      ['Method', method],
      ['ResourceType', 'OBJECT'],
    ]);
  }
  let key: string;
  try {
    if (!request.path.startsWith('/')) throw new URIError(request.path);
    key = decodeURIComponent(request.path.slice(1));
  } catch {
    return local(400, 'InvalidURI', "Couldn't parse the specified URI.", [['URI', request.path]]);
  }

  const input = key === '' ? listInput(bucket, request.query) : objectInput(bucket, key, request.headers);
  const command =
    key === ''
      ? new ListObjectsCommand(input as ReturnType<typeof listInput>)
      : head
        ? new HeadObjectCommand(input as GetObjectCommandInput)
        : new GetObjectCommand(input as GetObjectCommandInput);
  const rawAnswer = captureRawAnswer(command.middlewareStack as Parameters<typeof captureRawAnswer>[0]);
  // §19: the viewer's Origin, when the behaviour forwards it, reaches the bucket, which answers CORS
  // by it (GET and HEAD; a preflight OPTIONS is not sent through the SDK: 405 here, memoryOrigin answers it).
  const viewerOrigin = request.headers.origin;
  if (viewerOrigin !== undefined) forwardHeader(command.middlewareStack, 'origin', viewerOrigin);
  // §18: on a private bucket only what CloudFront signs carries the client's credentials.
  if (access === 'private' && request.signedAs === undefined) {
    unsign(command.middlewareStack, request.headers.authorization);
  }
  let output: unknown;
  let failure: unknown;
  let failed = false;
  try {
    output = await client.send(command as GetObjectCommand, { abortSignal: context.signal });
  } catch (error) {
    failed = true;
    failure = error;
  }

  const captured = rawAnswer();
  if (captured !== undefined) {
    context.onConnect?.();
    return toResponse(captured, head);
  }
  if (failed) {
    if (context.signal?.aborted) throw context.signal.reason;
    if (isServiceError(failure)) {
      context.onConnect?.();
      return toResponse(answerFromServiceError(failure, head), head);
    }
    throw classify(failure, name, method, request.path);
  }
  if (output === undefined || output === null) {
    throw new EdgecaseError(
      'InvalidOrigin',
      `${name}: the S3Client answered ${command.constructor.name} with nothing.`,
      {
        hint: 'A mocked S3Client must answer GetObject, HeadObject and ListObjects; mockS3Client(origin) does.',
      },
    );
  }
  context.onConnect?.();
  if (key === '') return toResponse(listingAnswer(output as ListObjectsCommandOutput, bucket), head);
  return toResponse(await answerFromOutput(output as ObjectOutput, head), head);
}

function forwardHeader(stack: unknown, name: string, value: string): void {
  (stack as { add(middleware: unknown, options: object): void }).add(
    (next: (args: { request: unknown }) => Promise<unknown>) => (args: { request: unknown }) => {
      const http = args.request as { headers?: Record<string, string> };
      if (http.headers) http.headers[name] = value;
      return next(args);
    },
    { step: 'build', name: `edgecaseForward-${name}` },
  );
}

const SIGNATURE_HEADERS = ['authorization', 'x-amz-date', 'x-amz-security-token', 'x-amz-content-sha256'];

/**
 * Takes the SDK's SigV4 signature off a request once it is signed, so it reaches the bucket
 * anonymously, or with the viewer's own `Authorization` (OAC `no-override`, §18).
 */
function unsign(stack: unknown, viewerAuthorization: string | undefined): void {
  (stack as { addRelativeTo(middleware: unknown, options: object): void }).addRelativeTo(
    (next: (args: { request: unknown }) => Promise<unknown>) => (args: { request: unknown }) => {
      const http = args.request as { headers?: Record<string, string>; query?: Record<string, unknown> };
      if (http.headers) {
        for (const name of Object.keys(http.headers)) {
          if (SIGNATURE_HEADERS.includes(name.toLowerCase())) delete http.headers[name];
        }
        if (viewerAuthorization !== undefined) http.headers.authorization = viewerAuthorization;
      }
      return next(args);
    },
    { relation: 'after', toMiddleware: 'httpSigningMiddleware', name: 'edgecaseUnsigned' },
  );
}

function objectInput(bucket: string, key: string, headers: HeaderMap): GetObjectCommandInput {
  const input: GetObjectCommandInput = { Bucket: bucket, Key: key };
  if (headers['if-match'] !== undefined) input.IfMatch = headers['if-match'];
  if (headers['if-none-match'] !== undefined) input.IfNoneMatch = headers['if-none-match'];
  const modifiedSince = httpDate(headers['if-modified-since']);
  if (modifiedSince !== undefined) input.IfModifiedSince = modifiedSince;
  const unmodifiedSince = httpDate(headers['if-unmodified-since']);
  if (unmodifiedSince !== undefined) input.IfUnmodifiedSince = unmodifiedSince;
  if (headers.range !== undefined) input.Range = headers.range;
  return input;
}

/** RFC 9110 §13.1.3: an invalid date in a precondition is ignored, so it is not sent on. */
function httpDate(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? new Date(ms) : undefined;
}

function listInput(bucket: string, query: string) {
  const params = new URLSearchParams(query);
  const maxKeys = Number.parseInt(params.get('max-keys') ?? '', 10);
  return {
    Bucket: bucket,
    ...(params.get('prefix') ? { Prefix: params.get('prefix') as string } : {}),
    ...(Number.isNaN(maxKeys) ? {} : { MaxKeys: maxKeys }),
  };
}

function toResponse(answer: RawAnswer, head: boolean): OriginResponse {
  return { status: answer.status, headers: answer.headers, body: head ? EMPTY : answer.body };
}

/** A ListBucketResult rebuilt from a parsed ListObjects output (mocked clients only). */
function listingAnswer(output: ListObjectsCommandOutput, bucket: string): RawAnswer {
  const contents = (output.Contents ?? [])
    .map(
      (entry) =>
        `<Contents><Key>${escapeXml(entry.Key ?? '')}</Key>` +
        `<LastModified>${entry.LastModified?.toISOString() ?? ''}</LastModified>` +
        `<ETag>${escapeXml(entry.ETag ?? '')}</ETag><Size>${entry.Size ?? 0}</Size>` +
        `<StorageClass>${entry.StorageClass ?? 'STANDARD'}</StorageClass></Contents>`,
    )
    .join('');
  const xml =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${escapeXml(output.Name ?? bucket)}</Name>` +
    `<Prefix>${escapeXml(output.Prefix ?? '')}</Prefix><Marker>${escapeXml(output.Marker ?? '')}</Marker>` +
    `<MaxKeys>${output.MaxKeys ?? 1000}</MaxKeys><IsTruncated>${output.IsTruncated ?? false}</IsTruncated>` +
    `${contents}</ListBucketResult>`;
  const body = new TextEncoder().encode(xml);
  const headers: HeaderMap = { 'content-type': 'application/xml', 'content-length': String(body.length) };
  if (output.$metadata?.requestId) headers['x-amz-request-id'] = output.$metadata.requestId;
  return { status: output.$metadata?.httpStatusCode ?? 200, headers, body };
}

function localError(
  status: number,
  code: string,
  message: string,
  fields: [string, string][],
  id: number,
  head: boolean,
): OriginResponse {
  const requestId = `EDGECASE${id.toString(16).toUpperCase().padStart(8, '0')}`;
  const headers: HeaderMap = { 'content-type': 'application/xml', 'x-amz-request-id': requestId };
  if (head) return { status, headers, body: EMPTY };
  const body = new TextEncoder().encode(s3ErrorXml({ code, message, fields, requestId, hostId: '' }));
  headers['content-length'] = String(body.length);
  return { status, headers, body };
}

/** No HTTP answer: a network failure is `OriginUnreachableError`; anything else is a misuse. */
function classify(error: unknown, name: string, method: string, path: string): Error {
  const failure = error as { code?: unknown; name?: unknown; message?: unknown; cause?: { code?: unknown } };
  const code =
    typeof failure?.code === 'string'
      ? failure.code
      : typeof failure?.cause?.code === 'string'
        ? failure.cause.code
        : undefined;
  const detail = code ?? (typeof failure?.message === 'string' ? failure.message : String(error));
  if ((code !== undefined && UNREACHABLE_CODES.has(code)) || UNREACHABLE_NAMES.has(String(failure?.name))) {
    const kind = code !== undefined && RESET_CODES.has(code) ? 'reset' : 'refused';
    return new OriginUnreachableError(`${name}: ${method} ${path} failed (${detail}).`, kind, {
      cause: error,
    });
  }
  return new EdgecaseError(
    'InvalidOrigin',
    `${name}: ${method} ${path} failed before any answer (${detail}).`,
    {
      cause: error,
      hint: "Check the S3Client's endpoint, region and credentials.",
    },
  );
}
