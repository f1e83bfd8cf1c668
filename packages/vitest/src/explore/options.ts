import { checkOptionKeys, EdgecaseError, optionKeys, SeededRandom } from '@edgecase/cdn';
import { describeValue } from '../describe-value.js';

/** Options of `test.explore` and the `explore` fixture. */
export interface ExploreOptions {
  /** How many runs (each a fresh distribution, clock and bucket with new draws). Default 100. */
  runs?: number;
  /**
   * Where the runs start: a whole number from 0 to 2^32 - 1. Default: derived from the test's name, so
   * every run of the suite explores the same runs. `EDGECASE_SEED` overrides it.
   */
  seed?: number;
  /** With `seed`, replays one counterexample (the path a failure prints) instead of exploring. */
  path?: string;
  /**
   * This test's share of a larger exploration, `'2/4'`: block 2 of 4 runs `runs / 4` runs from its own
   * seed, derived from `seed` and 2. The four blocks together are what one machine running them
   * all would explore, so they can sit in four files for Vitest's workers and `--shard`.
   */
  block?: `${number}/${number}`;
}

export const EXPLORE_KEYS = optionKeys<ExploreOptions>()(['runs', 'seed', 'path', 'block']);

/** What a run of the explorer uses once its options are checked. */
export interface ResolvedExplore {
  runs: number;
  seed: number;
  path?: string;
  /** This test's block of a larger exploration, if any. */
  block?: { index: number; count: number };
}

const MAX_RUNS = 10_000_000;

/**
 * Checks `options` and applies `EDGECASE_SEED` (`1234`: explore from seed 1234; `1234:5:0`: replay
 * that counterexample). `name` gives the default seed.
 */
export function resolveExplore(
  options: ExploreOptions | undefined,
  name: string,
  env: string | undefined = process.env.EDGECASE_SEED,
): ResolvedExplore {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    misuse('explore options', '{ runs, seed?, path?, block? }', options);
  }
  checkOptionKeys(options, EXPLORE_KEYS, 'explore options');
  const runs = options.runs ?? 100;
  if (!Number.isSafeInteger(runs) || runs < 1 || runs > MAX_RUNS) {
    misuse('explore runs', `a whole number from 1 to ${MAX_RUNS.toLocaleString('en')}`, runs);
  }
  if (options.seed !== undefined) checkSeed(options.seed, 'explore seed');
  if (options.path !== undefined) checkPath(options.path, 'explore path');
  if (options.path !== undefined && options.seed === undefined) {
    misuse('explore path', 'a seed with it (the path is a place in that seed’s runs)', options.path, {
      hint: "Copy both from the failure: { seed: 1234, path: '5:0' }.",
    });
  }
  const block = options.block === undefined ? undefined : parseBlock(options.block);
  let seed = options.seed ?? new SeededRandom(`explore:${name}`).seed;
  let path = options.path;
  if (env !== undefined && env !== '') {
    const [envSeed, ...envPath] = env.trim().split(':');
    const parsed = Number(envSeed);
    checkSeed(/^\d+$/.test(envSeed ?? '') ? parsed : env, 'EDGECASE_SEED');
    seed = parsed;
    path = envPath.length > 0 ? envPath.join(':') : undefined;
    if (path !== undefined) checkPath(path, 'EDGECASE_SEED path');
    // A replayed seed is the block's own seed already: it is printed that way.
    return { runs: block ? share(runs, block) : runs, seed, ...(path ? { path } : {}) };
  }
  if (!block) return { runs, seed, ...(path ? { path } : {}) };
  return {
    runs: share(runs, block),
    seed: path ? seed : blockSeed(seed, block.index),
    ...(path ? { path } : {}),
    block,
  };
}

/** Block `index` of `count` runs its share: the first `runs % count` blocks one more. */
function share(runs: number, block: { index: number; count: number }): number {
  return Math.floor(runs / block.count) + (block.index <= runs % block.count ? 1 : 0);
}

/** Each block's seed: fixed by the exploration's seed and the block's number, so any machine agrees. */
export function blockSeed(seed: number, index: number): number {
  return new SeededRandom(`${seed}/block ${index}`).seed;
}

function parseBlock(block: unknown): { index: number; count: number } {
  const match = typeof block === 'string' ? /^(\d+)\/(\d+)$/.exec(block) : null;
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count) {
    misuse('explore block', "'<index>/<count>' with 1 ≤ index ≤ count, such as '2/4'", block);
  }
  return { index, count };
}

function checkSeed(seed: unknown, what: string): asserts seed is number {
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > 2 ** 32 - 1) {
    misuse(what, 'a whole number from 0 to 4294967295', seed, {
      hint: 'Copy the seed a failure prints: EDGECASE_SEED=1234 (explore from it) or 1234:5:0 (replay one run).',
    });
  }
}

function checkPath(path: unknown, what: string): void {
  if (typeof path !== 'string' || !/^\d+(?::\d+)*$/.test(path)) {
    misuse(what, "numbers separated by colons, as a failure prints it ('5:0:1')", path);
  }
}

function misuse(what: string, expected: string, got: unknown, extra: { hint?: string } = {}): never {
  throw new EdgecaseError('InvalidOption', `${what}: expected ${expected}, got ${describeValue(got)}.`, {
    value: got,
    ...extra,
  });
}
