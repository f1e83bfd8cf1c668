import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { compressAtEdge } from './compression.js';

const text = new TextEncoder().encode('<p>hello</p>'.repeat(200));
const base = {
  status: 200,
  headers: {
    'content-type': 'text/html; charset=utf-8',
    'content-length': String(text.byteLength),
    etag: '"abc"',
  },
  body: text,
  ttlMs: 60_000,
  acceptEncoding: 'br,gzip' as const,
};

describe('compressAtEdge (§5 ServingCompressedFiles)', () => {
  it('prefers Brotli, weakens a strong ETag and sets the new length', () => {
    const out = compressAtEdge(base);
    expect(out?.encoding).toBe('br');
    expect(out?.headers).toMatchObject({ 'content-encoding': 'br', etag: 'W/"abc"' });
    expect(Number(out?.headers['content-length'])).toBe(out?.body.byteLength);
    expect(brotliDecompressSync(out?.body ?? new Uint8Array())).toEqual(Buffer.from(text));
  });

  it('uses gzip when that is all the viewer accepts, and shares the compressed body', () => {
    const a = compressAtEdge({ ...base, acceptEncoding: 'gzip' });
    const b = compressAtEdge({ ...base, acceptEncoding: 'gzip' });
    expect(a?.encoding).toBe('gzip');
    expect(gunzipSync(a?.body ?? new Uint8Array())).toEqual(Buffer.from(text));
    expect(a?.body).toBe(b?.body);
  });

  it('keeps a weak ETag and removes an invalid one', () => {
    expect(compressAtEdge({ ...base, headers: { ...base.headers, etag: 'W/"x"' } })?.headers.etag).toBe(
      'W/"x"',
    );
    expect(
      compressAtEdge({ ...base, headers: { ...base.headers, etag: 'abc' } })?.headers.etag,
    ).toBeUndefined();
  });

  it.each([
    ['a viewer that accepts neither', { acceptEncoding: undefined }],
    ['a TTL of 0', { ttlMs: 0 }],
    ['a 500', { status: 500 }],
    [
      'an object under 1,000 bytes',
      { body: text.subarray(0, 999), headers: { ...base.headers, 'content-length': '999' } },
    ],
    ['no Content-Length', { headers: { 'content-type': 'text/html' } }],
    ['an image', { headers: { ...base.headers, 'content-type': 'image/png' } }],
    ['an origin Content-Encoding', { headers: { ...base.headers, 'content-encoding': 'identity' } }],
  ])('does not compress for %s', (_, change) => {
    expect(compressAtEdge({ ...base, ...change } as typeof base)).toBeUndefined();
  });

  it('compresses 403 and 404 pages too', () => {
    expect(compressAtEdge({ ...base, status: 404 })?.encoding).toBe('br');
    expect(compressAtEdge({ ...base, status: 403 })?.encoding).toBe('br');
  });
});
