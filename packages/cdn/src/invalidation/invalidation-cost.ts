import { invalid } from '../errors.js';

// §6 "Cost": the first 1,000 paths a calendar month are free (CFDG PayingForInvalidation), then
// $0.005 a path (cur.vantage-api.com invalidations fee). A wildcard counts as one path, each path of a
// multi-path request counts separately, and a tag item counts as one path (§6 NEW).
export const FREE_INVALIDATION_PATHS_PER_MONTH = 1000;
export const USD_PER_INVALIDATION_PATH = 0.005;
const THOUSANDTHS_OF_USD_PER_PATH = 5;

/** What `pathsBilled` paths in one month cost in US dollars, after the free allowance. */
export function invalidationCostUsd(pathsBilled: number): number {
  if (!Number.isInteger(pathsBilled) || pathsBilled < 0) {
    invalid('InvalidOption', 'invalidationCostUsd pathsBilled', 'a whole number of paths >= 0', pathsBilled);
  }
  const billable = Math.max(0, pathsBilled - FREE_INVALIDATION_PATHS_PER_MONTH);
  // Count in thousandths of a dollar and divide once, so the result is the nearest double to the
  // exact amount (1,001 paths cost 0.005, 1,003 paths 0.015).
  return (billable * THOUSANDTHS_OF_USD_PER_PATH) / 1000;
}

/**
 * The UTC calendar month `ms` falls in, as `[startMs, endMs)`. AWS bills by UTC calendar month;
 * the free allowance is per account, and edgecase models one distribution of it.
 */
export function billingMonthUtc(ms: number): { startMs: number; endMs: number } {
  const date = new Date(ms);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  return { startMs: Date.UTC(year, month, 1), endMs: Date.UTC(year, month + 1, 1) };
}
