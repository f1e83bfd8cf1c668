// The two checks the property suite makes on a whole run rather than on one answer: only
// EdgecaseErrors escape the API (DESIGN "One coded error class"), and the same scenario and seed
// give the same trace (DESIGN "No wall clock, no global randomness"). run-checks.test.ts shows both fire.
import { EdgecaseError } from '@edgecase/cdn';

/** A thrown or rejected value that is not an EdgecaseError (a TypeError, a plain Error...) is a violation. */
export function onlyEdgecaseErrors(error: unknown, what: string): string | undefined {
  if (error instanceof EdgecaseError) return undefined;
  const name = error instanceof Error ? error.constructor.name : typeof error;
  return `${what} threw ${name} (${String(error)}), not an EdgecaseError`;
}

export interface RunTrace {
  transcript: readonly string[];
  timeline: string;
}

/** Two runs of one scenario must agree line by line; names the first line that differs. */
export function sameTrace(first: RunTrace, again: RunTrace): string | undefined {
  const pairs: [string, readonly string[], readonly string[]][] = [
    ['answers', first.transcript, again.transcript],
    ['timeline', first.timeline.split('\n'), again.timeline.split('\n')],
  ];
  for (const [what, a, b] of pairs) {
    const n = Math.max(a.length, b.length);
    for (let i = 0; i < n; i++) {
      if (a[i] !== b[i]) {
        return `the same scenario and seed gave a different trace: ${what} line ${i + 1} was ${JSON.stringify(a[i] ?? '(none)')}, then ${JSON.stringify(b[i] ?? '(none)')}`;
      }
    }
  }
  return undefined;
}
