import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { DrawsArbitrary, type DrawTicket } from './draw.js';
import { RunProperty } from './explore.js';
import { runRandom } from './run-random.js';

// The explorer's property is fc.asyncProperty(fc.nat(), new DrawsArbitrary(), predicate) without its
// per-run frames: the same runs, failures, shrinks and counterexamples, `fc.pre` and global hooks.

const DELAY = fc.integer({ min: 0, max: 30_000 });
const SERVER = fc.integer({ min: 0, max: 7 });

/** A run that draws a few values and fails when a late delay meets a high server. */
function predicate(ran: string[]) {
  return async (seed: number, ticket: DrawTicket): Promise<void> => {
    const { draw } = ticket.open();
    await Promise.resolve();
    const delay = draw(DELAY);
    const server = draw(SERVER);
    ran.push(`${seed % 1000}:${delay}:${server}`);
    if (delay > 20_000 && server >= 5) throw new Error(`late ${delay} on ${server}`);
  };
}

async function outcome(property: fc.IAsyncProperty<[number, DrawTicket]>, seed: number) {
  const details = await fc.check(property, { numRuns: 200, seed, randomType: runRandom });
  const [runSeed, ticket] = details.counterexample ?? [undefined, undefined];
  return {
    failed: details.failed,
    numRuns: details.numRuns,
    numShrinks: details.numShrinks,
    path: details.counterexamplePath,
    counterexample: [runSeed, ticket?.values()],
    error: String(details.errorInstance),
  };
}

describe('RunProperty (the explorer’s property)', () => {
  afterEach(() => fc.resetConfigureGlobal());

  it('runs, fails and shrinks as fc.asyncProperty does', async () => {
    for (const seed of [1, 7, 42, 2026]) {
      const mine: string[] = [];
      const theirs: string[] = [];
      const a = await outcome(new RunProperty(predicate(mine)), seed);
      const b = await outcome(fc.asyncProperty(fc.nat(), new DrawsArbitrary(), predicate(theirs)), seed);
      expect(a).toEqual(b);
      expect(mine).toEqual(theirs);
      expect(a.failed).toBe(true);
    }
  });

  it('skips a run that fc.pre refuses, as fc.asyncProperty does', async () => {
    const property = new RunProperty(async (seed) => {
      fc.pre(seed % 2 === 0);
      if (seed % 2 !== 0) throw new Error('an odd seed ran');
    });
    const details = await fc.check(property, { numRuns: 50, seed: 3, randomType: runRandom });
    expect(details.failed).toBe(false);
    expect(details.numSkips).toBeGreaterThan(0);
  });

  it('runs a suite’s global fast-check hooks around each run', async () => {
    const log: string[] = [];
    fc.configureGlobal({
      asyncBeforeEach: async () => void log.push('before'),
      asyncAfterEach: () => void log.push('after'),
    });
    const property = new RunProperty(async () => void log.push('run'));
    await fc.check(property, { numRuns: 2, seed: 1, randomType: runRandom });
    expect(log).toEqual(['before', 'run', 'after', 'before', 'run', 'after']);
  });
});
