import { describe, expect, it } from 'vitest';
import { parseCacheControl } from './cache-control.js';

describe('parseCacheControl', () => {
  it('reads directives case-insensitively', () => {
    expect(parseCacheControl('Max-Age=60, S-MAXAGE=120, No-Store')).toMatchObject({
      maxAgeSeconds: 60,
      sMaxAgeSeconds: 120,
      noStore: true,
    });
  });
  it('tells 0 from absent', () => {
    expect(parseCacheControl('max-age=0').maxAgeSeconds).toBe(0);
    expect(parseCacheControl('public').maxAgeSeconds).toBeUndefined();
    expect(parseCacheControl(undefined).maxAgeSeconds).toBeUndefined();
  });
  it('ignores malformed values', () => {
    expect(parseCacheControl('max-age=abc, s-maxage=-1').maxAgeSeconds).toBeUndefined();
    expect(parseCacheControl('max-age=abc, s-maxage=-1').sMaxAgeSeconds).toBeUndefined();
  });
  it('keeps field-qualified no-cache apart from bare no-cache', () => {
    const cc = parseCacheControl('no-cache="Set-Cookie, X-Foo", max-age=10');
    expect(cc.noCache).toBe(false);
    expect(cc.noCacheFields).toEqual(['set-cookie', 'x-foo']);
    expect(cc.maxAgeSeconds).toBe(10);
  });
  it('reads stale windows', () => {
    expect(parseCacheControl('stale-while-revalidate=30, stale-if-error=0')).toMatchObject({
      staleWhileRevalidateSeconds: 30,
      staleIfErrorSeconds: 0,
    });
  });
});
