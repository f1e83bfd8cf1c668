import { describe, expect, it } from 'vitest';
import { checkInvalidationLimits, countPaths, type InProgressBatch } from './invalidation-limits.js';
import { type InvalidationItem, parseInvalidationItem } from './invalidation-path.js';

const items = (...paths: string[]): InvalidationItem[] =>
  paths.map((p) => parseInvalidationItem(p, { cacheTagsEnabled: true }));
const files = (n: number, prefix = '/f'): InvalidationItem[] =>
  items(...Array.from({ length: n }, (_, i) => `${prefix}${i}`));
const wildcards = (n: number): InvalidationItem[] =>
  items(...Array.from({ length: n }, (_, i) => `/w${i}/*`));
const batch = (id: string, batchItems: InvalidationItem[], completesAtMs: number): InProgressBatch => ({
  id,
  items: batchItems,
  completesAtMs,
});

describe('countPaths', () => {
  it('counts wildcard paths apart from file paths, and a tag as a file path', () => {
    expect(countPaths(items('/a', '/b?x=1', '/c/*', '/*', '#tag'))).toEqual({
      filePaths: 3,
      wildcardPaths: 2,
    });
    expect(countPaths([])).toEqual({ filePaths: 0, wildcardPaths: 0 });
  });
});

describe('checkInvalidationLimits', () => {
  it('allows exactly 3,000 file paths and 15 wildcard paths in progress, together', () => {
    const inProgress = [batch('IA', files(2999), 50_000), batch('IB', wildcards(14), 60_000)];
    expect(() => checkInvalidationLimits(inProgress, items('/last', '/last/*'), 0)).not.toThrow();
  });

  it('rejects the 3,001st file path with the counts and when the earliest batch completes', () => {
    const inProgress = [batch('IB', files(1000, '/b'), 70_000), batch('IA', files(2000), 42_000)];
    expect(() => checkInvalidationLimits(inProgress, items('/one-more'), 0)).toThrow(
      expect.objectContaining({
        code: 'TooManyInvalidationsInProgress',
        message:
          '[edgecase] CreateInvalidation: 3000 file paths and 0 wildcard paths in progress, and this request adds 1 file path and 0 wildcard paths, over CloudFront\'s limit of 3000 file paths in progress per distribution. The earliest in-progress invalidation, IA, completes in 42 s. Await an invalidation\'s `completed` (or advance the clock) and retry, or cover many files with one "/dir/*" path.',
      }),
    );
  });

  it('rejects the 16th wildcard path even when file paths are free', () => {
    const inProgress = [batch('IA', wildcards(15), 10_500)];
    expect(() => checkInvalidationLimits(inProgress, items('/x/*'), 500)).toThrow(
      /0 file paths and 15 wildcard paths in progress, .* limit of 15 wildcard paths in progress .* IA, completes in 10 s\./,
    );
  });

  it('rejects one request that alone is over the limit, and says so', () => {
    expect(() => checkInvalidationLimits([], files(3001), 0)).toThrow(
      /adds 3001 file paths .* No invalidation is in progress: this request alone is over the limit\. Split the paths/,
    );
    expect(() => checkInvalidationLimits([], wildcards(16), 0)).toThrow(/limit of 15 wildcard paths/);
    expect(() => checkInvalidationLimits([], files(3000), 0)).not.toThrow();
  });
});
