import { toMs } from '../clock/duration.js';
import { type EdgecaseErrorCode, invalid } from '../errors.js';
import type { TtlInput } from '../options/config-types.js';

const EXPECTED = "seconds (a number >= 0) or a duration string like '10s', '5m', '24h'";

/**
 * Converts a TTL-like option to whole milliseconds. A number is **seconds**, CloudFront's unit for
 * every TTL and timeout in `DistributionConfig` and `CachePolicyConfig`; a string is a duration
 * (`'500ms'`, `'10s'`, `'24h'`). 0 is a valid value, distinct from an absent option.
 */
export function ttlInputToMs(
  input: TtlInput,
  what: string,
  code: EdgecaseErrorCode = 'InvalidDuration',
): number {
  if (typeof input === 'number') {
    if (!Number.isFinite(input) || input < 0) invalid(code, what, EXPECTED, input);
    return Math.round(input * 1000);
  }
  if (typeof input === 'string') {
    try {
      return toMs(input, what);
    } catch {
      // Re-thrown below with the seconds-based wording; toMs's own message speaks of milliseconds.
    }
  }
  return invalid(code, what, EXPECTED, input);
}
