import { flatString } from '../flat-string.js';
import type { BucketStore, StoredObject } from './bucket-store.js';
import { formatHttpDate } from './http-date.js';
import { evaluatePreconditions } from './s3-conditional.js';
import { CORS_NOT_ALLOWED, type CorsConfiguration, s3CorsOutcome } from './s3-cors.js';
import { selectRange } from './s3-range.js';
import { listBucketXml, type S3ErrorCode, s3ErrorXml } from './s3-xml.js';
import type { HeaderMap, OriginRequest, OriginResponse } from './types.js';

export interface S3RestSettings {
  bucket: string;
  /** Whether the caller (CloudFront's principal) has s3:ListBucket on the bucket. */
  listBucket: boolean;
  /**
   * A private bucket's check of the request's principal (§18): whether it may do `action`
   * (`s3:GetObject` on `arn:aws:s3:::bucket/key`, `s3:ListBucket` on `arn:aws:s3:::bucket`).
   * Absent: every caller may read, and `listBucket` decides listing.
   */
  authorize?(request: OriginRequest, action: 's3:GetObject' | 's3:ListBucket', resource: string): boolean;
  /** Yields S3's `x-amz-request-id` for each answer. */
  nextRequestId(): string;
  /** The bucket's CORS configuration (PutBucketCors), read at each request. */
  cors?(): CorsConfiguration | undefined;
}

const EMPTY = new Uint8Array(0);
const encoder = new TextEncoder();

/**
 * The S3 REST API as CloudFront sees it: GET and HEAD of `/<key>` on an unversioned bucket.
 * Everything here reads the store at the moment of the call, so a request sees the object that is
 * current then (§11 strong read-after-write consistency).
 */
export function serveS3Request(
  store: BucketStore,
  request: OriginRequest,
  settings: S3RestSettings,
): OriginResponse {
  const method = request.method.toUpperCase();
  const cors = settings.cors?.();
  // §19 S3UG cors: an OPTIONS request is a CORS preflight; it needs Origin and a matching rule.
  if (method === 'OPTIONS') {
    const requestId = settings.nextRequestId();
    if (request.headers.origin === undefined)
      return errorResponse(400, 'BadRequest', [], {}, requestId, false);
    const outcome = s3CorsOutcome(cors, method, request.headers, true);
    if (outcome.kind !== 'headers') {
      const message = outcome.kind === 'refused' ? outcome.message : CORS_NOT_ALLOWED;
      const fields: [string, string][] = [
        ['Method', request.headers['access-control-request-method'] ?? ''],
        ['ResourceType', 'OBJECT'],
      ];
      return errorResponse(403, 'AccessForbidden', fields, {}, requestId, false, message);
    }
    return {
      status: 200,
      headers: { ...flatValues(outcome.headers), 'content-length': '0', ...common(requestId) },
      body: EMPTY,
    };
  }
  const response = serveObject(store, request, settings, method);
  // §19: CORS headers only for a request with Origin that a rule allows; the object is served either way.
  const outcome = s3CorsOutcome(cors, method, request.headers, false);
  if (outcome.kind !== 'headers') return response;
  return { ...response, headers: { ...response.headers, ...flatValues(outcome.headers) } };
}

/**
 * `headers` with each value one flat string (flat-string.ts): a memoryOrigin's answers are kept as
 * they are (`ANSWER_NOW`), and CORS values can come from the viewer's request.
 */
function flatValues(headers: HeaderMap): HeaderMap {
  for (const name in headers) flatString(headers[name] as string);
  return headers;
}

function serveObject(
  store: BucketStore,
  request: OriginRequest,
  settings: S3RestSettings,
  method: string,
): OriginResponse {
  const requestId = settings.nextRequestId();
  const head = method === 'HEAD';

  if (method !== 'GET' && !head) {
    return objectError(requestId, head, 405, 'MethodNotAllowed', [
      ['Method', method],
      ['ResourceType', 'OBJECT'],
    ]);
  }
  if (!request.path.startsWith('/'))
    return objectError(requestId, head, 400, 'InvalidURI', [['URI', request.path]]);
  let key = request.path.slice(1);
  // Without a '%' there is nothing to decode (and nothing to refuse): the key is the path as is.
  if (key.includes('%')) {
    try {
      key = decodeURIComponent(key);
    } catch {
      return objectError(requestId, head, 400, 'InvalidURI', [['URI', request.path]]);
    }
  }

  const { authorize } = settings;
  const bucketArn = authorize === undefined ? '' : `arn:aws:s3:::${settings.bucket}`;
  const mayList =
    authorize === undefined ? settings.listBucket : authorize(request, 's3:ListBucket', bucketArn);
  // §8 "Default root object": without one, `/` on an S3 REST origin returns the bucket listing XML
  // or 403 — §11 "Missing key: 403 vs 404" decides which, by s3:ListBucket.
  if (key === '') {
    if (!mayList) return objectError(requestId, head, 403, 'AccessDenied');
    return listing(store, request.query, settings.bucket, requestId, head);
  }
  // §18 (CFDG private-content-restricting-access-to-s3; re:Post s3-rest-api-cloudfront-error-403): a
  // private bucket whose policy does not grant the caller s3:GetObject answers 403 AccessDenied,
  // whether or not the key exists.
  if (authorize !== undefined && !authorize(request, 's3:GetObject', `${bucketArn}/${key}`)) {
    return objectError(requestId, head, 403, 'AccessDenied');
  }

  const object = store.get(key);
  if (object === undefined) {
    // §11 "Missing key: 403 vs 404" (re:Post ARotCurEfWTCm7CzGu4vs9lw; S3 API GetObject
    // "Permissions"): with s3:ListBucket a missing key is 404 NoSuchKey, without it 403 AccessDenied
    // so callers cannot probe which keys exist. HEAD gets the same status with no body.
    return mayList
      ? objectError(requestId, head, 404, 'NoSuchKey', [['Key', key]])
      : objectError(requestId, head, 403, 'AccessDenied');
  }

  // §11 "Conditional GET and HEAD": 412 and 304 come before Range.
  const outcome = evaluatePreconditions(request.headers, object);
  if (outcome.result === 'precondition-failed') {
    return objectError(requestId, head, 412, 'PreconditionFailed', [['Condition', outcome.condition]]);
  }
  if (outcome.result === 'not-modified') {
    return {
      status: 304,
      headers: {
        etag: object.etag,
        'last-modified': formatHttpDate(object.lastModifiedMs),
        ...common(requestId),
      },
      body: EMPTY,
    };
  }

  const size = object.body.length;
  const range = selectRange(request.headers.range, size);
  if (range.kind === 'unsatisfiable') {
    return objectError(
      requestId,
      head,
      416,
      'InvalidRange',
      [
        ['RangeRequested', request.headers.range ?? ''],
        ['ActualObjectSize', size],
      ],
      { 'content-range': flatString(`bytes */${size}`) },
    );
  }
  const headers = objectHeaders(object, requestId);
  if (range.kind === 'partial') {
    const length = range.endInclusive - range.start + 1;
    headers['content-range'] = flatString(`bytes ${range.start}-${range.endInclusive}/${size}`);
    headers['content-length'] = String(length);
    // Bodies are shared and immutable: a range is a view, not a copy.
    const body = head ? EMPTY : object.body.subarray(range.start, range.endInclusive + 1);
    return { status: 206, headers, body };
  }
  return { status: 200, headers, body: head ? EMPTY : object.body };
}

/** The headers of a 200/206: system metadata, user metadata as `x-amz-meta-*`, and S3's own. */
function objectHeaders(object: StoredObject, requestId: string): HeaderMap {
  const { metadata } = object;
  // In one literal with common()'s two headers, in the same order: no spread per answer.
  const headers: HeaderMap = {
    'accept-ranges': 'bytes',
    'content-length': String(object.body.length),
    'content-type': metadata.contentType,
    etag: object.etag,
    'last-modified': formatHttpDate(object.lastModifiedMs),
    server: 'AmazonS3',
    'x-amz-request-id': requestId,
  };
  if (metadata.cacheControl !== undefined) headers['cache-control'] = metadata.cacheControl;
  if (metadata.expires !== undefined) headers.expires = metadata.expires;
  if (metadata.contentDisposition !== undefined) headers['content-disposition'] = metadata.contentDisposition;
  if (metadata.contentEncoding !== undefined) headers['content-encoding'] = metadata.contentEncoding;
  // for...in over the plain record normalizeMetadata froze: its own names in Object.entries' order,
  // without an array of pairs per answer.
  const user = metadata.metadata;
  for (const name in user) headers[`x-amz-meta-${name}`] = user[name] as string;
  return headers;
}

/** An error answer of serveObject (a HEAD's has no body). */
function objectError(
  requestId: string,
  head: boolean,
  status: number,
  code: S3ErrorCode,
  fields: [string, string | number][] = [],
  extra: HeaderMap = {},
): OriginResponse {
  // errorResponse copies `extra` into the answer's own headers object.
  return errorResponse(status, code, fields, extra, requestId, head);
}

function common(requestId: string): HeaderMap {
  return { server: 'AmazonS3', 'x-amz-request-id': requestId };
}

function errorResponse(
  status: number,
  code: S3ErrorCode,
  fields: [string, string | number][],
  extra: HeaderMap,
  requestId: string,
  head: boolean,
  message?: string,
): OriginResponse {
  const headers: HeaderMap = { 'content-type': 'application/xml', ...extra, ...common(requestId) };
  if (head) return { status, headers, body: EMPTY };
  const body = encoder.encode(s3ErrorXml(code, fields, requestId, message));
  headers['content-length'] = String(body.length);
  return { status, headers, body };
}

/** `GET /` with s3:ListBucket: a ListBucketResult honouring `prefix` and `max-keys`. */
function listing(
  store: BucketStore,
  query: string,
  bucket: string,
  requestId: string,
  head: boolean,
): OriginResponse {
  const params = new URLSearchParams(query);
  const prefix = params.get('prefix') ?? '';
  const requested = Number.parseInt(params.get('max-keys') ?? '1000', 10);
  const maxKeys = Number.isNaN(requested) ? 1000 : Math.min(Math.max(requested, 0), 1000);
  const page = store.list({ prefix, maxKeys });
  const xml = listBucketXml({
    bucket,
    prefix,
    maxKeys,
    isTruncated: page.isTruncated,
    entries: page.contents.map((entry) => ({ ...entry, lastModifiedMs: entry.lastModified.getTime() })),
  });
  const body = encoder.encode(xml);
  return {
    status: 200,
    headers: {
      'content-type': 'application/xml',
      'content-length': String(body.length),
      ...common(requestId),
    },
    body: head ? EMPTY : body,
  };
}
