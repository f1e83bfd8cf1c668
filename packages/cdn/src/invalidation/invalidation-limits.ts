import { formatMs } from '../clock/duration.js';
import { EdgecaseError } from '../errors.js';
import type { InvalidationItem } from './invalidation-path.js';

// §6 "Concurrency limits", CFDG InvalidationLimits: up to 3,000 individual file paths in progress per
// distribution and, independently, up to 15 wildcard paths; over either, TooManyInvalidationsInProgress.
export const MAX_FILE_PATHS_IN_PROGRESS = 3000;
export const MAX_WILDCARD_PATHS_IN_PROGRESS = 15;

const paths = (n: number, kind: string): string => `${n} ${kind} path${n === 1 ? '' : 's'}`;

export interface PathCounts {
  filePaths: number;
  wildcardPaths: number;
}

/** An InProgress invalidation, as the limit check sees it. */
export interface InProgressBatch {
  id: string;
  items: readonly InvalidationItem[];
  completesAtMs: number;
}

/**
 * Counts file and wildcard paths. Which limit a `#tag` item counts against is UNCONFIRMED (the tag
 * pages give none); edgecase counts it as one file path.
 */
export function countPaths(items: readonly InvalidationItem[]): PathCounts {
  let wildcardPaths = 0;
  for (const item of items) if (item.kind === 'path' && item.wildcard) wildcardPaths++;
  return { filePaths: items.length - wildcardPaths, wildcardPaths };
}

/** Throws `TooManyInvalidationsInProgress` when adding `items` would exceed either limit. */
export function checkInvalidationLimits(
  inProgress: readonly InProgressBatch[],
  items: readonly InvalidationItem[],
  nowMs: number,
): void {
  const busy: PathCounts = { filePaths: 0, wildcardPaths: 0 };
  for (const batch of inProgress) {
    const counts = countPaths(batch.items);
    busy.filePaths += counts.filePaths;
    busy.wildcardPaths += counts.wildcardPaths;
  }
  const adding = countPaths(items);
  const overFiles = busy.filePaths + adding.filePaths > MAX_FILE_PATHS_IN_PROGRESS;
  const overWildcards = busy.wildcardPaths + adding.wildcardPaths > MAX_WILDCARD_PATHS_IN_PROGRESS;
  if (!overFiles && !overWildcards) return;

  const limits = [
    overFiles ? `${MAX_FILE_PATHS_IN_PROGRESS} file paths` : undefined,
    overWildcards ? `${MAX_WILDCARD_PATHS_IN_PROGRESS} wildcard paths` : undefined,
  ].filter((text) => text !== undefined);
  let earliest: InProgressBatch | undefined;
  for (const batch of inProgress) {
    if (!earliest || batch.completesAtMs < earliest.completesAtMs) earliest = batch;
  }
  const when = earliest
    ? ` The earliest in-progress invalidation, ${earliest.id}, completes in ${formatMs(Math.max(0, earliest.completesAtMs - nowMs))}.`
    : ' No invalidation is in progress: this request alone is over the limit.';
  throw new EdgecaseError(
    'TooManyInvalidationsInProgress',
    `CreateInvalidation: ${paths(busy.filePaths, 'file')} and ${paths(busy.wildcardPaths, 'wildcard')} in progress, and this request adds ${paths(adding.filePaths, 'file')} and ${paths(adding.wildcardPaths, 'wildcard')}, over CloudFront's limit of ${limits.join(' and ')} in progress per distribution.${when}`,
    {
      value: { inProgress: busy, adding },
      hint: earliest
        ? 'Await an invalidation\'s `completed` (or advance the clock) and retry, or cover many files with one "/dir/*" path.'
        : 'Split the paths over several requests that complete one after another, or use wildcard paths.',
    },
  );
}
