import { describe, expect, it } from 'vitest';
import type { Origin } from '../origin/types.js';
import { managedCachePolicies } from '../policy/managed-cache-policies.js';
import { resolveBehavior } from './behaviors.js';
import { resolveOrigins } from './origins.js';

const fake = (kind: 's3' | 'custom'): Origin => ({
  kind,
  name: kind,
  fetch: async () => ({ status: 200, headers: {}, body: new Uint8Array() }),
});
const origins = resolveOrigins({ origins: { site: fake('s3'), api: fake('custom') } });

describe('resolveBehavior', () => {
  it('applies the defaults and records the target origin’s kind', () => {
    const b = resolveBehavior({ targetOriginId: 'api' }, 4, true, origins, 'defaultCacheBehavior');
    expect(b).toMatchObject({
      index: 4,
      isDefault: true,
      pathPattern: '*',
      targetOriginKind: 'custom',
      compress: true,
    });
    expect(b.cachePolicy).toBe(managedCachePolicies.CachingOptimized);
    expect(b.matches('/anything')).toBe(true);
    expect(Object.isFrozen(b)).toBe(true);
  });

  it('accepts each of the three method sets in any order', () => {
    for (const allowedMethods of [
      ['HEAD', 'GET'],
      ['OPTIONS', 'GET', 'HEAD'],
      ['DELETE', 'PATCH', 'POST', 'PUT', 'OPTIONS', 'HEAD', 'GET'],
    ] as const) {
      const b = resolveBehavior(
        { pathPattern: '/x', targetOriginId: 'site', allowedMethods },
        0,
        false,
        origins,
        'b',
      );
      expect(b.allowedMethods.size).toBe(allowedMethods.length);
    }
  });

  it('rejects a duplicated method even when the set would match', () => {
    expect(() =>
      resolveBehavior(
        { pathPattern: '/x', targetOriginId: 'site', allowedMethods: ['GET', 'HEAD', 'GET'] },
        0,
        false,
        origins,
        'b',
      ),
    ).toThrow(/b\.allowedMethods: expected one of/);
  });

  it('keeps compress false apart from absent', () => {
    expect(
      resolveBehavior({ pathPattern: '/x', targetOriginId: 'site', compress: false }, 0, false, origins, 'b')
        .compress,
    ).toBe(false);
    expect(
      resolveBehavior({ pathPattern: '/x', targetOriginId: 'site' }, 0, false, origins, 'b').compress,
    ).toBe(true);
  });
});
