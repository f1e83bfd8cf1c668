import { invalid } from '../errors.js';

/** A duration in milliseconds, or a string such as `'500ms'`, `'10s'`, `'5m'`, `'24h'`, `'7d'`. */
export type Duration = number | `${number}${DurationUnit}`;
export type DurationUnit = 'ms' | 's' | 'm' | 'h' | 'd';

const UNIT_MS: Record<DurationUnit, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
/**
 * The longest duration accepted: 100 years. Longer ones (`clock.advance(1e300)`) would carry the
 * clock past what a Date can show (Last-Modified "Invalid Date") and are never what a test means.
 */
export const MAX_DURATION_MS = 100 * 365 * 86_400_000;
const PATTERN = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/;

/**
 * Converts a `Duration` to whole milliseconds. Rejects negatives, NaN, infinities and unknown units
 * with `InvalidDuration`; `what` names the option in the message.
 */
export function toMs(duration: Duration, what = 'duration'): number {
  if (typeof duration === 'number') {
    if (!Number.isFinite(duration) || duration < 0 || duration > MAX_DURATION_MS) {
      invalid('InvalidDuration', what, 'a number of milliseconds from 0 to 100 years', duration);
    }
    return Math.round(duration);
  }
  if (typeof duration === 'string') {
    const match = PATTERN.exec(duration.trim());
    if (match) {
      const ms = Math.round(Number(match[1]) * UNIT_MS[match[2] as DurationUnit]);
      if (ms > MAX_DURATION_MS) invalid('InvalidDuration', what, 'a duration of at most 100 years', duration);
      return ms;
    }
  }
  return invalid(
    'InvalidDuration',
    what,
    "milliseconds or a string like '500ms', '10s', '5m', '24h', '7d'",
    duration,
  );
}

/** Formats milliseconds for messages: `10 s`, `1.5 s`, `24 h`, `250 ms`. */
export function formatMs(ms: number): string {
  if (ms === 0) return '0 s';
  const abs = Math.abs(ms);
  for (const [unit, size] of [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['min', 60_000],
    ['s', 1_000],
  ] as const) {
    if (abs >= size && abs % (size / 10) === 0) return `${ms / size} ${unit}`;
  }
  if (abs >= 1000) return `${ms / 1000} s`;
  return `${ms} ms`;
}
