import { describe, expect, it } from 'vitest';
import {
  findManagedCachePolicy,
  managedCachePolicies,
  managedCachePolicyNames,
} from './managed-cache-policies.js';

describe('managedCachePolicies', () => {
  it('holds the seven managed policies of §1.4', () => {
    expect(managedCachePolicyNames).toEqual([
      'CachingOptimized',
      'CachingOptimizedForUncompressedObjects',
      'CachingDisabled',
      'Amplify',
      'Elemental-MediaPackage',
      'UseOriginCacheControlHeaders',
      'UseOriginCacheControlHeaders-QueryStrings',
    ]);
  });

  it('gives CachingOptimized 1 s / 1 d / 1 y, nothing in the key but normalised Accept-Encoding', () => {
    const p = managedCachePolicies.CachingOptimized;
    expect(p).toMatchObject({
      id: '658327ea-f89d-4fab-a63d-7e88639e58f6',
      apiName: 'Managed-CachingOptimized',
      managed: true,
      minTtlSeconds: 1,
      defaultTtlSeconds: 86_400,
      maxTtlSeconds: 31_536_000,
      minTtlMs: 1000,
      defaultTtlMs: 86_400_000,
      maxTtlMs: 31_536_000_000,
      gzip: true,
      brotli: true,
      confirmed: true,
    });
    expect(p.headers.behavior).toBe('none');
    expect(p.cookies.behavior).toBe('none');
    expect(p.queryStrings.behavior).toBe('none');
  });

  it('turns everything off in CachingDisabled, including 0 TTLs (not absent ones)', () => {
    const p = managedCachePolicies.CachingDisabled;
    expect([p.minTtlMs, p.defaultTtlMs, p.maxTtlMs]).toEqual([0, 0, 0]);
    expect([p.gzip, p.brotli]).toEqual([false, false]);
    expect(managedCachePolicies.CachingOptimizedForUncompressedObjects).toMatchObject({
      minTtlSeconds: 1,
      gzip: false,
      brotli: false,
    });
  });

  it('keys Amplify on three lower-case headers, all cookies and all query strings', () => {
    const p = managedCachePolicies.Amplify;
    expect([p.minTtlSeconds, p.defaultTtlSeconds, p.maxTtlSeconds]).toEqual([2, 2, 600]);
    expect(p.headers.behavior).toBe('whitelist');
    expect([...p.headers.names]).toEqual(['authorization', 'cloudfront-viewer-country', 'host']);
    expect(p.cookies.behavior).toBe('all');
    expect(p.queryStrings.behavior).toBe('all');
  });

  it('keys Elemental-MediaPackage on Origin and four query strings, gzip only', () => {
    const p = managedCachePolicies['Elemental-MediaPackage'];
    expect([...p.headers.names]).toEqual(['origin']);
    expect(p.queryStrings.behavior).toBe('whitelist');
    expect([...p.queryStrings.names]).toEqual(['aws.manifestfilter', 'start', 'end', 'm']);
    expect([p.gzip, p.brotli]).toEqual([true, false]);
  });

  it('marks the UseOriginCacheControlHeaders policies unconfirmed and unprefixed, Host in the key', () => {
    const a = managedCachePolicies.UseOriginCacheControlHeaders;
    const b = managedCachePolicies['UseOriginCacheControlHeaders-QueryStrings'];
    for (const p of [a, b]) {
      expect(p.confirmed).toBe(false);
      expect(p.apiName).toBe(p.name);
      expect([p.minTtlSeconds, p.defaultTtlSeconds, p.maxTtlSeconds]).toEqual([0, 0, 31_536_000]);
      expect(p.headers.names.has('host')).toBe(true);
      expect(p.headers.names.size).toBe(5);
      expect(p.cookies.behavior).toBe('all');
    }
    expect(a.queryStrings.behavior).toBe('none');
    expect(b.queryStrings.behavior).toBe('all');
  });

  it('is frozen', () => {
    expect(Object.isFrozen(managedCachePolicies)).toBe(true);
    expect(Object.isFrozen(managedCachePolicies.CachingOptimized)).toBe(true);
    expect(() => {
      (managedCachePolicies as Record<string, unknown>).Mine = {};
    }).toThrow(TypeError);
  });
});

describe('findManagedCachePolicy', () => {
  it('finds a policy by name, by Managed- name and by id', () => {
    const p = managedCachePolicies.CachingDisabled;
    expect(findManagedCachePolicy('CachingDisabled')).toBe(p);
    expect(findManagedCachePolicy('Managed-CachingDisabled')).toBe(p);
    expect(findManagedCachePolicy('4135ea2d-6df8-44a3-9df3-4b5a84be39ad')).toBe(p);
    expect(findManagedCachePolicy('4135EA2D-6DF8-44A3-9DF3-4B5A84BE39AD')).toBe(p);
    expect(findManagedCachePolicy('UseOriginCacheControlHeaders-QueryStrings')?.id).toBe(
      '4cc15a8a-d715-48a4-82b8-cc0b614638fe',
    );
  });

  it('returns undefined for anything else, names being case-sensitive', () => {
    expect(findManagedCachePolicy('cachingoptimized')).toBeUndefined();
    expect(findManagedCachePolicy('Managed-')).toBeUndefined();
    expect(findManagedCachePolicy('')).toBeUndefined();
  });
});
