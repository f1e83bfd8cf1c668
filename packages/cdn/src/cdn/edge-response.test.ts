import { describe, expect, it } from 'vitest';
import { EdgeResponse } from './edge-response.js';

const body = () => new TextEncoder().encode('{"a":1}');

describe('EdgeResponse', () => {
  it('is a Response to instanceof and to every member', async () => {
    const response: Response = new EdgeResponse(
      200,
      { 'content-type': 'application/json', etag: '"x"' },
      body(),
    );
    expect(response).toBeInstanceOf(Response);
    expect(response.status).toBe(200);
    expect(response.ok).toBe(true);
    expect(response.statusText).toBe('OK');
    expect(response.headers.get('ETag')).toBe('"x"');
    expect(response.bodyUsed).toBe(false);
    expect(await response.clone().json()).toEqual({ a: 1 });
    expect(await response.text()).toBe('{"a":1}');
    expect(response.bodyUsed).toBe(true);
    await expect(response.text()).rejects.toThrow(TypeError);
  });

  it('has a null body for bodiless answers, and a readable stream otherwise', async () => {
    expect(new EdgeResponse(304, {}, null).body).toBeNull();
    const reader = new EdgeResponse(200, {}, body()).body?.getReader();
    expect((await reader?.read())?.value).toEqual(body());
  });

  it('exposes the plain header record for edgecase matchers only', () => {
    expect(EdgeResponse.headerRecord(new EdgeResponse(404, { age: '3' }, null))).toEqual({ age: '3' });
    expect(EdgeResponse.headerRecord(new Response('x'))).toBeUndefined();
  });
});

describe('EdgeResponse.wire', () => {
  it('gives the compressed bytes for a body the edge compressed, and the response itself otherwise', async () => {
    const { compressAtEdge } = await import('../cache/compression.js');
    const text = new TextEncoder().encode('<p>x</p>'.repeat(300));
    const compressed = compressAtEdge({
      status: 200,
      headers: { 'content-type': 'text/html', 'content-length': String(text.byteLength) },
      body: text,
      ttlMs: 1000,
      acceptEncoding: 'gzip',
    });
    const response = new EdgeResponse(200, compressed?.headers ?? {}, compressed?.body ?? null);
    const wire = EdgeResponse.wire(response);
    expect(wire).not.toBe(response);
    expect(new Uint8Array(await wire.arrayBuffer())).toEqual(new Uint8Array(compressed?.body ?? []));
    expect(await response.text()).toBe('<p>x</p>'.repeat(300));
    const plain = new EdgeResponse(200, {}, text);
    expect(EdgeResponse.wire(plain)).toBe(plain);
  });
});
