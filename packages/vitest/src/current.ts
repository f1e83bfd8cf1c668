import { type Cdn, EdgecaseError } from '@edgecase/cdn';

/**
 * The distribution of the running test, set by the `cdn` fixture. Matchers resolve plain path
 * subjects (`'/a.png'`) and invalidations against it, and the p-retry recipe finds its clock here.
 * The state lives on the worker's global object, so every copy of this module in the worker sees it
 * (with `isolate: false`, setup files and test files can hold different copies); parallel workers
 * never share it. Tests of one file that run concurrently must name their cdn with `onCdn`.
 */
interface CurrentState {
  active: Cdn[];
  /** When each distribution's test began, so timelines read t+0s from the start of the test. */
  startedAt: WeakMap<Cdn, number>;
}

const KEY = Symbol.for('@edgecase/vitest current test');
const holder = globalThis as { [KEY]?: CurrentState };
holder[KEY] ??= { active: [], startedAt: new WeakMap() };
const { active, startedAt } = holder[KEY];

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
