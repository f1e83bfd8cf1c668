import { describe, expect, it } from 'vitest';
import { createCdn } from '../cdn/cdn.js';
import type { EdgecaseErrorCode } from '../errors.js';
import type { DistributionOptions } from '../options/config-types.js';
import type { Origin } from '../origin/types.js';
import { resolveCachePolicy } from '../policy/cache-policy.js';
import { resolveDistribution } from './distribution.js';
import { fromDistributionConfig } from './from-distribution-config.js';
import { compilePathPattern } from './path-pattern.js';

const fake = (kind: 's3' | 'custom'): Origin => ({
  kind,
  name: kind,
  fetch: async () => ({ status: 200, headers: {}, body: new Uint8Array() }),
});
const s3 = fake('s3');
const custom = fake('custom');

/** A distribution with one S3 origin plus `extra`. */
const dist = (extra: Record<string, unknown>) => () =>
  resolveDistribution({ origin: s3, ...extra } as DistributionOptions);
const policy = (input: unknown) => () => resolveCachePolicy(input as never, 'cachePolicy');
const params = (p: unknown) => policy({ parametersInCacheKeyAndForwardedToOrigin: p });
const originWith =
  (options: Record<string, unknown>, origin: Origin = s3) =>
  () =>
    resolveDistribution({ origins: { main: { origin, ...options } } } as DistributionOptions);
const behavior = (options: Record<string, unknown>) => dist({ defaultCacheBehavior: options });
const errorResponse = (options: Record<string, unknown>) => dist({ customErrorResponses: [options] });

const cases: [name: string, run: () => unknown, code: EdgecaseErrorCode, shown: string][] = [
  // Cache policies
  ['unknown managed policy name', policy('CachingOptimised'), 'NoSuchCachePolicy', '"CachingOptimised"'],
  [
    'unknown managed policy id',
    policy('00000000-0000-0000-0000-000000000000'),
    'NoSuchCachePolicy',
    '"00000000-0000-0000-0000-000000000000"',
  ],
  ['minTTL above defaultTTL', policy({ minTTL: 100, defaultTTL: 10 }), 'InvalidCachePolicy', '"minTTL":100'],
  [
    'defaultTTL above maxTTL',
    policy({ defaultTTL: '2d', maxTTL: '1d' }),
    'InvalidCachePolicy',
    '"maxTTL":"1d"',
  ],
  ['negative minTTL', policy({ minTTL: -1 }), 'InvalidCachePolicy', '-1'],
  ['TTL with an unknown unit', policy({ maxTTL: '1y' }), 'InvalidCachePolicy', '"1y"'],
  ['misspelt policy option', policy({ defaultTtl: 5 }), 'InvalidCachePolicy', '"defaultTtl"'],
  ['headerBehavior all', params({ headersConfig: { headerBehavior: 'all' } }), 'InvalidCachePolicy', '"all"'],
  [
    'whitelist without names',
    params({ cookiesConfig: { cookieBehavior: 'whitelist', cookies: [] } }),
    'InvalidCachePolicy',
    '[]',
  ],
  [
    'none with names',
    params({ queryStringsConfig: { queryStringBehavior: 'none', queryStrings: ['page'] } }),
    'InvalidCachePolicy',
    '["page"]',
  ],
  [
    '11 query strings',
    params({
      queryStringsConfig: { queryStringBehavior: 'whitelist', queryStrings: 'abcdefghijk'.split('') },
    }),
    'InvalidCachePolicy',
    '["a","b"',
  ],
  [
    'header name with a space',
    params({ headersConfig: { headerBehavior: 'whitelist', headers: ['X Tenant'] } }),
    'InvalidCachePolicy',
    '"X Tenant"',
  ],
  ['policy given as a number', policy(42), 'InvalidCachePolicy', '42'],
  // Path patterns
  [
    'percent in a path pattern',
    () => compilePathPattern('/img/%20*', 'pathPattern'),
    'InvalidPathPattern',
    '"%"',
  ],
  [
    '256-character path pattern',
    () => compilePathPattern(`/${'a'.repeat(255)}`),
    'InvalidPathPattern',
    'aaaaaaaa',
  ],
  ['behaviour without a path pattern', dist({ cacheBehaviors: [{}] }), 'InvalidPathPattern', 'undefined'],
  [
    'duplicate path pattern',
    dist({ cacheBehaviors: [{ pathPattern: '/a/*' }, { pathPattern: 'a/*' }] }),
    'InvalidOption',
    '"a/*"',
  ],
  ['a second * behaviour', dist({ cacheBehaviors: [{ pathPattern: '*' }] }), 'InvalidOption', '"*"'],
  [
    '76 behaviours',
    dist({ cacheBehaviors: Array.from({ length: 76 }, (_, i) => ({ pathPattern: `/${i}` })) }),
    'InvalidOption',
    '76 behaviours',
  ],
  ['path pattern on the default behaviour', behavior({ pathPattern: '/x/*' }), 'InvalidOption', '"/x/*"'],
  // Distribution
  [
    'domain name with a space',
    dist({ domainName: 'my site.cloudfront.net' }),
    'InvalidOption',
    '"my site.cloudfront.net"',
  ],
  [
    'alias with a trailing dash',
    dist({ aliases: ['www-.example.com'] }),
    'InvalidOption',
    '"www-.example.com"',
  ],
  [
    'duplicate alias',
    dist({ aliases: ['a.example.com', 'A.example.com'] }),
    'InvalidOption',
    '"A.example.com"',
  ],
  ['misspelt distribution option', dist({ defaultBehavior: {} }), 'InvalidOption', '"defaultBehavior"'],
  [
    'defaultRootObject with a leading slash',
    dist({ defaultRootObject: '/index.html' }),
    'InvalidOption',
    '"/index.html"',
  ],
  [
    'defaultRootObject over 255 characters',
    dist({ defaultRootObject: 'x'.repeat(256) }),
    'InvalidOption',
    'xxxxxxxx',
  ],
  // Origins
  [
    'origin and origins together',
    () => resolveDistribution({ origin: s3, origins: { b: s3 } }),
    'InvalidOrigin',
    '["b"]',
  ],
  ['no origin at all', () => resolveDistribution({}), 'InvalidOrigin', 'got undefined'],
  [
    'origin without fetch',
    originWith({ origin: { kind: 's3', name: 'x' } }),
    'InvalidOrigin',
    '{"kind":"s3","name":"x"}',
  ],
  ['connectionAttempts 4', originWith({ connectionAttempts: 4 }), 'InvalidOrigin', '4'],
  ['connectionAttempts 0', originWith({ connectionAttempts: 0 }), 'InvalidOrigin', 'got 0'],
  ['connectionTimeout 11 s', originWith({ connectionTimeout: 11 }), 'InvalidOrigin', '11'],
  ['connectionTimeout under 1 s', originWith({ connectionTimeout: '500ms' }), 'InvalidOrigin', '"500ms"'],
  ['originReadTimeout 121 s', originWith({ originReadTimeout: 121 }, custom), 'InvalidOrigin', '121'],
  ['originReadTimeout 121 s on S3', originWith({ originReadTimeout: 121 }), 'InvalidOrigin', '121'],
  [
    'Origin Shield in an unoffered Region',
    originWith({ originShield: { enabled: true, originShieldRegion: 'us-west-1' } }),
    'InvalidOrigin',
    '"us-west-1"',
  ],
  ['malformed Region', originWith({ region: 'EU West 1' }), 'InvalidOrigin', '"EU West 1"'],
  // Behaviours
  ['unknown targetOriginId', behavior({ targetOriginId: 'missing' }), 'InvalidOption', '"missing"'],
  [
    'no targetOriginId with two origins',
    () => resolveDistribution({ origins: { a: s3, b: custom } }),
    'InvalidOption',
    'got undefined',
  ],
  [
    'allowedMethods outside the three sets',
    behavior({ allowedMethods: ['GET', 'POST'] }),
    'InvalidOption',
    '["GET","POST"]',
  ],
  ['lower-case methods', behavior({ allowedMethods: ['get', 'head'] }), 'InvalidOption', '["get","head"]'],
  [
    'cached OPTIONS not allowed',
    behavior({ cachedMethods: ['GET', 'HEAD', 'OPTIONS'] }),
    'InvalidOption',
    '["GET","HEAD","OPTIONS"]',
  ],
  [
    'caching POST',
    behavior({
      allowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'POST', 'PATCH', 'DELETE'],
      cachedMethods: ['GET', 'HEAD', 'POST'],
    }),
    'InvalidOption',
    '["GET","HEAD","POST"]',
  ],
  ['unknown viewerProtocolPolicy', behavior({ viewerProtocolPolicy: 'https' }), 'InvalidOption', '"https"'],
  ['compress as a string', behavior({ compress: 'yes' }), 'InvalidOption', '"yes"'],
  [
    'bad cache policy inside a behaviour',
    behavior({ cachePolicy: 'Optimized' }),
    'NoSuchCachePolicy',
    '"Optimized"',
  ],
  // Custom error responses
  ['errorCode 410', errorResponse({ errorCode: 410 }), 'InvalidOption', '410'],
  [
    'responseCode without a page',
    errorResponse({ errorCode: 404, responseCode: 200 }),
    'InvalidOption',
    '{"responseCode":200}',
  ],
  [
    'page without a responseCode',
    errorResponse({ errorCode: 404, responsePagePath: '/404.html' }),
    'InvalidOption',
    '{"responsePagePath":"/404.html"}',
  ],
  [
    'responsePagePath without a slash',
    errorResponse({ errorCode: 403, responsePagePath: 'index.html', responseCode: 200 }),
    'InvalidOption',
    '"index.html"',
  ],
  [
    'responseCode 700',
    errorResponse({ errorCode: 403, responsePagePath: '/e.html', responseCode: 700 }),
    'InvalidOption',
    '700',
  ],
  [
    'negative errorCachingMinTTL',
    errorResponse({ errorCode: 500, errorCachingMinTTL: -5 }),
    'InvalidOption',
    '-5',
  ],
  [
    'same errorCode twice',
    dist({ customErrorResponses: [{ errorCode: 404 }, { errorCode: 404 }] }),
    'InvalidOption',
    '404',
  ],
  // fromDistributionConfig
  [
    'config origin missing from the record',
    () =>
      fromDistributionConfig(
        { Origins: { Quantity: 1, Items: [{ Id: 'site-bucket', DomainName: 'b.s3.amazonaws.com' }] } },
        { other: s3 },
      ),
    'NoSuchOrigin',
    '"site-bucket"',
  ],
  [
    'not a distribution config',
    () => fromDistributionConfig({ Id: 'E123' } as never, {}),
    'InvalidOption',
    '{"Id":"E123"}',
  ],
  [
    'unknown custom CachePolicyId',
    () =>
      fromDistributionConfig(
        {
          Origins: { Quantity: 1, Items: [{ Id: 'o' }] },
          DefaultCacheBehavior: { TargetOriginId: 'o', CachePolicyId: 'deadbeef' },
        },
        { o: s3 },
      ),
    'NoSuchCachePolicy',
    '"deadbeef"',
  ],
  [
    'OriginPath ending in /',
    () =>
      createCdn(
        fromDistributionConfig(
          {
            Origins: { Quantity: 1, Items: [{ Id: 'o', OriginPath: '/prod/' }] },
            DefaultCacheBehavior: {
              TargetOriginId: 'o',
              CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6',
            },
          },
          { o: s3 },
        ),
      ),
    'InvalidOrigin',
    // A loaded config's field, named as get-distribution-config prints it.
    'DistributionConfig.Origins.Items[0].OriginPath: expected a URL-encoded path that begins with "/" and does not end with "/"',
  ],
  [
    'OriginRequestPolicyId not managed nor given',
    () =>
      fromDistributionConfig(
        {
          Origins: { Quantity: 1, Items: [{ Id: 'o' }] },
          DefaultCacheBehavior: {
            TargetOriginId: 'o',
            CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6',
            OriginRequestPolicyId: 'feedface',
          },
        },
        { o: s3 },
      ),
    'NoSuchOriginRequestPolicy',
    '"feedface"',
  ],
];

describe('bad input', () => {
  it('has at least 30 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  it.each(cases)('%s → %s', (_name, run, code, shown) => {
    let thrown: unknown;
    try {
      run();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ name: 'EdgecaseError', code });
    const message = (thrown as Error).message;
    expect(message).toContain('expected');
    expect(message).toContain(shown);
  });
});
