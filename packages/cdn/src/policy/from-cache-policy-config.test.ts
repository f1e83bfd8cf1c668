import { describe, expect, it } from 'vitest';
import { fromCachePolicyConfig } from './from-cache-policy-config.js';

const aws = {
  Name: 'api',
  Comment: 'short-lived',
  MinTTL: 0,
  DefaultTTL: 60,
  MaxTTL: 600,
  ParametersInCacheKeyAndForwardedToOrigin: {
    EnableAcceptEncodingGzip: true,
    EnableAcceptEncodingBrotli: true,
    HeadersConfig: { HeaderBehavior: 'whitelist', Headers: { Quantity: 1, Items: ['Authorization'] } },
    CookiesConfig: { CookieBehavior: 'none' },
    QueryStringsConfig: { QueryStringBehavior: 'all', QueryStrings: { Quantity: 0 } },
  },
};

const expected = {
  name: 'api',
  comment: 'short-lived',
  minTTL: 0,
  defaultTTL: 60,
  maxTTL: 600,
  parametersInCacheKeyAndForwardedToOrigin: {
    enableAcceptEncodingGzip: true,
    enableAcceptEncodingBrotli: true,
    headersConfig: { headerBehavior: 'whitelist', headers: ['Authorization'] },
    cookiesConfig: { cookieBehavior: 'none' },
    queryStringsConfig: { queryStringBehavior: 'all' },
  },
};

describe('fromCachePolicyConfig', () => {
  it('converts the AWS shape, bare or as get-cache-policy-config or get-cache-policy print it', () => {
    expect(fromCachePolicyConfig(aws, 'p')).toEqual(expected);
    expect(fromCachePolicyConfig({ ETag: 'E1', CachePolicyConfig: aws }, 'p')).toEqual(expected);
    expect(
      fromCachePolicyConfig({ ETag: 'E1', CachePolicy: { Id: 'x', CachePolicyConfig: aws } }, 'p'),
    ).toEqual(expected);
  });

  // Found loading public templates: CloudFormation's brotli flag is optional (AWS names no default),
  // the Terraform provider sends false for a flag left out; either read as on gave `br` answers and
  // refused `Accept-Encoding` among the headers.
  it('reads a compression flag the AWS shape leaves out as off', () => {
    const params = {
      HeadersConfig: { HeaderBehavior: 'whitelist', Headers: { Quantity: 1, Items: ['Accept-Encoding'] } },
    };
    expect(
      fromCachePolicyConfig({ Name: 'p', ParametersInCacheKeyAndForwardedToOrigin: params }, 'p')
        .parametersInCacheKeyAndForwardedToOrigin,
    ).toMatchObject({ enableAcceptEncodingGzip: false, enableAcceptEncodingBrotli: false });
    expect(
      fromCachePolicyConfig(
        { Name: 'p', ParametersInCacheKeyAndForwardedToOrigin: { EnableAcceptEncodingGzip: true } },
        'p',
      ).parametersInCacheKeyAndForwardedToOrigin,
    ).toMatchObject({ enableAcceptEncodingGzip: true, enableAcceptEncodingBrotli: false });
  });

  it('passes edgecase’s own shape through', () => {
    const own = { name: 'mine', minTTL: '1s' as const };
    expect(fromCachePolicyConfig(own, 'p')).toBe(own);
  });

  it('rejects a non-object', () => {
    expect(() => fromCachePolicyConfig('api' as never, 'cachePolicies["x"]')).toThrow(
      expect.objectContaining({ code: 'InvalidCachePolicy', message: expect.stringContaining('got "api"') }),
    );
  });
});
