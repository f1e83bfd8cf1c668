import { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteBucketCorsCommand,
  DeleteBucketPolicyCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetBucketCorsCommand,
  GetBucketPolicyCommand,
  GetObjectCommand,
  type GetObjectCommandInput,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  PutBucketCorsCommand,
  PutBucketPolicyCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import {
  checkOptionKeys,
  EdgecaseError,
  type MemoryObject,
  type MemoryOrigin,
  optionKeys,
} from '@edgecase/cdn';
import { sdkStreamMixin } from '@smithy/util-stream';
import { type AwsClientStub, mockClient } from 'aws-sdk-client-mock';
import { bodyBytes } from './body.js';
import { listObjects } from './list-objects.js';
import { invalidOption } from './options.js';
import { S3_MESSAGES, s3Exception } from './s3-exceptions.js';
import { evaluateRead } from './s3-read.js';
import { unsupportedCommand } from './unsupported-command.js';

export interface MockS3ClientOptions {
  /** The client to route: one S3Client instance, or the S3Client class (default: every S3Client). */
  client?: S3Client | typeof S3Client;
  /**
   * Whether the app's credentials have s3:ListBucket, which makes a missing key 404 NoSuchKey rather
   * than 403 AccessDenied (§11). Default: each origin's `listBucket`.
   */
  listBucket?: boolean;
}

/** The aws-sdk-client-mock stub: `restore()` it after the test; its call history works as usual. */
export type S3ClientMock = AwsClientStub<S3Client>;

const MODELLED = [
  'PutObject',
  'GetObject',
  'HeadObject',
  'DeleteObject',
  'DeleteObjects',
  'ListObjectsV2',
  'ListObjects',
  'CopyObject',
  'CreateMultipartUpload',
  'UploadPart',
  'CompleteMultipartUpload',
  'AbortMultipartUpload',
  'HeadBucket',
  'CreateBucket',
  'PutBucketCors',
  'GetBucketCors',
  'DeleteBucketCors',
  'PutBucketPolicy',
  'GetBucketPolicy',
  'DeleteBucketPolicy',
];

type Input = Record<string, unknown> & { Bucket?: string; Key?: string };

/**
 * Routes an app's `@aws-sdk/client-s3` commands into memoryOrigins, with S3's semantics, through
 * aws-sdk-client-mock: PutObject, GetObject, HeadObject, DeleteObject(s), ListObjects(V2),
 * CopyObject, multipart uploads (so `@aws-sdk/lib-storage`'s `Upload` works), HeadBucket and the
 * bucket's CORS configuration (Put/Get/DeleteBucketCors, which the CDN's origin then answers by),
 * and its bucket policy (Put/Get/DeleteBucketPolicy, which a private bucket serves CloudFront by). Each
 * origin is the bucket its `bucket` names; another bucket is NoSuchBucket. Errors are the SDK's own
 * exceptions (NoSuchKey, NotFound, PreconditionFailed, ...), as a real endpoint would make it throw.
 * Other commands throw an EdgecaseError naming them; stub those with `.on(Command)` on the result.
 */
export function mockS3Client(
  origins: MemoryOrigin | readonly MemoryOrigin[],
  options: MockS3ClientOptions = {},
): S3ClientMock {
  const list: readonly MemoryOrigin[] = Array.isArray(origins) ? origins : [origins as MemoryOrigin];
  if (list.length === 0 || list.some((origin) => typeof origin?.put !== 'function' || origin.kind !== 's3')) {
    invalidOption('mockS3Client origins', 'a memoryOrigin or an array of them', origins);
  }
  checkOptionKeys(
    options,
    optionKeys<MockS3ClientOptions>()(['client', 'listBucket']),
    'mockS3Client options',
  );
  if (options.listBucket !== undefined && typeof options.listBucket !== 'boolean') {
    invalidOption('mockS3Client listBucket', 'true or false', options.listBucket);
  }
  const buckets = new Map(list.map((origin) => [origin.bucket, origin]));
  let requestIds = 0;
  const requestId = () => `EDGECASEMOCK${(++requestIds).toString(16).toUpperCase().padStart(8, '0')}`;
  const listBucketOf = (origin: MemoryOrigin) => options.listBucket ?? origin.listBucket;

  const bucket = (input: Input): MemoryOrigin => {
    const origin = buckets.get(String(input.Bucket));
    if (origin === undefined) {
      // S3's own message, then the buckets this mock has, so a config mismatch is named at once.
      throw s3Exception({
        status: 404,
        code: 'NoSuchBucket',
        message: `${S3_MESSAGES.NoSuchBucket} (mockS3Client: ${JSON.stringify(String(input.Bucket))} is not one of its buckets: ${[...buckets.keys()].join(', ')}; each bucket is a memoryOrigin({ bucket }), with @edgecase/vitest edgecase({ buckets: [...] }))`,
        fields: { BucketName: String(input.Bucket) },
        requestId: requestId(),
      });
    }
    return origin;
  };
  const ok = (status = 200) => ({
    $metadata: { httpStatusCode: status, requestId: requestId(), attempts: 1 },
  });

  const read = async (input: Input, head: boolean) => {
    const origin = bucket(input);
    const key = String(input.Key);
    const object = await origin.head(key);
    const id = requestId();
    if (object === undefined) {
      if (head) throw s3Exception({ status: listBucketOf(origin) ? 404 : 403, requestId: id });
      throw listBucketOf(origin)
        ? s3Exception({
            status: 404,
            code: 'NoSuchKey',
            fields: { Key: key, BucketName: origin.bucket },
            requestId: id,
          })
        : s3Exception({ status: 403, code: 'AccessDenied', requestId: id });
    }
    const get = input as GetObjectCommandInput;
    const outcome = evaluateRead(
      {
        ifMatch: get.IfMatch,
        ifNoneMatch: get.IfNoneMatch,
        ifModifiedSince: get.IfModifiedSince,
        ifUnmodifiedSince: get.IfUnmodifiedSince,
        range: get.Range,
      },
      object,
    );
    const validators = { etag: object.etag, 'last-modified': object.lastModified.toUTCString() };
    if (outcome.result === 'not-modified')
      throw s3Exception({ status: 304, headers: validators, requestId: id });
    if (outcome.result === 'precondition-failed') {
      if (head) throw s3Exception({ status: 412, headers: validators, requestId: id });
      throw s3Exception({
        status: 412,
        code: 'PreconditionFailed',
        fields: { Condition: outcome.condition },
        headers: validators,
        requestId: id,
      });
    }
    if (outcome.result === 'unsatisfiable') {
      if (head) throw s3Exception({ status: 416, requestId: id });
      throw s3Exception({
        status: 416,
        code: 'InvalidRange',
        fields: { RangeRequested: String(get.Range), ActualObjectSize: String(object.size) },
        headers: { 'content-range': `bytes */${object.size}` },
        requestId: id,
      });
    }
    const partial = outcome.result === 'partial';
    const start = partial ? outcome.start : 0;
    const end = partial ? outcome.endInclusive + 1 : object.size;
    const output = {
      ...objectFields(object),
      ContentLength: end - start,
      ...(partial ? { ContentRange: `bytes ${start}-${end - 1}/${object.size}` } : {}),
      $metadata: { httpStatusCode: partial ? 206 : 200, requestId: id, attempts: 1 },
    };
    if (head) return output;
    const bytes = object.body.subarray(start, end);
    return {
      ...output,
      Body: sdkStreamMixin(Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)])),
    };
  };

  const stub = mockClient(options.client ?? S3Client);
  const on = (command: { name: string }, handler: (input: Input) => Promise<unknown>) =>
    (stub.on as (command: unknown) => { callsFake(fn: (input: Input) => unknown): unknown })
      .call(stub, command)
      .callsFake((input: Input) =>
        handler(input).catch((error: unknown) => Promise.reject(toS3Error(error, input, requestId))),
      );

  stub.onAnyCommand().callsFake(() =>
    Promise.reject(
      unsupportedCommand(
        stub.send,
        'mockS3Client',
        MODELLED.map((c) => `${c}Command`),
      ),
    ),
  );

  on(PutObjectCommand, async (input) => {
    const origin = bucket(input);
    const result = await origin.put(String(input.Key), await bodyBytes(input.Body, 'PutObject Body'), {
      // The SDK sends Content-Type: application/octet-stream for a blob payload given none, so S3
      // stores that (binary/octet-stream is S3's default only for requests without the header).
      contentType: 'application/octet-stream',
      ...metadataOptions(input),
      ...writeConditions(input),
    });
    return { ETag: result.etag, ...ok() };
  });
  on(GetObjectCommand, (input) => read(input, false));
  on(HeadObjectCommand, (input) => read(input, true));
  on(DeleteObjectCommand, async (input) => {
    await bucket(input).delete(String(input.Key));
    return ok(204);
  });
  on(DeleteObjectsCommand, async (input) => {
    const origin = bucket(input);
    const request = input.Delete as { Objects?: { Key?: string }[]; Quiet?: boolean } | undefined;
    const keys = (request?.Objects ?? []).map((object) => String(object.Key));
    // S3API DeleteObjects: "up to 1,000 keys"; more is a 400 MalformedXML.
    if (keys.length > 1000) {
      throw s3Exception({ status: 400, code: 'MalformedXML', requestId: requestId() });
    }
    for (const key of keys) await origin.delete(key);
    return { Deleted: request?.Quiet ? [] : keys.map((Key) => ({ Key })), Errors: [], ...ok() };
  });
  on(ListObjectsV2Command, async (input) => {
    const origin = bucket(input);
    if (!listBucketOf(origin))
      throw s3Exception({ status: 403, code: 'AccessDenied', requestId: requestId() });
    const prefix = String(input.Prefix ?? '');
    const maxKeys = listMaxKeys(input.MaxKeys);
    const token =
      input.ContinuationToken === undefined ? undefined : decodeToken(String(input.ContinuationToken));
    const startAfter = input.StartAfter === undefined ? undefined : String(input.StartAfter);
    const after = [token, startAfter]
      .filter((key) => key !== undefined)
      .sort()
      .at(-1);
    const delimiter = input.Delimiter === undefined ? undefined : String(input.Delimiter);
    const page = await listObjects(origin, { prefix, delimiter, maxKeys, after });
    return {
      Name: origin.bucket,
      Prefix: prefix,
      ...(delimiter ? { Delimiter: delimiter } : {}),
      MaxKeys: maxKeys,
      KeyCount: page.contents.length + page.commonPrefixes.length,
      IsTruncated: page.isTruncated,
      ...(page.isTruncated && page.last !== undefined
        ? { NextContinuationToken: encodeToken(page.last) }
        : {}),
      ...(input.ContinuationToken !== undefined ? { ContinuationToken: input.ContinuationToken } : {}),
      ...(startAfter !== undefined ? { StartAfter: startAfter } : {}),
      ...(page.contents.length > 0 ? { Contents: page.contents } : {}),
      ...(page.commonPrefixes.length > 0
        ? { CommonPrefixes: page.commonPrefixes.map((Prefix) => ({ Prefix })) }
        : {}),
      ...ok(),
    };
  });
  on(ListObjectsCommand, async (input) => {
    const origin = bucket(input);
    if (!listBucketOf(origin))
      throw s3Exception({ status: 403, code: 'AccessDenied', requestId: requestId() });
    const prefix = String(input.Prefix ?? '');
    const maxKeys = listMaxKeys(input.MaxKeys);
    const delimiter = input.Delimiter === undefined ? undefined : String(input.Delimiter);
    const marker = input.Marker === undefined ? undefined : String(input.Marker);
    const page = await listObjects(origin, { prefix, delimiter, maxKeys, after: marker });
    return {
      Name: origin.bucket,
      Prefix: prefix,
      Marker: marker ?? '',
      MaxKeys: maxKeys,
      IsTruncated: page.isTruncated,
      ...(page.isTruncated && delimiter ? { NextMarker: page.last } : {}),
      ...(page.contents.length > 0 ? { Contents: page.contents } : {}),
      ...(page.commonPrefixes.length > 0
        ? { CommonPrefixes: page.commonPrefixes.map((Prefix) => ({ Prefix })) }
        : {}),
      ...ok(),
    };
  });
  on(CopyObjectCommand, async (input) => {
    const target = bucket(input);
    const { sourceBucket, sourceKey } = parseCopySource(input.CopySource);
    const source = bucket({ Bucket: sourceBucket });
    const directive = input.MetadataDirective === 'REPLACE' ? 'REPLACE' : 'COPY';
    const conditions = writeConditions(input);
    let result: { etag: string; lastModified: Date };
    if (source === target) {
      // S3's answers (as MinIO gives them, test/conformance/minio-differential.minio.ts), not the
      // memoryOrigin's EdgecaseError: a missing source is 404 NoSuchKey, a copy onto itself that
      // changes nothing 400 InvalidRequest.
      if ((await target.head(sourceKey)) === undefined) {
        throw s3Exception({
          status: 404,
          code: 'NoSuchKey',
          fields: { Key: sourceKey },
          requestId: requestId(),
        });
      }
      if (sourceKey === String(input.Key) && directive === 'COPY') {
        throw s3Exception({ status: 400, code: 'InvalidRequest', requestId: requestId() });
      }
      result = await target.copy(sourceKey, String(input.Key), {
        metadataDirective: directive,
        ...(directive === 'REPLACE' ? metadataOptions(input) : {}),
        ...conditions,
      });
    } else {
      const object = await source.get(sourceKey);
      if (object === undefined) {
        throw s3Exception({
          status: 404,
          code: 'NoSuchKey',
          fields: { Key: sourceKey },
          requestId: requestId(),
        });
      }
      const metadata = directive === 'REPLACE' ? metadataOptions(input) : storedMetadata(object);
      result = await target.put(String(input.Key), object.body, { ...metadata, ...conditions });
    }
    return { CopyObjectResult: { ETag: result.etag, LastModified: result.lastModified }, ...ok() };
  });
  on(CreateMultipartUploadCommand, async (input) => {
    const origin = bucket(input);
    const uploadId = await origin.createMultipartUpload(String(input.Key), metadataOptions(input));
    return { Bucket: origin.bucket, Key: input.Key, UploadId: uploadId, ...ok() };
  });
  on(UploadPartCommand, async (input) => {
    const origin = bucket(input);
    const body = await bodyBytes(input.Body, 'UploadPart Body');
    const etag = await origin.uploadPart(String(input.UploadId), Number(input.PartNumber), body);
    return { ETag: etag, ...ok() };
  });
  on(CompleteMultipartUploadCommand, async (input) => {
    const origin = bucket(input);
    const upload = input.MultipartUpload as { Parts?: { PartNumber?: number; ETag?: string }[] } | undefined;
    const parts = (upload?.Parts ?? []).map((part) => ({
      partNumber: Number(part.PartNumber),
      etag: String(part.ETag),
    }));
    const result = await origin.completeMultipartUpload(
      String(input.UploadId),
      parts,
      writeConditions(input),
    );
    return {
      Bucket: origin.bucket,
      Key: input.Key,
      ETag: result.etag,
      Location: `https://${origin.bucket}.s3.amazonaws.com/${encodeURIComponent(String(input.Key)).replaceAll('%2F', '/')}`,
      ...ok(),
    };
  });
  on(AbortMultipartUploadCommand, async (input) => {
    await bucket(input).abortMultipartUpload(String(input.UploadId));
    return ok(204);
  });
  // §19 S3UG cors: the bucket's CORS configuration, which memoryOrigin answers CORS requests by.
  on(PutBucketCorsCommand, async (input) => {
    const origin = bucket(input);
    try {
      await origin.putBucketCors(input.CORSConfiguration as never);
    } catch (error) {
      if (!(error instanceof EdgecaseError)) throw error;
      // S3 refuses a configuration it cannot use with 400 (MalformedXML or InvalidRequest).
      throw s3Exception({
        status: 400,
        code: 'InvalidRequest',
        message: error.message,
        requestId: requestId(),
      });
    }
    return ok();
  });
  on(GetBucketCorsCommand, async (input) => {
    const origin = bucket(input);
    try {
      const config = await origin.getBucketCors();
      return { CORSRules: config.CORSRules.map((rule) => ({ ...rule })), ...ok() };
    } catch (error) {
      if (!(error instanceof EdgecaseError) || error.code !== 'NoSuchCORSConfiguration') throw error;
      throw s3Exception({
        status: 404,
        code: 'NoSuchCORSConfiguration',
        fields: { BucketName: origin.bucket },
        requestId: requestId(),
      });
    }
  });
  on(DeleteBucketCorsCommand, async (input) => {
    await bucket(input).deleteBucketCors();
    return ok(204);
  });
  // §18: the bucket policy a private memoryOrigin checks CloudFront's principal against (a deploy
  // script often sets it). S3 refuses a policy it cannot use with 400 MalformedPolicy.
  on(PutBucketPolicyCommand, async (input) => {
    const origin = bucket(input);
    try {
      await origin.putBucketPolicy(String(input.Policy));
    } catch (error) {
      if (!(error instanceof EdgecaseError)) throw error;
      if (error.code === 'UnmodelledFeature') throw error;
      throw s3Exception({
        status: 400,
        code: 'MalformedPolicy',
        message: error.message,
        requestId: requestId(),
      });
    }
    return ok(204);
  });
  on(GetBucketPolicyCommand, async (input) => {
    const origin = bucket(input);
    try {
      return { Policy: await origin.getBucketPolicy(), ...ok() };
    } catch (error) {
      if (!(error instanceof EdgecaseError) || error.code !== 'NoSuchBucketPolicy') throw error;
      throw s3Exception({
        status: 404,
        code: 'NoSuchBucketPolicy',
        fields: { BucketName: origin.bucket },
        requestId: requestId(),
      });
    }
  });
  on(DeleteBucketPolicyCommand, async (input) => {
    await bucket(input).deleteBucketPolicy();
    return ok(204);
  });
  on(HeadBucketCommand, async (input) => {
    if (!buckets.has(String(input.Bucket))) throw s3Exception({ status: 404, requestId: requestId() });
    return { BucketRegion: 'us-east-1', ...ok() };
  });
  on(CreateBucketCommand, async (input) => {
    if (buckets.has(String(input.Bucket))) {
      throw s3Exception({
        status: 409,
        code: 'BucketAlreadyOwnedByYou',
        fields: { BucketName: String(input.Bucket) },
        requestId: requestId(),
      });
    }
    throw new EdgecaseError(
      'InvalidOption',
      `mockS3Client: cannot create bucket ${JSON.stringify(input.Bucket)}.`,
      {
        value: input.Bucket,
        hint: 'Each bucket is a memoryOrigin: create memoryOrigin({ bucket }) and pass it to mockS3Client.',
      },
    );
  });
  return stub;
}

/** System and user metadata of a PutObject / CopyObject (REPLACE) / CreateMultipartUpload input. */
function metadataOptions(input: Input) {
  const options: {
    contentType?: string;
    cacheControl?: string;
    expires?: Date | string;
    contentDisposition?: string;
    contentEncoding?: string;
    metadata?: Record<string, string>;
  } = {};
  if (input.ContentType !== undefined) options.contentType = String(input.ContentType);
  if (input.CacheControl !== undefined) options.cacheControl = String(input.CacheControl);
  if (input.Expires !== undefined) options.expires = input.Expires as Date | string;
  if (input.ContentDisposition !== undefined) options.contentDisposition = String(input.ContentDisposition);
  if (input.ContentEncoding !== undefined) options.contentEncoding = String(input.ContentEncoding);
  if (input.Metadata !== undefined) options.metadata = input.Metadata as Record<string, string>;
  return options;
}

function storedMetadata(object: MemoryObject) {
  return {
    contentType: object.contentType,
    ...(object.cacheControl !== undefined ? { cacheControl: object.cacheControl } : {}),
    ...(object.expires !== undefined ? { expires: object.expires } : {}),
    ...(object.contentDisposition !== undefined ? { contentDisposition: object.contentDisposition } : {}),
    ...(object.contentEncoding !== undefined ? { contentEncoding: object.contentEncoding } : {}),
    metadata: { ...object.metadata },
  };
}

/** §11 conditional writes: `If-None-Match: *` and `If-Match: <etag>`. */
function writeConditions(input: Input): { ifNoneMatch?: '*'; ifMatch?: string } {
  return {
    ...(input.IfNoneMatch !== undefined ? { ifNoneMatch: String(input.IfNoneMatch) as '*' } : {}),
    ...(input.IfMatch !== undefined ? { ifMatch: String(input.IfMatch) } : {}),
  };
}

function objectFields(object: MemoryObject) {
  const metadata: Record<string, string> = { ...object.metadata };
  return {
    AcceptRanges: 'bytes',
    ContentType: object.contentType,
    ETag: object.etag,
    LastModified: object.lastModified,
    Metadata: metadata,
    ...(object.cacheControl !== undefined ? { CacheControl: object.cacheControl } : {}),
    ...(object.expires !== undefined
      ? { Expires: new Date(object.expires), ExpiresString: object.expires }
      : {}),
    ...(object.contentDisposition !== undefined ? { ContentDisposition: object.contentDisposition } : {}),
    ...(object.contentEncoding !== undefined ? { ContentEncoding: object.contentEncoding } : {}),
  };
}

function listMaxKeys(value: unknown): number {
  if (value === undefined) return 1000;
  const maxKeys = Number(value);
  if (!Number.isInteger(maxKeys) || maxKeys < 0)
    invalidOption('ListObjects MaxKeys', 'an integer >= 0', value);
  return Math.min(maxKeys, 1000);
}

/** `CopySource` is `bucket/key`, URL-encoded, optionally with a leading `/` and `?versionId=`. */
function parseCopySource(source: unknown): { sourceBucket: string; sourceKey: string } {
  const text = String(source ?? '')
    .replace(/^\//, '')
    .replace(/\?versionId=.*$/, '');
  const slash = text.indexOf('/');
  if (slash <= 0 || slash === text.length - 1) {
    invalidOption('CopyObject CopySource', "'bucket/key' (URL-encoded)", source);
  }
  return { sourceBucket: text.slice(0, slash), sourceKey: decodeURIComponent(text.slice(slash + 1)) };
}

function encodeToken(key: string): string {
  return Buffer.from(`edgecase:${key}`, 'utf8').toString('base64url');
}

function decodeToken(token: string): string {
  const text = Buffer.from(token, 'base64url').toString('utf8');
  if (!text.startsWith('edgecase:')) {
    throw s3Exception({
      status: 400,
      code: 'InvalidArgument',
      message: 'The continuation token provided is incorrect',
      requestId: 'EDGECASEMOCK',
    });
  }
  return text.slice('edgecase:'.length);
}

/** The EdgecaseErrors memoryOrigin throws for S3 API errors become the SDK exceptions S3 causes. */
function toS3Error(error: unknown, input: Input, requestId: () => string): unknown {
  if (!(error instanceof EdgecaseError)) return error;
  const id = requestId();
  switch (error.code) {
    case 'NoSuchKey':
      return s3Exception({
        status: 404,
        code: 'NoSuchKey',
        fields: { Key: String(input.Key) },
        requestId: id,
      });
    case 'PreconditionFailed':
      return s3Exception({
        status: 412,
        code: 'PreconditionFailed',
        fields: { Condition: input.IfMatch !== undefined ? 'If-Match' : 'If-None-Match' },
        requestId: id,
      });
    case 'NoSuchUpload':
      return s3Exception({
        status: 404,
        code: 'NoSuchUpload',
        fields: { UploadId: String(input.UploadId) },
        requestId: id,
      });
    case 'InvalidPart':
      return s3Exception({
        status: 400,
        code: /ascending/.test(error.message) ? 'InvalidPartOrder' : 'InvalidPart',
        message: S3_MESSAGES[/ascending/.test(error.message) ? 'InvalidPartOrder' : 'InvalidPart'] as string,
        requestId: id,
      });
    default:
      return error;
  }
}
