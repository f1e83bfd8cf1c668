import { describe, expect, it } from 'vitest';
import type { Origin } from '../origin/types.js';
import { managedCachePolicies } from '../policy/managed-cache-policies.js';
import { DEFAULT_ERROR_CACHING_MIN_TTL_MS } from './custom-error-responses.js';
import { DEFAULT_DOMAIN_NAME, resolveDistribution } from './distribution.js';

const fakeOrigin = (kind: 's3' | 'custom' = 's3', name = 'fake'): Origin => ({
  kind,
  name,
  fetch: async () => ({ status: 200, headers: {}, body: new Uint8Array() }),
});

describe('resolveDistribution: defaults', () => {
  it('fills in CloudFront’s defaults for a single origin', () => {
    const origin = fakeOrigin();
    const d = resolveDistribution({ origin });
    expect(d.domainName).toBe(DEFAULT_DOMAIN_NAME);
    expect(d.domainName).toBe('d111111abcdef8.cloudfront.net');
    expect(d.aliases).toEqual([]);
    expect(d.defaultRootObject).toBeUndefined();
    expect(d.customErrorResponses.size).toBe(0);
    expect([...d.origins.values()]).toEqual([
      {
        id: 'origin',
        origin,
        kind: 's3',
        region: undefined,
        shieldRegion: undefined,
        connectionAttempts: 3,
        connectionTimeoutMs: 10_000,
        readTimeoutMs: 30_000,
        originPath: '',
        customHeaders: {},
        originProtocolPolicy: undefined,
        httpPort: 80,
        httpsPort: 443,
      },
    ]);
    expect(d.behaviors).toHaveLength(1);
    const [b] = d.behaviors;
    expect(b).toMatchObject({
      index: 0,
      pathPattern: '*',
      isDefault: true,
      targetOriginId: 'origin',
      targetOriginKind: 's3',
      viewerProtocolPolicy: 'allow-all',
      compress: true,
    });
    expect(b?.cachePolicy).toBe(managedCachePolicies.CachingOptimized);
    expect([...(b?.allowedMethods ?? [])]).toEqual(['GET', 'HEAD']);
    expect([...(b?.cachedMethods ?? [])]).toEqual(['GET', 'HEAD']);
  });

  it('accepts OriginOptions with every setting, including the limits of each range', () => {
    const d = resolveDistribution({
      origins: {
        bucket: {
          origin: fakeOrigin('s3'),
          region: 'eu-west-1',
          originShield: { enabled: true, originShieldRegion: 'eu-west-1' },
          connectionAttempts: 1,
          connectionTimeout: 1,
          originReadTimeout: 30,
        },
        api: {
          origin: fakeOrigin('custom'),
          connectionTimeout: '10s',
          originReadTimeout: 120,
          originShield: { enabled: false },
        },
      },
      defaultCacheBehavior: { targetOriginId: 'bucket' },
    });
    expect(d.origins.get('bucket')).toMatchObject({
      kind: 's3',
      region: 'eu-west-1',
      shieldRegion: 'eu-west-1',
      connectionAttempts: 1,
      connectionTimeoutMs: 1000,
      readTimeoutMs: 30_000,
    });
    expect(d.origins.get('api')).toMatchObject({
      kind: 'custom',
      shieldRegion: undefined,
      connectionTimeoutMs: 10_000,
      readTimeoutMs: 120_000,
    });
    expect([...d.origins.keys()]).toEqual(['bucket', 'api']);
  });

  it('treats an empty defaultRootObject like an absent one (as get-distribution-config prints it)', () => {
    expect(
      resolveDistribution({ origin: fakeOrigin(), defaultRootObject: '' }).defaultRootObject,
    ).toBeUndefined();
    expect(
      resolveDistribution({ origin: fakeOrigin(), defaultRootObject: 'index.html' }).defaultRootObject,
    ).toBe('index.html');
  });

  it('lower-cases the domain name and aliases, and accepts wildcard aliases', () => {
    const d = resolveDistribution({
      origin: fakeOrigin(),
      domainName: 'D2ABC.CloudFront.net',
      aliases: ['www.Example.com', '*.example.com'],
    });
    expect(d.domainName).toBe('d2abc.cloudfront.net');
    expect(d.aliases).toEqual(['www.example.com', '*.example.com']);
  });
});

describe('resolveDistribution: behaviours', () => {
  const d = resolveDistribution({
    origins: { site: fakeOrigin('s3'), api: fakeOrigin('custom') },
    defaultCacheBehavior: { targetOriginId: 'site' },
    cacheBehaviors: [
      {
        pathPattern: '/api/*',
        targetOriginId: 'api',
        cachePolicy: 'CachingDisabled',
        allowedMethods: ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'],
        cachedMethods: ['OPTIONS', 'HEAD', 'GET'],
        viewerProtocolPolicy: 'https-only',
      },
      { pathPattern: 'api/v1/special', targetOriginId: 'site' },
      {
        pathPattern: '*.jpg',
        targetOriginId: 'site',
        compress: false,
        cachePolicy: { name: 'images', defaultTTL: '7d', maxTTL: '30d' },
      },
    ],
  });

  it('selects the first matching behaviour in list order and the default last', () => {
    expect(d.selectBehavior('/api/v1/special').index).toBe(0);
    expect(d.selectBehavior('/images/a.jpg').index).toBe(2);
    expect(d.selectBehavior('/api/a.jpg').index).toBe(0);
    expect(d.selectBehavior('/index.html')).toMatchObject({ index: 3, isDefault: true, pathPattern: '*' });
    expect(d.selectBehavior('/')).toBe(d.behaviors[3]);
  });

  it('ignores the query string when selecting', () => {
    expect(d.selectBehavior('/a.jpg?size=large').index).toBe(2);
    expect(d.selectBehavior('/page?x=/api/').isDefault).toBe(true);
  });

  it('matches case-sensitively', () => {
    expect(d.selectBehavior('/API/x').isDefault).toBe(true);
    expect(d.selectBehavior('/a.JPG').isDefault).toBe(true);
  });

  it('resolves each behaviour’s methods, protocol policy, cache policy and target', () => {
    const [api, , images] = d.behaviors;
    expect(api).toMatchObject({
      targetOriginId: 'api',
      targetOriginKind: 'custom',
      viewerProtocolPolicy: 'https-only',
    });
    expect(api?.allowedMethods.size).toBe(7);
    expect([...(api?.cachedMethods ?? [])]).toEqual(['GET', 'HEAD', 'OPTIONS']);
    expect(api?.cachePolicy).toBe(managedCachePolicies.CachingDisabled);
    expect(images).toMatchObject({ compress: false, targetOriginKind: 's3' });
    expect(images?.cachePolicy).toMatchObject({
      name: 'images',
      managed: false,
      minTtlMs: 0,
      defaultTtlMs: 604_800_000,
      maxTtlMs: 2_592_000_000,
    });
  });

  it('allows exactly 75 cache behaviours', () => {
    const cacheBehaviors = Array.from({ length: 75 }, (_, i) => ({ pathPattern: `/p${i}/*` }));
    expect(resolveDistribution({ origin: fakeOrigin(), cacheBehaviors }).behaviors).toHaveLength(76);
  });
});

describe('resolveDistribution: custom error responses', () => {
  it('keys them by code, with the 10 s default and an explicit 0 kept apart', () => {
    const d = resolveDistribution({
      origin: fakeOrigin(),
      customErrorResponses: [
        { errorCode: 403, responsePagePath: '/index.html', responseCode: 200 },
        { errorCode: 404, errorCachingMinTTL: 0 },
        { errorCode: 503, errorCachingMinTTL: '1m' },
        { errorCode: 500, errorCachingMinTTL: 5 },
      ],
    });
    expect(DEFAULT_ERROR_CACHING_MIN_TTL_MS).toBe(10_000);
    expect(d.customErrorResponses.get(403)).toEqual({
      errorCode: 403,
      responsePagePath: '/index.html',
      responseCode: 200,
      errorCachingMinTtlMs: 10_000,
    });
    expect(d.customErrorResponses.get(404)).toEqual({
      errorCode: 404,
      responsePagePath: undefined,
      responseCode: undefined,
      errorCachingMinTtlMs: 0,
    });
    expect(d.customErrorResponses.get(503)?.errorCachingMinTtlMs).toBe(60_000);
    expect(d.customErrorResponses.get(500)?.errorCachingMinTtlMs).toBe(5000);
    expect(d.customErrorResponses.has(502)).toBe(false);
  });
});
