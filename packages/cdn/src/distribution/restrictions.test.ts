import { describe, expect, it } from 'vitest';
import { isGeoBlocked, resolveRestrictions } from './restrictions.js';

describe('geo restriction (§14)', () => {
  it('blocks the listed countries of a block list and the others of an allow list', () => {
    const block = resolveRestrictions({
      geoRestriction: { restrictionType: 'blacklist', locations: ['KP'] },
    });
    expect([isGeoBlocked(block, 'KP'), isGeoBlocked(block, 'FR')]).toEqual([true, false]);
    const allow = resolveRestrictions({
      geoRestriction: { restrictionType: 'whitelist', locations: ['FR'] },
    });
    expect([isGeoBlocked(allow, 'KP'), isGeoBlocked(allow, 'FR')]).toEqual([true, false]);
  });

  it('serves an unknown country, and everyone without a restriction', () => {
    const allow = resolveRestrictions({
      geoRestriction: { restrictionType: 'whitelist', locations: ['FR'] },
    });
    expect(isGeoBlocked(allow, undefined)).toBe(false);
    expect(isGeoBlocked(resolveRestrictions(undefined), 'KP')).toBe(false);
    expect(isGeoBlocked(resolveRestrictions({ geoRestriction: { restrictionType: 'none' } }), 'KP')).toBe(
      false,
    );
  });
});
