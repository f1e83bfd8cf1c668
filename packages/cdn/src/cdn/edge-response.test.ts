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
