import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock/clock.js';
import { EdgecaseError } from '../errors.js';
import { catchError } from '../test-support/catch-error.js';
import { ClockBinding } from './clock-binding.js';

describe('ClockBinding', () => {
  it('uses the clock given at creation', () => {
    const clock = new ManualClock();
    expect(new ClockBinding('o', clock).require('put')).toBe(clock);
  });

  it('adopts the first clock bound and accepts the same clock again', () => {
    const binding = new ClockBinding('o');
    expect(binding.current).toBeUndefined();
    const clock = new ManualClock();
    binding.bind(clock);
    binding.bind(clock);
    expect(binding.require('put')).toBe(clock);
  });

  it('rejects a different clock with ClockMismatch', () => {
    const binding = new ClockBinding('memoryOrigin "memory:b"', new ManualClock());
    const error = catchError(() => binding.bind(new ManualClock()));
    expect(error.code).toBe('ClockMismatch');
    expect(error.message).toContain('memoryOrigin "memory:b" is already bound to another clock');
  });

  it('says how to bind a clock when a feature needs one before any is bound', () => {
    const error = catchError(() => new ClockBinding('memoryOrigin "memory:b"').require('put'));
    expect(error.code).toBe('ClockNotBound');
    expect(error.message).toMatchInlineSnapshot(
      `"[edgecase] memoryOrigin "memory:b": put needs a clock, and none is bound yet. Pass \`clock\` when creating the origin, or create the CDN (createCdn binds its clock) first."`,
    );
  });
});
