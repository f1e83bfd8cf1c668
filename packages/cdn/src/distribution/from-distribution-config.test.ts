import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AwsDistributionConfig } from '../options/aws-distribution-config.js';
import type { Origin } from '../origin/types.js';
import { managedCachePolicies } from '../policy/managed-cache-policies.js';
import { resolveDistribution } from './distribution.js';
import { fromDistributionConfig } from './from-distribution-config.js';

const output = JSON.parse(
  readFileSync(new URL('./fixtures/get-distribution-config.json', import.meta.url), 'utf8'),
) as {
  ETag: string;
  DistributionConfig: AwsDistributionConfig;
};

const bucket: Origin = {
  kind: 's3',
  name: 'memory:site',
  fetch: async () => ({ status: 200, headers: {}, body: new Uint8Array() }),
};

describe('fromDistributionConfig', () => {
  const options = fromDistributionConfig(output, { 'site-bucket': bucket });
  const d = resolveDistribution(options);

  it('maps the origin by Id, with its Region, Origin Shield and timeouts', () => {
    expect(options.origins).toEqual({
      'site-bucket': {
        origin: bucket,
        region: 'eu-west-1',
        originShield: { enabled: true, originShieldRegion: 'eu-west-1' },
        connectionAttempts: 3,
        connectionTimeout: 10,
      },
    });
    expect(d.origins.get('site-bucket')).toMatchObject({
      kind: 's3',
      region: 'eu-west-1',
      shieldRegion: 'eu-west-1',
      readTimeoutMs: 30_000,
    });
  });

  it('maps the /static/* behaviour to the managed CachingOptimized policy', () => {
    const [statics] = d.behaviors;
    expect(statics).toMatchObject({
      pathPattern: '/static/*',
      targetOriginId: 'site-bucket',
      viewerProtocolPolicy: 'redirect-to-https',
      compress: true,
    });
    expect(statics?.cachePolicy).toBe(managedCachePolicies.CachingOptimized);
    expect([...(statics?.allowedMethods ?? [])].sort()).toEqual(['GET', 'HEAD', 'OPTIONS']);
    expect(d.selectBehavior('/static/app.js')).toBe(statics);
  });

  it('turns the default behaviour’s legacy TTLs and forwarded values into an equivalent custom policy', () => {
    const def = d.behaviors[1];
    expect(def?.isDefault).toBe(true);
    expect(def?.cachePolicy).toMatchObject({
      managed: false,
      minTtlMs: 0,
      defaultTtlMs: 300_000,
      maxTtlMs: 3_600_000,
      gzip: true,
      brotli: false,
    });
    expect(def?.cachePolicy.queryStrings.behavior).toBe('none');
    expect(def?.cachePolicy.cookies.behavior).toBe('none');
    expect(def?.cachePolicy.headers.behavior).toBe('none');
  });

  it('maps custom error responses, aliases and the default root object, reading "" as unset', () => {
    expect(d.customErrorResponses.get(403)).toEqual({
      errorCode: 403,
      responsePagePath: '/index.html',
      responseCode: 200,
      errorCachingMinTtlMs: 10_000,
    });
    expect(d.customErrorResponses.get(500)).toEqual({
      errorCode: 500,
      responsePagePath: undefined,
      responseCode: undefined,
      errorCachingMinTtlMs: 0,
    });
    expect(d.aliases).toEqual(['www.example.com']);
    expect(d.defaultRootObject).toBe('index.html');
    expect(d.domainName).toBe('d111111abcdef8.cloudfront.net');
  });

  it('accepts the bare DistributionConfig and the get-distribution output, taking its DomainName', () => {
    expect(fromDistributionConfig(output.DistributionConfig, { 'site-bucket': bucket })).toEqual(options);
    const viaGetDistribution = fromDistributionConfig(
      {
        ETag: 'E1',
        Distribution: {
          DomainName: 'd2example.cloudfront.net',
          DistributionConfig: output.DistributionConfig,
        },
      },
      { 'site-bucket': bucket },
    );
    expect(resolveDistribution(viaGetDistribution).domainName).toBe('d2example.cloudfront.net');
  });

  it('maps legacy forwarded values: query string keys, whitelisted cookies and headers', () => {
    const legacy = fromDistributionConfig(
      {
        Origins: {
          Quantity: 1,
          Items: [
            { Id: 'api', DomainName: 'api.example.com', CustomOriginConfig: { OriginReadTimeout: 60 } },
          ],
        },
        DefaultCacheBehavior: {
          TargetOriginId: 'api',
          ViewerProtocolPolicy: 'https-only',
          ForwardedValues: {
            QueryString: true,
            QueryStringCacheKeys: { Quantity: 1, Items: ['page'] },
            Cookies: { Forward: 'whitelist', WhitelistedNames: { Quantity: 1, Items: ['session'] } },
            Headers: { Quantity: 1, Items: ['Origin'] },
          },
          MinTTL: 0,
        },
      },
      { api: { ...bucket, kind: 'custom' } },
    );
    const [b] = resolveDistribution(legacy).behaviors;
    expect(b?.compress).toBe(false);
    expect(b?.cachePolicy.queryStrings).toEqual({ behavior: 'whitelist', names: new Set(['page']) });
    expect(b?.cachePolicy.cookies).toEqual({ behavior: 'whitelist', names: new Set(['session']) });
    expect(b?.cachePolicy.headers).toEqual({ behavior: 'whitelist', names: new Set(['origin']) });
    expect(b?.cachePolicy.defaultTtlMs).toBe(86_400_000);
    expect(resolveDistribution(legacy).origins.get('api')?.readTimeoutMs).toBe(60_000);
  });

  it('turns forwarding all headers into caching off (§1.3 legacy)', () => {
    const all = fromDistributionConfig(
      {
        Origins: { Quantity: 1, Items: [{ Id: 'o', DomainName: 'o.example.com' }] },
        DefaultCacheBehavior: {
          TargetOriginId: 'o',
          ForwardedValues: { Headers: { Quantity: 1, Items: ['*'] } },
          MinTTL: 0,
          DefaultTTL: 86_400,
          MaxTTL: 31_536_000,
        },
      },
      { o: bucket },
    );
    const policy = resolveDistribution(all).behaviors[0]?.cachePolicy;
    expect([policy?.minTtlMs, policy?.defaultTtlMs, policy?.maxTtlMs]).toEqual([0, 0, 0]);
  });

  it('uses a custom cache policy given in the AWS shape', () => {
    const config = {
      Origins: { Quantity: 1, Items: [{ Id: 'o', DomainName: 'bucket.s3.amazonaws.com' }] },
      DefaultCacheBehavior: { TargetOriginId: 'o', CachePolicyId: 'a1b2c3d4-0000-4000-8000-000000000001' },
    };
    const opts = fromDistributionConfig(
      config,
      { o: bucket },
      {
        cachePolicies: {
          'a1b2c3d4-0000-4000-8000-000000000001': {
            ETag: 'E3',
            CachePolicyConfig: {
              Name: 'api-cache',
              MinTTL: 1,
              DefaultTTL: 60,
              MaxTTL: 600,
              ParametersInCacheKeyAndForwardedToOrigin: {
                EnableAcceptEncodingGzip: true,
                EnableAcceptEncodingBrotli: false,
                HeadersConfig: { HeaderBehavior: 'none' },
                CookiesConfig: { CookieBehavior: 'none' },
                QueryStringsConfig: {
                  QueryStringBehavior: 'allExcept',
                  QueryStrings: { Quantity: 1, Items: ['utm_source'] },
                },
              },
            },
          },
        },
      },
    );
    const d = resolveDistribution(opts);
    expect(d.behaviors[0]?.cachePolicy).toMatchObject({
      name: 'api-cache',
      minTtlMs: 1000,
      defaultTtlMs: 60_000,
      maxTtlMs: 600_000,
      gzip: true,
      brotli: false,
    });
    expect(d.behaviors[0]?.cachePolicy.queryStrings.behavior).toBe('allExcept');
    expect(d.origins.get('o')?.region).toBeUndefined();
  });

  it.each([
    ['bucket.s3.us-west-2.amazonaws.com', 'us-west-2'],
    ['bucket.s3-us-west-2.amazonaws.com', 'us-west-2'],
    ['bucket.s3-website-ap-southeast-2.amazonaws.com', 'ap-southeast-2'],
    ['bucket.s3-website.eu-central-1.amazonaws.com', 'eu-central-1'],
    ['bucket.s3.dualstack.us-east-1.amazonaws.com', 'us-east-1'],
    ['bucket.s3.amazonaws.com', undefined],
    ['origin.example.com', undefined],
  ])('reads the Region of %s as %s', (domainName, region) => {
    const opts = fromDistributionConfig(
      {
        Origins: { Quantity: 1, Items: [{ Id: 'o', DomainName: domainName }] },
        DefaultCacheBehavior: { TargetOriginId: 'o' },
      },
      { o: bucket },
    );
    expect(opts.origins?.o && 'region' in opts.origins.o ? opts.origins.o.region : undefined).toBe(region);
  });
});
