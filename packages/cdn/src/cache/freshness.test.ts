import { describe, expect, it } from 'vitest';
import { decideFreshness, type FreshnessInput } from './freshness.js';

const NOW = Date.UTC(2026, 0, 1);
const S = 1000;
const DAY = 86_400 * S;
const YEAR = 31_536_000 * S;

function decide(
  status: number,
  headers: Record<string, string>,
  ttl: Partial<FreshnessInput['ttl']> = {},
  extra: Partial<FreshnessInput> = {},
) {
  return decideFreshness({
    status,
    headers,
    nowMs: NOW,
    ttl: { minTtlMs: 0, defaultTtlMs: DAY, maxTtlMs: YEAR, ...ttl },
    errorCachingMinTtlMs: 10 * S,
    customErrorResponse: false,
    ...extra,
  });
}

describe('§1.2 TTL decision table, MinTTL = 0', () => {
  it('max-age=N only: min(N, MaxTTL)', () => {
    expect(decide(200, { 'cache-control': 'max-age=60' })).toMatchObject({ ttlMs: 60 * S, rule: 'max-age' });
    expect(decide(200, { 'cache-control': 'max-age=999' }, { maxTtlMs: 100 * S })).toMatchObject({
      ttlMs: 100 * S,
      rule: 'max-ttl',
    });
  });
  it('s-maxage wins over max-age, capped by MaxTTL', () => {
    expect(decide(200, { 'cache-control': 'max-age=60, s-maxage=300' })).toMatchObject({
      ttlMs: 300 * S,
      rule: 's-maxage',
    });
    expect(decide(200, { 'cache-control': 's-maxage=300' }, { maxTtlMs: 200 * S })).toMatchObject({
      ttlMs: 200 * S,
    });
  });
  it('s-maxage=0 is a real zero, not an absent header', () => {
    expect(decide(200, { 'cache-control': 's-maxage=0, max-age=600' })).toMatchObject({
      ttlMs: 0,
      cacheable: false,
      rule: 's-maxage',
    });
    expect(decide(200, { 'cache-control': 'max-age=600' })).toMatchObject({ ttlMs: 600 * S });
  });
  it('Expires only: until Expires or MaxTTL, whichever is sooner', () => {
    const in90s = new Date(NOW + 90 * S).toUTCString();
    expect(decide(200, { expires: in90s })).toMatchObject({ ttlMs: 90 * S, rule: 'expires' });
    expect(decide(200, { expires: in90s }, { maxTtlMs: 30 * S })).toMatchObject({
      ttlMs: 30 * S,
      rule: 'max-ttl',
    });
    expect(decide(200, { expires: '0' })).toMatchObject({ ttlMs: 0, cacheable: false });
  });
  it('with both max-age and Expires only max-age counts', () => {
    const in90s = new Date(NOW + 90 * S).toUTCString();
    expect(decide(200, { 'cache-control': 'max-age=10', expires: in90s })).toMatchObject({
      ttlMs: 10 * S,
      rule: 'max-age',
    });
  });
  it('no header: DefaultTTL', () => {
    expect(decide(200, {})).toMatchObject({ ttlMs: DAY, rule: 'default-ttl', cacheable: true });
    expect(decide(200, {}, { defaultTtlMs: 0 })).toMatchObject({ ttlMs: 0, cacheable: false });
  });
  it.each(['no-cache', 'no-store', 'private'])('%s is obeyed: not cached', (directive) => {
    expect(decide(200, { 'cache-control': `${directive}, max-age=600` })).toMatchObject({
      cacheable: false,
      rule: 'not-cached-directive',
    });
  });
});

describe('§1.2 TTL decision table, MinTTL > 0', () => {
  const ttl = { minTtlMs: 120 * S, defaultTtlMs: DAY, maxTtlMs: YEAR };
  it('max-age below MinTTL is raised, above MaxTTL capped', () => {
    expect(decide(200, { 'cache-control': 'max-age=60' }, ttl)).toMatchObject({
      ttlMs: 120 * S,
      rule: 'min-ttl',
    });
    expect(decide(200, { 'cache-control': 'max-age=600' }, ttl)).toMatchObject({
      ttlMs: 600 * S,
      rule: 'max-age',
    });
    expect(decide(200, { 'cache-control': 'max-age=600' }, { ...ttl, maxTtlMs: 300 * S })).toMatchObject({
      ttlMs: 300 * S,
    });
  });
  it('s-maxage is clamped to [MinTTL, MaxTTL]', () => {
    expect(decide(200, { 'cache-control': 's-maxage=1' }, ttl)).toMatchObject({
      ttlMs: 120 * S,
      rule: 'min-ttl',
    });
  });
  it('Expires is clamped to [MinTTL, MaxTTL]', () => {
    expect(decide(200, { expires: new Date(NOW + 5 * S).toUTCString() }, ttl)).toMatchObject({
      ttlMs: 120 * S,
    });
  });
  it('no header: max(MinTTL, DefaultTTL)', () => {
    expect(decide(200, {}, { ...ttl, defaultTtlMs: 200 * S })).toMatchObject({
      ttlMs: 200 * S,
      rule: 'default-ttl',
    });
  });
  it.each(['no-cache', 'no-store', 'private'])('%s is cached for MinTTL anyway (§1.3)', (directive) => {
    expect(decide(200, { 'cache-control': directive }, ttl)).toMatchObject({
      cacheable: true,
      ttlMs: 120 * S,
      rule: 'min-ttl-overrides-no-cache',
      revalidateAlways: true,
    });
  });
  it("keeps asking the origin by default, or serves the copy with minTtlNoCache 'serve'", () => {
    expect(decide(200, { 'cache-control': 'max-age=600' }, ttl).revalidateAlways).toBe(false);
    expect(
      decide(200, { 'cache-control': 'no-cache' }, ttl, { minTtlNoCache: 'serve' }).revalidateAlways,
    ).toBe(false);
  });
});

describe('§1.3 redirects', () => {
  it('307 and 308 are cached only with Cache-Control', () => {
    expect(decide(307, {})).toMatchObject({ cacheable: false, rule: 'not-cached-redirect' });
    expect(decide(308, { 'cache-control': 'max-age=60' })).toMatchObject({ cacheable: true, ttlMs: 60 * S });
  });
  it('301 follows the normal rules', () => {
    expect(decide(301, {})).toMatchObject({ cacheable: true, ttlMs: DAY });
  });
});

describe('§2 error caching', () => {
  it.each([404, 414, 500, 501, 502, 503, 504])(
    '%i is always cached for ErrorCachingMinTTL (10 s)',
    (status) => {
      expect(decide(status, {})).toMatchObject({
        cacheable: true,
        ttlMs: 10 * S,
        rule: 'error-caching-min-ttl',
        isError: true,
      });
    },
  );
  it.each([400, 403, 405, 412, 415])('%i is cached only with max-age or s-maxage', (status) => {
    expect(decide(status, {})).toMatchObject({ cacheable: false, rule: 'error-not-cached' });
    expect(decide(status, { 'cache-control': 'max-age=60' })).toMatchObject({
      cacheable: true,
      ttlMs: 60 * S,
    });
    expect(decide(status, { 'cache-control': 's-maxage=1' })).toMatchObject({
      cacheable: true,
      ttlMs: 10 * S,
    });
  });
  it('416 is never cached, even with headers', () => {
    expect(decide(416, { 'cache-control': 'max-age=600' })).toMatchObject({ cacheable: false });
  });
  it('error TTL = max(ErrorCachingMinTTL, header TTL), header capped by MaxTTL', () => {
    expect(decide(404, { 'cache-control': 'max-age=300' })).toMatchObject({
      ttlMs: 300 * S,
      rule: 'error-header-ttl',
    });
    expect(decide(404, { 'cache-control': 'max-age=300' }, { maxTtlMs: 60 * S })).toMatchObject({
      ttlMs: 60 * S,
    });
    expect(decide(404, { 'cache-control': 'max-age=5' })).toMatchObject({
      ttlMs: 10 * S,
      rule: 'error-caching-min-ttl',
    });
    expect(decide(404, {}, {}, { errorCachingMinTtlMs: 60 * S })).toMatchObject({ ttlMs: 60 * S });
  });
  it.each([404, 410, 414, 501])('no-store is honoured for %i', (status) => {
    expect(decide(status, { 'cache-control': 'no-store' })).toMatchObject({
      cacheable: false,
      rule: 'error-directive-honoured',
    });
  });
  it.each([500, 502, 503, 504])('no-store is ignored for %i: cached for ErrorCachingMinTTL', (status) => {
    expect(decide(status, { 'cache-control': 'no-store, max-age=600' })).toMatchObject({
      cacheable: true,
      ttlMs: 10 * S,
    });
  });
  it('ErrorCachingMinTTL 0 disables error caching for that code', () => {
    expect(decide(404, {}, {}, { errorCachingMinTtlMs: 0 })).toMatchObject({
      cacheable: false,
      rule: 'error-caching-disabled',
    });
  });
  it('410 (UNCONFIRMED) is always cached by default, or only with max-age when configured', () => {
    expect(decide(410, {})).toMatchObject({ cacheable: true });
    const errorCaching = { status410: 'with-max-age' as const, customErrorResponseCachesCode: true };
    expect(decide(410, {}, {}, { errorCaching })).toMatchObject({ cacheable: false });
  });
  it('a custom error response caches a max-age-only code (UNCONFIRMED option, on by default)', () => {
    expect(decide(403, {}, {}, { customErrorResponse: true })).toMatchObject({
      cacheable: true,
      ttlMs: 10 * S,
    });
    const errorCaching = { status410: 'always' as const, customErrorResponseCachesCode: false };
    expect(decide(403, {}, {}, { customErrorResponse: true, errorCaching })).toMatchObject({
      cacheable: false,
    });
  });
  it('does not cache errors CloudFront does not list', () => {
    expect(decide(401, { 'cache-control': 'max-age=60' })).toMatchObject({ cacheable: false });
    expect(decide(429, {})).toMatchObject({ cacheable: false });
  });
});

describe('§3 stale windows and §7 collapsing', () => {
  it('reads stale-while-revalidate and stale-if-error; absent stale-if-error is CloudFront default', () => {
    const d = decide(200, {
      'cache-control': 'max-age=3600, stale-while-revalidate=600, stale-if-error=86400',
    });
    expect(d).toMatchObject({ staleWhileRevalidateMs: 600 * S, staleIfErrorMs: 86_400 * S });
    expect(decide(200, {})).toMatchObject({ staleWhileRevalidateMs: 0, staleIfErrorMs: undefined });
    expect(decide(200, { 'cache-control': 'stale-if-error=0' })).toMatchObject({ staleIfErrorMs: 0 });
  });
  it('does not collapse with MinTTL 0 and no-store / max-age=0', () => {
    expect(decide(200, { 'cache-control': 'max-age=0' }).collapsible).toBe(false);
    expect(decide(200, { 'cache-control': 'no-store' }).collapsible).toBe(false);
    expect(decide(200, { 'cache-control': 'max-age=60' }).collapsible).toBe(true);
    expect(decide(200, { 'cache-control': 'no-store' }, { minTtlMs: S }).collapsible).toBe(true);
  });
});
