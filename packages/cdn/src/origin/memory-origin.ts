import { serialHex16 } from '../cdn/ids.js';
import type { Clock } from '../clock/clock.js';
import { type Duration, toMs } from '../clock/duration.js';
import { EdgecaseError, invalid } from '../errors.js';
import { checkOptionKeys, optionKeys } from '../options/strict-keys.js';
import { type BucketPolicy, type ParsedBucketPolicy, parseBucketPolicy } from './bucket-policy.js';
import {
  BucketStore,
  checkWriteConditions,
  type ListOptions,
  type ListResult,
  type StoredObject,
} from './bucket-store.js';
import { ClockBinding } from './clock-binding.js';
import { singlePartEtag } from './etag.js';
import { createFaultLayer, type FaultyOrigin } from './faults.js';
import { type CompletedPart, MultipartUploads } from './multipart-uploads.js';
import {
  CONDITION_KEYS,
  METADATA_KEYS,
  normalizeMetadata,
  type ObjectMetadata,
  type ObjectMetadataOptions,
  toBody,
  validateConditions,
  validateKey,
  type WriteConditions,
} from './object-options.js';
import { type OriginRequestRecord, RequestLog } from './request-log.js';
import { type CorsConfiguration, noSuchCorsConfiguration, validateCorsConfiguration } from './s3-cors.js';
import { type S3RestSettings, serveS3Request } from './s3-rest.js';
import { serveWebsiteRequest, validateWebsite, type WebsiteOptions } from './s3-website.js';
import {
  ANSWER_NOW,
  type ImmediateOrigin,
  type Origin,
  type OriginFetchContext,
  type OriginRequest,
  type OriginResponse,
  OriginUnreachableError,
} from './types.js';

const PUT_KEYS = [...METADATA_KEYS, ...CONDITION_KEYS, 'uploadDuration'];
const MEMORY_ORIGIN_KEYS = optionKeys<MemoryOriginOptions>()(['bucket', 'clock', 'listBucket', 'access']);
const LIST_KEYS = optionKeys<ListOptions>()(['prefix', 'maxKeys', 'continuationToken']);

export interface MemoryOriginOptions {
  /** Bucket name, used in `name` (`memory:<bucket>`) and listings. Default `edgecase`. */
  bucket?: string;
  /** The clock uploads and scheduled faults use. Without it, the first clock bound (by createCdn) is adopted. */
  clock?: Clock;
  /**
   * Whether CloudFront's principal has s3:ListBucket. Default `true`. When `false`, a missing key
   * answers 403 AccessDenied instead of 404 NoSuchKey (§11 "Missing key: 403 vs 404"). Not with
   * `access: 'private'`, where the bucket policy decides.
   */
  listBucket?: boolean;
  /**
   * `'open'` (default): every request may read, as if the bucket policy granted CloudFront whatever
   * it reads with (`listBucket` decides listing). `'private'`: the bucket refuses anonymous reads
   * and serves only what its bucket policy (`putBucketPolicy`) grants the request's principal —
   * the distribution's origin access control or the origin's origin access identity (§18); anything
   * else is 403 AccessDenied.
   */
  access?: 'open' | 'private';
}

export interface PutOptions extends ObjectMetadataOptions, WriteConditions {
  /** How long the upload takes on the clock; the old object is served until it completes. */
  uploadDuration?: Duration;
}

export interface CopyOptions extends ObjectMetadataOptions, WriteConditions {
  /** `COPY` (default) keeps the source's metadata; `REPLACE` takes the metadata given here. */
  metadataDirective?: 'COPY' | 'REPLACE';
}

export interface CompleteMultipartOptions extends WriteConditions {}

export interface PutResult {
  etag: string;
  lastModified: Date;
  /** Always `undefined`: versioning is not modelled. */
  versionId?: string;
}

/** An object as stored in a memoryOrigin (its `body` a copy of the stored bytes). */
export interface MemoryObject extends ObjectMetadata {
  key: string;
  /** The object's bytes: a copy, so writing into it changes nothing stored. */
  body: Uint8Array;
  /** Quoted, as S3 sends it. */
  etag: string;
  lastModified: Date;
  size: number;
  /** Parts of a multipart upload; `undefined` for single-part objects. */
  partCount: number | undefined;
}

export interface MemoryOrigin extends FaultyOrigin {
  readonly kind: 's3';
  readonly bucket: string;
  readonly listBucket: boolean;
  bindClock(clock: Clock): void;
  put(key: string, body: string | Uint8Array, options?: PutOptions): Promise<PutResult>;
  putMultipart(
    key: string,
    parts: readonly (string | Uint8Array)[],
    options?: PutOptions,
  ): Promise<PutResult>;
  createMultipartUpload(key: string, options?: ObjectMetadataOptions): Promise<string>;
  uploadPart(uploadId: string, partNumber: number, body: string | Uint8Array): Promise<string>;
  completeMultipartUpload(
    uploadId: string,
    parts: readonly CompletedPart[],
    options?: CompleteMultipartOptions,
  ): Promise<PutResult>;
  abortMultipartUpload(uploadId: string): Promise<void>;
  get(key: string): Promise<MemoryObject | undefined>;
  head(key: string): Promise<MemoryObject | undefined>;
  delete(key: string): Promise<void>;
  copy(sourceKey: string, destinationKey: string, options?: CopyOptions): Promise<PutResult>;
  list(options?: ListOptions): Promise<ListResult>;
  keys(): Promise<string[]>;
  /** The last 1,000 requests served through `fetch`, oldest first. */
  readonly requests: readonly OriginRequestRecord[];
  /** Every request received through `fetch`, or those for one path (as sent, without the query). */
  requestCount(path?: string): number;
  /**
   * Empties the bucket as if new: no objects, no multipart uploads, no request log, no faults (an
   * upload still in flight commits nothing, no CORS configuration, no bucket policy). The explorer of
   * `@edgecase/vitest` calls it between runs.
   */
  reset(): void;
  /**
   * PutBucketCors: the bucket answers CORS requests (with `Origin`) by these rules, and preflight
   * OPTIONS requests (§19). Replaces any configuration.
   */
  putBucketCors(config: CorsConfiguration): Promise<void>;
  /** GetBucketCors; `NoSuchCORSConfiguration` when none is set. */
  getBucketCors(): Promise<CorsConfiguration>;
  /** DeleteBucketCors: the bucket stops answering CORS requests. */
  deleteBucketCors(): Promise<void>;
  /** `'open'` or `'private'`: whether the bucket policy decides who reads (§18). */
  readonly access: 'open' | 'private';
  /**
   * PutBucketPolicy: the policy (an object or its JSON) a private bucket checks every request
   * against (§18): e.g. `s3:GetObject` on `arn:aws:s3:::bucket/*` for the service principal
   * `cloudfront.amazonaws.com` with `AWS:SourceArn` = the distribution's ARN (`cdn.arn`). Refused
   * with `MalformedPolicy` as S3 refuses it (a resource outside the bucket, no principal...).
   * Replaces any policy.
   */
  putBucketPolicy(policy: BucketPolicy | string): Promise<void>;
  /** GetBucketPolicy: the policy's JSON; `NoSuchBucketPolicy` when none is set. */
  getBucketPolicy(): Promise<string>;
  /** DeleteBucketPolicy: a private bucket then refuses every read. */
  deleteBucketPolicy(): Promise<void>;
  /**
   * The bucket's static website endpoint (`<bucket>.s3-website-<region>.amazonaws.com`) as an origin
   * of its own, reading the same objects: a custom origin, as CloudFront treats website endpoints
   * (§18), that speaks HTTP only (a request CloudFront sends over HTTPS cannot connect: 502), with
   * the index document, error document and redirects of S3's website hosting.
   */
  website(options: WebsiteOptions): WebsiteOrigin;
}

/** A memoryOrigin's website endpoint: a custom origin over the same bucket. */
export interface WebsiteOrigin extends Origin {
  readonly kind: 'custom';
  readonly bucket: string;
  bindClock(clock: Clock): void;
}

/**
 * An S3 bucket in memory, with the S3 semantics CloudFront depends on (§11): strong read-after-write
 * consistency, MD5 and multipart ETags, Last-Modified at 1-second resolution, system and user
 * metadata, conditional GET, Range, and 403-vs-404 by s3:ListBucket. Faults can be injected through
 * `faults`.
 */
export function memoryOrigin(options: MemoryOriginOptions = {}): MemoryOrigin {
  checkOptionKeys(options, MEMORY_ORIGIN_KEYS, 'memoryOrigin options');
  const bucket = options.bucket ?? 'edgecase';
  if (typeof bucket !== 'string' || !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    invalid(
      'InvalidOption',
      'memoryOrigin bucket',
      'an S3 bucket name: 3-63 lower-case letters, digits, dots and hyphens',
      bucket,
    );
  }
  const listBucket = options.listBucket ?? true;
  if (typeof listBucket !== 'boolean')
    invalid('InvalidOption', 'memoryOrigin listBucket', 'true or false', listBucket);
  const access = options.access ?? 'open';
  if (access !== 'open' && access !== 'private')
    invalid('InvalidOption', 'memoryOrigin access', "'open' or 'private'", access);
  if (access === 'private' && options.listBucket !== undefined) {
    invalid(
      'InvalidOption',
      'memoryOrigin listBucket',
      "no listBucket with access: 'private'",
      options.listBucket,
      "A private bucket's policy decides s3:ListBucket: grant it on arn:aws:s3:::<bucket> with putBucketPolicy (§18).",
    );
  }

  const name = `memory:${bucket}`;
  const clock = new ClockBinding(`memoryOrigin "${name}"`, options.clock);
  let store = new BucketStore(clock);
  let uploads = new MultipartUploads();
  let log = new RequestLog(1000);
  const faults = createFaultLayer(clock, name);
  let requestIds = 0;
  let cors: CorsConfiguration | undefined;
  let policy: ParsedBucketPolicy | undefined;
  const settings: S3RestSettings = {
    bucket,
    listBucket,
    nextRequestId: () => serialHex16(++requestIds),
    cors: () => cors,
  };
  if (access === 'private') {
    // §18: a private bucket serves what its policy grants the request's principal (none: anonymous).
    settings.authorize = (request, action, resource) =>
      policy?.allows(request.signedAs, action, resource) === true;
  }
  const serve = async (request: OriginRequest, context: OriginFetchContext): Promise<OriginResponse> => {
    context.onConnect?.();
    return serveS3Request(store, request, settings);
  };

  /**
   * Commits at once, or when `uploadDuration` has passed. §11 consistency [S3UG Welcome
   * #ConsistencyModel]: the old object is served until the upload completes and the key then
   * changes atomically; concurrent PUTs have no locking and the last to complete wins.
   * Conditions are checked when the upload starts and again when it completes.
   */
  const write = (
    object: Omit<StoredObject, 'lastModifiedMs'>,
    conditions: WriteConditions,
    operation: string,
    duration?: Duration,
  ) => {
    const durationMs = duration === undefined ? 0 : toMs(duration, `${operation} uploadDuration`);
    const bound = clock.require(operation);
    if (durationMs === 0) return Promise.resolve(putResult(store.commit(object, conditions, operation)));
    checkWriteConditions(store.get(object.key), object.key, conditions, operation);
    const target = store; // after reset(), an upload started before it commits to the forgotten store
    return new Promise<PutResult>((resolve, reject) => {
      bound.schedule(bound.now() + durationMs, () => {
        try {
          resolve(putResult(target.commit(object, conditions, operation)));
        } catch (error) {
          reject(error);
        }
      });
    });
  };

  // Not an async function: `write`'s promise is the answer, not one more wrapped around it (an
  // upload's cost in an explored run, issue 13). A bad argument still comes as a rejection.
  const put = (key: string, body: string | Uint8Array, putOptions: PutOptions = {}): Promise<PutResult> => {
    try {
      checkOptionKeys(putOptions, PUT_KEYS, `${name} put() options`);
      validateKey(key);
      const string = typeof body === 'string' ? stringBody(body) : undefined;
      const bytes = string?.bytes ?? toBody(body);
      const object = {
        key,
        body: bytes,
        etag: string?.etag ?? singlePartEtag(bytes),
        metadata: normalizeMetadata(putOptions),
        partCount: undefined,
      };
      return write(object, validateConditions(putOptions), 'put', putOptions.uploadDuration);
    } catch (error) {
      return Promise.reject(error);
    }
  };

  const complete = async (
    uploadId: string,
    parts: readonly CompletedPart[],
    conditions: WriteConditions,
    duration?: Duration,
  ) => {
    const assembled = uploads.assemble(uploadId, parts);
    const result = await write(
      {
        key: assembled.key,
        body: assembled.body,
        etag: assembled.etag,
        metadata: assembled.metadata,
        partCount: assembled.partCount,
      },
      validateConditions(conditions),
      'completeMultipartUpload',
      duration,
    );
    uploads.finish(uploadId);
    return result;
  };

  const self: MemoryOrigin & ImmediateOrigin = {
    kind: 's3',
    name,
    bucket,
    listBucket,
    access,
    faults: faults.controller,
    bindClock: (next) => clock.bind(next),
    async fetch(request, context) {
      // Adopts the caller's clock when none is bound; a different clock rejects with ClockMismatch.
      clock.bind(context.clock);
      const answered = log.arrive(context.clock.now(), request.method, request.path, request.query);
      const response = await faults.fetch(request, context, serve);
      answered(response.status);
      return response;
    },
    // The same answer as fetch without a promise, when no fault is set: the store is read at the
    // moment of the call either way (§11 strong read-after-write consistency).
    [ANSWER_NOW](request: OriginRequest, context: OriginFetchContext): OriginResponse | undefined {
      if (!faults.idle) return undefined;
      clock.bind(context.clock);
      const answered = log.arrive(context.clock.now(), request.method, request.path, request.query);
      context.onConnect?.();
      const response = serveS3Request(store, request, settings);
      answered(response.status);
      return response;
    },
    put,
    async putMultipart(key, parts, putOptions = {}) {
      checkOptionKeys(putOptions, PUT_KEYS, `${name} putMultipart() options`);
      validateKey(key);
      if (!Array.isArray(parts) || parts.length === 0) {
        invalid('InvalidPart', 'putMultipart parts', 'at least one string or Uint8Array part', parts);
      }
      const bodies = parts.map((part, index) => toBody(part, `putMultipart part ${index + 1}`));
      const uploadId = uploads.create(key, normalizeMetadata(putOptions));
      const etags = bodies.map((body, index) => uploads.uploadPart(uploadId, index + 1, body));
      return complete(
        uploadId,
        etags.map((etag, index) => ({ partNumber: index + 1, etag })),
        putOptions,
        putOptions.uploadDuration,
      );
    },
    async createMultipartUpload(key, metadataOptions = {}) {
      checkOptionKeys(metadataOptions, METADATA_KEYS, `${name} createMultipartUpload() options`);
      return uploads.create(validateKey(key), normalizeMetadata(metadataOptions));
    },
    async uploadPart(uploadId, partNumber, body) {
      return uploads.uploadPart(uploadId, partNumber, toBody(body));
    },
    async completeMultipartUpload(uploadId, parts, completeOptions = {}) {
      checkOptionKeys(completeOptions, CONDITION_KEYS, `${name} completeMultipartUpload() options`);
      return complete(uploadId, parts, completeOptions);
    },
    async abortMultipartUpload(uploadId) {
      uploads.abort(uploadId);
    },
    async get(key) {
      const object = store.get(validateKey(key));
      return object === undefined ? undefined : toMemoryObject(object);
    },
    async head(key) {
      const object = store.get(validateKey(key));
      return object === undefined ? undefined : toMemoryObject(object);
    },
    async delete(key) {
      store.delete(validateKey(key));
    },
    async copy(sourceKey, destinationKey, copyOptions = {}) {
      checkOptionKeys(
        copyOptions,
        [...METADATA_KEYS, ...CONDITION_KEYS, 'metadataDirective'],
        `${name} copy() options`,
      );
      validateKey(sourceKey, 'copy source key');
      validateKey(destinationKey, 'copy destination key');
      // Options are checked before the lookup: a wrong directive is wrong whether or not the source exists.
      const directive = copyOptions.metadataDirective ?? 'COPY';
      if (directive !== 'COPY' && directive !== 'REPLACE') {
        invalid('InvalidOption', 'copy metadataDirective', "'COPY' or 'REPLACE'", directive);
      }
      const source = store.get(sourceKey);
      if (source === undefined) {
        throw new EdgecaseError(
          'NoSuchKey',
          `copy: the source key ${JSON.stringify(sourceKey)} does not exist.`,
          {
            value: sourceKey,
            hint: 'Put the source object first; keys are case-sensitive and have no leading slash.',
          },
        );
      }
      // S3 API CopyObject: copying an object onto itself without changing its metadata is rejected
      // (400 InvalidRequest); §11 "Last-Modified and metadata": REPLACE is how metadata is edited.
      if (sourceKey === destinationKey && directive === 'COPY') {
        invalid(
          'InvalidOption',
          'copy onto itself',
          "metadataDirective 'REPLACE'",
          directive,
          'S3 rejects a copy of an object onto itself that changes nothing.',
        );
      }
      const metadata = directive === 'REPLACE' ? normalizeMetadata(copyOptions) : source.metadata;
      // §11 "ETag": a Copy of a plaintext object has the MD5 of its data as ETag, and a new Last-Modified.
      const object = {
        key: destinationKey,
        body: source.body,
        etag: singlePartEtag(source.body),
        metadata,
        partCount: undefined,
      };
      return write(object, validateConditions(copyOptions), 'copy');
    },
    async list(listOptions) {
      if (listOptions !== undefined) {
        checkOptionKeys(listOptions, LIST_KEYS, `${name} list() options`);
      }
      return store.list(listOptions);
    },
    async keys() {
      return store.keys();
    },
    get requests() {
      return log.records;
    },
    requestCount: (path) => log.count(path),
    async putBucketCors(config) {
      cors = validateCorsConfiguration(config, `${name} putBucketCors`);
    },
    async getBucketCors() {
      return cors ?? noSuchCorsConfiguration(bucket);
    },
    async deleteBucketCors() {
      cors = undefined;
    },
    async putBucketPolicy(next) {
      policy = parseBucketPolicy(next, bucket, `${name} putBucketPolicy`);
    },
    async getBucketPolicy() {
      if (policy === undefined) {
        throw new EdgecaseError(
          'NoSuchBucketPolicy',
          `${name} getBucketPolicy: expected a bucket policy, got none (S3: NoSuchBucketPolicy, "The bucket policy does not exist").`,
          { hint: 'Set one with putBucketPolicy first.' },
        );
      }
      return policy.json;
    },
    async deleteBucketPolicy() {
      policy = undefined;
    },
    website(websiteOptions) {
      const config = validateWebsite(websiteOptions, `${name} website()`);
      return {
        kind: 'custom',
        name: `memory-website:${bucket}`,
        bucket,
        bindClock: (next) => clock.bind(next),
        async fetch(request, context) {
          clock.bind(context.clock);
          // §18 (CFDG private-content-overview; S3UG WebsiteEndpoints): website endpoints do not
          // support HTTPS, so CloudFront cannot connect over it (https-only, or match-viewer for an
          // HTTPS viewer): the CDN answers 502.
          if (request.protocol === 'https') {
            throw new OriginUnreachableError(
              `${name} website endpoint: S3 website endpoints do not support HTTPS; set the origin protocol policy to http-only.`,
            );
          }
          context.onConnect?.();
          return serveWebsiteRequest(store, request, settings, config);
        },
      };
    },
    reset() {
      cors = undefined;
      policy = undefined;
      store = new BucketStore(clock);
      uploads = new MultipartUploads();
      log = new RequestLog(1000);
      faults.controller.clear();
      requestIds = 0;
    },
  };
  return self;
}

/**
 * String bodies put lately, their bytes and ETag: a scenario run many times (the explorer) puts the
 * same ones. A stored body is shared by every reader and never written (`StoredObject`), so two
 * objects put with the same string share one array too.
 */
const STRING_BODIES = new Map<string, { bytes: Uint8Array; etag: string }>();

/** A string body's UTF-8 bytes and ETag, remembered for short strings: MD5 was ~1 µs a put. */
function stringBody(body: string): { bytes: Uint8Array; etag: string } {
  if (body.length > 4096) {
    const bytes = toBody(body);
    return { bytes, etag: singlePartEtag(bytes) };
  }
  let known = STRING_BODIES.get(body);
  if (known === undefined) {
    if (STRING_BODIES.size >= 1024) STRING_BODIES.clear();
    const bytes = toBody(body);
    known = { bytes, etag: singlePartEtag(bytes) };
    STRING_BODIES.set(body, known);
  }
  return known;
}

function putResult(object: StoredObject): PutResult {
  return { etag: object.etag, lastModified: new Date(object.lastModifiedMs) };
}

function toMemoryObject(object: StoredObject): MemoryObject {
  const { metadata } = object;
  return {
    key: object.key,
    // A copy: the stored bytes are shared (by cached copies, and by objects put with the same string).
    body: new Uint8Array(object.body),
    etag: object.etag,
    lastModified: new Date(object.lastModifiedMs),
    size: object.body.length,
    contentType: metadata.contentType,
    cacheControl: metadata.cacheControl,
    expires: metadata.expires,
    contentDisposition: metadata.contentDisposition,
    contentEncoding: metadata.contentEncoding,
    metadata: metadata.metadata,
    partCount: object.partCount,
  };
}
