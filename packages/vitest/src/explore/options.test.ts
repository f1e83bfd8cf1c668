import { describe, expect, it } from 'vitest';
import { blockSeed, resolveExplore } from './options.js';

describe('resolveExplore', () => {
  it('defaults: 100 runs from a seed fixed by the test name', () => {
    const a = resolveExplore({}, 'deploy', '');
    expect(a).toEqual({ runs: 100, seed: resolveExplore({}, 'deploy', '').seed });
    expect(resolveExplore({}, 'another test', '').seed).not.toBe(a.seed);
  });

  it('splits runs into blocks that together are the whole exploration, each from its own seed', () => {
    const blocks = [1, 2, 3].map((i) => resolveExplore({ runs: 1000, seed: 7, block: `${i}/3` }, 't', ''));
    expect(blocks.map((b) => b.runs)).toEqual([334, 333, 333]);
    expect(blocks.map((b) => b.seed)).toEqual([blockSeed(7, 1), blockSeed(7, 2), blockSeed(7, 3)]);
    expect(new Set(blocks.map((b) => b.seed)).size).toBe(3);
  });

  it('EDGECASE_SEED explores from a seed, or replays one run with a path; a block keeps its share', () => {
    expect(resolveExplore({ runs: 50, seed: 1 }, 't', '1234')).toEqual({ runs: 50, seed: 1234 });
    expect(resolveExplore({ runs: 50 }, 't', '1234:17')).toEqual({ runs: 50, seed: 1234, path: '17' });
    expect(resolveExplore({ runs: 50, block: '2/2' }, 't', '99:3')).toEqual({
      runs: 25,
      seed: 99,
      path: '3',
    });
    expect(() => resolveExplore({}, 't', 'abc')).toThrow(/EDGECASE_SEED: expected a whole number/);
    expect(() => resolveExplore({}, 't', '12:x')).toThrow(/EDGECASE_SEED path: expected numbers/);
  });

  it('a seed with a path replays as printed, even in a block', () => {
    expect(resolveExplore({ runs: 10, seed: 5, path: '2', block: '1/2' }, 't', '')).toMatchObject({
      seed: 5,
      path: '2',
    });
  });
});
