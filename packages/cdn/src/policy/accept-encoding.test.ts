import { describe, expect, it } from 'vitest';
import { acceptedEncodings, BROTLI, GZIP, normalizeAcceptEncoding } from './accept-encoding.js';

describe('normalizeAcceptEncoding (§5)', () => {
  it.each([
    ['gzip, deflate, br', 'br,gzip'],
    ['br, gzip', 'br,gzip'],
    ['gzip', 'gzip'],
    ['br', 'br'],
    ['deflate, br, zstd', 'br'],
    ['GZIP, BR', 'br,gzip'],
    [' gzip ;q=0.8 , br;q=1.0', 'br,gzip'],
    ['gzip;q=0, br', 'br'],
    ['gzip;q=0.0, br;q=0.000', undefined],
    ['gzip;q=0.001', 'gzip'],
    ['deflate', undefined],
    ['identity', undefined],
    ['*', undefined],
    ['x-gzip', undefined],
    ['', undefined],
  ] as const)('%j with both formats enabled gives %s', (header, expected) => {
    expect(normalizeAcceptEncoding(header, true, true)).toBe(expected);
  });

  it('leaves the header out when the viewer sends none', () => {
    expect(normalizeAcceptEncoding(undefined, true, true)).toBeUndefined();
  });

  it('keeps only the formats the policy enables', () => {
    expect(normalizeAcceptEncoding('gzip, br', true, false)).toBe('gzip');
    expect(normalizeAcceptEncoding('gzip, br', false, true)).toBe('br');
    expect(normalizeAcceptEncoding('gzip, br', false, false)).toBeUndefined();
    expect(normalizeAcceptEncoding('br', true, false)).toBeUndefined();
  });

  it('gives the same answer for a memoised header', () => {
    expect(acceptedEncodings('gzip, deflate, br')).toBe(GZIP | BROTLI);
    expect(acceptedEncodings('gzip, deflate, br')).toBe(GZIP | BROTLI);
    expect(acceptedEncodings('gzip;q=0')).toBe(0);
  });
});
