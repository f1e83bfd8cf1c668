import { describe, expect, it } from 'vitest';
import { billingMonthUtc, invalidationCostUsd } from './invalidation-cost.js';

describe('invalidationCostUsd', () => {
  it('is free for 0 paths and up to 1,000 paths a month', () => {
    expect(invalidationCostUsd(0)).toBe(0);
    expect(invalidationCostUsd(1000)).toBe(0);
  });

  it('charges $0.005 for each path past 1,000', () => {
    expect(invalidationCostUsd(1001)).toBe(0.005);
    expect(invalidationCostUsd(1003)).toBe(0.015);
    expect(invalidationCostUsd(3000)).toBe(10);
  });
});

describe('billingMonthUtc', () => {
  it('is the UTC calendar month, end exclusive', () => {
    expect(billingMonthUtc(Date.UTC(2026, 0, 31, 23, 59))).toEqual({
      startMs: Date.UTC(2026, 0, 1),
      endMs: Date.UTC(2026, 1, 1),
    });
    expect(billingMonthUtc(Date.UTC(2026, 11, 1))).toEqual({
      startMs: Date.UTC(2026, 11, 1),
      endMs: Date.UTC(2027, 0, 1),
    });
  });
});
