/**
 * Contract: the CloudFront Functions event object and what a function may return, as documented
 * (§10 functions-event-structure, https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/functions-event-structure.html):
 * `version`, `context`, `viewer.ip`, `request` with `querystring`/`headers`/`cookies` as maps of
 * `{ value }` (duplicates as `multiValue`), and for viewer-response a `response`. Reading a returned
 * object back either gives a request or response or names the validation error CloudFront answers
 * with 502 (§10, §20 edge-functions-restrictions).
 */
import type { ViewerRequest } from '../cdn/viewer-request.js';
import type { HeaderMap } from '../origin/types.js';

export interface FunctionValue {
  value: string;
  multiValue?: { value: string }[];
}
export type FunctionValueMap = Record<string, FunctionValue>;

export interface FunctionCookieValue extends FunctionValue {
  attributes?: string;
  multiValue?: { value: string; attributes?: string }[];
}

export interface FunctionEventRequest {
  method: string;
  uri: string;
  querystring: FunctionValueMap;
  headers: FunctionValueMap;
  cookies: FunctionValueMap;
}

export interface FunctionEventResponse {
  statusCode: number;
  statusDescription?: string;
  headers: FunctionValueMap;
  cookies: Record<string, FunctionCookieValue>;
  body?: string | { data: string; encoding: 'text' | 'base64' };
}

export interface FunctionEventContext {
  distributionDomainName: string;
  distributionId: string;
  eventType: 'viewer-request' | 'viewer-response';
  requestId: string;
}

export interface FunctionEvent {
  version: '1.0';
  context: FunctionEventContext;
  viewer: { ip: string };
  request: FunctionEventRequest;
  response?: FunctionEventResponse;
}

// §20 edge-functions-restrictions: disallowed headers (not exposed, cannot be added) and read-only ones.
const DISALLOWED = new Set([
  'connection',
  'expect',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'trailer',
  'upgrade',
  'x-accel-buffering',
  'x-accel-charset',
  'x-accel-limit-rate',
  'x-accel-redirect',
  'x-amzn-auth',
  'x-amzn-cf-billing',
  'x-amzn-cf-id',
  'x-amzn-cf-xff',
  'x-amzn-errortype',
  'x-amzn-fle-profile',
  'x-amzn-header-count',
  'x-amzn-header-order',
  'x-amzn-lambda-integration-tag',
  'x-amzn-requestid',
  'x-cache',
  'x-forwarded-proto',
  'x-real-ip',
]);
const DISALLOWED_PREFIXES = ['x-amz-cf-', 'x-edge-'];
const READ_ONLY_REQUEST = ['content-length', 'host', 'transfer-encoding', 'via'];
const READ_ONLY_RESPONSE = ['warning', 'via'];

export function isDisallowedHeader(name: string): boolean {
  return DISALLOWED.has(name) || DISALLOWED_PREFIXES.some((p) => name.startsWith(p));
}

/** `a=1&b=2&a=3` → `{ a: { value: '1', multiValue: [...] }, b: { value: '2' } }`, values as on the wire. */
export function parseQuerystring(query: string): FunctionValueMap {
  const out: FunctionValueMap = {};
  if (query === '') return out;
  for (const part of query.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = eq < 0 ? part : part.slice(0, eq);
    add(out, name, eq < 0 ? '' : part.slice(eq + 1));
  }
  return out;
}

/** The `Cookie` header moved into `cookies` (§10). */
export function parseCookieHeader(header: string | undefined): FunctionValueMap {
  const out: FunctionValueMap = {};
  if (!header) return out;
  for (const part of header.split(';')) {
    const trimmed = part.trim();
    if (trimmed === '') continue;
    const eq = trimmed.indexOf('=');
    add(out, eq < 0 ? trimmed : trimmed.slice(0, eq), eq < 0 ? '' : trimmed.slice(eq + 1));
  }
  return out;
}

function add(map: FunctionValueMap, name: string, value: string): void {
  const existing = map[name];
  if (existing === undefined) map[name] = { value };
  else {
    existing.multiValue ??= [{ value: existing.value }];
    existing.multiValue.push({ value });
  }
}

export function requestEventOf(request: ViewerRequest): FunctionEventRequest {
  const headers: FunctionValueMap = { host: { value: request.host } };
  for (const name in request.headers) {
    if (name === 'cookie' || isDisallowedHeader(name)) continue;
    headers[name] = { value: request.headers[name] as string };
  }
  return {
    method: request.method,
    uri: request.path,
    querystring: parseQuerystring(request.query),
    headers,
    cookies: parseCookieHeader(request.headers.cookie),
  };
}

export function responseEventOf(
  status: number,
  statusText: string,
  headers: HeaderMap,
): FunctionEventResponse {
  const out: FunctionValueMap = {};
  const cookies: Record<string, FunctionCookieValue> = {};
  for (const name in headers) {
    const value = headers[name] as string;
    if (name === 'set-cookie') {
      for (const line of value.split(/\n/)) addSetCookie(cookies, line);
    } else if (!isDisallowedHeader(name)) out[name] = { value };
  }
  return { statusCode: status, statusDescription: statusText, headers: out, cookies };
}

function addSetCookie(cookies: Record<string, FunctionCookieValue>, line: string): void {
  const semi = line.indexOf(';');
  const pair = semi < 0 ? line : line.slice(0, semi);
  const eq = pair.indexOf('=');
  if (eq < 0) return;
  const name = pair.slice(0, eq).trim();
  const entry: FunctionCookieValue = { value: pair.slice(eq + 1).trim() };
  if (semi >= 0) entry.attributes = line.slice(semi + 1).trim();
  const existing = cookies[name];
  if (existing === undefined) cookies[name] = entry;
  else {
    existing.multiValue ??= [
      { value: existing.value, ...(existing.attributes ? { attributes: existing.attributes } : {}) },
    ];
    existing.multiValue.push({
      value: entry.value,
      ...(entry.attributes ? { attributes: entry.attributes } : {}),
    });
  }
}

/** What a viewer-request function returned, read back. */
export type RequestOutcome =
  | { kind: 'request'; request: ViewerRequest }
  | { kind: 'response'; status: number; headers: HeaderMap; body: Uint8Array }
  | { kind: 'invalid'; reason: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/**
 * §10 "Return values": a viewer-request function returns the request (to go on to the cache) or a
 * response (answered at once, X-Cache FunctionGeneratedResponse). Anything else is a validation error.
 */
export function readRequestResult(result: unknown, original: ViewerRequest): RequestOutcome {
  if (!isObject(result))
    return {
      kind: 'invalid',
      reason: `the function returned ${typeof result}, not a request or response object`,
    };
  if ('statusCode' in result) return readGeneratedResponse(result);
  const uri = result.uri;
  if (typeof uri !== 'string' || !uri.startsWith('/'))
    return {
      kind: 'invalid',
      reason: `request.uri must be a string starting with "/", got ${JSON.stringify(uri)}`,
    };
  // §10: method is the only read-only field of the request.
  if (result.method !== undefined && result.method !== original.method)
    return { kind: 'invalid', reason: 'request.method is read-only' };
  const headers = readValueMap(result.headers, 'request.headers');
  if (typeof headers === 'string') return { kind: 'invalid', reason: headers };
  const out: HeaderMap = {};
  for (const [name, value] of headers) {
    const lower = name.toLowerCase();
    if (isDisallowedHeader(lower)) return { kind: 'invalid', reason: `the header ${name} is disallowed` };
    if (READ_ONLY_REQUEST.includes(lower)) {
      const before = lower === 'host' ? original.host : original.headers[lower];
      if (value !== before)
        return { kind: 'invalid', reason: `the header ${name} is read-only in viewer-request` };
      if (lower === 'host') continue;
    }
    out[lower] = value;
  }
  const cookies = readValueMap(result.cookies, 'request.cookies');
  if (typeof cookies === 'string') return { kind: 'invalid', reason: cookies };
  if (cookies.length > 0) out.cookie = cookies.map(([n, v]) => `${n}=${v}`).join('; ');
  const query = readValueMap(result.querystring, 'request.querystring');
  if (typeof query === 'string') return { kind: 'invalid', reason: query };
  const queryText = query.map(([n, v]) => (v === '' ? n : `${n}=${v}`)).join('&');
  // §20: no spaces, control characters or # in a query; URI plus query under 8,192 characters.
  if (hasForbiddenChar(queryText) || hasForbiddenChar(uri))
    return { kind: 'invalid', reason: 'the URI or query string holds a space, control character or #' };
  if (uri.length + queryText.length >= 8192)
    return { kind: 'invalid', reason: 'URI plus query string is 8,192 characters or more' };
  return {
    kind: 'request',
    request: { ...original, path: uri, query: queryText, headers: out },
  };
}

/** A response returned by a viewer-request function (generated) or a viewer-response function. */
export function readGeneratedResponse(
  result: Record<string, unknown>,
  readOnly: readonly string[] = [],
  before: HeaderMap = {},
): RequestOutcome {
  const status = result.statusCode;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599)
    return {
      kind: 'invalid',
      reason: `response.statusCode must be an integer status, got ${JSON.stringify(status)}`,
    };
  const headers = readValueMap(result.headers ?? {}, 'response.headers');
  if (typeof headers === 'string') return { kind: 'invalid', reason: headers };
  const out: HeaderMap = {};
  for (const [name, value] of headers) {
    const lower = name.toLowerCase();
    if (isDisallowedHeader(lower)) return { kind: 'invalid', reason: `the header ${name} is disallowed` };
    if (readOnly.includes(lower) && value !== before[lower])
      return { kind: 'invalid', reason: `the header ${name} is read-only in viewer-response` };
    out[lower] = value;
  }
  const cookies = result.cookies;
  if (cookies !== undefined) {
    if (!isObject(cookies)) return { kind: 'invalid', reason: 'response.cookies must be an object' };
    const lines: string[] = [];
    for (const [name, cookie] of Object.entries(cookies)) {
      if (!isObject(cookie) || typeof cookie.value !== 'string')
        return { kind: 'invalid', reason: `response.cookies.${name} must be { value, attributes? }` };
      const entries = Array.isArray(cookie.multiValue)
        ? (cookie.multiValue as FunctionCookieValue[])
        : [cookie as unknown as FunctionCookieValue];
      for (const c of entries) lines.push(`${name}=${c.value}${c.attributes ? `; ${c.attributes}` : ''}`);
    }
    if (lines.length > 0) out['set-cookie'] = lines.join('\n');
  }
  let body = new Uint8Array(0);
  const raw = result.body;
  if (typeof raw === 'string') body = new TextEncoder().encode(raw);
  else if (isObject(raw)) {
    if (typeof raw.data !== 'string')
      return { kind: 'invalid', reason: 'response.body.data must be a string' };
    if (raw.encoding === 'base64') body = new Uint8Array(Buffer.from(raw.data, 'base64'));
    else if (raw.encoding === undefined || raw.encoding === 'text') body = new TextEncoder().encode(raw.data);
    else return { kind: 'invalid', reason: 'response.body.encoding must be "text" or "base64"' };
  } else if (raw !== undefined)
    return { kind: 'invalid', reason: 'response.body must be a string or { data, encoding }' };
  return { kind: 'response', status, headers: out, body };
}

export const VIEWER_RESPONSE_READ_ONLY = READ_ONLY_RESPONSE;

/** `{ name: { value, multiValue? } }` → `[name, value]` pairs (multiValue expanded). */
function readValueMap(map: unknown, what: string): [string, string][] | string {
  if (map === undefined) return [];
  if (!isObject(map)) return `${what} must be an object of { value } entries`;
  const out: [string, string][] = [];
  for (const [name, entry] of Object.entries(map)) {
    if (!isObject(entry)) return `${what}.${name} must be { value } (got ${JSON.stringify(entry)})`;
    if (Array.isArray(entry.multiValue)) {
      for (const item of entry.multiValue as unknown[]) {
        if (!isObject(item) || typeof item.value !== 'string')
          return `${what}.${name}.multiValue entries must be { value }`;
        out.push([name, item.value]);
      }
    } else {
      if (typeof entry.value !== 'string') return `${what}.${name}.value must be a string`;
      out.push([name, entry.value]);
    }
  }
  return out;
}

/** §20: a space, a control character or `#`. */
function hasForbiddenChar(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c <= 0x20 || c === 0x23 || c === 0x7f) return true;
  }
  return false;
}
