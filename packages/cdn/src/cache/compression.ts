import { brotliCompressSync, brotliDecompressSync, constants, gunzipSync, gzipSync } from 'node:zlib';
import type { HeaderMap } from '../origin/types.js';
import type { NormalizedAcceptEncoding } from '../policy/accept-encoding.js';

/**
 * Edge compression ("Compress objects automatically"), §5 CFDG ServingCompressedFiles: an edge
 * server compresses what it stores for a viewer that accepts gzip or br when the object is 1,000 to
 * 10,000,000 bytes, has a Content-Length, a 200, 403 or 404 status, a compressible Content-Type, no
 * Content-Encoding, and a TTL above 0; Brotli is preferred. A strong ETag becomes weak; an invalid
 * one is removed. Compressed bodies are made once per body and encoding and shared.
 */
export interface CompressionInput {
  status: number;
  headers: HeaderMap;
  body: Uint8Array;
  ttlMs: number;
  acceptEncoding: NormalizedAcceptEncoding | undefined;
}

export interface Compressed {
  headers: HeaderMap;
  body: Uint8Array;
  encoding: 'br' | 'gzip';
}

// §5 ServingCompressedFiles: the file types CloudFront compresses (the list in the guide, abridged to
// the types apps serve; matched on the media type, parameters ignored).
const COMPRESSIBLE = new Set([
  'application/dash+xml',
  'application/eot',
  'application/font',
  'application/font-sfnt',
  'application/javascript',
  'application/json',
  'application/opentype',
  'application/otf',
  'application/pkcs7-mime',
  'application/protobuf',
  'application/rss+xml',
  'application/truetype',
  'application/ttf',
  'application/vnd.apple.mpegurl',
  'application/vnd.mapbox-vector-tile',
  'application/vnd.ms-fontobject',
  'application/wasm',
  'application/xhtml+xml',
  'application/xml',
  'application/x-font-opentype',
  'application/x-font-truetype',
  'application/x-font-ttf',
  'application/x-httpd-cgi',
  'application/x-javascript',
  'application/x-mpegurl',
  'application/x-opentype',
  'application/x-otf',
  'application/x-perl',
  'application/x-ttf',
  'font/eot',
  'font/opentype',
  'font/otf',
  'font/ttf',
  'image/svg+xml',
  'text/css',
  'text/csv',
  'text/html',
  'text/javascript',
  'text/js',
  'text/plain',
  'text/richtext',
  'text/tab-separated-values',
  'text/xml',
  'text/x-script',
  'text/x-component',
  'text/x-java-source',
]);

const MIN_BYTES = 1000;
const MAX_BYTES = 10_000_000;

const made = new WeakMap<Uint8Array, Partial<Record<'br' | 'gzip', Uint8Array>>>();
/** Compressed body -> the body it was made from. */
const originals = new WeakMap<Uint8Array, Uint8Array>();

/** The compressed form an edge server stores, or `undefined` when CloudFront would not compress. */
export function compressAtEdge(input: CompressionInput): Compressed | undefined {
  const { headers, body } = input;
  if (input.acceptEncoding === undefined || input.ttlMs <= 0) return undefined;
  if (input.status !== 200 && input.status !== 403 && input.status !== 404) return undefined;
  if (headers['content-encoding'] !== undefined) return undefined;
  const length = headers['content-length'];
  if (length === undefined) return undefined;
  const size = Number(length);
  if (!(size >= MIN_BYTES && size <= MAX_BYTES) || size !== body.byteLength) return undefined;
  const type = (headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (!COMPRESSIBLE.has(type)) return undefined;
  const encoding = input.acceptEncoding.startsWith('br') ? 'br' : 'gzip';
  let forms = made.get(body);
  if (forms === undefined) {
    forms = {};
    made.set(body, forms);
  }
  let compressed = forms[encoding];
  if (compressed === undefined) {
    compressed =
      encoding === 'br'
        ? brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_SIZE_HINT]: body.byteLength } })
        : gzipSync(body);
    forms[encoding] = compressed;
    originals.set(compressed, body);
  }
  const out: HeaderMap = {
    ...headers,
    'content-encoding': encoding,
    'content-length': String(compressed.byteLength),
  };
  const etag = headers.etag;
  if (etag !== undefined) {
    if (etag.startsWith('"')) out.etag = `W/${etag}`;
    else if (!etag.startsWith('W/')) delete out.etag;
  }
  return { headers: out, body: compressed, encoding };
}

/**
 * The body as `fetch` hands it to the caller: decoded, while the headers keep `Content-Encoding`
 * (WHATWG fetch decodes gzip and br). Bodies compressed here map back to their original at no cost.
 */
export function decodedBody(headers: HeaderMap, body: Uint8Array): Uint8Array {
  const encoding = headers['content-encoding'];
  if (encoding !== 'br' && encoding !== 'gzip') return body;
  const original = originals.get(body);
  if (original !== undefined) return original;
  try {
    return encoding === 'br' ? brotliDecompressSync(body) : gunzipSync(body);
  } catch {
    // Not really encoded as it claims: hand it over as is, as a lenient client would.
    return body;
  }
}
