import { describe, expect, it } from 'vitest';
import { memoryOrigin } from '../origin/memory-origin.js';
import type { Origin } from '../origin/types.js';
import { isOrigin, ORIGIN_SHIELD_REGIONS, resolveOrigins } from './origins.js';

const fake = (kind: 's3' | 'custom'): Origin => ({
  kind,
  name: kind,
  fetch: async () => ({ status: 200, headers: {}, body: new Uint8Array() }),
});

describe('resolveOrigins', () => {
  it('tells a bare Origin from OriginOptions by its fetch function', () => {
    expect(isOrigin(fake('s3'))).toBe(true);
    expect(isOrigin({ origin: fake('s3') })).toBe(false);
    const origins = resolveOrigins({
      origins: { a: fake('s3'), b: { origin: fake('custom'), connectionAttempts: 2 } },
    });
    expect(origins.get('a')?.connectionAttempts).toBe(3);
    expect(origins.get('b')).toMatchObject({ kind: 'custom', connectionAttempts: 2 });
  });

  it('gives the shorthand origin the id "origin"', () => {
    expect([...resolveOrigins({ origin: { origin: fake('custom') } }).keys()]).toEqual(['origin']);
  });

  it('accepts every Origin Shield Region of §7 and ignores the Region while disabled', () => {
    expect(ORIGIN_SHIELD_REGIONS).toHaveLength(12);
    for (const region of ORIGIN_SHIELD_REGIONS) {
      const shield = { enabled: true, originShieldRegion: region };
      expect(
        resolveOrigins({ origin: { origin: fake('s3'), originShield: shield } }).get('origin')?.shieldRegion,
      ).toBe(region);
    }
    const off = { enabled: false, originShieldRegion: 'us-west-1' };
    expect(
      resolveOrigins({ origin: { origin: fake('s3'), originShield: off } }).get('origin')?.shieldRegion,
    ).toBeUndefined();
  });

  it('requires a Region when Origin Shield is enabled', () => {
    expect(() => resolveOrigins({ origin: { origin: fake('s3'), originShield: { enabled: true } } })).toThrow(
      expect.objectContaining({
        code: 'InvalidOrigin',
        message: expect.stringContaining('originShieldRegion: expected one of us-east-1'),
      }),
    );
  });

  it("sets an S3 origin's read timeout (S3OriginConfig.OriginReadTimeout), in seconds or as a string", () => {
    expect(
      resolveOrigins({ origin: { origin: fake('s3'), originReadTimeout: 90 } }).get('origin')?.readTimeoutMs,
    ).toBe(90_000);
    expect(
      resolveOrigins({ origin: { origin: fake('s3'), originReadTimeout: '30s' } }).get('origin')
        ?.readTimeoutMs,
    ).toBe(30_000);
  });

  it('rejects a 0 s connection timeout, which differs from an absent one', () => {
    expect(resolveOrigins({ origin: { origin: fake('custom') } }).get('origin')?.connectionTimeoutMs).toBe(
      10_000,
    );
    expect(() => resolveOrigins({ origin: { origin: fake('custom'), connectionTimeout: 0 } })).toThrow(
      /expected 1 to 10 seconds, got 0/,
    );
  });

  it('rejects an origin kind other than s3 or custom', () => {
    expect(() => resolveOrigins({ origin: { ...fake('s3'), kind: 'lambda' as never } })).toThrow(
      /origin\.origin\.kind: expected "s3" or "custom", got "lambda"/,
    );
  });
});

describe('an origin that knows its Region', () => {
  it('is placed in it unless the options name another', () => {
    const origin = Object.assign(memoryOrigin(), { region: 'eu-west-1' });
    expect(resolveOrigins({ origin }).get('origin')?.region).toBe('eu-west-1');
    expect(resolveOrigins({ origin: { origin, region: 'us-east-1' } }).get('origin')?.region).toBe(
      'us-east-1',
    );
  });
});
