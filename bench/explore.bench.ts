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

/** The scenario's parts alone, for the breakdown: what the explorer's loop and the uploads cost by themselves. */
const emptyBody: ExploreBody = () => undefined;
const twentyDraws: ExploreBody = ({ draw }) => {
  for (let i = 0; i < 10; i++) draw.edge(); // a POP and a server each, as 10 random-routed requests draw
};
const threeUploads: ExploreBody = async ({ origin }) => {
  for (const path of PATHS) await origin.put(path.slice(1), path, { cacheControl: 'max-age=60' });
};

/** Scenarios per second: the best of 3 batches of `runs`, stopping early past 20 s in all. */
async function scenariosPerSecond(
  topology: TopologyOptions | undefined,
  runs: number,
  body: ExploreBody = tenRequests,
  requests = 10,
): Promise<number> {
  const clock = new ManualClock();
  const origin = memoryOrigin({ clock });
  const cdn = createCdn({ clock, origin, ...(topology ? { topology } : {}) });
  const target = { cdn, clock, origin, resetOrigins: () => origin.reset() };
  await runExploration(target, { runs: Math.min(runs, 200), seed: 1 }, body); // warm up
  const started = performance.now();
  let best = 0;
  for (let batch = 0; batch < 3 && performance.now() - started < 20_000; batch++) {
    const t0 = performance.now();
    await runExploration(target, { runs, seed: batch + 2 }, body);
    best = Math.max(best, runs / ((performance.now() - t0) / 1000));
  }
  expect(cdn.trace.requests()).toHaveLength(requests);
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

// Where a scenario's time goes on the default topology, as µs per run: each part alone through the
// same loop, so the differences are the 20 routing draws, the 3 uploads and the 10 requests.
test('explored scenario breakdown, default topology', { timeout: 120_000 }, async () => {
  const us = async (body: ExploreBody, requests: number) =>
    1e6 / (await scenariosPerSecond(undefined, 3_000, body, requests));
  const loop = await us(emptyBody, 0);
  const draws = await us(twentyDraws, 0);
  const uploads = await us(threeUploads, 0);
  const full = await us(tenRequests, 10);
  const rows: [string, number][] = [
    ['fast-check run + reset of distribution, clock and bucket', loop],
    ['10 draw.edge() (20 fc.gen draws, as 10 random-routed requests draw)', draws - loop],
    ['3 uploads (memoryOrigin.put)', uploads - loop],
    ['10 requests (cdn.fetch, routing drawn; the rest)', full - uploads - (draws - loop)],
    ['the whole scenario', full],
  ];
  for (const [part, micros] of rows) console.log(`  ${part}: ${micros.toFixed(1)} µs`);
});
