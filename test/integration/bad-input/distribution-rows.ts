import {
  createCdn,
  fromDistributionConfig,
  fromTerraform,
  memoryOrigin,
  type Origin,
  resolveCachePolicy,
} from '@edgecase/cdn';
import { type Row, row } from './row.js';

const origin = memoryOrigin();
const api: Origin = {
  kind: 'custom',
  name: 'api',
  fetch: async () => ({ status: 200, headers: {}, body: new Uint8Array() }),
};
const cdn = (options: Record<string, unknown>) => () => createCdn({ origin, ...options } as never);
const behavior = (options: Record<string, unknown>) => cdn({ defaultCacheBehavior: options });
const policy = (cachePolicy: unknown) => behavior({ cachePolicy });
const params = (p: Record<string, unknown>) => policy({ parametersInCacheKeyAndForwardedToOrigin: p });
const originWith =
  (options: Record<string, unknown>, o: Origin = origin) =>
  () =>
    createCdn({ origins: { main: { origin: o, ...options } } } as never);
const errorResponse = (options: Record<string, unknown>) => cdn({ customErrorResponses: [options] });

/** The distribution part of createCdn: behaviours, cache policies, origins, error responses, loaders. */
export const distributionRows: Row[] = [
  // behaviours
  row(
    'defaultCacheBehavior misspelt key',
    behavior({ cachPolicy: 'CachingOptimized' }),
    'InvalidOption',
    'Did you mean "cachePolicy"?',
  ),
  row(
    'defaultCacheBehavior a string',
    cdn({ defaultCacheBehavior: 'CachingOptimized' }),
    'InvalidOption',
    '"CachingOptimized"',
  ),
  row(
    'cacheBehaviors not a list',
    cdn({ cacheBehaviors: { pathPattern: '/a/*' } }),
    'InvalidOption',
    '{"pathPattern":"/a/*"}',
  ),
  row(
    'cache behaviour misspelt key',
    cdn({ cacheBehaviors: [{ pathPatern: '/a/*' }] }),
    'InvalidOption',
    'Did you mean "pathPattern"?',
  ),
  row(
    'path pattern with %',
    cdn({ cacheBehaviors: [{ pathPattern: '/a/%20*' }] }),
    'InvalidPathPattern',
    '"%"',
  ),
  row(
    'duplicate path pattern',
    cdn({ cacheBehaviors: [{ pathPattern: '/a/*' }, { pathPattern: 'a/*' }] }),
    'InvalidOption',
    '"a/*"',
  ),
  row(
    '76 behaviours',
    cdn({ cacheBehaviors: Array.from({ length: 76 }, (_, i) => ({ pathPattern: `/${i}` })) }),
    'InvalidOption',
    '76 behaviours',
  ),
  row(
    'allowedMethods outside the three sets',
    behavior({ allowedMethods: ['GET', 'POST'] }),
    'InvalidOption',
    '["GET","POST"]',
  ),
  row(
    'cachedMethods OPTIONS with GET/HEAD only',
    behavior({ cachedMethods: ['GET', 'HEAD', 'OPTIONS'] }),
    'InvalidOption',
    '["GET","HEAD","OPTIONS"]',
  ),
  row(
    'viewerProtocolPolicy unknown',
    behavior({ viewerProtocolPolicy: 'https' }),
    'InvalidOption',
    '"https"',
  ),
  row('compress "yes"', behavior({ compress: 'yes' }), 'InvalidOption', '"yes"'),
  row('targetOriginId unknown', behavior({ targetOriginId: 'missing' }), 'InvalidOption', '"missing"'),
  // cache policies
  row('managed policy misspelt', policy('CachingOptimised'), 'NoSuchCachePolicy', '"CachingOptimised"'),
  row(
    'managed policy id unknown',
    policy('00000000-0000-0000-0000-000000000000'),
    'NoSuchCachePolicy',
    '"00000000-0000-0000-0000-000000000000"',
  ),
  row('cache policy a number', policy(42), 'InvalidCachePolicy', '42'),
  row('cache policy misspelt key', policy({ defaultTtl: 5 }), 'InvalidCachePolicy', '"defaultTtl"'),
  row(
    'minTTL above defaultTTL',
    policy({ minTTL: 100, defaultTTL: 10 }),
    'InvalidCachePolicy',
    '"minTTL":100',
  ),
  row('TTL with an unknown unit', policy({ maxTTL: '1y' }), 'InvalidCachePolicy', '"1y"'),
  row('TTL negative', policy({ defaultTTL: -5 }), 'InvalidCachePolicy', '-5'),
  row(
    'headerBehavior all',
    params({ headersConfig: { headerBehavior: 'all' } }),
    'InvalidCachePolicy',
    '"all"',
  ),
  row(
    'whitelist without names',
    params({ cookiesConfig: { cookieBehavior: 'whitelist', cookies: [] } }),
    'InvalidCachePolicy',
    '[]',
  ),
  row(
    '11 query strings',
    params({
      queryStringsConfig: { queryStringBehavior: 'whitelist', queryStrings: 'abcdefghijk'.split('') },
    }),
    'InvalidCachePolicy',
    '["a","b"',
  ),
  row(
    'header name with a space',
    params({ headersConfig: { headerBehavior: 'whitelist', headers: ['X Tenant'] } }),
    'InvalidCachePolicy',
    '"X Tenant"',
  ),
  row(
    'resolveCachePolicy with null',
    () => resolveCachePolicy(null as never, 'cachePolicy'),
    'InvalidCachePolicy',
    'got null',
  ),
  // origins
  row('no origin at all', () => createCdn({}), 'InvalidOrigin', 'got undefined'),
  row(
    'origin a string',
    () => createCdn({ origin: 'https://example.com' as never }),
    'InvalidOrigin',
    '"https://example.com"',
  ),
  row(
    'origin and origins together',
    () => createCdn({ origin, origins: { b: origin } }),
    'InvalidOrigin',
    '["b"]',
  ),
  row(
    'origin without fetch',
    originWith({ origin: { kind: 's3', name: 'x' } }),
    'InvalidOrigin',
    '{"kind":"s3","name":"x"}',
  ),
  row(
    'origin options misspelt key',
    originWith({ connectionAtempts: 2 }),
    'InvalidOrigin',
    'Did you mean "connectionAttempts"?',
  ),
  row('connectionAttempts 4', originWith({ connectionAttempts: 4 }), 'InvalidOrigin', '4'),
  row('connectionTimeout 11 s', originWith({ connectionTimeout: 11 }), 'InvalidOrigin', '11'),
  row('originReadTimeout 121 s', originWith({ originReadTimeout: 121 }, api), 'InvalidOrigin', '121'),
  row(
    'Origin Shield in an unoffered Region',
    originWith({ originShield: { enabled: true, originShieldRegion: 'us-west-1' } }),
    'InvalidOrigin',
    '"us-west-1"',
  ),
  row(
    'Origin Shield misspelt key',
    originWith({ originShield: { enabled: true, region: 'us-east-1' } }),
    'InvalidOrigin',
    '"region"',
  ),
  row('malformed origin Region', originWith({ region: 'EU West 1' }), 'InvalidOrigin', '"EU West 1"'),
  // distribution
  row(
    'domainName with a space',
    cdn({ domainName: 'my site.cloudfront.net' }),
    'InvalidOption',
    '"my site.cloudfront.net"',
  ),
  row('aliases a string', cdn({ aliases: 'www.example.com' }), 'InvalidOption', '"www.example.com"'),
  row(
    'alias with a trailing dash',
    cdn({ aliases: ['www-.example.com'] }),
    'InvalidOption',
    '"www-.example.com"',
  ),
  row(
    'defaultRootObject with a slash',
    cdn({ defaultRootObject: '/index.html' }),
    'InvalidOption',
    '"/index.html"',
  ),
  // custom error responses
  row(
    'customErrorResponses not a list',
    cdn({ customErrorResponses: { errorCode: 404 } }),
    'InvalidOption',
    '{"errorCode":404}',
  ),
  row(
    'custom error response misspelt key',
    errorResponse({ errorCode: 404, responseCod: 200 }),
    'InvalidOption',
    'Did you mean "responseCode"?',
  ),
  row('errorCode 410', errorResponse({ errorCode: 410 }), 'InvalidOption', '410'),
  row(
    'responseCode 700',
    errorResponse({ errorCode: 403, responsePagePath: '/e.html', responseCode: 700 }),
    'InvalidOption',
    '700',
  ),
  row(
    'errorCachingMinTTL negative',
    errorResponse({ errorCode: 500, errorCachingMinTTL: -5 }),
    'InvalidOption',
    '-5',
  ),
  // fromDistributionConfig
  row(
    'fromDistributionConfig not a config',
    () => fromDistributionConfig({ Id: 'E123' } as never, {}),
    'InvalidOption',
    '{"Id":"E123"}',
  ),
  row(
    'fromDistributionConfig null',
    () => fromDistributionConfig(null as never, {}),
    'InvalidOption',
    'got null',
  ),
  row(
    'fromDistributionConfig origin missing',
    () =>
      fromDistributionConfig(
        { Origins: { Quantity: 1, Items: [{ Id: 'site', DomainName: 'b.s3.amazonaws.com' }] } },
        { other: origin },
      ),
    'NoSuchOrigin',
    '"site"',
  ),
  // origin request policies, origin custom headers, OriginPath (§15)
  row(
    'originRequestPolicy unknown managed name',
    behavior({ originRequestPolicy: 'CORS-S3' }),
    'NoSuchOriginRequestPolicy',
    'expected a managed origin request policy name or id',
  ),
  row(
    'originRequestPolicy whitelists Authorization',
    behavior({
      originRequestPolicy: { headersConfig: { headerBehavior: 'whitelist', headers: ['Authorization'] } },
    }),
    'InvalidOriginRequestPolicy',
    'a header other than Authorization',
  ),
  row(
    'originRequestPolicy misspelt key',
    behavior({ originRequestPolicy: { headerConfig: { headerBehavior: 'none' } } }),
    'InvalidOriginRequestPolicy',
    'Did you mean "headersConfig"?',
  ),
  row(
    'originRequestPolicy header behaviour "all"',
    behavior({ originRequestPolicy: { headersConfig: { headerBehavior: 'all' } } }),
    'InvalidOriginRequestPolicy',
    'one of none, whitelist, allViewer',
  ),
  row('origin customHeaders Host', originWith({ customHeaders: { Host: 'x' } }), 'InvalidOrigin', '"Host"'),
  row(
    'origin customHeaders X-Amz-*',
    originWith({ customHeaders: { 'X-Amz-Security-Token': 'x' } }),
    'InvalidOrigin',
    'a header CloudFront lets an origin custom header set',
  ),
  row(
    'origin customHeaders 11 headers',
    originWith({ customHeaders: Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`x-h${i}`, 'v'])) }),
    'InvalidOrigin',
    'at most 10 headers',
  ),
  row('origin originPath without leading /', originWith({ originPath: 'prod' }), 'InvalidOrigin', '"prod"'),
  row('origin originPath ending in /', originWith({ originPath: '/prod/' }), 'InvalidOrigin', '"/prod/"'),
  // response headers policies (§16)
  row(
    'responseHeadersPolicy unknown managed name',
    behavior({ responseHeadersPolicy: 'SimpleCors' }),
    'NoSuchResponseHeadersPolicy',
    'expected a managed response headers policy name or id',
  ),
  row(
    'responseHeadersPolicy removes Content-Length',
    behavior({ responseHeadersPolicy: { removeHeadersConfig: { items: [{ header: 'Content-Length' }] } } }),
    'InvalidResponseHeadersPolicy',
    'a header CloudFront lets a policy remove',
  ),
  row(
    'responseHeadersPolicy samplingRate 101',
    behavior({ responseHeadersPolicy: { serverTimingHeadersConfig: { enabled: true, samplingRate: 101 } } }),
    'InvalidResponseHeadersPolicy',
    'a number from 0 to 100',
  ),
  row(
    'responseHeadersPolicy CORS wildcard inside a label',
    behavior({
      responseHeadersPolicy: {
        corsConfig: {
          accessControlAllowOrigins: ['https://ex*.org'],
          accessControlAllowHeaders: ['*'],
          accessControlAllowMethods: ['GET'],
          accessControlAllowCredentials: false,
          originOverride: false,
        },
      },
    }),
    'InvalidResponseHeadersPolicy',
    'a wildcard only as the leftmost label',
  ),
  row(
    'responseHeadersPolicy X-XSS-Protection mode=block and report',
    behavior({
      responseHeadersPolicy: {
        securityHeadersConfig: {
          xssProtection: {
            protection: true,
            modeBlock: true,
            reportUri: 'https://r.example',
            override: true,
          },
        },
      },
    }),
    'InvalidResponseHeadersPolicy',
    'modeBlock or reportUri, not both',
  ),
  row(
    'responseHeadersPolicy 11 custom headers',
    behavior({
      responseHeadersPolicy: {
        customHeadersConfig: {
          items: Array.from({ length: 11 }, (_, i) => ({ header: `x-h${i}`, value: '', override: false })),
        },
      },
    }),
    'InvalidResponseHeadersPolicy',
    'at most 10 headers',
  ),
  row(
    'fromDistributionConfig ResponseHeadersPolicyId not given',
    () =>
      fromDistributionConfig(
        {
          Origins: { Quantity: 1, Items: [{ Id: 'o' }] },
          DefaultCacheBehavior: {
            TargetOriginId: 'o',
            CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6',
            ResponseHeadersPolicyId: 'rhp-missing',
          },
        },
        { o: origin },
      ),
    'NoSuchResponseHeadersPolicy',
    'responseHeadersPolicies',
  ),
  // fromTerraform
  row('fromTerraform a number', () => fromTerraform(42 as never, { origins: {} }), 'InvalidOption', 'got 42'),
  row(
    'fromTerraform directory a number',
    () => fromTerraform('', { origins: {}, directory: 7 as never }),
    'InvalidOption',
    'got 7',
  ),
  row(
    'fromTerraform keyGroups an array',
    () =>
      fromTerraform('resource "aws_cloudfront_distribution" "d" {\n  enabled = true\n}\n', {
        origins: {},
        keyGroups: [] as never,
      }),
    'InvalidOption',
    'got []',
  ),
  row(
    'fromTerraform options typo',
    () => fromTerraform('resource "aws_cloudfront_distribution" "d" {}', { origin: {} } as never),
    'InvalidOption',
    '"origin"',
  ),
  row(
    'fromTerraform no distribution',
    () => fromTerraform('variable "x" {}', { origins: {} }),
    'InvalidOption',
    'got none',
  ),
  row(
    'fromTerraform unknown variable',
    () =>
      fromTerraform('variable "stage" {}\nresource "aws_cloudfront_distribution" "d" {}', {
        origins: {},
        variables: { stag: 'dev' },
      }),
    'InvalidOption',
    '"stag"',
  ),
  row(
    'fromTerraform references not a reference',
    () =>
      fromTerraform('resource "aws_cloudfront_distribution" "d" {}', {
        origins: {},
        references: { 'var.stage': 'dev' },
      }),
    'InvalidOption',
    '"var.stage"',
  ),
  row(
    'fromTerraform origin missing',
    () =>
      fromTerraform(
        'resource "aws_cloudfront_distribution" "d" {\n  origin {\n    origin_id = "site"\n    domain_name = "b.s3.amazonaws.com"\n  }\n}\n',
        { origins: { other: origin } },
      ),
    'NoSuchOrigin',
    '["other"]',
  ),
  row('enabled a string', cdn({ enabled: 'false' }), 'InvalidOption', '"false"'),
  row(
    'restrictions misspelt key',
    cdn({ restrictions: { geoRestrictions: {} } }),
    'InvalidOption',
    'Did you mean "geoRestriction"?',
  ),
  row(
    'geoRestriction type unknown',
    cdn({ restrictions: { geoRestriction: { restrictionType: 'allow', locations: ['FR'] } } }),
    'InvalidOption',
    '"allow"',
  ),
  row(
    'geoRestriction location a name',
    cdn({ restrictions: { geoRestriction: { restrictionType: 'whitelist', locations: ['France'] } } }),
    'InvalidOption',
    '"France"',
  ),
  row(
    'geoRestriction allow list empty',
    cdn({ restrictions: { geoRestriction: { restrictionType: 'whitelist', locations: [] } } }),
    'InvalidOption',
    'InvalidGeoRestrictionParameter',
  ),
  row(
    'geoRestriction none with locations',
    cdn({ restrictions: { geoRestriction: { restrictionType: 'none', locations: ['FR'] } } }),
    'InvalidOption',
    'InvalidGeoRestrictionParameter',
  ),
  row('fidelity.disabledStatus 200', cdn({ fidelity: { disabledStatus: 200 } }), 'InvalidOption', 'got 200'),
  row(
    'deployment max below min',
    cdn({ deployment: { min: '5m', max: '10s' } }),
    'InvalidOption',
    'max >= min',
  ),
  row('deployment misspelt key', cdn({ deployment: { maximum: '5m' } }), 'InvalidOption', '"maximum"'),
  row(
    'originGroups member missing',
    cdn({ originGroups: { g: { members: ['origin', 'replica'], failoverStatusCodes: [500] } } }),
    'NoSuchOrigin',
    '"replica"',
  ),
  row(
    'originGroups status 501',
    () =>
      createCdn({
        origins: { a: origin, b: memoryOrigin() },
        originGroups: { g: { members: ['a', 'b'], failoverStatusCodes: [501] } },
      } as never),
    'InvalidOption',
    'got 501',
  ),
  row(
    'originGroups misspelt key',
    () =>
      createCdn({
        origins: { a: origin, b: memoryOrigin() },
        originGroups: { g: { members: ['a', 'b'], failoverStatusCode: [500] } },
      } as never),
    'InvalidOption',
    'Did you mean "failoverStatusCodes"?',
  ),
];
