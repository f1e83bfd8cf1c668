/**
 * HTTP dates. RFC 9110 §5.6.7 (cited in §11 "Last-Modified and metadata"): IMF-fixdate with
 * 1-second resolution, e.g. `Thu, 01 Jan 2026 00:00:00 GMT`.
 */

/** Drops the milliseconds: S3's Last-Modified has 1-second resolution (§11). */
export function truncateToSecondMs(epochMs: number): number {
  return Math.floor(epochMs / 1000) * 1000;
}

let lastMs = Number.NaN;
let lastDate = '';

/** Formats epoch milliseconds as an IMF-fixdate (the milliseconds are dropped). */
export function formatHttpDate(epochMs: number): string {
  // toUTCString costs ~1 µs, and an origin formats the same Last-Modified for every fetch of an object.
  if (epochMs !== lastMs) {
    lastDate = new Date(epochMs).toUTCString();
    lastMs = epochMs;
  }
  return lastDate;
}

/**
 * Parses an HTTP-date (IMF-fixdate, RFC 850 or asctime) into epoch ms, or `undefined` when the
 * value is not a date. RFC 9110 §13.1.3–4: an invalid date in a precondition is ignored.
 */
export function parseHttpDate(value: string): number | undefined {
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}
