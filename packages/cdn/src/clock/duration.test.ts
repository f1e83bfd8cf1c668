import { describe, expect, it } from 'vitest';
import { formatMs, toMs } from './duration.js';

describe('toMs', () => {
  it.each([
    [0, 0],
    [250, 250],
    ['500ms', 500],
    ['10s', 10_000],
    ['1.5s', 1500],
    ['5m', 300_000],
    ['24h', 86_400_000],
    ['7d', 604_800_000],
  ] as const)('%s is %d ms', (input, ms) => {
    expect(toMs(input)).toBe(ms);
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY, '10', '10 parsecs', '', '-5s'])('rejects %s', (bad) => {
    expect(() => toMs(bad as never, 'ttl')).toThrow(expect.objectContaining({ code: 'InvalidDuration' }));
  });
});

describe('formatMs', () => {
  it('uses the largest unit that reads cleanly', () => {
    expect(formatMs(10_000)).toBe('10 s');
    expect(formatMs(86_400_000)).toBe('1 d');
    expect(formatMs(90_000)).toBe('1.5 min');
    expect(formatMs(250)).toBe('250 ms');
    expect(formatMs(0)).toBe('0 s');
  });
});
