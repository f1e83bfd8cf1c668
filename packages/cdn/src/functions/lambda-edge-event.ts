/**
 * Contract: the Lambda@Edge event (`Records[0].cf`) and what a handler may return, as AWS documents
 * them (§10, §20 lambda-event-structure, lambda-generating-http-responses,
 * edge-functions-restrictions; https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html):
 * `config` (distributionDomainName, distributionId, eventType, requestId), `request` with
 * `clientIp`, `headers` as lowercase keys of `[{ key, value }]`, `method`, `querystring` (a string),
 * `uri`, optional `body`, `origin` in origin events, and `response` with `status` (a string),
 * `statusDescription` and `headers`. Reading a returned object back gives a request, a response, or
 * the reason CloudFront answers 502 (LambdaValidationError).
 */

import type { CfHeaders, CfRequest, LambdaEventType } from '../options/lambda-edge-types.js';

export type {
  CfConfig,
  CfHeaders,
  CfRequest,
  CfResponse,
  LambdaEdgeEvent,
} from '../options/lambda-edge-types.js';

import type { HeaderMap } from '../origin/types.js';
import { isDisallowedHeader } from './function-event.js';

// §20 edge-functions-restrictions: read-only headers per event; changing one is a validation error.
const READ_ONLY: Record<LambdaEventType, readonly string[]> = {
  'viewer-request': ['content-length', 'host', 'transfer-encoding', 'via'],
  'origin-request': [
    'accept-encoding',
    'content-length',
    'if-modified-since',
    'if-none-match',
    'if-range',
    'if-unmodified-since',
    'transfer-encoding',
    'via',
  ],
  'origin-response': ['transfer-encoding', 'via'],
  'viewer-response': ['warning', 'via'],
};

// §20 cloudfront-limits (Quotas on Lambda@Edge): a generated or replaced response, headers and body,
// at most 40 KB for viewer events and 1 MB for origin events.
export const RESPONSE_LIMIT_BYTES: Record<LambdaEventType, number> = {
  'viewer-request': 40 * 1024,
  'viewer-response': 40 * 1024,
  'origin-request': 1024 * 1024,
  'origin-response': 1024 * 1024,
};
// §20 lambda-include-body-access: the body in the event is truncated at 40 KB (viewer) / 1 MB (origin).
const BODY_LIMIT_BYTES = { 'viewer-request': 40 * 1024, 'origin-request': 1024 * 1024 } as const;

/** `user-agent` → `User-Agent` (§20: the key Lambda@Edge fills in when a function omits it). */
export function headerKey(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase());
}

/** A header map as the event shows it: one `{ key, value }` per value, disallowed headers left out. */
export function cfHeadersOf(headers: HeaderMap, extra: HeaderMap = {}): CfHeaders {
  const out: CfHeaders = {};
  for (const source of [extra, headers]) {
    for (const name in source) {
      if (isDisallowedHeader(name) || out[name] !== undefined) continue;
      const value = source[name] as string;
      const values = name === 'set-cookie' ? value.split('\n') : [value];
      out[name] = values.map((v) => ({ key: headerKey(name), value: v }));
    }
  }
  return out;
}

export function requestBodyOf(
  body: Uint8Array,
  eventType: 'viewer-request' | 'origin-request',
): NonNullable<CfRequest['body']> {
  const limit = BODY_LIMIT_BYTES[eventType];
  const truncated = body.byteLength > limit;
  return {
    inputTruncated: truncated,
    action: 'read-only',
    encoding: 'base64',
    data: Buffer.from(truncated ? body.subarray(0, limit) : body).toString('base64'),
  };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

export type Invalid = { kind: 'invalid'; reason: string };

/** `{ name: [{ key?, value }] }` → a HeaderMap, or why it is invalid (§20). */
export function readHeaders(
  headers: unknown,
  what: string,
  eventType: LambdaEventType | undefined,
  before: HeaderMap,
): HeaderMap | Invalid {
  if (headers === undefined) return {};
  if (!isObject(headers))
    return { kind: 'invalid', reason: `${what} must be an object of [{ key, value }] arrays` };
  const out: HeaderMap = {};
  for (const [name, list] of Object.entries(headers)) {
    if (name !== name.toLowerCase())
      return { kind: 'invalid', reason: `${what}: the name ${JSON.stringify(name)} must be lowercase` };
    if (!Array.isArray(list))
      return { kind: 'invalid', reason: `${what}.${name} must be an array of { key, value }` };
    const values: string[] = [];
    for (const item of list as unknown[]) {
      if (!isObject(item) || typeof item.value !== 'string')
        return {
          kind: 'invalid',
          reason: `${what}.${name} entries must be { key, value } with a string value`,
        };
      if (item.key !== undefined && (typeof item.key !== 'string' || item.key.toLowerCase() !== name))
        return {
          kind: 'invalid',
          reason: `${what}.${name}: the key ${JSON.stringify(item.key)} does not match the name`,
        };
      values.push(item.value);
    }
    if (values.length === 0) continue;
    if (isDisallowedHeader(name)) return { kind: 'invalid', reason: `the header ${name} is disallowed` };
    out[name] = name === 'set-cookie' ? values.join('\n') : values.join(', ');
  }
  for (const name of eventType === undefined ? [] : READ_ONLY[eventType]) {
    if (out[name] !== before[name])
      return { kind: 'invalid', reason: `the header ${name} is read-only in ${eventType}` };
  }
  return out;
}

/** A response read back from a request event (generated) or a response event (updated). */
export interface LambdaResponse {
  kind: 'response';
  status: number;
  statusDescription: string | undefined;
  headers: HeaderMap;
  /** Undefined: the body was left as it was (response events). */
  body: Uint8Array | undefined;
}

export interface LambdaRequest {
  kind: 'request';
  uri: string;
  querystring: string;
  headers: HeaderMap;
  /** A replaced body (`body.action: 'replace'`), else undefined. */
  body: Uint8Array | undefined;
  /** origin-request: the `origin` the function returned when it differs from the event's (§20). */
  origin?: unknown;
}

function readStatus(value: unknown): number | undefined {
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\d{3}$/.test(value)
        ? Number(value)
        : NaN;
  // §20 lambda-updating-http-responses: the status must be 200–599 (a generated one too).
  return Number.isInteger(n) && n >= 200 && n <= 599 ? n : undefined;
}

function readBody(body: unknown, encoding: unknown, what: string): Uint8Array | undefined | Invalid {
  if (body === undefined) return undefined;
  if (typeof body !== 'string') return { kind: 'invalid', reason: `${what} must be a string` };
  if (encoding === undefined || encoding === 'text') return new TextEncoder().encode(body);
  if (encoding !== 'base64')
    return { kind: 'invalid', reason: `${what} encoding must be "text" or "base64"` };
  // §20: "If you specify bodyEncoding as base64 but the body is not valid base64, CloudFront returns an error."
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body) || body.length % 4 === 1)
    return { kind: 'invalid', reason: `${what} is not valid base64` };
  return new Uint8Array(Buffer.from(body, 'base64'));
}

const isInvalid = (v: unknown): v is Invalid => isObject(v) && v.kind === 'invalid';

function sizeOf(headers: HeaderMap, body: Uint8Array | undefined): number {
  let bytes = body?.byteLength ?? 0;
  for (const name in headers) bytes += name.length + 4 + Buffer.byteLength(headers[name] as string);
  return bytes;
}

/** A response a viewer-request or origin-request function generated (§20 lambda-generating-http-responses-in-requests). */
function readGenerated(
  result: Record<string, unknown>,
  eventType: LambdaEventType,
): LambdaResponse | Invalid {
  const status = readStatus(result.status);
  if (status === undefined)
    return {
      kind: 'invalid',
      reason: `response.status must be an HTTP status from 200 to 599, got ${JSON.stringify(result.status)}`,
    };
  // Read-only names do not apply to a response made from nothing; disallowed ones do.
  const map = readHeaders(result.headers, 'response.headers', undefined, {});
  if (isInvalid(map)) return map;
  const body = readBody(result.body, result.bodyEncoding, 'response.body');
  if (isInvalid(body)) return body;
  // §20: status 204 with a body is a validation error.
  if (status === 204 && body !== undefined && body.byteLength > 0)
    return { kind: 'invalid', reason: 'a 204 response has a body' };
  const limit = RESPONSE_LIMIT_BYTES[eventType];
  if (sizeOf(map, body) > limit)
    return {
      kind: 'invalid',
      reason: `the generated response is over ${limit / 1024} KB (headers and body), Lambda@Edge's limit for ${eventType}`,
    };
  return {
    kind: 'response',
    status,
    statusDescription: typeof result.statusDescription === 'string' ? result.statusDescription : undefined,
    headers: map,
    body: body ?? new Uint8Array(0),
  };
}

/**
 * What a viewer-request or origin-request function returned: the request (changed or not), or a
 * generated response (an object with `status`). Anything else is a validation error (§20).
 */
export function readRequestResult(
  result: unknown,
  before: CfRequest,
  beforeHeaders: HeaderMap,
  eventType: 'viewer-request' | 'origin-request',
  includeBody: boolean,
): LambdaRequest | LambdaResponse | Invalid {
  if (!isObject(result))
    return {
      kind: 'invalid',
      reason: `the function returned ${result === null ? 'null' : typeof result}, not the request or a response`,
    };
  if ('status' in result) return readGenerated(result, eventType);
  // §20: clientIp and method are read-only.
  if (result.clientIp !== undefined && result.clientIp !== before.clientIp)
    return { kind: 'invalid', reason: 'request.clientIp is read-only' };
  if (result.method !== undefined && result.method !== before.method)
    return { kind: 'invalid', reason: 'request.method is read-only' };
  const uri = result.uri;
  if (typeof uri !== 'string' || !uri.startsWith('/'))
    return {
      kind: 'invalid',
      reason: `request.uri must be a string starting with "/", got ${JSON.stringify(uri)}`,
    };
  const querystring = result.querystring ?? '';
  if (typeof querystring !== 'string')
    return {
      kind: 'invalid',
      reason: `request.querystring must be a string, got ${JSON.stringify(querystring)}`,
    };
  // §20: no spaces, control characters or # in the query; URI plus query under 8,192 characters.
  if (hasForbiddenChar(querystring) || hasForbiddenChar(uri))
    return { kind: 'invalid', reason: 'the URI or query string holds a space, control character or #' };
  if (uri.length + querystring.length >= 8192)
    return { kind: 'invalid', reason: 'URI plus query string is 8,192 characters or more' };
  // §20 lambda-event-structure: an origin-request function may change `origin` (read by
  // lambda-origin-change.ts); a viewer-request event has none to change.
  const originChanged =
    eventType === 'origin-request' &&
    result.origin !== undefined &&
    JSON.stringify(result.origin) !== JSON.stringify(before.origin);
  const headers = readHeaders(result.headers, 'request.headers', eventType, beforeHeaders);
  if (isInvalid(headers)) return headers;
  let body: Uint8Array | undefined;
  const rawBody = result.body;
  if (includeBody && isObject(rawBody) && rawBody.action === 'replace') {
    const read = readBody(rawBody.data, rawBody.encoding ?? 'base64', 'request.body.data');
    if (isInvalid(read)) return read;
    body = read;
  }
  return {
    kind: 'request',
    uri,
    querystring,
    headers,
    body,
    ...(originChanged ? { origin: result.origin } : {}),
  };
}

/**
 * What an origin-response or viewer-response function returned (§20 lambda-updating-http-responses):
 * the response with new headers, status (origin-response only: a viewer-response function cannot
 * change it, lambda-at-edge-function-restrictions) and optionally a new body.
 */
export function readResponseResult(
  result: unknown,
  before: { status: number; headers: HeaderMap },
  eventType: 'viewer-response' | 'origin-response',
  /** fidelity.lambdaEdge.viewerResponseStatus: what a changed status in viewer-response does. */
  viewerStatusChange: 'ignore' | 'validation-error',
): LambdaResponse | Invalid {
  if (!isObject(result))
    return {
      kind: 'invalid',
      reason: `the function returned ${result === null ? 'null' : typeof result}, not the response`,
    };
  const status = readStatus(result.status);
  if (status === undefined)
    return {
      kind: 'invalid',
      reason: `response.status must be an HTTP status from 200 to 599, got ${JSON.stringify(result.status)}`,
    };
  // §20 lambda-at-edge-function-restrictions: viewer-response "cannot modify the HTTP status code";
  // what CloudFront does when it tries is UNCONFIRMED (fidelity.lambdaEdge.viewerResponseStatus).
  if (
    eventType === 'viewer-response' &&
    status !== before.status &&
    viewerStatusChange === 'validation-error'
  )
    return {
      kind: 'invalid',
      reason: `response.status was changed from ${before.status} to ${status}; a viewer-response function cannot change the status`,
    };
  const headers = readHeaders(result.headers, 'response.headers', eventType, before.headers);
  if (isInvalid(headers)) return headers;
  const body = readBody(result.body, result.bodyEncoding, 'response.body');
  if (isInvalid(body)) return body;
  if (body !== undefined && sizeOf(headers, body) > RESPONSE_LIMIT_BYTES[eventType])
    return {
      kind: 'invalid',
      reason: `the response is over ${RESPONSE_LIMIT_BYTES[eventType] / 1024} KB (headers and body), Lambda@Edge's limit for ${eventType}`,
    };
  return {
    kind: 'response',
    // UNCONFIRMED what CloudFront does with a changed status in viewer-response: by default
    // (fidelity.lambdaEdge.viewerResponseStatus 'ignore') edgecase keeps the original.
    status: eventType === 'viewer-response' ? before.status : status,
    statusDescription: typeof result.statusDescription === 'string' ? result.statusDescription : undefined,
    headers,
    body,
  };
}

/** §20: a space, a control character or `#`. */
function hasForbiddenChar(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c <= 0x20 || c === 0x23 || c === 0x7f) return true;
  }
  return false;
}
