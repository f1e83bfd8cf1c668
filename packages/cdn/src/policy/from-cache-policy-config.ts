import { invalid } from '../errors.js';
import type { AwsList } from '../options/aws-distribution-config.js';
import { isPlainObject } from '../options/checks.js';
import type { CachePolicyConfig, KeyBehavior } from '../options/config-types.js';
import { checkOptionKeys } from '../options/strict-keys.js';

/** CloudFront's `CachePolicyConfig` as `aws cloudfront get-cache-policy-config` prints it. */
export interface AwsCachePolicyConfig {
  Name?: string;
  Comment?: string;
  MinTTL?: number;
  DefaultTTL?: number;
  MaxTTL?: number;
  ParametersInCacheKeyAndForwardedToOrigin?: {
    EnableAcceptEncodingGzip?: boolean;
    EnableAcceptEncodingBrotli?: boolean;
    HeadersConfig?: { HeaderBehavior?: string; Headers?: AwsList<string> };
    CookiesConfig?: { CookieBehavior?: string; Cookies?: AwsList<string> };
    QueryStringsConfig?: { QueryStringBehavior?: string; QueryStrings?: AwsList<string> };
  };
}

/**
 * A custom cache policy for `fromDistributionConfig`: edgecase's `CachePolicyConfig`, or the AWS
 * shape — bare, as `get-cache-policy-config` prints it (`{ ETag, CachePolicyConfig }`), or as
 * `get-cache-policy` prints it (`{ ETag, CachePolicy: { Id, CachePolicyConfig } }`).
 */
export type CachePolicyConfigInput =
  | CachePolicyConfig
  | AwsCachePolicyConfig
  | { ETag?: string; CachePolicyConfig: AwsCachePolicyConfig }
  | { ETag?: string; CachePolicy: { Id?: string; CachePolicyConfig: AwsCachePolicyConfig } };

/** Converts any accepted shape to edgecase's `CachePolicyConfig`; values are checked when resolved. */
export function fromCachePolicyConfig(input: CachePolicyConfigInput, what: string): CachePolicyConfig {
  if (!isPlainObject(input))
    return invalid('InvalidCachePolicy', what, 'a cache policy config object', input);
  const wrapped = input as { CachePolicy?: { CachePolicyConfig?: unknown }; CachePolicyConfig?: unknown };
  const aws = (wrapped.CachePolicy?.CachePolicyConfig ?? wrapped.CachePolicyConfig ?? input) as Record<
    string,
    unknown
  >;
  const isAws = ['Name', 'MinTTL', 'DefaultTTL', 'MaxTTL', 'ParametersInCacheKeyAndForwardedToOrigin'].some(
    (key) => key in aws,
  );
  if (!isAws) return input as CachePolicyConfig;
  checkAwsKeys(aws, what);
  const c = aws as AwsCachePolicyConfig;
  const p = c.ParametersInCacheKeyAndForwardedToOrigin;
  const config: CachePolicyConfig = {};
  if (c.Name !== undefined) config.name = c.Name;
  if (c.Comment !== undefined) config.comment = c.Comment;
  if (c.MinTTL !== undefined) config.minTTL = c.MinTTL;
  if (c.DefaultTTL !== undefined) config.defaultTTL = c.DefaultTTL;
  if (c.MaxTTL !== undefined) config.maxTTL = c.MaxTTL;
  if (p !== undefined) {
    // API_ParametersInCacheKeyAndForwardedToOrigin: EnableAcceptEncodingBrotli is optional (as in
    // CloudFormation) and AWS names no default; a flag the API leaves out is off (UNCONFIRMED), and
    // the Terraform provider sends `false` for one the configuration leaves out. (edgecase's own
    // options keep the console's default, both on: `resolveCachePolicy`.)
    const params: NonNullable<CachePolicyConfig['parametersInCacheKeyAndForwardedToOrigin']> = {
      enableAcceptEncodingGzip: p.EnableAcceptEncodingGzip ?? false,
      enableAcceptEncodingBrotli: p.EnableAcceptEncodingBrotli ?? false,
    };
    if (p.HeadersConfig) {
      params.headersConfig = withList(
        { headerBehavior: p.HeadersConfig.HeaderBehavior as 'none' | 'whitelist' },
        'headers',
        p.HeadersConfig.Headers,
      );
    }
    if (p.CookiesConfig) {
      params.cookiesConfig = withList(
        { cookieBehavior: p.CookiesConfig.CookieBehavior as KeyBehavior },
        'cookies',
        p.CookiesConfig.Cookies,
      );
    }
    if (p.QueryStringsConfig) {
      params.queryStringsConfig = withList(
        { queryStringBehavior: p.QueryStringsConfig.QueryStringBehavior as KeyBehavior },
        'queryStrings',
        p.QueryStringsConfig.QueryStrings,
      );
    }
    config.parametersInCacheKeyAndForwardedToOrigin = params;
  }
  return config;
}

const CODE = 'InvalidCachePolicy';
const LIST_KEYS = ['Quantity', 'Items'];

/**
 * The API's CachePolicyConfig has no other fields (CloudFormation refuses others too): a misspelt
 * one (`HeaderConfig`, `DefaultTtl`) is an error with a did-you-mean, never a key left out.
 */
function checkAwsKeys(aws: Record<string, unknown>, what: string): void {
  checkOptionKeys(
    aws,
    ['Name', 'Comment', 'MinTTL', 'DefaultTTL', 'MaxTTL', 'ParametersInCacheKeyAndForwardedToOrigin'],
    what,
    CODE,
  );
  const params = aws.ParametersInCacheKeyAndForwardedToOrigin;
  if (!isPlainObject(params)) return;
  const at = `${what}.ParametersInCacheKeyAndForwardedToOrigin`;
  checkOptionKeys(
    params,
    [
      'EnableAcceptEncodingGzip',
      'EnableAcceptEncodingBrotli',
      'HeadersConfig',
      'CookiesConfig',
      'QueryStringsConfig',
    ],
    at,
    CODE,
  );
  for (const [section, behavior, list] of [
    ['HeadersConfig', 'HeaderBehavior', 'Headers'],
    ['CookiesConfig', 'CookieBehavior', 'Cookies'],
    ['QueryStringsConfig', 'QueryStringBehavior', 'QueryStrings'],
  ] as const) {
    const part: unknown = params[section];
    if (!isPlainObject(part)) continue;
    checkOptionKeys(part, [behavior, list], `${at}.${section}`, CODE);
    const names: unknown = part[list];
    if (isPlainObject(names)) checkOptionKeys(names, LIST_KEYS, `${at}.${section}.${list}`, CODE);
  }
}

/** Adds `Items` as `field` when the AWS list has any (`{ Quantity: 0 }` means no list). */
function withList<T extends object, K extends string>(
  target: T,
  field: K,
  list: AwsList<string> | undefined,
): T & { [k in K]?: string[] } {
  const items = list?.Items;
  return items && items.length > 0 ? { ...target, [field]: [...items] } : target;
}
