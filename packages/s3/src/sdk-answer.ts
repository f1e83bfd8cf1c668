import type { HeaderMap } from '@edgecase/cdn';
import type { RawAnswer } from './raw-response.js';
import { s3ErrorXml } from './s3-error-xml.js';

/** The fields of GetObject/HeadObject output that become response headers. */
export interface ObjectOutput {
  $metadata?: { httpStatusCode?: number; requestId?: string; extendedRequestId?: string };
  Body?: { transformToByteArray(): Promise<Uint8Array> } | undefined;
  AcceptRanges?: string;
  CacheControl?: string;
  ContentDisposition?: string;
  ContentEncoding?: string;
  ContentLanguage?: string;
  ContentLength?: number;
  ContentRange?: string;
  ContentType?: string;
  ETag?: string;
  Expires?: Date;
  ExpiresString?: string;
  LastModified?: Date;
  Metadata?: Record<string, string>;
  VersionId?: string;
}

/** What the SDK throws for an S3 error answer (S3ServiceException and its modelled subclasses). */
export interface ServiceErrorLike {
  name: string;
  message?: string;
  Code?: string;
  $metadata?: { httpStatusCode?: number; requestId?: string; extendedRequestId?: string };
  $response?: { statusCode?: number; headers?: Record<string, string | undefined> };
  [field: string]: unknown;
}

/** Error fields S3 puts in its XML body besides Code/Message/RequestId/HostId (S3 API "Error responses"). */
const ERROR_FIELDS = [
  'Key',
  'BucketName',
  'Condition',
  'RangeRequested',
  'ActualObjectSize',
  'Method',
  'ResourceType',
  'Resource',
];

const EMPTY = new Uint8Array(0);

/**
 * Rebuilds the answer from a parsed GetObject/HeadObject output, for clients whose `send` never
 * reached HTTP (aws-sdk-client-mock, e.g. `mockS3Client`). Header names and values follow S3's wire
 * format (S3 API GetObject "Response Syntax").
 */
export async function answerFromOutput(output: ObjectOutput, head: boolean): Promise<RawAnswer> {
  const headers: HeaderMap = {};
  const set = (name: string, value: string | number | undefined) => {
    if (value !== undefined && value !== '') headers[name] = String(value);
  };
  set('accept-ranges', output.AcceptRanges);
  set('cache-control', output.CacheControl);
  set('content-disposition', output.ContentDisposition);
  set('content-encoding', output.ContentEncoding);
  set('content-language', output.ContentLanguage);
  set('content-length', output.ContentLength);
  set('content-range', output.ContentRange);
  set('content-type', output.ContentType);
  set('etag', output.ETag);
  set('expires', output.ExpiresString ?? output.Expires?.toUTCString());
  set('last-modified', output.LastModified?.toUTCString());
  set('x-amz-version-id', output.VersionId);
  set('x-amz-request-id', output.$metadata?.requestId);
  set('x-amz-id-2', output.$metadata?.extendedRequestId);
  for (const [name, value] of Object.entries(output.Metadata ?? {}))
    set(`x-amz-meta-${name.toLowerCase()}`, value);
  const body = head || output.Body === undefined ? EMPTY : await output.Body.transformToByteArray();
  const status = output.$metadata?.httpStatusCode ?? (output.ContentRange ? 206 : 200);
  return { status, headers, body };
}

/** Whether `error` is what the SDK throws for an HTTP answer (rather than a network failure). */
export function isServiceError(error: unknown): error is ServiceErrorLike {
  const candidate = error as ServiceErrorLike | undefined;
  return typeof (candidate?.$metadata?.httpStatusCode ?? candidate?.$response?.statusCode) === 'number';
}

/**
 * Rebuilds an S3 error answer from the exception the SDK threw: the status, the headers of
 * `$response`, and the XML error document S3 sends with every error except 304 and HEAD answers.
 */
export function answerFromServiceError(error: ServiceErrorLike, head: boolean): RawAnswer {
  const status = (error.$metadata?.httpStatusCode ?? error.$response?.statusCode) as number;
  const headers: HeaderMap = {};
  for (const [name, value] of Object.entries(error.$response?.headers ?? {})) {
    if (value !== undefined) headers[name.toLowerCase()] = value;
  }
  const requestId = error.$metadata?.requestId ?? headers['x-amz-request-id'] ?? '';
  if (head || status === 304) {
    delete headers['content-length'];
    return { status, headers, body: EMPTY };
  }
  const fields: [string, string][] = [];
  for (const field of ERROR_FIELDS) {
    const value = error[field];
    if (typeof value === 'string' || typeof value === 'number') fields.push([field, String(value)]);
  }
  const xml = s3ErrorXml({
    code: error.Code ?? error.name,
    message: error.message ?? '',
    fields,
    requestId,
    hostId: error.$metadata?.extendedRequestId ?? headers['x-amz-id-2'] ?? '',
  });
  const body = new TextEncoder().encode(xml);
  headers['content-type'] = 'application/xml';
  headers['content-length'] = String(body.length);
  return { status, headers, body };
}
