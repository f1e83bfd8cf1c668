import { describe, expect, it } from 'vitest';
import { resolveCachePolicy } from './cache-policy.js';
import { legacyCachePolicy, usesLegacyCacheSettings } from './legacy-cache-settings.js';

describe('legacyCachePolicy', () => {
  it('keeps absent TTLs absent so the §1.1 defaults apply, and 0 as 0', () => {
    expect(legacyCachePolicy({}, 'x')).not.toHaveProperty('defaultTTL');
    const p = resolveCachePolicy(legacyCachePolicy({ MinTTL: 0 }, 'x'), 'x');
    expect([p.minTtlMs, p.defaultTtlMs, p.maxTtlMs]).toEqual([0, 86_400_000, 31_536_000_000]);
    const zero = resolveCachePolicy(legacyCachePolicy({ MinTTL: 0, DefaultTTL: 0, MaxTTL: 0 }, 'x'), 'x');
    expect([zero.minTtlMs, zero.defaultTtlMs, zero.maxTtlMs]).toEqual([0, 0, 0]);
  });

  it('keys on all query strings when QueryString is true without cache keys', () => {
    const config = legacyCachePolicy(
      { ForwardedValues: { QueryString: true, QueryStringCacheKeys: { Quantity: 0 } } },
      'x',
    );
    expect(config.parametersInCacheKeyAndForwardedToOrigin?.queryStringsConfig).toEqual({
      queryStringBehavior: 'all',
    });
  });

  it('forwards all cookies with Forward "all"', () => {
    const config = legacyCachePolicy({ ForwardedValues: { Cookies: { Forward: 'all' } } }, 'x');
    expect(config.parametersInCacheKeyAndForwardedToOrigin?.cookiesConfig).toEqual({ cookieBehavior: 'all' });
  });

  it('uses Gzip only, and no normalisation at all when Accept-Encoding is forwarded', () => {
    expect(resolveCachePolicy(legacyCachePolicy({}, 'x'), 'x')).toMatchObject({ gzip: true, brotli: false });
    const listed = legacyCachePolicy(
      { ForwardedValues: { Headers: { Quantity: 1, Items: ['Accept-Encoding'] } } },
      'x',
    );
    const p = resolveCachePolicy(listed, 'x');
    expect(p).toMatchObject({ gzip: false, brotli: false });
    expect(p.headers.names.has('accept-encoding')).toBe(true);
  });

  it('tells legacy behaviours from policy ones', () => {
    expect(usesLegacyCacheSettings({ MinTTL: 0 })).toBe(true);
    expect(usesLegacyCacheSettings({ CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6' })).toBe(false);
  });
});
