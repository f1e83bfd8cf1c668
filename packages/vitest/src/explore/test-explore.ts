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

/** Vitest's `test` with edgecase's fixtures and `test.explore`. (`test.extend` keeps the `explore` fixture, not `test.explore`.) */
export interface EdgecaseTest extends TestAPI<EdgecaseFixtures> {
  explore: ExploreTest;
}

const explore: ExploreTest = (name, options, body, timeout) =>
  base(name, ({ explore }) => explore(options, body), timeout);

export const test: EdgecaseTest = Object.assign(base, { explore });
