import type { AwsCacheBehavior } from '../options/aws-distribution-config.js';
import type { CachePolicyConfig, KeyBehavior } from '../options/config-types.js';
import type { OriginRequestPolicyConfig } from '../options/header-policy-types.js';

/**
 * The cache policy equivalent to a behaviour's legacy cache settings (MinTTL/DefaultTTL/MaxTTL and
 * ForwardedValues), so legacy and policy-based behaviours run through one code path.
 *
 * - §1.1 CFDG distribution-web-values-specify: legacy TTLs default to Min 0, Default 86,400 s, Max
 *   31,536,000 s, with the same derivation rules as cache policies.
 * - §5: everything forwarded is in the key. Cookies `none`/`whitelist`/`all`; query strings off, all,
 *   or only `QueryStringCacheKeys`; headers as listed.
 * - §1.3 CFDG header-caching: forwarding **all** headers (`*`) turns caching off for the behaviour,
 *   modelled as TTLs of 0 with nothing extra in the key; the headers go to the origin through
 *   `legacyOriginRequestPolicy`.
 * - Accept-Encoding: Gzip normalisation only. CFDG ServingCompressedFiles: "You must use cache policies
 *   to use Brotli compression. Brotli doesn't support legacy cache settings." (not yet in
 *   cloudfront-behaviour.md). That legacy keys carry a normalised `gzip` is UNCONFIRMED.
 */
export function legacyCachePolicy(behavior: AwsCacheBehavior, name: string): CachePolicyConfig {
  const forwarded = behavior.ForwardedValues ?? {};
  const headers = [...(forwarded.Headers?.Items ?? [])];
  const allHeaders = headers.includes('*');
  const ttl = (value: number | undefined) => (allHeaders ? 0 : value);
  const cookieBehavior = (forwarded.Cookies?.Forward ?? 'none') as KeyBehavior;
  const cookies = forwarded.Cookies?.WhitelistedNames?.Items;
  const queryKeys = forwarded.QueryStringCacheKeys?.Items ?? [];
  const queryBehavior: KeyBehavior = !forwarded.QueryString
    ? 'none'
    : queryKeys.length > 0
      ? 'whitelist'
      : 'all';
  const listsAcceptEncoding = headers.some((header) => header.toLowerCase() === 'accept-encoding');
  const config: CachePolicyConfig = {
    name,
    parametersInCacheKeyAndForwardedToOrigin: {
      enableAcceptEncodingGzip: !listsAcceptEncoding,
      enableAcceptEncodingBrotli: false,
      headersConfig:
        allHeaders || headers.length === 0
          ? { headerBehavior: 'none' }
          : { headerBehavior: 'whitelist', headers },
      cookiesConfig:
        cookieBehavior === 'whitelist'
          ? // CFDG distribution-web-values-specify #DownloadDistValuesWhitelistCookies: `*` and `?`
            // are wildcards in a legacy cookie whitelist (`wordpress_logged_in_*`).
            { cookieBehavior, cookies: [...(cookies ?? [])], wildcards: true }
          : { cookieBehavior },
      queryStringsConfig:
        queryBehavior === 'whitelist'
          ? { queryStringBehavior: 'whitelist', queryStrings: [...queryKeys] }
          : { queryStringBehavior: queryBehavior },
    },
  };
  const minTTL = ttl(behavior.MinTTL);
  const defaultTTL = ttl(behavior.DefaultTTL);
  const maxTTL = ttl(behavior.MaxTTL);
  if (minTTL !== undefined) config.minTTL = minTTL;
  if (defaultTTL !== undefined) config.defaultTTL = defaultTTL;
  if (maxTTL !== undefined) config.maxTTL = maxTTL;
  return config;
}

/**
 * What legacy settings forward beyond their cache key, as an origin request policy (§15): with
 * `QueryStringCacheKeys`, every query string goes to the origin and only the listed ones key the
 * cache (API_ForwardedValues, QueryString: "CloudFront forwards all query string parameters to the
 * origin, but it only caches based on the query string parameters that you specify"); with `*` in
 * `Headers`, every viewer header goes to the origin (API_Headers, Quantity: "Forward all headers to
 * your origin"). Undefined when the cache key forwards all they forward.
 */
export function legacyOriginRequestPolicy(
  behavior: AwsCacheBehavior,
  name: string,
): OriginRequestPolicyConfig | undefined {
  const forwarded = behavior.ForwardedValues ?? {};
  const allHeaders = (forwarded.Headers?.Items ?? []).includes('*');
  const allQueryStrings =
    forwarded.QueryString === true && (forwarded.QueryStringCacheKeys?.Items ?? []).length > 0;
  if (!allHeaders && !allQueryStrings) return undefined;
  return {
    name,
    ...(allHeaders ? { headersConfig: { headerBehavior: 'allViewer' } } : {}),
    ...(allQueryStrings ? { queryStringsConfig: { queryStringBehavior: 'all' } } : {}),
  };
}

/** Whether a behaviour uses legacy cache settings rather than a cache policy. */
export function usesLegacyCacheSettings(behavior: AwsCacheBehavior): boolean {
  return !behavior.CachePolicyId;
}
