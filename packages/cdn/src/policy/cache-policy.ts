import { describe, EdgecaseError, invalid } from '../errors.js';
import { checkArray, checkBoolean, checkKeys, checkObject, checkString } from '../options/checks.js';
import type {
  CachePolicyConfig,
  CachePolicyInput,
  KeyBehavior,
  KeyRule,
  ResolvedCachePolicy,
} from '../options/config-types.js';
import { ORIGIN_REQUEST_ONLY } from './cloudfront-headers.js';
import { findManagedCachePolicy, keyRule, managedCachePolicyNames } from './managed-cache-policies.js';
import { ttlInputToMs } from './ttl-input.js';

const CODE = 'InvalidCachePolicy';

// §1.1 CFDG distribution-web-values-specify (#DownloadDistValuesDefaultTTL, #DownloadDistValuesMaxTTL)
// and API_CachePolicyConfig: the defaults and the rules that derive one TTL from another.
export const DEFAULT_TTL_SECONDS = 86_400;
export const MAX_TTL_SECONDS = 31_536_000;

// §5 CFDG controlling-the-cache-key; cloudfront-limits: 10 headers, 10 cookies, 10 query strings.
export const MAX_NAMES_PER_KEY_RULE = 10;

const POLICY_KEYS = [
  'name',
  'comment',
  'minTTL',
  'defaultTTL',
  'maxTTL',
  'parametersInCacheKeyAndForwardedToOrigin',
];
const PARAMETER_KEYS = [
  'enableAcceptEncodingGzip',
  'enableAcceptEncodingBrotli',
  'headersConfig',
  'cookiesConfig',
  'queryStringsConfig',
];
const KEY_BEHAVIORS: readonly KeyBehavior[] = ['none', 'whitelist', 'allExcept', 'all'];
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9a-z-]+$/;

/**
 * Resolves a cache policy: a managed one by name, `Managed-` name or id, or a custom
 * `CachePolicyConfig` whose TTLs are seconds or duration strings. `what` names the option in errors.
 */
export function resolveCachePolicy(input: CachePolicyInput, what: string): ResolvedCachePolicy {
  if (typeof input === 'string') {
    const managed = findManagedCachePolicy(input);
    if (managed) return managed;
    throw new EdgecaseError(
      'NoSuchCachePolicy',
      `${what}: expected a managed cache policy name or id (${managedCachePolicyNames.join(', ')}), got ${describe(input)}.`,
      { value: input, hint: 'For a custom policy pass a CachePolicyConfig object instead of a string.' },
    );
  }
  checkObject(input, CODE, what);
  checkKeys(input, POLICY_KEYS, CODE, what);
  const config = input as CachePolicyConfig;
  const name = config.name === undefined ? what : checkString(config.name, CODE, `${what}.name`);
  if (config.comment !== undefined && typeof config.comment !== 'string') {
    invalid(CODE, `${what}.comment`, 'a string', config.comment);
  }
  const ttls = resolveTtls(config, what);
  const params = config.parametersInCacheKeyAndForwardedToOrigin ?? {};
  const paramsWhat = `${what}.parametersInCacheKeyAndForwardedToOrigin`;
  checkObject(params, CODE, paramsWhat);
  checkKeys(params, PARAMETER_KEYS, CODE, paramsWhat);
  // Custom policies default to both compression formats on, as the console's new-policy form does.
  const gzip =
    params.enableAcceptEncodingGzip === undefined
      ? true
      : checkBoolean(params.enableAcceptEncodingGzip, CODE, `${paramsWhat}.enableAcceptEncodingGzip`);
  const brotli =
    params.enableAcceptEncodingBrotli === undefined
      ? true
      : checkBoolean(params.enableAcceptEncodingBrotli, CODE, `${paramsWhat}.enableAcceptEncodingBrotli`);

  const headersWhat = `${paramsWhat}.headersConfig`;
  const headersConfig = params.headersConfig ?? { headerBehavior: 'none' };
  checkObject(headersConfig, CODE, headersWhat);
  checkKeys(headersConfig, ['headerBehavior', 'headers'], CODE, headersWhat);
  // §5 CFDG controlling-the-cache-key: headers are None or Include specified; "All" is not offered.
  const headers = resolveKeyRule(headersConfig.headerBehavior, headersConfig.headers, ['none', 'whitelist'], {
    what: headersWhat,
    behaviorField: 'headerBehavior',
    listField: 'headers',
    // §5 CFDG header-caching #header-caching-web-case: header names are case-insensitive.
    normalise: (header, at) => {
      const lower = checkString(header, CODE, at).toLowerCase();
      if (!HEADER_NAME.test(lower)) invalid(CODE, at, 'an HTTP header name (letters, digits, -)', header);
      // §14 adding-cloudfront-headers: these "can be added in an origin request policy, but not in a
      // cache policy".
      if (ORIGIN_REQUEST_ONLY.has(lower))
        invalid(
          CODE,
          at,
          'a header a cache policy can key on',
          header,
          `CloudFront takes ${header} in an origin request policy only: name it there to send it to the origin.`,
        );
      return lower;
    },
  });
  if (headers.names.has('accept-encoding') && (gzip || brotli)) {
    // §5 CFDG controlling-the-cache-key #cache-policy-compressed-objects: with Gzip/Brotli on, the
    // normalised Accept-Encoding is already in the key; listing it too is refused here (edgecase choice).
    invalid(
      CODE,
      `${headersWhat}.headers`,
      'no "accept-encoding" while gzip or brotli is enabled',
      headersConfig.headers,
      'Remove it, or set enableAcceptEncodingGzip and enableAcceptEncodingBrotli to false.',
    );
  }
  const cookiesConfig = params.cookiesConfig ?? { cookieBehavior: 'none' };
  const cookiesWhat = `${paramsWhat}.cookiesConfig`;
  checkObject(cookiesConfig, CODE, cookiesWhat);
  checkKeys(cookiesConfig, ['cookieBehavior', 'cookies', 'wildcards'], CODE, cookiesWhat);
  const cookieRule = resolveKeyRule(cookiesConfig.cookieBehavior, cookiesConfig.cookies, KEY_BEHAVIORS, {
    what: cookiesWhat,
    behaviorField: 'cookieBehavior',
    listField: 'cookies',
    normalise: (cookie, at) => checkString(cookie, CODE, at),
  });
  const wildcards =
    cookiesConfig.wildcards !== undefined &&
    checkBoolean(cookiesConfig.wildcards, CODE, `${cookiesWhat}.wildcards`);
  const cookies = wildcards ? withCookiePatterns(cookieRule) : cookieRule;
  const queryConfig = params.queryStringsConfig ?? { queryStringBehavior: 'none' };
  const queryWhat = `${paramsWhat}.queryStringsConfig`;
  checkObject(queryConfig, CODE, queryWhat);
  checkKeys(queryConfig, ['queryStringBehavior', 'queryStrings'], CODE, queryWhat);
  const queryStrings = resolveKeyRule(
    queryConfig.queryStringBehavior,
    queryConfig.queryStrings,
    KEY_BEHAVIORS,
    {
      what: queryWhat,
      behaviorField: 'queryStringBehavior',
      listField: 'queryStrings',
      normalise: (param, at) => checkString(param, CODE, at),
    },
  );
  return Object.freeze({
    id: `custom:${name}`,
    name,
    managed: false,
    ...ttls,
    gzip,
    brotli,
    headers,
    cookies,
    queryStrings,
  });
}

function resolveTtls(config: CachePolicyConfig, what: string) {
  const ms = (field: 'minTTL' | 'defaultTTL' | 'maxTTL') => {
    const value = config[field];
    return value === undefined ? undefined : ttlInputToMs(value, `${what}.${field}`, CODE);
  };
  const minTtlMs = ms('minTTL') ?? 0;
  // §1.1 CFDG distribution-web-values-specify: if MinTTL > 86,400 s, DefaultTTL defaults to MinTTL.
  const defaultTtlMs = ms('defaultTTL') ?? Math.max(minTtlMs, DEFAULT_TTL_SECONDS * 1000);
  // §1.1: if MinTTL or DefaultTTL > 31,536,000 s, MaxTTL defaults to DefaultTTL.
  const maxTtlMs =
    ms('maxTTL') ??
    (minTtlMs > MAX_TTL_SECONDS * 1000 || defaultTtlMs > MAX_TTL_SECONDS * 1000
      ? defaultTtlMs
      : MAX_TTL_SECONDS * 1000);
  // API_CachePolicyConfig: MinTTL <= DefaultTTL <= MaxTTL.
  if (minTtlMs > defaultTtlMs || defaultTtlMs > maxTtlMs) {
    const got = {
      minTTL: config.minTTL ?? 0,
      defaultTTL: config.defaultTTL ?? defaultTtlMs / 1000,
      maxTTL: config.maxTTL ?? maxTtlMs / 1000,
    };
    invalid(
      CODE,
      `${what} TTLs`,
      'minTTL <= defaultTTL <= maxTTL',
      got,
      'Absent TTLs default to 0, 86400 and 31536000 seconds.',
    );
  }
  return { minTtlMs, defaultTtlMs, maxTtlMs };
}

interface KeyRuleSpec {
  what: string;
  behaviorField: string;
  listField: string;
  normalise: (name: unknown, what: string) => string;
}

function resolveKeyRule(
  input: unknown,
  list: unknown,
  allowed: readonly KeyBehavior[],
  spec: KeyRuleSpec,
): KeyRule {
  if (typeof input !== 'string' || !allowed.includes(input as KeyBehavior)) {
    invalid(CODE, `${spec.what}.${spec.behaviorField}`, `one of ${allowed.join(', ')}`, input);
  }
  const behavior = input as KeyBehavior;
  const listWhat = `${spec.what}.${spec.listField}`;
  if (behavior === 'none' || behavior === 'all') {
    if (list !== undefined && !(Array.isArray(list) && list.length === 0)) {
      invalid(
        CODE,
        listWhat,
        `no list with ${spec.behaviorField} "${behavior}"`,
        list,
        `Use "whitelist" or "allExcept" to name ${spec.listField}.`,
      );
    }
    return keyRule(behavior);
  }
  const items = checkArray(list, CODE, listWhat);
  if (items.length === 0) {
    invalid(CODE, listWhat, `a non-empty list with ${spec.behaviorField} "${behavior}"`, list);
  }
  if (items.length > MAX_NAMES_PER_KEY_RULE) {
    invalid(
      CODE,
      listWhat,
      `at most ${MAX_NAMES_PER_KEY_RULE} names (CloudFront's quota per cache policy)`,
      list,
    );
  }
  return keyRule(
    behavior,
    items.map((item, i) => spec.normalise(item, `${listWhat}[${i}]`)),
  );
}

/**
 * A legacy cookie whitelist's names with wildcards as patterns: `*` matches 0 or more characters and
 * `?` exactly one (CFDG distribution-web-values-specify #DownloadDistValuesWhitelistCookies, e.g.
 * `userid_*`; not in cloudfront-behaviour.md, recorded in docs/fidelity.md). Names stay
 * case-sensitive (§5 CFDG Cookies). Names without a wildcard are matched exactly, as before.
 */
function withCookiePatterns(rule: KeyRule): KeyRule {
  const isWild = (name: string) => name.includes('*') || name.includes('?');
  const wild = [...rule.names].filter(isWild);
  if (wild.length === 0) return rule;
  const names = [...rule.names].filter((name) => !isWild(name));
  return Object.freeze({
    ...keyRule(rule.behavior, names),
    patterns: Object.freeze(wild.map(cookiePattern)),
  });
}

function cookiePattern(name: string): RegExp {
  const parts = [...name].map((c) => {
    if (c === '*') return '.*';
    if (c === '?') return '.';
    return /[.+^${}()|[\]\\]/.test(c) ? `\\${c}` : c;
  });
  return new RegExp(`^${parts.join('')}$`, 's');
}
