import { type Cdn, EdgecaseError } from '@edgecase/cdn';

/**
 * The distribution of the running test, set by the `cdn` fixture. Matchers resolve plain path
 * subjects (`'/a.png'`) and invalidations against it, and the p-retry recipe finds its clock here.
 * State is per worker and per test file (Vitest isolates modules per file), so parallel workers never
 * share it; tests of one file that run concurrently must name their cdn with `onCdn`.
 */
const active: Cdn[] = [];
/** When each distribution's test began, so timelines read t+0s from the start of the test. */
const startedAt = new WeakMap<Cdn, number>();

/** Registers `cdn` as the running test's distribution; returns the function that unregisters it. */
export function enterTest(cdn: Cdn): () => void {
  active.push(cdn);
  startedAt.set(cdn, cdn.clock.now());
  return () => {
    const at = active.indexOf(cdn);
    if (at >= 0) active.splice(at, 1);
  };
}

/** The running test's distribution, or a typed error saying how to name one. */
export function currentCdn(what: string): Cdn {
  if (active.length === 1) return active[0]!;
  if (active.length === 0) {
    throw new EdgecaseError(
      'InvalidOption',
      `${what}: a plain path is resolved against the test's \`cdn\` fixture, and this test has none.`,
      {
        hint: "Use `test` from '@edgecase/vitest' and destructure `cdn`, or name the distribution: onCdn(cdn, '/a.png').",
      },
    );
  }
  throw new EdgecaseError(
    'InvalidOption',
    `${what}: ${active.length} tests with a \`cdn\` fixture are running at once (test.concurrent), so a plain path is ambiguous.`,
    { hint: "Name the distribution: onCdn(cdn, '/a.png')." },
  );
}

/** The running test's distribution when there is exactly one. */
export function findCurrentCdn(): Cdn | undefined {
  return active.length === 1 ? active[0] : undefined;
}

/** Where timelines start for `cdn`: the start of its test, or its first record. */
export function timelineStart(cdn: Cdn): number | undefined {
  return startedAt.get(cdn);
}
