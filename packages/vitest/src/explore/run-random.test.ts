import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { RunRandom, runRandom } from './run-random.js';

const take = (g: RunRandom, n: number) => Array.from({ length: n }, () => g.next());

describe('RunRandom (the explorer’s fast-check randomType)', () => {
  test('one seed gives one sequence; a clone goes on as the original does', () => {
    const a = new RunRandom(7);
    const b = new RunRandom(7);
    expect(take(a, 5)).toEqual(take(b, 5));
    const c = a.clone();
    expect(take(c, 5)).toEqual(take(a, 5));
    expect(c.getState()).toEqual(a.getState());
    expect(take(new RunRandom(8), 5)).not.toEqual(take(new RunRandom(7), 5));
  });

  test("a run's state depends on the seed and the run's number only, not on what the run before drew", () => {
    const drew = new RunRandom(42);
    const idle = new RunRandom(42);
    take(drew, 1000);
    drew.jump();
    idle.jump();
    expect(take(drew, 8)).toEqual(take(idle, 8));
  });

  test('values span the 32-bit signed range, evenly', () => {
    const g = new RunRandom(3);
    const buckets = new Array<number>(16).fill(0);
    let min = 0;
    let max = 0;
    let whole = true;
    for (let i = 0; i < 160_000; i++) {
      const v = g.next();
      whole &&= Number.isInteger(v);
      min = Math.min(min, v);
      max = Math.max(max, v);
      buckets[(v >>> 28) & 15] = (buckets[(v >>> 28) & 15] as number) + 1;
    }
    expect(whole).toBe(true);
    expect(min).toBeGreaterThanOrEqual(-0x80000000);
    expect(max).toBeLessThanOrEqual(0x7fffffff);
    expect(min).toBeLessThan(-0x7f000000);
    expect(max).toBeGreaterThan(0x7f000000);
    for (const count of buckets) expect(Math.abs(count - 10_000)).toBeLessThan(500);
  });

  test('no two runs of an exploration start from the same state', () => {
    const g = new RunRandom(-123456);
    const starts = new Set<number>();
    for (let i = 0; i < 100_000; i++) {
      g.jump();
      starts.add(g.getState()[0] as number);
    }
    expect(starts.size).toBe(100_000);
  });

  test('fast-check runs on it: the same seed gives the same values, another seed others', () => {
    const values = (seed: number) =>
      fc.sample(fc.integer({ min: 0, max: 1_000_000 }), { seed, numRuns: 20, randomType: runRandom });
    expect(values(5)).toEqual(values(5));
    expect(values(5)).not.toEqual(values(6));
    expect(new Set(values(5)).size).toBeGreaterThan(15);
  });
});
