import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DrawsArbitrary, type DrawTicket, type Generate } from './draw.js';

// The explorer's draws come from DrawsArbitrary instead of fast-check's fc.gen(): the same values, the
// same shrinks, the same counterexample and path, so seeds and replays printed before still hold.

const SMALL = fc.integer({ min: 0, max: 5 });
const DELAY = fc.integer({ min: 0, max: 1000 });
const PICK = fc.integer({ min: 0, max: 3 });
const LIST = fc.array(fc.nat({ max: 50 }), { maxLength: 4 });

/**
 * A run whose number and kinds of draws depend on earlier ones (a shrink can make it draw more, or
 * other arbitraries at a place), failing on a condition over several of them.
 */
function scenario(draw: Generate, seen: unknown[][]): boolean {
  const values: unknown[] = [];
  const k = draw(SMALL);
  values.push(k);
  let sum = 0;
  for (let i = 0; i < 5 - k; i++) {
    const d = draw(DELAY);
    sum += d;
    values.push(d);
    if (i % 2 === k % 2) values.push(draw(PICK));
  }
  const list = draw(LIST);
  values.push(list);
  seen.push(values);
  return !(k >= 1 && list.length >= 1 && sum > 900);
}

/** What fast-check reports and every run's draws, with `arbitrary` as the source of draws. */
function check(arbitrary: fc.Arbitrary<unknown>, read: (value: unknown) => Generate, seed: number) {
  const seen: unknown[][] = [];
  const property = fc.property(fc.nat(), arbitrary, (_n, source) => scenario(read(source), seen));
  const details = fc.check(property, { numRuns: 60, seed });
  return {
    failed: details.failed,
    path: details.counterexamplePath,
    shrinks: details.numShrinks,
    seen,
  };
}

describe('DrawsArbitrary', () => {
  it('draws, shrinks and replays as fc.gen() does', () => {
    const fromGen = (g: unknown) =>
      ((arb: fc.Arbitrary<unknown>) => (g as fc.GeneratorValue)(() => arb)) as Generate;
    const fromDraws = (ticket: unknown) => (ticket as DrawTicket).open().draw;
    let failures = 0;
    for (const seed of [1, 2, 3, 42, 77, 1234]) {
      const gen = check(fc.gen(), fromGen, seed);
      const ours = check(new DrawsArbitrary(), fromDraws, seed);
      expect(ours).toEqual(gen);
      if (gen.failed) {
        failures++;
        // A replay from the run's index (the explorer's, as for fc.gen(): a longer path does not
        // replay) runs and shrinks that run again, alike.
        const path = (gen.path as string).split(':')[0] as string;
        const replay = (arbitrary: fc.Arbitrary<unknown>, read: (value: unknown) => Generate) => {
          const seen: unknown[][] = [];
          fc.check(
            fc.property(fc.nat(), arbitrary, (_n, source) => scenario(read(source), seen)),
            { seed, path },
          );
          return seen;
        };
        expect(replay(new DrawsArbitrary(), fromDraws)).toEqual(replay(fc.gen(), fromGen));
      }
    }
    expect(failures).toBeGreaterThan(2);
  });
});
