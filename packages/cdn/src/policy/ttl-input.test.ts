import { describe, expect, it } from 'vitest';
import { ttlInputToMs } from './ttl-input.js';

describe('ttlInputToMs', () => {
  it('reads numbers as seconds, CloudFront’s unit', () => {
    expect(ttlInputToMs(86_400, 'defaultTTL')).toBe(86_400_000);
    expect(ttlInputToMs(1.5, 'defaultTTL')).toBe(1500);
  });

  it('reads duration strings', () => {
    expect(ttlInputToMs('10s', 'ttl')).toBe(10_000);
    expect(ttlInputToMs('500ms', 'ttl')).toBe(500);
    expect(ttlInputToMs('24h', 'ttl')).toBe(86_400_000);
  });

  it('accepts 0 in both forms', () => {
    expect(ttlInputToMs(0, 'ttl')).toBe(0);
    expect(ttlInputToMs('0s', 'ttl')).toBe(0);
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY, '10', '10 parsecs', '', null, {}])(
    'rejects %s',
    (bad) => {
      expect(() => ttlInputToMs(bad as never, 'minTTL')).toThrow(
        expect.objectContaining({
          code: 'InvalidDuration',
          message: expect.stringMatching(/minTTL: expected seconds/),
        }),
      );
    },
  );

  it('uses the code it is given', () => {
    expect(() => ttlInputToMs(-5, 'minTTL', 'InvalidCachePolicy')).toThrow(
      expect.objectContaining({ code: 'InvalidCachePolicy' }),
    );
  });
});
