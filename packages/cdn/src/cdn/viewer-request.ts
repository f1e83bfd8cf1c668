import { invalid } from '../errors.js';
import type { HeaderMap } from '../origin/types.js';
import { anonymousViewer, type ViewerIdentity } from '../routing/viewer-attributes.js';

/** A viewer request reduced to plain data, so the hot path never touches WHATWG objects again. */
export interface ViewerRequest {
  method: string;
  scheme: 'http' | 'https';
  host: string;
  /** As on the wire, percent-encoded, case kept. */
  path: string;
  /** Without `?`; `''` when none. */
  query: string;
  headers: HeaderMap;
  hasBody: boolean;
  /** The body as given (read only when the request goes to the origin). */
  bodySource: BodyInit | Request | null;
  /** Who sent it: name, country, IP address, user agent. */
  viewer: ViewerIdentity;
}

/** The request's URL without fragment, e.g. `https://d111111abcdef8.cloudfront.net/a.jpg?x=1`. */
export function viewerUrl(request: Pick<ViewerRequest, 'scheme' | 'host' | 'path' | 'query'>): string {
  return `${request.scheme}://${request.host}${request.path}${request.query === '' ? '' : `?${request.query}`}`;
}

/** The length of `viewerUrl(request)`, without building it. */
export function viewerUrlLength(request: ViewerRequest): number {
  const query = request.query.length;
  return (
    request.scheme.length + 3 + request.host.length + request.path.length + (query === 0 ? 0 : query + 1)
  );
}

/**
 * Reads `cdn.fetch(input, init)` arguments: an absolute URL of the distribution (or one of its
 * aliases), a path such as `/img.png` (resolved against `https://<domainName>`), a URL, or a Request.
 */
export function readViewerRequest(
  input: string | URL | Request,
  init: RequestInit | undefined,
  domainName: string,
  viewer: ViewerIdentity = anonymousViewer,
): ViewerRequest {
  const stop =
    typeof input === 'string' && input.charCodeAt(0) === 47 /* / */ && input.charCodeAt(1) !== 47
      ? pathEnd(input)
      : -1;
  if (stop >= 0 && typeof input === 'string') {
    // Fast path for the common `cdn.fetch('/a.jpg')`: no URL parsing, no WHATWG objects.
    const method = init?.method === undefined ? 'GET' : readMethod(init.method);
    const headers: HeaderMap = init?.headers ? headerMap(init.headers) : NO_HEADERS;
    // The path ends at the first ? or #; a query runs from ? to # (the fragment is dropped).
    let path = input;
    let query = '';
    if (stop < input.length) {
      path = input.slice(0, stop);
      if (input.charCodeAt(stop) === 0x3f /* ? */) {
        const hash = input.indexOf('#', stop + 1);
        query = input.slice(stop + 1, hash < 0 ? input.length : hash);
      }
    }
    return {
      method,
      scheme: 'https',
      host: domainName,
      path,
      query,
      headers,
      hasBody: init?.body != null,
      bodySource: init?.body ?? null,
      viewer,
    };
  }
  return readFullRequest(input, init, domainName, viewer);
}

/**
 * Every other input (a URL, a Request, an absolute URL string, a path the URL parser must read). Kept
 * out of `readViewerRequest` so the fast path above stays small enough for the JIT to inline it into
 * `cdn.fetch`.
 */
function readFullRequest(
  input: string | URL | Request,
  init: RequestInit | undefined,
  domainName: string,
  viewer: ViewerIdentity,
): ViewerRequest {
  const isRequest = input instanceof RequestClass;
  const method = init?.method === undefined ? (isRequest ? input.method : 'GET') : readMethod(init.method);
  const headers: HeaderMap = isRequest ? headerMap(input.headers) : {};
  if (init?.headers) Object.assign(headers, headerMap(init.headers));
  const bodySource = init?.body ?? (isRequest && input.body !== null ? input : null);
  const hasBody = bodySource != null;
  const raw = isRequest ? input.url : input;
  let url: URL;
  try {
    // A path with characters to percent-encode is resolved like a URL, so both spellings share a key.
    const relative = typeof raw === 'string' && raw.startsWith('/') && !raw.startsWith('//');
    url = raw instanceof URL ? raw : relative ? new URL(raw, `https://${domainName}`) : new URL(raw);
  } catch {
    return invalid('InvalidUrl', 'cdn.fetch input', "an absolute URL or a path starting with '/'", raw);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    invalid('InvalidUrl', 'cdn.fetch URL scheme', 'http: or https:', url.protocol);
  }
  return {
    method,
    scheme: url.protocol === 'http:' ? 'http' : 'https',
    host: url.host.toLowerCase(),
    path: url.pathname,
    query: url.search.slice(1),
    headers,
    hasBody,
    bodySource,
    viewer,
  };
}

// RFC 9110 §9.1 / §5.6.2: a method is a token.
const METHOD = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

function readMethod(method: unknown): string {
  if (typeof method !== 'string' || !METHOD.test(method)) {
    invalid('InvalidOption', 'cdn.fetch init.method', "an HTTP method such as 'GET' or 'POST'", method);
  }
  return method.toUpperCase();
}

/**
 * `plainPathEnd(text)`, remembered for the last paths read (at most PATH_ENDS_LIMIT, each at most
 * PATH_ENDS_LONGEST characters): an app, and every run of an exploration, fetches the same few paths
 * again, and reading one costs a few dozen instructions per character (issue 13).
 */
function pathEnd(text: string): number {
  if (text.length > PATH_ENDS_LONGEST) return plainPathEnd(text);
  let end = PATH_ENDS.get(text);
  if (end === undefined) {
    end = plainPathEnd(text);
    if (PATH_ENDS.size >= PATH_ENDS_LIMIT) PATH_ENDS.clear();
    PATH_ENDS.set(text, end);
  }
  return end;
}

const PATH_ENDS = new Map<string, number>();
const PATH_ENDS_LIMIT = 1024;
/** Longer paths are read each time: the memo holds at most 1024 × 256 characters. */
const PATH_ENDS_LONGEST = 256;

/**
 * Where `text`'s path ends (its first `?` or `#`, else its length), or -1 when it needs the URL parser
 * to mean what the app's `fetch` sends (one pass, on the hot path, which also finds the end: two
 * `indexOf` scans per request before): a URL parser would percent-encode something in it
 * (non-ASCII, space, controls, "<>\^`{|}, and `'`, which the WHATWG URL encodes in the query of an
 * http(s) URL, the special-query set), or it may hold a `.` or `..` segment, also spelt `%2e`, which
 * `fetch` removes.
 */
function plainPathEnd(text: string): number {
  let end = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // One table read per character (PATH_CHAR): most characters are plain.
    const kind = c < 0x80 ? (PATH_CHAR[c] as number) : REJECT;
    if (kind === PLAIN) continue;
    if (kind === REJECT) return -1;
    if (kind === ENDS_PATH) {
      if (i < end) end = i;
    } else if (kind === DOT) {
      // "/." starts a possible dot segment.
      if (text.charCodeAt(i - 1) === 0x2f) return -1;
    } else if (text.charCodeAt(i + 1) === 0x32 && (text.charCodeAt(i + 2) | 0x20) === 0x65) {
      // "%2e" / "%2E" is a dot too.
      return -1;
    }
  }
  return end;
}

const PLAIN = 0;
const REJECT = 1;
const ENDS_PATH = 2;
const DOT = 3;
const PERCENT = 4;
/**
 * What `plainPathEnd` makes of each ASCII character: plain; one a URL parser would percent-encode
 * (controls, space, DEL and `"` `'` `<` `>` `\` `^` `` ` `` `{` `|` `}`), so the parser must read the
 * input; `?` and `#`, which end the path; `.`; `%`.
 */
const PATH_CHAR = (() => {
  const table = new Uint8Array(0x80);
  for (let c = 0; c < 0x21; c++) table[c] = REJECT;
  table[0x7f] = REJECT;
  for (const c of '"\'<>\\^`{|}') table[c.charCodeAt(0)] = REJECT;
  table[0x3f] = ENDS_PATH;
  table[0x23] = ENDS_PATH;
  table[0x2e] = DOT;
  table[0x25] = PERCENT;
  return table;
})();

/** Shared by requests without headers; nothing may write to a request's headers. */
const NO_HEADERS: HeaderMap = Object.freeze({});

// Read once: Node defines the fetch globals as lazy accessors.
const RequestClass = globalThis.Request;

function headerMap(init: HeadersInit): HeaderMap {
  const out: HeaderMap = {};
  const add = (name: string, value: string) => {
    const lower = name.toLowerCase();
    if (/[\r\n\0]/.test(value))
      invalid('InvalidHeader', `request header ${name}`, 'a value without CR, LF or NUL', value);
    out[lower] = out[lower] === undefined ? value : `${out[lower]}, ${value}`;
  };
  if (init instanceof Headers) {
    for (const [name, value] of init) add(name, value);
  } else if (Array.isArray(init)) {
    for (const pair of init) {
      if (!Array.isArray(pair) || pair.length !== 2)
        invalid('InvalidHeader', 'request headers', '[name, value] pairs', pair);
      add(String(pair[0]), String(pair[1]));
    }
  } else if (typeof init === 'object' && init !== null) {
    for (const [name, value] of Object.entries(init)) {
      if (typeof value !== 'string')
        invalid('InvalidHeader', `request header ${name}`, 'a string value', value);
      add(name, value);
    }
  } else invalid('InvalidHeader', 'request headers', 'a Headers, a record or [name, value] pairs', init);
  return out;
}
