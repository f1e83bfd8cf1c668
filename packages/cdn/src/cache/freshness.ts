import { formatMs } from '../clock/duration.js';
import type { HeaderMap } from '../origin/types.js';
import { type CacheControl, parseCacheControl } from './cache-control.js';

/** Which rule decided how long a response is cached. Shown in traces and failure timelines. */
export type TtlRule =
  | 'default-ttl'
  | 'max-age'
  | 's-maxage'
  | 'expires'
  | 'min-ttl'
  | 'max-ttl'
  | 'min-ttl-overrides-no-cache'
  | 'not-cached-directive'
  | 'not-cached-redirect'
  | 'error-caching-min-ttl'
  | 'error-header-ttl'
  | 'error-not-cached'
  | 'error-directive-honoured'
  | 'error-caching-disabled'
  /** Not stored: an invalidation reached the node while the answer was on its way (§6). */
  | 'invalidated-in-flight';

export interface TtlSettings {
  minTtlMs: number;
  defaultTtlMs: number;
  maxTtlMs: number;
}

/** Documented options for the points cloudfront-behaviour.md marks UNCONFIRMED. */
export interface ErrorCachingOptions {
  /**
   * §2: the current error-caching page mentions 410 next to 404, but whether 410 joined the
   * "always cached" list is UNCONFIRMED. Default `'always'`; `'with-max-age'` treats it like 403.
   */
  status410: 'always' | 'with-max-age';
  /**
   * §2: whether a custom error response's ErrorCachingMinTTL caches a "only with max-age" code
   * (e.g. S3's 403 for a missing key) when the origin sends no max-age is UNCONFIRMED.
   * Default `true`: configuring a custom error response for a code caches it for its MinTTL.
   */
  customErrorResponseCachesCode: boolean;
}

export const DEFAULT_ERROR_CACHING_OPTIONS: ErrorCachingOptions = Object.freeze({
  status410: 'always',
  customErrorResponseCachesCode: true,
});

export interface FreshnessInput {
  status: number;
  headers: HeaderMap;
  /** When the response arrived, for `Expires`. */
  nowMs: number;
  ttl: TtlSettings;
  /** ErrorCachingMinTTL for this status: the custom error response's, or 10 s. */
  errorCachingMinTtlMs: number;
  /** A custom error response is configured for this status. */
  customErrorResponse: boolean;
  errorCaching?: ErrorCachingOptions;
  /**
   * §1.2/§1.3: with MinTTL > 0, a response with no-cache, no-store or private is cached for MinTTL.
   * The API reference says so plainly; the Expiration page's warning adds that the next request
   * still goes to the origin and the copy is used only if the origin is unreachable. `revalidate`
   * (default) follows the warning; `serve` serves the copy as a hit for MinTTL.
   */
  minTtlNoCache?: 'revalidate' | 'serve';
}

export interface FreshnessDecision {
  cacheable: boolean;
  ttlMs: number;
  rule: TtlRule;
  /** A human sentence: "s-maxage=60 s clamped to MinTTL 120 s". */
  because: string;
  /** Window after expiry in which the stale copy is served while refreshing (0 = none). */
  staleWhileRevalidateMs: number;
  /**
   * Window after expiry in which the stale copy is served when the origin fails. `undefined` means
   * CloudFront's default: an expired object is served instead of a 5xx for as long as it is held
   * (§2 CFDG HTTPStatusCodes). `stale-if-error=0` turns that off.
   */
  staleIfErrorMs: number | undefined;
  /** Whether concurrent requests for this object may share one origin fetch (§7). */
  collapsible: boolean;
  /**
   * Stored, but every request still asks the origin, and the copy is served only when the origin
   * fails (§1.3 warning: MinTTL > 0 with no-cache, no-store or private).
   */
  revalidateAlways: boolean;
  isError: boolean;
  cacheControl: CacheControl;
}

// §2 CFDG HTTPStatusCodes (2023 snapshot): codes cached whatever the headers say.
const ALWAYS_CACHED = new Set([404, 414, 500, 501, 502, 503, 504]);
// §2: codes cached only when the origin sends max-age or s-maxage.
const CACHED_WITH_MAX_AGE = new Set([400, 403, 405, 412, 415]);
// §2 custom-error-pages-expiration (current page): no-store/no-cache/private honoured only for these.
const DIRECTIVES_HONOURED = new Set([404, 410, 414, 501]);

/** Decides whether and for how long one cache tier keeps a response. Pure; reads no clock. */
export function decideFreshness(input: FreshnessInput): FreshnessDecision {
  const cc = parseCacheControl(input.headers['cache-control']);
  return input.status >= 400 ? decideError(input, cc) : decideSuccess(input, cc);
}

function decideSuccess(input: FreshnessInput, cc: CacheControl): FreshnessDecision {
  const { minTtlMs, defaultTtlMs, maxTtlMs } = input.ttl;
  // §3 (2023-05-17 announcement): the stale windows start when the section 1.2 TTL runs out
  // (UNCONFIRMED interaction with Min/Max TTL; this is the suggested model).
  const base: DecisionBase = {
    isError: false,
    cacheControl: cc,
    staleWhileRevalidateMs: (cc.staleWhileRevalidateSeconds ?? 0) * 1000,
    staleIfErrorMs: cc.staleIfErrorSeconds === undefined ? undefined : cc.staleIfErrorSeconds * 1000,
    collapsible: collapsible(cc, minTtlMs),
    revalidateAlways: false,
  };
  // §1.3 CFDG http-3xx-status-codes: 307 and 308 are cached only if the origin sends Cache-Control.
  if ((input.status === 307 || input.status === 308) && input.headers['cache-control'] === undefined) {
    return decision(
      base,
      base.revalidateAlways,
      false,
      0,
      'not-cached-redirect',
      `${input.status} without Cache-Control is not cached`,
    );
  }
  // §1.2/§1.3 API_CachePolicyConfig: MinTTL > 0 overrides no-cache, no-store and private.
  const directive = cc.noStore ? 'no-store' : cc.noCache ? 'no-cache' : cc.private ? 'private' : undefined;
  if (directive) {
    if (minTtlMs === 0) {
      return decision(
        base,
        base.revalidateAlways,
        false,
        0,
        'not-cached-directive',
        `Cache-Control: ${directive} with MinTTL 0`,
      );
    }
    return decision(
      base,
      (input.minTtlNoCache ?? 'revalidate') === 'revalidate',
      true,
      minTtlMs,
      'min-ttl-overrides-no-cache',
      `Cache-Control: ${directive} overridden by MinTTL ${formatMs(minTtlMs)}`,
    );
  }
  const header = headerTtl(input, cc);
  // §1.1: DefaultTTL only when the origin sends no max-age, s-maxage or Expires.
  if (!header) {
    const ttlMs = Math.max(minTtlMs, defaultTtlMs);
    return decision(
      base,
      base.revalidateAlways,
      ttlMs > 0,
      ttlMs,
      'default-ttl',
      `DefaultTTL ${formatMs(ttlMs)} (no max-age, s-maxage or Expires)`,
    );
  }
  // §1.2 decision table: clamp(header, MinTTL, MaxTTL); MaxTTL applies only when a header is sent.
  if (header.ms < minTtlMs) {
    return decision(
      base,
      base.revalidateAlways,
      true,
      minTtlMs,
      'min-ttl',
      `${header.text} raised to MinTTL ${formatMs(minTtlMs)}`,
    );
  }
  if (header.ms > maxTtlMs) {
    return decision(
      base,
      base.revalidateAlways,
      maxTtlMs > 0,
      maxTtlMs,
      'max-ttl',
      `${header.text} capped at MaxTTL ${formatMs(maxTtlMs)}`,
    );
  }
  return decision(base, base.revalidateAlways, header.ms > 0, header.ms, header.rule, header.text);
}

function decideError(input: FreshnessInput, cc: CacheControl): FreshnessDecision {
  const { status, errorCachingMinTtlMs } = input;
  const options = input.errorCaching ?? DEFAULT_ERROR_CACHING_OPTIONS;
  const base: DecisionBase = {
    isError: true,
    cacheControl: cc,
    staleWhileRevalidateMs: 0,
    staleIfErrorMs: 0,
    collapsible: true,
    revalidateAlways: false,
  };
  const no = (rule: TtlRule, because: string): FreshnessDecision =>
    decision(base, base.revalidateAlways, false, 0, rule, because);
  // §2 custom-error-pages-expiration: 416 is never cached.
  if (status === 416) return no('error-not-cached', '416 is never cached');
  const header = headerTtl(input, cc);
  const hasMaxAge = cc.maxAgeSeconds !== undefined || cc.sMaxAgeSeconds !== undefined;
  const always = ALWAYS_CACHED.has(status) || (status === 410 && options.status410 === 'always');
  const withMaxAge =
    CACHED_WITH_MAX_AGE.has(status) || (status === 410 && options.status410 === 'with-max-age');
  const byCustomResponse = input.customErrorResponse && options.customErrorResponseCachesCode;
  if (!always && !(withMaxAge && (hasMaxAge || byCustomResponse))) {
    return no(
      'error-not-cached',
      withMaxAge
        ? `${status} is cached only with max-age or s-maxage`
        : `${status} is not an error CloudFront caches`,
    );
  }
  // §2: no-store/no-cache/private are honoured on errors only for 404, 410, 414 and 501.
  const directive = cc.noStore ? 'no-store' : cc.noCache ? 'no-cache' : cc.private ? 'private' : undefined;
  if (directive && DIRECTIVES_HONOURED.has(status)) {
    return no('error-directive-honoured', `Cache-Control: ${directive} is honoured for ${status}`);
  }
  // §2: an ErrorCachingMinTTL of 0 disables error caching for that code.
  if (errorCachingMinTtlMs === 0) return no('error-caching-disabled', `ErrorCachingMinTTL 0 for ${status}`);
  // §2: with max-age/s-maxage/Expires, the larger of it (capped by MaxTTL) and ErrorCachingMinTTL.
  if (header && !directive) {
    const headerMs = Math.min(header.ms, input.ttl.maxTtlMs);
    if (headerMs > errorCachingMinTtlMs) {
      return decision(
        base,
        base.revalidateAlways,
        true,
        headerMs,
        'error-header-ttl',
        `${status} cached for ${header.text}`,
      );
    }
  }
  return decision(
    base,
    base.revalidateAlways,
    true,
    errorCachingMinTtlMs,
    'error-caching-min-ttl',
    `${status} cached ${formatMs(errorCachingMinTtlMs)} by ErrorCachingMinTTL`,
  );
}

interface HeaderTtl {
  ms: number;
  rule: 's-maxage' | 'max-age' | 'expires';
  text: string;
}

// §1.1 CFDG Expiration: s-maxage overrides max-age; with both max-age and Expires only max-age counts.
function headerTtl(input: FreshnessInput, cc: CacheControl): HeaderTtl | undefined {
  if (cc.sMaxAgeSeconds !== undefined) {
    return { ms: cc.sMaxAgeSeconds * 1000, rule: 's-maxage', text: `s-maxage=${cc.sMaxAgeSeconds}` };
  }
  if (cc.maxAgeSeconds !== undefined) {
    return { ms: cc.maxAgeSeconds * 1000, rule: 'max-age', text: `max-age=${cc.maxAgeSeconds}` };
  }
  const expires = input.headers.expires;
  if (expires !== undefined) {
    // An unparsable Expires (e.g. "0") means "already expired" (RFC 9111 §5.3).
    const at = Date.parse(expires);
    const ms = Number.isNaN(at) ? 0 : Math.max(0, at - input.nowMs);
    return { ms, rule: 'expires', text: `Expires ${formatMs(ms)} ahead` };
  }
  return undefined;
}

// §7 RequestAndResponseBehaviorS3Origin #request-s3-traffic-spikes: no collapsing for one object when
// MinTTL = 0 and the origin sends private, no-store, no-cache, max-age=0 or s-maxage=0.
function collapsible(cc: CacheControl, minTtlMs: number): boolean {
  if (minTtlMs > 0) return true;
  return !(cc.private || cc.noStore || cc.noCache || cc.maxAgeSeconds === 0 || cc.sMaxAgeSeconds === 0);
}

type DecisionBase = Pick<
  FreshnessDecision,
  | 'isError'
  | 'cacheControl'
  | 'staleWhileRevalidateMs'
  | 'staleIfErrorMs'
  | 'collapsible'
  | 'revalidateAlways'
>;

/** Decisions handed out, by `because`: equal decisions are one object, shared by every entry. */
const decisions = new Map<string, FreshnessDecision[]>();

/**
 * One decision object, built with every field in one literal (so all decisions share one hidden
 * class: a spread of `base` gave each its own, hundreds of bytes per cache entry), and interned:
 * decisions are never changed, and a million entries with the same Cache-Control hold one.
 */
function decision(
  base: DecisionBase,
  revalidateAlways: boolean,
  cacheable: boolean,
  ttlMs: number,
  rule: TtlRule,
  because: string,
): FreshnessDecision {
  const made: FreshnessDecision = {
    isError: base.isError,
    cacheControl: base.cacheControl,
    staleWhileRevalidateMs: base.staleWhileRevalidateMs,
    staleIfErrorMs: base.staleIfErrorMs,
    collapsible: base.collapsible,
    revalidateAlways,
    cacheable,
    ttlMs,
    rule,
    because,
  };
  const same = decisions.get(because);
  if (same === undefined) {
    if (decisions.size >= 1000) decisions.clear();
    decisions.set(because, [made]);
    return made;
  }
  for (const held of same) if (equalDecisions(held, made)) return held;
  if (same.length < 16) same.push(made);
  return made;
}

function equalDecisions(a: FreshnessDecision, b: FreshnessDecision): boolean {
  return (
    a.isError === b.isError &&
    a.cacheControl === b.cacheControl &&
    a.staleWhileRevalidateMs === b.staleWhileRevalidateMs &&
    a.staleIfErrorMs === b.staleIfErrorMs &&
    a.collapsible === b.collapsible &&
    a.revalidateAlways === b.revalidateAlways &&
    a.cacheable === b.cacheable &&
    a.ttlMs === b.ttlMs &&
    a.rule === b.rule
  );
}
