import type { TestAPI } from 'vitest';
import { test as base, type EdgecaseFixtures } from '../fixtures/test.js';
import type { ExploreBody } from './explore.js';
import type { ExploreOptions } from './options.js';

/** `test.explore(name, options, body, timeout?)`: a test that explores `body` (see the `explore` fixture). */
export type ExploreTest = (
  name: string,
  options: ExploreOptions,
  body: ExploreBody,
  timeout?: number,
) => void;

/**
 * Vitest's `test` with edgecase's fixtures and `test.explore`. A test made from it with `test.extend`
 * keeps `.explore` when it runs; TypeScript cannot see it there (Vitest's `extend` is typed to return
 * its own `TestAPI`), so wrap the result: `const myTest = withExplore(test.extend(...))`.
 */
export interface EdgecaseTest extends TestAPI<EdgecaseFixtures> {
  explore: ExploreTest;
}

/** A test API whose tests have the `explore` fixture (edgecase's `test` and every `test.extend` of it). */
type ExploringTestAPI = TestAPI<{ explore: EdgecaseFixtures['explore'] }>;

/**
 * Gives a test made with `test.extend(...)` its `.explore` in TypeScript's view (at run time it has it
 * already): `const myTest = withExplore(test.extend('site', ...)); myTest.explore('…', { runs: 50 }, body)`.
 * The body gets the same context as `test.explore`'s (`cdn`, `origin`, `clock`, `draw`, …).
 */
// A TestAPI's context is invariant (and Vitest's builder types are its own): any extended test fits.
export function withExplore<T extends object>(extended: T): T & { explore: ExploreTest } {
  if (typeof extended !== 'function' || typeof (extended as { extend?: unknown }).extend !== 'function') {
    throw new TypeError(
      'withExplore: expected a test made with test.extend(...) from @edgecase/vitest, got ' +
        `${extended === null ? 'null' : typeof extended}. Pass the extended test, or use the explore fixture: ` +
        "test('…', ({ explore }) => explore({ runs: 50 }, body)).",
    );
  }
  return keepExplore(extended);
}

/** Adds `.explore` to `t`, and makes `t.extend(...)` return tests that keep it. */
function keepExplore<T extends object>(t: T): T & { explore: ExploreTest } {
  if (Object.hasOwn(t, 'explore')) return t as T & { explore: ExploreTest };
  const explore: ExploreTest = (name, options, body, timeout) =>
    (t as unknown as ExploringTestAPI)(name, ({ explore }) => explore(options, body), timeout);
  let extend: (...args: unknown[]) => ExploringTestAPI;
  try {
    extend = (t as unknown as ExploringTestAPI).extend as (...args: unknown[]) => ExploringTestAPI;
  } catch {
    // Outside Vitest's runner `test` is a stand-in whose every use throws the "not in a test file" error.
    return Object.assign(t, { explore });
  }
  return Object.assign(t, {
    explore,
    extend: (...args: unknown[]) => keepExplore(extend.apply(t, args)),
  }) as T & { explore: ExploreTest };
}

export const test: EdgecaseTest = keepExplore(base);
