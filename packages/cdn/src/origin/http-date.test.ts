import { describe, expect, it } from 'vitest';
import { formatHttpDate, parseHttpDate, truncateToSecondMs } from './http-date.js';

describe('http dates', () => {
  it('formats IMF-fixdate and drops milliseconds', () => {
    expect(formatHttpDate(Date.UTC(2026, 0, 1, 8, 5, 9, 999))).toBe('Thu, 01 Jan 2026 08:05:09 GMT');
  });

  it('truncates to whole seconds, 0 included', () => {
    expect(truncateToSecondMs(1999)).toBe(1000);
    expect(truncateToSecondMs(0)).toBe(0);
  });

  it('parses the three HTTP-date forms and rejects non-dates', () => {
    const ms = Date.UTC(1994, 10, 6, 8, 49, 37);
    expect(parseHttpDate('Sun, 06 Nov 1994 08:49:37 GMT')).toBe(ms);
    expect(parseHttpDate('Sunday, 06-Nov-94 08:49:37 GMT')).toBe(ms);
    expect(parseHttpDate('Sun Nov  6 08:49:37 1994 GMT')).toBe(ms);
    expect(parseHttpDate('yesterday')).toBeUndefined();
    expect(parseHttpDate('')).toBeUndefined();
  });
});
