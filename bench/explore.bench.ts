import { createCdn, ManualClock, memoryOrigin, type TopologyOptions } from '@edgecase/cdn';
import { expect, test } from 'vitest';
import { type ExploreBody, runExploration } from '../packages/vitest/src/explore/explore.js';

// Run by `npm run bench`. Figures: docs/performance.md (taken by the lead on a quiet machine).
// The explorer's own loop, as test.explore runs it: fast-check draws a seed and every routing choice,
// the distribution, clock and bucket start over before each run. A scenario is 3 uploads and 10
// requests, each on a drawn POP and server.

const PATHS = ['/index.html', '/app.js', '/logo.png'];

const tenRequests: ExploreBody = async ({ cdn, origin }) => {
  for (const path of PATHS) await origin.put(path.slice(1), path, { cacheControl: 'max-age=60' });
  for (let i = 0; i < 10; i++) {
    const response = await cdn.fetch(PATHS[i % PATHS.length] as string);
    if (response.status !== 200) throw new Error(`${response.status}`);
  }
};

/** Scenarios per second: the best of 3 batches of `runs`, stopping early past 20 s in all. */
async function scenariosPerSecond(topology: TopologyOptions | undefined, runs: number): Promise<number> {
  const clock = new ManualClock();
  const origin = memoryOrigin({ clock });
  const cdn = createCdn({ clock, origin, ...(topology ? { topology } : {}) });
  const target = { cdn, clock, origin, resetOrigins: () => origin.reset() };
  await runExploration(target, { runs: Math.min(runs, 200), seed: 1 }, tenRequests); // warm up
  const started = performance.now();
  let best = 0;
  for (let batch = 0; batch < 3 && performance.now() - started < 20_000; batch++) {
    const t0 = performance.now();
    await runExploration(target, { runs, seed: batch + 2 }, tenRequests);
    best = Math.max(best, runs / ((performance.now() - t0) / 1000));
  }
  expect(cdn.trace.requests()).toHaveLength(10);
  return best;
}

/** The baseline: the same scenario by hand, a new clock, bucket and createCdn per scenario. */
async function handLoopPerSecond(topology: TopologyOptions | undefined, runs: number): Promise<number> {
  const started = performance.now();
  let best = 0;
  for (let batch = 0; batch < 3 && performance.now() - started < 20_000; batch++) {
    const t0 = performance.now();
    for (let run = 0; run < runs; run++) {
      const clock = new ManualClock();
      const origin = memoryOrigin({ clock });
      const cdn = createCdn({
        clock,
        origin,
        seed: run,
        routing: 'random',
        ...(topology ? { topology } : {}),
      });
      for (const path of PATHS) await origin.put(path.slice(1), path, { cacheControl: 'max-age=60' });
      for (let i = 0; i < 10; i++) await cdn.fetch(PATHS[i % PATHS.length] as string);
    }
    best = Math.max(best, runs / ((performance.now() - t0) / 1000));
  }
  return best;
}

test('explored 10-request scenarios/s, default topology and 600 × 20', { timeout: 180_000 }, async () => {
  const rows: [string, TopologyOptions | undefined, number][] = [
    ['default topology (2 POPs × 4 servers)', undefined, 5_000],
    ['600 POPs × 20 servers', { pops: 600, serversPerPop: 20 }, 1_000],
  ];
  for (const [label, topology, runs] of rows) {
    const rate = await scenariosPerSecond(topology, runs);
    console.log(`explored 10-request scenarios/s, ${label}: ${Math.round(rate).toLocaleString('en')}`);
    const hand = await handLoopPerSecond(topology, Math.ceil(runs / 5));
    console.log(
      `  the same scenarios by hand, createCdn each (baseline): ${Math.round(hand).toLocaleString('en')}/s`,
    );
  }
});
