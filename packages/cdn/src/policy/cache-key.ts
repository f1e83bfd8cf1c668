import { invalid } from '../errors.js';
import type { ResolvedBehavior } from '../options/config-types.js';
import type { HeaderMap } from '../origin/types.js';
import {
  acceptedEncodings,
  BROTLI,
  GZIP,
  NORMALIZED_BY_MASK,
  type NormalizedAcceptEncoding,
} from './accept-encoding.js';
import { filterCookies, filterQuery } from './key-filters.js';

/** The parts of a viewer request the cache key is made from. */
export interface CacheKeyRequest {
  /** Upper-case method. */
  method: string;
  /** URL path as received, starting with `/`. */
  path: string;
  /** Raw query string without the `?`; `''` when there is none. */
  query: string;
  /** The viewer's headers, lower-case names. */
  headers: HeaderMap;
}

export interface CacheKey {
  /**
   * The key, e.g. `d111111abcdef8.cloudfront.net/img/a.png\nae:br,gzip`: `<METHOD> ` for methods
   * other than GET/HEAD, the distribution domain and path, `?<keyQuery>`, then one `\n`-separated part
   * per keyed header (`h:name=value`), the cookies (`c:...`) and the normalised Accept-Encoding
   * (`ae:...`). `\n` cannot occur in a path, query or header value, so parts never run together.
   */
  key: string;
  /** The query string as it is in the key; `''` if none. */
  keyQuery: string;
  /** The query string sent to the origin on a miss (everything in the key is forwarded). */
  originQuery: string;
  /**
   * Headers forwarded because they are in the key, plus the normalised `accept-encoding`. Often a
   * shared, frozen object: copy it before adding headers (`{ ...key.originHeaders, via }`).
   */
  originHeaders: HeaderMap;
  /** The normalised Accept-Encoding, `undefined` when the viewer accepts no enabled format. */
  acceptEncoding: NormalizedAcceptEncoding | undefined;
}

interface Plan {
  /** GZIP | BROTLI enabled by the policy; 0 when Accept-Encoding is not normalised. */
  encodings: number;
  /** Nothing but the path (and Accept-Encoding) in the key: the hot path. */
  simple: boolean;
  headerNames: readonly string[];
  behavior: ResolvedBehavior;
  /** The domain the memoised keys were made with. */
  domainName: string;
  /** GET/HEAD keys of simple plans (with their parts) by path, one map per Accept-Encoding mask. */
  keysByMask: Map<string, SimpleKeyParts>[];
}

/**
 * Memoised keys per mask and behaviour. Returning the same string object for the same path means its
 * hash is computed once, so the cache store's Map lookups with it stay cheap.
 */
const MEMO_LIMIT = 8192;

const EMPTY: HeaderMap = Object.freeze({});
const IDENTITY: HeaderMap = Object.freeze({ 'accept-encoding': 'identity' });
const ORIGIN_HEADERS_BY_MASK: readonly HeaderMap[] = NORMALIZED_BY_MASK.map((value) =>
  value === undefined ? IDENTITY : Object.freeze({ 'accept-encoding': value }),
);
/** A simple key's ending per Accept-Encoding mask (`''`, `\nae:gzip`, ...): the cache store derives keys with it. */
export const SUFFIX_BY_MASK: readonly string[] = NORMALIZED_BY_MASK.map((value) =>
  value === undefined ? '' : `\nae:${value}`,
);

const plans = new WeakMap<ResolvedBehavior, Plan>();

function planFor(behavior: ResolvedBehavior): Plan {
  // Once per behaviour (plans are memoised), so the request path pays nothing for the check.
  if (typeof behavior?.cachePolicy !== 'object' || behavior.cachePolicy === null) {
    invalid(
      'InvalidOption',
      'computeCacheKey behavior',
      'a resolved behaviour (cdn.distribution.behaviors[i])',
      behavior,
    );
  }
  const { cachePolicy: policy } = behavior;
  const encodings = (policy.gzip ? GZIP : 0) | (policy.brotli ? BROTLI : 0);
  // §5 CFDG RequestAndResponseBehaviorCustomOrigin (header table): Host cannot be in the key for S3
  // origins; CloudFront sets it to the bucket's domain. A policy listing it (e.g. the
  // UseOriginCacheControlHeaders ones) is accepted, and Host is left out of key and origin request.
  const headerNames = [...policy.headers.names]
    .filter((name) => !(name === 'host' && behavior.targetOriginKind === 's3'))
    .sort();
  const simple =
    headerNames.length === 0 && policy.cookies.behavior === 'none' && policy.queryStrings.behavior === 'none';
  const plan: Plan = { encodings, simple, headerNames, behavior, domainName: '', keysByMask: [] };
  plans.set(behavior, plan);
  return plan;
}

// A one-entry cache in front of the WeakMap: consecutive requests usually hit the same behaviour.
// Starts as no behaviour at all, so `computeCacheKey(request, undefined)` reaches planFor's check.
let lastBehavior: unknown = {};
let lastPlan: Plan | undefined;

function simpleKey(plan: Plan, domainName: string, path: string, mask: number): string {
  // Small, so that the cached-hit path inlines it: the first key of a path is made apart.
  const parts =
    (plan.domainName === domainName
      ? (plan.keysByMask[mask] as Map<string, SimpleKeyParts>).get(path)
      : undefined) ?? newSimpleKey(plan, domainName, path, mask);
  // Written only when it changes: repeated hits on one key make no store (and no write barrier).
  if (lastSimple !== parts) lastSimple = parts;
  return parts.key;
}

function newSimpleKey(plan: Plan, domainName: string, path: string, mask: number): SimpleKeyParts {
  if (plan.domainName !== domainName) {
    plan.domainName = domainName;
    plan.keysByMask = NORMALIZED_BY_MASK.map(() => new Map<string, SimpleKeyParts>());
  }
  const keys = plan.keysByMask[mask] as Map<string, SimpleKeyParts>;
  const parts = { key: domainName + path + (SUFFIX_BY_MASK[mask] as string), domain: domainName, path, mask };
  if (keys.size >= MEMO_LIMIT) keys.clear();
  keys.set(path, parts);
  return parts;
}

/**
 * A key that is the distribution domain, a path and an Accept-Encoding ending (`SUFFIX_BY_MASK`): what
 * `computeCacheKey` gives a GET or HEAD when the policy keys nothing else (or nothing else was sent).
 * The cache store holds such keys' copies by path and mask, without the key string.
 */
export interface SimpleKeyParts {
  readonly key: string;
  readonly domain: string;
  /** The path part, from the first `/` to the first `\n`. */
  readonly path: string;
  /** Index in `SUFFIX_BY_MASK`. */
  readonly mask: number;
}

/** The parts of the simple key made last (the cache store's lookup right after finds them by identity). */
export let lastSimple: SimpleKeyParts = { key: '', domain: '', path: '', mask: 0 };

/**
 * `key`'s parts when it is a simple key (`SimpleKeyParts`), else `undefined`: a function of the
 * characters alone (the domain up to the first `/`, the path up to the first `\n`, one of the four
 * endings), so every key with the same characters gets the same answer. The key made last is found
 * by identity; any other is read, which flattens its string: only lookups, never a stored key.
 */
export function simpleKeyParts(key: string): SimpleKeyParts | undefined {
  const last = lastSimple;
  if (key === last.key) return last;
  const slash = key.indexOf('/');
  if (slash <= 0) return undefined;
  const domain = key.slice(0, slash);
  if (/[\s?#]/.test(domain)) return undefined;
  const newline = key.indexOf('\n', slash);
  const path = newline < 0 ? key.slice(slash) : key.slice(slash, newline);
  if (path.includes('?')) return undefined;
  const mask = SUFFIX_BY_MASK.indexOf(newline < 0 ? '' : key.slice(newline));
  return mask < 0 ? undefined : { key, domain, path, mask };
}

/**
 * The cache key of a viewer request under a behaviour's cache policy (§5 CFDG understanding-the-cache-key,
 * controlling-the-cache-key): the distribution domain and the case-sensitive path, plus what the policy
 * adds. The protocol is never in the key (§5 #RequestCustomProtocols); GET and HEAD share a key and
 * OPTIONS is keyed apart (§5 understanding-the-cache-key). With nothing extra in the policy this makes
 * one string and one object.
 */
export function computeCacheKey(
  request: CacheKeyRequest,
  behavior: ResolvedBehavior,
  domainName: string,
): CacheKey {
  let plan: Plan;
  if (behavior === lastBehavior) plan = lastPlan as Plan;
  else {
    plan = plans.get(behavior) ?? planFor(behavior);
    lastBehavior = behavior;
    lastPlan = plan;
  }
  const method = request.method;
  const getOrHead = method === 'GET' || method === 'HEAD';
  let mask = 0;
  let originHeaders = EMPTY;
  if (plan.encodings !== 0) {
    mask = acceptedEncodings(request.headers['accept-encoding']) & plan.encodings;
    originHeaders = ORIGIN_HEADERS_BY_MASK[mask] as HeaderMap;
  }
  const acceptEncoding = NORMALIZED_BY_MASK[mask];
  if (plan.simple) {
    const key = getOrHead
      ? simpleKey(plan, domainName, request.path, mask)
      : `${method} ${domainName}${request.path}${SUFFIX_BY_MASK[mask] as string}`;
    return { key, keyQuery: '', originQuery: '', originHeaders, acceptEncoding };
  }
  const base = getOrHead ? domainName + request.path : `${method} ${domainName}${request.path}`;
  return composite(request, plan, base, mask, originHeaders, acceptEncoding);
}

function composite(
  request: CacheKeyRequest,
  plan: Plan,
  base: string,
  mask: number,
  aeHeaders: HeaderMap,
  acceptEncoding: NormalizedAcceptEncoding | undefined,
): CacheKey {
  const policy = plan.behavior.cachePolicy;
  const keyQuery = filterQuery(request.query, policy.queryStrings);
  let key = keyQuery.length === 0 ? base : `${base}?${keyQuery}`;
  const originHeaders: HeaderMap = { ...aeHeaders };
  // §5 CFDG header-caching #header-caching-web-case: names case-insensitive (lower-cased at resolve
  // time, as the viewer headers are), values case-sensitive. A header sent empty differs from one absent.
  for (const name of plan.headerNames) {
    const value = request.headers[name];
    if (value === undefined) continue;
    key += `\nh:${name}=${value}`;
    originHeaders[name] = value;
  }
  const cookies = filterCookies(request.headers.cookie, policy.cookies);
  if (cookies.length > 0) {
    key += `\nc:${cookies}`;
    originHeaders.cookie = cookies;
  }
  key += SUFFIX_BY_MASK[mask] as string;
  return { key, keyQuery, originQuery: keyQuery, originHeaders, acceptEncoding };
}

/**
 * Only the key string of `computeCacheKey` (the fresh-hit path needs nothing else): for a GET or HEAD
 * under a policy keying nothing but the path, the memoised key, with no `CacheKey` object built.
 */
export function cacheKeyOf(request: CacheKeyRequest, behavior: ResolvedBehavior, domainName: string): string {
  const plan = behavior === lastBehavior ? (lastPlan as Plan) : undefined;
  const method = request.method;
  if (plan === undefined || !plan.simple || (method !== 'GET' && method !== 'HEAD'))
    return computeCacheKey(request, behavior, domainName).key;
  const mask =
    plan.encodings === 0 ? 0 : acceptedEncodings(request.headers['accept-encoding']) & plan.encodings;
  return simpleKey(plan, domainName, request.path, mask);
}

/**
 * `computeCacheKey` as the package exports it: checks what a caller passes (the simulator's own calls
 * go to `computeCacheKey` directly, with requests it built), then computes the key.
 */
export function computeCacheKeyChecked(
  request: CacheKeyRequest,
  behavior: ResolvedBehavior,
  domainName: string,
): CacheKey {
  const r = request as Partial<CacheKeyRequest> | null | undefined;
  if (
    typeof r !== 'object' ||
    r === null ||
    typeof r.method !== 'string' ||
    typeof r.path !== 'string' ||
    typeof r.query !== 'string' ||
    typeof r.headers !== 'object' ||
    r.headers === null
  ) {
    invalid(
      'InvalidOption',
      'computeCacheKey request',
      "{ method, path, query, headers } (e.g. { method: 'GET', path: '/a', query: '', headers: {} })",
      request,
    );
  }
  if (typeof domainName !== 'string' || domainName === '') {
    invalid('InvalidOption', 'computeCacheKey domainName', 'the distribution domain name', domainName);
  }
  return computeCacheKey(request, behavior, domainName);
}
