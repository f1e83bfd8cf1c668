import { describe, expect, it } from 'vitest';
import type { CachePolicyConfig } from '../options/config-types.js';
import { resolveCachePolicy } from './cache-policy.js';
import { managedCachePolicies } from './managed-cache-policies.js';

const DAY_MS = 86_400_000;
const YEAR_MS = 31_536_000_000;

function ttls(config: CachePolicyConfig) {
  const p = resolveCachePolicy(config, 'policy');
  return [p.minTtlMs, p.defaultTtlMs, p.maxTtlMs];
}

describe('resolveCachePolicy: managed policies', () => {
  it('resolves a name, a Managed- name and an id to the same frozen policy', () => {
    const p = managedCachePolicies.CachingOptimized;
    expect(resolveCachePolicy('CachingOptimized', 'x')).toBe(p);
    expect(resolveCachePolicy('Managed-CachingOptimized', 'x')).toBe(p);
    expect(resolveCachePolicy('658327ea-f89d-4fab-a63d-7e88639e58f6', 'x')).toBe(p);
  });

  it('rejects an unknown name with NoSuchCachePolicy listing the valid names', () => {
    expect(() => resolveCachePolicy('CachingOptimised', 'defaultCacheBehavior.cachePolicy')).toThrow(
      expect.objectContaining({
        code: 'NoSuchCachePolicy',
        message: expect.stringMatching(
          /defaultCacheBehavior\.cachePolicy: expected a managed cache policy name or id \(CachingOptimized, .*UseOriginCacheControlHeaders-QueryStrings\), got "CachingOptimised"/,
        ),
      }),
    );
  });
});

describe('resolveCachePolicy: TTLs (§1.1)', () => {
  it('defaults to 0 / 1 day / 1 year', () => {
    expect(ttls({})).toEqual([0, DAY_MS, YEAR_MS]);
  });

  it('reads numbers as seconds and strings as durations', () => {
    expect(ttls({ minTTL: 5, defaultTTL: '1h', maxTTL: '2d' })).toEqual([5000, 3_600_000, 2 * DAY_MS]);
  });

  it('keeps explicit zeros, which differ from absent values', () => {
    expect(ttls({ minTTL: 0, defaultTTL: 0, maxTTL: 0 })).toEqual([0, 0, 0]);
    expect(ttls({ defaultTTL: 0 })).toEqual([0, 0, YEAR_MS]);
    expect(ttls({ minTTL: 0 })).toEqual([0, DAY_MS, YEAR_MS]);
  });

  it('defaults DefaultTTL to MinTTL when MinTTL is above one day', () => {
    expect(ttls({ minTTL: 90_000 })).toEqual([90_000_000, 90_000_000, YEAR_MS]);
    expect(ttls({ minTTL: 86_400 })).toEqual([DAY_MS, DAY_MS, YEAR_MS]);
  });

  it('defaults MaxTTL to DefaultTTL when Min or Default is above one year', () => {
    expect(ttls({ defaultTTL: 40_000_000 })).toEqual([0, 40_000_000_000, 40_000_000_000]);
    expect(ttls({ minTTL: 40_000_000 })).toEqual([40_000_000_000, 40_000_000_000, 40_000_000_000]);
  });

  it('requires Min <= Default <= Max', () => {
    expect(() => ttls({ minTTL: 10, defaultTTL: 5 })).toThrow(
      expect.objectContaining({
        code: 'InvalidCachePolicy',
        message: expect.stringContaining(
          'policy TTLs: expected minTTL <= defaultTTL <= maxTTL, got {"minTTL":10,"defaultTTL":5',
        ),
      }),
    );
    expect(() => ttls({ maxTTL: 0 })).toThrow(expect.objectContaining({ code: 'InvalidCachePolicy' }));
    expect(() => ttls({ defaultTTL: '2h', maxTTL: '1h' })).toThrow(/"defaultTTL":"2h","maxTTL":"1h"/);
  });

  it('rejects negative and malformed TTLs', () => {
    expect(() => ttls({ minTTL: -1 })).toThrow(expect.objectContaining({ code: 'InvalidCachePolicy' }));
    expect(() => ttls({ maxTTL: '1 year' as never })).toThrow(/policy\.maxTTL: expected seconds/);
  });
});

describe('resolveCachePolicy: key contents', () => {
  const params = (p: CachePolicyConfig['parametersInCacheKeyAndForwardedToOrigin']) =>
    resolveCachePolicy({ parametersInCacheKeyAndForwardedToOrigin: p }, 'policy');

  it('puts nothing extra in the key by default and enables both compression formats', () => {
    const p = resolveCachePolicy({ name: 'static' }, 'policy');
    expect(p).toMatchObject({
      id: 'custom:static',
      name: 'static',
      managed: false,
      gzip: true,
      brotli: true,
    });
    expect(p.headers.behavior).toBe('none');
    expect(p.cookies.behavior).toBe('none');
    expect(p.queryStrings.behavior).toBe('none');
    expect(Object.isFrozen(p)).toBe(true);
  });

  it('names an unnamed policy after where it was configured', () => {
    expect(resolveCachePolicy({}, 'cacheBehaviors[1].cachePolicy').name).toBe(
      'cacheBehaviors[1].cachePolicy',
    );
  });

  it('lower-cases header names and keeps cookie and query names as given', () => {
    const p = params({
      headersConfig: { headerBehavior: 'whitelist', headers: ['Origin', 'X-Tenant'] },
      cookiesConfig: { cookieBehavior: 'allExcept', cookies: ['Session'] },
      queryStringsConfig: { queryStringBehavior: 'whitelist', queryStrings: ['Page', 'q'] },
    });
    expect([...p.headers.names]).toEqual(['origin', 'x-tenant']);
    expect(p.cookies).toMatchObject({ behavior: 'allExcept' });
    expect([...p.cookies.names]).toEqual(['Session']);
    expect([...p.queryStrings.names]).toEqual(['Page', 'q']);
  });

  it('turns compression formats off one at a time', () => {
    expect(params({ enableAcceptEncodingGzip: false })).toMatchObject({ gzip: false, brotli: true });
    expect(params({ enableAcceptEncodingBrotli: false })).toMatchObject({ gzip: true, brotli: false });
  });

  it('accepts an empty list with none and all', () => {
    expect(params({ cookiesConfig: { cookieBehavior: 'all', cookies: [] } }).cookies.behavior).toBe('all');
  });

  it('accepts Accept-Encoding as an ordinary header when both formats are off', () => {
    const p = params({
      enableAcceptEncodingGzip: false,
      enableAcceptEncodingBrotli: false,
      headersConfig: { headerBehavior: 'whitelist', headers: ['Accept-Encoding'] },
    });
    expect(p.headers.names.has('accept-encoding')).toBe(true);
  });

  it.each([
    [
      { headersConfig: { headerBehavior: 'all' } },
      'headerBehavior: expected one of none, whitelist, got "all"',
    ],
    [{ headersConfig: { headerBehavior: 'whitelist' } }, 'headers: expected an array, got undefined'],
    [{ headersConfig: { headerBehavior: 'whitelist', headers: [] } }, 'expected a non-empty list'],
    [
      { cookiesConfig: { cookieBehavior: 'none', cookies: ['a'] } },
      'expected no list with cookieBehavior "none"',
    ],
    [{ queryStringsConfig: { queryStringBehavior: 'all', queryStrings: ['a'] } }, 'no list'],
    [{ headersConfig: { headerBehavior: 'whitelist', headers: ['Bad Header'] } }, 'got "Bad Header"'],
    [
      { headersConfig: { headerBehavior: 'whitelist', headers: ['Accept-Encoding'] } },
      'no "accept-encoding"',
    ],
    [
      { cookiesConfig: { cookieBehavior: 'whitelist', cookies: [''] } },
      'cookies[0]: expected a non-empty string',
    ],
    [{ enableAcceptEncodingGzip: 'yes' }, 'enableAcceptEncodingGzip: expected true or false, got "yes"'],
    [{ queryStrings: ['a'] }, 'unknown option "queryStrings"'],
  ])('rejects %j', (p, message) => {
    expect(() => params(p as never)).toThrow(
      expect.objectContaining({ code: 'InvalidCachePolicy', message: expect.stringContaining(message) }),
    );
  });

  it('enforces the quota of 10 names per list (§5) and allows exactly 10', () => {
    const names = (n: number) => Array.from({ length: n }, (_, i) => `p${i}`);
    expect(
      params({ queryStringsConfig: { queryStringBehavior: 'whitelist', queryStrings: names(10) } })
        .queryStrings.names.size,
    ).toBe(10);
    for (const config of [
      { queryStringsConfig: { queryStringBehavior: 'whitelist' as const, queryStrings: names(11) } },
      { cookiesConfig: { cookieBehavior: 'allExcept' as const, cookies: names(11) } },
      { headersConfig: { headerBehavior: 'whitelist' as const, headers: names(11) } },
    ]) {
      expect(() => params(config)).toThrow(
        expect.objectContaining({
          code: 'InvalidCachePolicy',
          message: expect.stringContaining('at most 10 names'),
        }),
      );
    }
  });

  it('rejects a misspelt option and a non-object', () => {
    expect(() => resolveCachePolicy({ minTtl: 1 } as never, 'policy')).toThrow(/unknown option "minTtl"/);
    expect(() => resolveCachePolicy(42 as never, 'policy')).toThrow(/policy: expected an object, got 42/);
  });
});
