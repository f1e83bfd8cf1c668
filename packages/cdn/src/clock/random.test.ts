import { describe, expect, it } from 'vitest';
import { SeededRandom } from './random.js';

describe('SeededRandom', () => {
  it('repeats the same sequence for the same seed and differs for another', () => {
    const a = Array.from(
      { length: 5 },
      (
        (r) => () =>
          r.next()
      )(new SeededRandom(42)),
    );
    const b = Array.from(
      { length: 5 },
      (
        (r) => () =>
          r.next()
      )(new SeededRandom(42)),
    );
    const c = Array.from(
      { length: 5 },
      (
        (r) => () =>
          r.next()
      )(new SeededRandom(43)),
    );
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    for (const x of a) expect(x >= 0 && x < 1).toBe(true);
  });

  it('spreads integers over the whole range', () => {
    const r = new SeededRandom('spread');
    const counts = new Array(4).fill(0);
    for (let i = 0; i < 4000; i++) counts[r.int(4)]++;
    for (const n of counts) expect(n).toBeGreaterThan(850);
  });

  it('forks independent streams', () => {
    const root = new SeededRandom(7);
    expect(root.fork('routing').next()).toBe(new SeededRandom(7).fork('routing').next());
    expect(root.fork('routing').next()).not.toBe(root.fork('propagation').next());
  });
});
