import { type EdgecaseErrorCode, invalid } from '../errors.js';
import { checkOptionKeys } from './strict-keys.js';

/** Small checks shared by the distribution and cache-policy resolvers. Each throws `EdgecaseError`. */

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Rejects anything that is not a plain object. */
export function checkObject(
  value: unknown,
  code: EdgecaseErrorCode,
  what: string,
): asserts value is Record<string, unknown> {
  if (!isPlainObject(value)) invalid(code, what, 'an object', value);
}

/** Rejects keys that are not in `allowed`, so a typo (`minTtl` for `minTTL`) is not silently ignored. */
export function checkKeys(
  value: Record<string, unknown>,
  allowed: readonly string[],
  code: EdgecaseErrorCode,
  what: string,
): void {
  checkOptionKeys(value, allowed, what, code);
}

export function checkBoolean(value: unknown, code: EdgecaseErrorCode, what: string): boolean {
  if (typeof value !== 'boolean') invalid(code, what, 'true or false', value);
  return value;
}

export function checkString(value: unknown, code: EdgecaseErrorCode, what: string): string {
  if (typeof value !== 'string' || value.length === 0) invalid(code, what, 'a non-empty string', value);
  return value;
}

/** An integer in `[min, max]`. */
export function checkInteger(
  value: unknown,
  min: number,
  max: number,
  code: EdgecaseErrorCode,
  what: string,
): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    invalid(code, what, `an integer from ${min} to ${max}`, value);
  }
  return value;
}

export function checkArray(value: unknown, code: EdgecaseErrorCode, what: string): readonly unknown[] {
  if (!Array.isArray(value)) invalid(code, what, 'an array', value);
  return value;
}

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/**
 * A DNS host name: dot-separated labels of a–z, 0–9 and `-` (not at either end), at most 253
 * characters. Case-insensitive, so it is returned lower-cased. `allowWildcard` admits a leading
 * `*.` label, as alternate domain names may have (e.g. `*.example.com`).
 */
export function checkHostname(
  value: unknown,
  code: EdgecaseErrorCode,
  what: string,
  allowWildcard = false,
): string {
  const expected = allowWildcard
    ? 'a host name such as "www.example.com" or "*.example.com"'
    : 'a host name such as "d111111abcdef8.cloudfront.net"';
  if (typeof value !== 'string') return invalid(code, what, expected, value);
  const host = value.toLowerCase();
  const labels = host.split('.');
  const first = allowWildcard && labels[0] === '*' && labels.length > 2 ? 1 : 0;
  const ok =
    host.length <= 253 && labels.length >= 2 && labels.slice(first).every((label) => LABEL.test(label));
  if (!ok) invalid(code, what, expected, value);
  return host;
}

const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;

/** An AWS Region name such as `us-east-1` or `us-gov-west-1`. */
export function checkRegion(value: unknown, code: EdgecaseErrorCode, what: string): string {
  if (typeof value !== 'string' || !REGION.test(value)) {
    invalid(code, what, 'an AWS Region name such as "us-east-1"', value);
  }
  return value;
}
