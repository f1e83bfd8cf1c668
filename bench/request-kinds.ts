// What one request costs by kind, on the built package in a plain node process, beside the await
// skeleton a miss runs through (issue 13: the explorer's default row). Each figure is the best of 5
// batches, µs per request:
//   npx tsc -b && node bench/request-kinds.ts
// - hit: the edge server holds the object;
// - miss, regional hit: the edge server fills from its regional cache;
// - miss to the origin: both tiers fill from memoryOrigin;
// - await skeleton, nested: four async functions awaiting each other with nothing to do, the shape of
//   a miss (fetch → #answer → atNode → fill); flat: one async function with the same three awaits, the
//   same microtask order. Their difference is what collapsing the miss into one step could save.
// Then what an explored run of the explore bench's scenario is made of (its 10 requests by kind,
// averaged over 2,000 runs of the explorer on the default topology). The kinds' costs, each from a
// loop of that kind alone, do not add up to a run's requests: which kind costs more, not a sum.
import { createCdn, ManualClock, memoryOrigin } from '@edgecase/cdn';
import { runExploration } from '../packages/vitest/dist/explore/explore.js';
import { exploreBody } from './explore-bodies.ts';

const PATHS = ['/index.html', '/app.js', '/logo.png'];
const ROUNDS = 2000;
const clock = new ManualClock();
const origin = memoryOrigin({ clock });
const cdn = createCdn({ clock, origin });
for (const path of PATHS) await origin.put(path.slice(1), path, { cacheControl: 'max-age=60' });
const pop = cdn.topology.pops[0]?.id as string;

async function get(path: string, server: number): Promise<void> {
  const response = await cdn.fetch(path, { pop, server });
  if (response.status !== 200) throw new Error(`${path}: ${response.status}`);
}

/** µs per request of `batch` (which makes `requests` requests), best of 5 batches of ROUNDS. */
async function best(requests: number, batch: (round: number) => Promise<void>): Promise<number> {
  for (let round = 0; round < ROUNDS; round++) await batch(round); // warm up
  let fastest = Number.POSITIVE_INFINITY;
  for (let rep = 0; rep < 5; rep++) {
    const started = performance.now();
    for (let round = 0; round < ROUNDS; round++) await batch(round);
    fastest = Math.min(fastest, ((performance.now() - started) * 1000) / (ROUNDS * requests));
  }
  return fastest;
}

// Each round starts the distribution over (its cost is measured alone and taken off); the regional
// hits are the second batch less the first (the same three misses to the origin before them).
const reset = await best(1, async (round) => cdn.reset({ seed: round + 1, routing: 'sticky' }));
const toOrigin = await best(3, async (round) => {
  cdn.reset({ seed: round + 1, routing: 'sticky' });
  for (const path of PATHS) await get(path, 1);
});
const regionalHit = await best(3, async (round) => {
  cdn.reset({ seed: round + 1, routing: 'sticky' });
  for (const path of PATHS) await get(path, 1);
  for (const path of PATHS) await get(path, 2);
});
const hit = await best(3, async () => {
  for (const path of PATHS) await get(path, 1);
});

let sink = 0;
const leaf = async (n: number) => ({ n });
const level3 = async (n: number) => await leaf(n);
const level2 = async (n: number) => await level3(n);
const nested = async (n: number) => (await level2(n)).n;
const flat = async (n: number) => {
  await undefined;
  await undefined;
  await undefined;
  return n;
};
const skeletonNested = await best(1, async (round) => {
  sink += await nested(round);
});
const skeletonFlat = await best(1, async (round) => {
  sink += await flat(round);
});
if (sink < 0) throw new Error('unreachable');

// The explored scenario's requests by kind: served from the edge's copy, filled from the regional
// cache's, or from the origin (the explorer resets the distribution before each run).
const MIX_RUNS = 2000;
const mix = { hit: 0, missRegionalHit: 0, missToOrigin: 0 };
{
  const clock = new ManualClock();
  const origin = memoryOrigin({ clock });
  const cdn = createCdn({ clock, origin });
  const [full] = exploreBody('full');
  const target = { cdn, clock, origin, resetOrigins: () => origin.reset() };
  await runExploration(target, { runs: MIX_RUNS, seed: 1 }, async (context) => {
    await full(context);
    for (const record of cdn.trace.requests()) {
      if (record.servedFrom === 'origin') mix.missToOrigin++;
      else if (record.tiers[0]?.outcome === 'hit') mix.hit++;
      else if (record.tiers[1]?.outcome === 'hit') mix.missRegionalHit++;
      else throw new Error(`unexpected request kind: ${JSON.stringify(record.tiers)}`);
    }
  });
}

const us = (n: number) => Number(n.toFixed(3));
const perRun = (n: number) => Number((n / MIX_RUNS).toFixed(2));
console.log(
  JSON.stringify({
    hit: us(hit),
    missRegionalHit: us(regionalHit - toOrigin),
    missToOrigin: us(toOrigin - reset / 3),
    reset: us(reset),
    skeletonNested: us(skeletonNested),
    skeletonFlat: us(skeletonFlat),
    perExploredRun: {
      hit: perRun(mix.hit),
      missRegionalHit: perRun(mix.missRegionalHit),
      missToOrigin: perRun(mix.missToOrigin),
    },
  }),
);
