import { describe, expect, it } from 'vitest';
import { resolveDistribution } from '../distribution/distribution.js';
import type { CachePolicyInput, ResolvedBehavior } from '../options/config-types.js';
import type { HeaderMap, Origin } from '../origin/types.js';
import { type CacheKeyRequest, computeCacheKey } from './cache-key.js';

const DOMAIN = 'd111111abcdef8.cloudfront.net';

const fakeOrigin = (kind: 's3' | 'custom'): Origin => ({
  kind,
  name: kind,
  fetch: async () => ({ status: 200, headers: {}, body: new Uint8Array() }),
});

function behaviorWith(cachePolicy: CachePolicyInput, kind: 's3' | 'custom' = 'custom'): ResolvedBehavior {
  const d = resolveDistribution({ origin: fakeOrigin(kind), defaultCacheBehavior: { cachePolicy } });
  return d.behaviors[0] as ResolvedBehavior;
}

const req = (path: string, query = '', headers: HeaderMap = {}, method = 'GET'): CacheKeyRequest => ({
  method,
  path,
  query,
  headers,
});

const optimized = behaviorWith('CachingOptimized');
const keyOf = (b: ResolvedBehavior, r: CacheKeyRequest) => computeCacheKey(r, b, DOMAIN).key;

describe('computeCacheKey: the default key (§5)', () => {
  it('is the domain name and path, with normalised Accept-Encoding', () => {
    const k = computeCacheKey(
      req('/a.png', 'v=1', { 'accept-encoding': 'gzip, deflate, br', 'user-agent': 'x' }),
      optimized,
      DOMAIN,
    );
    expect(k).toEqual({
      key: `${DOMAIN}/a.png\nae:br,gzip`,
      keyQuery: '',
      originQuery: '',
      originHeaders: { 'accept-encoding': 'br,gzip' },
      acceptEncoding: 'br,gzip',
    });
  });

  it('is case-sensitive in the path and ignores the query, cookies and other headers', () => {
    expect(keyOf(optimized, req('/A.png'))).not.toBe(keyOf(optimized, req('/a.png')));
    expect(keyOf(optimized, req('/a.png', 'x=1', { cookie: 'a=1', authorization: 'x' }))).toBe(
      keyOf(optimized, req('/a.png')),
    );
  });

  it('leaves Accept-Encoding out when the viewer accepts neither format and asks the origin for identity', () => {
    for (const headers of [
      {},
      { 'accept-encoding': 'deflate' },
      { 'accept-encoding': 'gzip;q=0' },
    ] as HeaderMap[]) {
      const k = computeCacheKey(req('/a'), optimized, DOMAIN);
      const k2 = computeCacheKey(req('/a', '', headers), optimized, DOMAIN);
      expect(k2.key).toBe(`${DOMAIN}/a`);
      expect(k2.key).toBe(k.key);
      expect(k2.acceptEncoding).toBeUndefined();
      expect(k2.originHeaders).toEqual({ 'accept-encoding': 'identity' });
    }
  });

  it('does not touch Accept-Encoding when the policy enables neither format', () => {
    const b = behaviorWith('CachingOptimizedForUncompressedObjects');
    const k = computeCacheKey(req('/a', '', { 'accept-encoding': 'gzip, br' }), b, DOMAIN);
    expect(k).toMatchObject({ key: `${DOMAIN}/a`, acceptEncoding: undefined, originHeaders: {} });
  });

  it('normalises to gzip alone when only gzip is enabled', () => {
    const b = behaviorWith('Elemental-MediaPackage');
    expect(computeCacheKey(req('/a', '', { 'accept-encoding': 'br, gzip' }), b, DOMAIN).acceptEncoding).toBe(
      'gzip',
    );
  });

  it('shares a key between GET and HEAD and keys OPTIONS apart', () => {
    const get = keyOf(optimized, req('/a'));
    expect(keyOf(optimized, req('/a', '', {}, 'HEAD'))).toBe(get);
    expect(keyOf(optimized, req('/a', '', {}, 'OPTIONS'))).toBe(`OPTIONS ${get}`);
  });

  it('does not depend on the protocol or the Host the viewer used', () => {
    expect(
      keyOf(optimized, req('/a', '', { host: 'www.example.com', 'cloudfront-forwarded-proto': 'http' })),
    ).toBe(keyOf(optimized, req('/a')));
  });

  it('follows the domain name it is given, also for paths it has keyed before', () => {
    expect(keyOf(optimized, req('/memo'))).toBe(`${DOMAIN}/memo`);
    expect(computeCacheKey(req('/memo'), optimized, 'other.example').key).toBe('other.example/memo');
    expect(keyOf(optimized, req('/memo'))).toBe(`${DOMAIN}/memo`);
  });

  it('reuses frozen origin header maps on the hot path', () => {
    const a = computeCacheKey(req('/a', '', { 'accept-encoding': 'gzip' }), optimized, DOMAIN);
    const b = computeCacheKey(req('/b', '', { 'accept-encoding': 'gzip' }), optimized, DOMAIN);
    expect(a.originHeaders).toBe(b.originHeaders);
    expect(Object.isFrozen(a.originHeaders)).toBe(true);
  });
});

describe('computeCacheKey: query strings (§5 QueryStringParameters)', () => {
  const all = behaviorWith({
    parametersInCacheKeyAndForwardedToOrigin: { queryStringsConfig: { queryStringBehavior: 'all' } },
  });
  const some = behaviorWith({
    parametersInCacheKeyAndForwardedToOrigin: {
      queryStringsConfig: { queryStringBehavior: 'whitelist', queryStrings: ['a', 'b'] },
    },
  });

  it('keeps order and case, so reordered parameters are different keys', () => {
    const k = computeCacheKey(req('/p', 'b=2&a=1'), all, DOMAIN);
    expect(k).toMatchObject({ key: `${DOMAIN}/p?b=2&a=1`, keyQuery: 'b=2&a=1', originQuery: 'b=2&a=1' });
    expect(keyOf(all, req('/p', 'a=1&b=2'))).not.toBe(k.key);
    expect(keyOf(all, req('/p', 'A=1'))).not.toBe(keyOf(all, req('/p', 'a=1')));
  });

  it('filters listed parameters and forwards only those', () => {
    const k = computeCacheKey(req('/p', 'utm=x&b=2&a=1'), some, DOMAIN);
    expect(k).toMatchObject({ keyQuery: 'b=2&a=1', originQuery: 'b=2&a=1' });
    expect(keyOf(some, req('/p', 'utm=y&b=2&a=1'))).toBe(k.key);
  });

  it('gives no ? when nothing is kept', () => {
    expect(computeCacheKey(req('/p', 'utm=x'), some, DOMAIN)).toMatchObject({
      key: `${DOMAIN}/p`,
      keyQuery: '',
      originQuery: '',
    });
    expect(keyOf(all, req('/p', ''))).toBe(`${DOMAIN}/p`);
  });
});

describe('computeCacheKey: headers and cookies (§5)', () => {
  const tenant = behaviorWith({
    parametersInCacheKeyAndForwardedToOrigin: {
      enableAcceptEncodingBrotli: false,
      headersConfig: { headerBehavior: 'whitelist', headers: ['X-Tenant', 'Origin'] },
      cookiesConfig: { cookieBehavior: 'whitelist', cookies: ['session', 'theme'] },
    },
  });

  it('keys and forwards listed headers by value, case-sensitively, sorted by name', () => {
    const k = computeCacheKey(
      req('/p', 'q=1', { 'x-tenant': 'Acme', origin: 'https://a.example', 'accept-encoding': 'gzip, br' }),
      tenant,
      DOMAIN,
    );
    expect(k.key).toBe(`${DOMAIN}/p\nh:origin=https://a.example\nh:x-tenant=Acme\nae:gzip`);
    expect(k.originHeaders).toEqual({
      'accept-encoding': 'gzip',
      origin: 'https://a.example',
      'x-tenant': 'Acme',
    });
    expect(k.originQuery).toBe('');
    expect(keyOf(tenant, req('/p', '', { 'x-tenant': 'acme' }))).not.toBe(
      keyOf(tenant, req('/p', '', { 'x-tenant': 'Acme' })),
    );
  });

  it('tells a header sent empty from one not sent', () => {
    expect(keyOf(tenant, req('/p', '', { 'x-tenant': '' }))).not.toBe(keyOf(tenant, req('/p')));
  });

  it('keys listed cookies sorted by name and forwards them so', () => {
    const k = computeCacheKey(
      req('/p', '', { cookie: 'theme=dark; tracking=1; session=S1' }),
      tenant,
      DOMAIN,
    );
    expect(k.key).toBe(`${DOMAIN}/p\nc:session=S1; theme=dark`);
    expect(k.originHeaders).toEqual({ 'accept-encoding': 'identity', cookie: 'session=S1; theme=dark' });
    expect(keyOf(tenant, req('/p', '', { cookie: 'session=S1;theme=dark' }))).toBe(k.key);
    expect(keyOf(tenant, req('/p', '', { cookie: 'session=s1; theme=dark' }))).not.toBe(k.key);
  });

  it('puts Host in the key for custom origins only (§5: never for S3 origins)', () => {
    const custom = behaviorWith('UseOriginCacheControlHeaders', 'custom');
    const s3 = behaviorWith('UseOriginCacheControlHeaders', 's3');
    const headers = { host: 'www.example.com' };
    expect(computeCacheKey(req('/p', '', headers), custom, DOMAIN)).toMatchObject({
      key: `${DOMAIN}/p\nh:host=www.example.com`,
      originHeaders: { host: 'www.example.com' },
    });
    const k = computeCacheKey(req('/p', '', headers), s3, DOMAIN);
    expect(k.key).toBe(`${DOMAIN}/p`);
    expect(k.originHeaders).not.toHaveProperty('host');
  });

  it('treats a behaviour without targetOriginKind as a custom origin', () => {
    const { targetOriginKind: _, ...handMade } = behaviorWith('Amplify', 's3');
    expect(keyOf(handMade, req('/p', '', { host: 'h.example' }))).toContain('\nh:host=h.example');
  });
});
