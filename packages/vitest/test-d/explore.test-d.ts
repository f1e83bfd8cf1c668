import type { Cdn, ManualClock, MemoryOrigin } from '@edgecase/cdn';
import {
  type Draw,
  delayArbitrary,
  type Edge,
  ExplorationFailure,
  type Explore,
  edgeArbitrary,
  test,
} from '@edgecase/vitest';
import type fc from 'fast-check';
import { describe, expectTypeOf, test as vitestTest } from 'vitest';

describe('the explorer', () => {
  vitestTest('test.explore gives the run its cdn, origin, clock and draw; options are checked', () => {
    test.explore('typed', { runs: 10, seed: 1, block: '1/2' }, async ({ cdn, origin, clock, draw }) => {
      expectTypeOf(cdn).toEqualTypeOf<Cdn>();
      expectTypeOf(origin).toEqualTypeOf<MemoryOrigin>();
      expectTypeOf(clock).toEqualTypeOf<ManualClock>();
      expectTypeOf(draw).toEqualTypeOf<Draw>();
      expectTypeOf(draw.edge()).toEqualTypeOf<Edge>();
      expectTypeOf(draw.delay('0s', '30s')).toEqualTypeOf<number>();
      expectTypeOf(draw.pick(['a', 'b'] as const)).toEqualTypeOf<'a' | 'b'>();
      expectTypeOf(draw.interleave([() => 1], [async () => {}])).toEqualTypeOf<Promise<void>>();
    });
    // @ts-expect-error a misspelt option
    test.explore('misspelt', { rnus: 10 }, () => {});
    // @ts-expect-error a block is 'index/count'
    test.explore('block', { block: 2 }, () => {});
  });

  vitestTest('the explore fixture, the failure and the arbitraries', () => {
    test('fixture', async ({ explore }) => {
      expectTypeOf(explore).toEqualTypeOf<Explore>();
      const failure = await explore({ runs: 5 }, () => {}).catch((e: unknown) => e);
      if (failure instanceof ExplorationFailure) {
        expectTypeOf(failure.seed).toEqualTypeOf<number>();
        expectTypeOf(failure.replay).toEqualTypeOf<string>();
      }
    });
    expectTypeOf(edgeArbitrary).returns.toEqualTypeOf<fc.Arbitrary<Edge>>();
    expectTypeOf(delayArbitrary('0s', '1m')).toEqualTypeOf<fc.Arbitrary<number>>();
  });
});
