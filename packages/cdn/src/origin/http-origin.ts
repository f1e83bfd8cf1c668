import { describe, EdgecaseError, invalid } from '../errors.js';
import { checkOptionKeys, optionKeys } from '../options/strict-keys.js';
import { type FaultyOrigin, withFaults } from './faults.js';
import { type HeaderMap, type Origin, type OriginResponse, OriginUnreachableError } from './types.js';

export interface HttpOriginOptions {
  /** The fetch to use; default the global `fetch`. Handy for msw or a recording stub. */
  fetch?: typeof fetch;
}

export interface HttpOrigin extends FaultyOrigin {
  readonly kind: 'custom';
  /** The base URL, as parsed. */
  readonly url: string;
}

/**
 * Headers `fetch` must not be given, or that describe the hop rather than the request: fetch sets
 * Host and Content-Length itself and rejects hop-by-hop headers such as `Connection: Keep-Alive`
 * (which CloudFront sends, §8 "Headers forwarded to the origin").
 */
const NOT_FORWARDED = new Set([
  'host',
  'content-length',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'expect',
  'te',
  'trailer',
  'proxy-connection',
]);

/** Content codings WHATWG fetch decodes on its own (the body arrives decoded). */
const DECODED_BY_FETCH = new Set(['gzip', 'x-gzip', 'deflate', 'br', 'zstd']);

/**
 * A custom origin: any HTTP server, reached with `fetch`. Method, path and query (joined onto the
 * base URL's path), headers and body are forwarded; redirects are returned, not followed (CloudFront
 * passes an origin's 3xx to the viewer, §8 "Origin failover": "3xx is passed through"). A network
 * error rejects with `OriginUnreachableError`. Faults can be injected through `faults`.
 */
export function httpOrigin(url: string | URL, options: HttpOriginOptions = {}): HttpOrigin {
  const base = parseBaseUrl(url);
  checkOptionKeys(options, optionKeys<HttpOriginOptions>()(['fetch']), 'httpOrigin options');
  const doFetch = options.fetch ?? globalThis.fetch;
  if (typeof doFetch !== 'function')
    invalid('InvalidOption', 'httpOrigin fetch', 'a fetch function', doFetch);
  const prefix = `${base.origin}${base.pathname.replace(/\/+$/, '')}`;
  const name = base.href;

  const raw: Origin = {
    kind: 'custom',
    name,
    async fetch(request, context): Promise<OriginResponse> {
      const target = `${prefix}${request.path}${request.query ? `?${request.query}` : ''}`;
      const headers: HeaderMap = {};
      for (const [header, value] of Object.entries(request.headers)) {
        if (!NOT_FORWARDED.has(header.toLowerCase())) headers[header] = value;
      }
      // Without this, fetch would ask for gzip/br on its own and decode the answer behind our back.
      if (!Object.keys(headers).some((header) => header.toLowerCase() === 'accept-encoding')) {
        headers['accept-encoding'] = 'identity';
      }
      const method = request.method.toUpperCase();
      const init: RequestInit = { method, headers, redirect: 'manual' };
      if (request.body !== undefined && method !== 'GET' && method !== 'HEAD') {
        init.body = request.body as Uint8Array<ArrayBuffer>;
      }
      if (context.signal !== undefined) init.signal = context.signal;

      let response: Response;
      try {
        response = await doFetch(target, init);
      } catch (error) {
        if (context.signal?.aborted) throw context.signal.reason;
        throw unreachable(name, method, target, error);
      }
      context.onConnect?.();
      let body: Uint8Array;
      try {
        body = method === 'HEAD' ? new Uint8Array(0) : new Uint8Array(await response.arrayBuffer());
      } catch (error) {
        if (context.signal?.aborted) throw context.signal.reason;
        throw unreachable(name, method, target, error);
      }
      const answer: HeaderMap = {};
      response.headers.forEach((value, header) => {
        answer[header.toLowerCase()] = value;
      });
      const coding = answer['content-encoding']?.trim().toLowerCase();
      if (method !== 'HEAD' && coding !== undefined && DECODED_BY_FETCH.has(coding)) {
        // fetch has already decoded the body: describe what we return, not what was on the wire.
        delete answer['content-encoding'];
        answer['content-length'] = String(body.length);
      }
      return { status: response.status, headers: answer, body };
    },
  };
  const faulty = withFaults(raw);
  return { ...faulty, kind: 'custom', url: name };
}

function parseBaseUrl(url: unknown): URL {
  const given = url instanceof URL ? url.href : url;
  let parsed: URL;
  try {
    parsed = new URL(given as string);
  } catch {
    return invalid(
      'InvalidOrigin',
      'httpOrigin url',
      "an absolute http(s) URL such as 'http://127.0.0.1:8080'",
      url,
    );
  }
  if (typeof url !== 'string' && !(url instanceof URL))
    invalid('InvalidOrigin', 'httpOrigin url', 'a string or URL', url);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    invalid('InvalidOrigin', 'httpOrigin url', 'an http: or https: URL', given);
  }
  if (parsed.search !== '' || parsed.hash !== '' || parsed.href.endsWith('?') || parsed.href.endsWith('#')) {
    invalid(
      'InvalidOrigin',
      'httpOrigin url',
      'a URL without query or fragment',
      given,
      'Requests bring their own query.',
    );
  }
  if (parsed.username !== '' || parsed.password !== '') {
    throw new EdgecaseError(
      'InvalidOrigin',
      `httpOrigin url: expected a URL without credentials, got ${describe(parsed.host)}.`,
      {
        hint: 'fetch rejects URLs with user:password; forward an Authorization header instead.',
      },
    );
  }
  return parsed;
}

function unreachable(name: string, method: string, target: string, error: unknown): OriginUnreachableError {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  const reset = code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE';
  const detail = code ?? (error instanceof Error ? error.message : String(error));
  return new OriginUnreachableError(
    `${name}: ${method} ${target} failed (${detail}).`,
    reset ? 'reset' : 'refused',
    {
      cause: error,
    },
  );
}
