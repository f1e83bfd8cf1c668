import { describe, expect, it } from 'vitest';
import { createCdn } from '../cdn/cdn.js';
import type { CacheBehaviorOptions, OriginOptions } from '../options/config-types.js';
import type { OriginRequest, OriginResponse } from '../origin/types.js';

/** A custom origin that records what CloudFront sent it and answers 200 with a counter. */
function recordingOrigin(kind: 's3' | 'custom' = 'custom') {
  const seen: OriginRequest[] = [];
  return {
    seen,
    origin: {
      kind,
      name: 'recording',
      fetch: async (request: OriginRequest): Promise<OriginResponse> => {
        seen.push(request);
        return {
          status: 200,
          headers: { 'cache-control': 'max-age=60', 'x-n': String(seen.length) },
          body: new TextEncoder().encode('ok'),
        };
      },
    },
  };
}

function cdnWith(
  behavior: Omit<CacheBehaviorOptions, 'pathPattern'>,
  origin: Partial<OriginOptions> = {},
  kind: 's3' | 'custom' = 'custom',
) {
  const rec = recordingOrigin(kind);
  const cdn = createCdn({
    origin: { origin: rec.origin, ...origin },
    defaultCacheBehavior: behavior,
    topology: { pops: [{ id: 'SFO5', region: 'us-west-1', servers: 1 }] },
  });
  return { cdn, seen: rec.seen };
}

describe('origin request policies (§15)', () => {
  it('CORS-S3Origin forwards Origin and the preflight headers without keying on them', async () => {
    const { cdn, seen } = cdnWith({ originRequestPolicy: 'CORS-S3Origin' }, {}, 's3');
    await cdn.fetch('/font.woff2', {
      headers: { origin: 'https://app.example', 'access-control-request-method': 'GET', referer: 'x' },
    });
    expect(seen[0]?.headers).toMatchObject({
      origin: 'https://app.example',
      'access-control-request-method': 'GET',
      'user-agent': 'Amazon CloudFront',
    });
    expect(seen[0]?.headers.referer).toBeUndefined();
    // Not keyed: a request from another origin is a hit on the same object.
    const second = await cdn.fetch('/font.woff2', { headers: { origin: 'https://other.example' } });
    expect(second.headers.get('x-cache')).toBe('Hit from cloudfront');
    expect(seen).toHaveLength(1);
  });

  it('is found by its managed id and its Managed- name', async () => {
    const byId = cdnWith({ originRequestPolicy: '88a5eaf4-2fd4-4709-b370-b4c650ea3fcf' });
    expect(byId.cdn.distribution.behaviors[0]?.originRequestPolicy?.name).toBe('Managed-CORS-S3Origin');
    const byName = cdnWith({ originRequestPolicy: 'Managed-UserAgentRefererHeaders' });
    await byName.cdn.fetch('/a', { headers: { 'user-agent': 'Firefox', referer: 'https://r.example/' } });
    expect(byName.seen[0]?.headers).toMatchObject({ 'user-agent': 'Firefox', referer: 'https://r.example/' });
  });

  it('AllViewer forwards headers, cookies and the query; the key stays the path', async () => {
    const { cdn, seen } = cdnWith({ originRequestPolicy: 'AllViewer' });
    await cdn.fetch('/a?b=2&a=1', {
      headers: { cookie: 'z=1; a=2', 'x-custom': 'v', host: 'd111111abcdef8.cloudfront.net' },
    });
    expect(seen[0]).toMatchObject({ path: '/a', query: 'b=2&a=1' });
    expect(seen[0]?.headers).toMatchObject({ cookie: 'a=2; z=1', 'x-custom': 'v' });
    const again = await cdn.fetch('/a?c=3', { headers: { cookie: 'q=9' } });
    expect(again.headers.get('x-cache')).toBe('Hit from cloudfront');
  });

  it('a custom policy forwards what it lists, and the union with the cache policy', async () => {
    const { cdn, seen } = cdnWith({
      cachePolicy: {
        parametersInCacheKeyAndForwardedToOrigin: {
          queryStringsConfig: { queryStringBehavior: 'whitelist', queryStrings: ['v'] },
        },
      },
      originRequestPolicy: {
        headersConfig: { headerBehavior: 'whitelist', headers: ['X-Tenant'] },
        cookiesConfig: { cookieBehavior: 'whitelist', cookies: ['session'] },
        queryStringsConfig: { queryStringBehavior: 'whitelist', queryStrings: ['utm'] },
      },
    });
    await cdn.fetch('/a?utm=x&v=1&other=2', { headers: { 'x-tenant': 't1', cookie: 'session=s; other=o' } });
    expect(seen[0]).toMatchObject({ query: 'utm=x&v=1' });
    expect(seen[0]?.headers).toMatchObject({ 'x-tenant': 't1', cookie: 'session=s' });
  });

  it('refuses Authorization in a whitelist, with a typed error', () => {
    expect(() =>
      cdnWith({
        originRequestPolicy: { headersConfig: { headerBehavior: 'whitelist', headers: ['Authorization'] } },
      }),
    ).toThrowError(expect.objectContaining({ code: 'InvalidOriginRequestPolicy' }));
    expect(() => cdnWith({ originRequestPolicy: 'CORS-S4Origin' })).toThrowError(
      expect.objectContaining({ code: 'NoSuchOriginRequestPolicy' }),
    );
  });
});

describe('origin custom headers and OriginPath (§15)', () => {
  it('custom headers overwrite a viewer header of the same name', async () => {
    const { cdn, seen } = cdnWith(
      { originRequestPolicy: 'AllViewer' },
      { customHeaders: { 'X-Secret': 'from-cloudfront' } },
    );
    await cdn.fetch('/a', { headers: { 'x-secret': 'from-viewer' } });
    expect(seen[0]?.headers['x-secret']).toBe('from-cloudfront');
  });

  it('refuses the header names CloudFront disallows', () => {
    for (const name of ['Host', 'Cache-Control', 'X-Amz-Date', 'X-Edge-Location', 'If-Match']) {
      expect(() => cdnWith({}, { customHeaders: { [name]: 'v' } }), name).toThrowError(
        expect.objectContaining({ code: 'InvalidOrigin' }),
      );
    }
  });

  it("OriginPath is put in front of the origin request path; the key and trace path stay the viewer's", async () => {
    const { cdn, seen } = cdnWith({}, { originPath: '/production' });
    await cdn.fetch('/acme/index.html');
    expect(seen[0]?.path).toBe('/production/acme/index.html');
    expect(cdn.inspect('/acme/index.html').key).toBe('d111111abcdef8.cloudfront.net/acme/index.html');
  });

  it('OriginPath must begin with "/" and not end with "/"', () => {
    for (const originPath of ['production', '/production/', '/a b', '/']) {
      expect(() => cdnWith({}, { originPath }), originPath).toThrowError(
        expect.objectContaining({ code: 'InvalidOrigin' }),
      );
    }
  });
});
