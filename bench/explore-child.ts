// The explore bench's rows in a plain `node` process on the built packages (packages/*/dist), as a
// user's suite runs them: a suite imports `@edgecase/vitest` from node_modules, which Vitest
// externalizes (plain Node ESM), while this repo's tests and benches import the sources through
// Vitest's module runner (every module transformed, every import read through an export getter).
//   node bench/explore-child.ts <default|600> <runs> <full|empty|draws|uploads>
// prints one JSON line, after 2,000 runs to warm up: the best of 3 batches of <runs> in scenarios per second (wall clock, as the bench's
// in-Vitest rows), and CPU-µs per run of that batch. The bench builds the packages first.
import { createCdn, ManualClock, memoryOrigin } from '@edgecase/cdn';
import { runExploration } from '../packages/vitest/dist/explore/explore.js';
import { exploreBody } from './explore-bodies.ts';

const [which = 'default', runsArg = '5000', part = 'full'] = process.argv.slice(2);
const [body, requests] = exploreBody(part);
const runs = Number(runsArg);
const WARM_UP_RUNS = 2000;
const clock = new ManualClock();
const origin = memoryOrigin({ clock });
const topology = which === '600' ? { pops: 600, serversPerPop: 20 } : undefined;
const cdn = createCdn({ clock, origin, ...(topology ? { topology } : {}) });
const target = { cdn, clock, origin, resetOrigins: () => origin.reset() };
// Warm up: 2,000 runs, so that the batches time the steady state (after 200 the optimising compiler
// was still at work in the first batches, and its threads' CPU counted in them).
await runExploration(target, { runs: WARM_UP_RUNS, seed: 1 }, body);
const started = performance.now();
let best = 0;
let cpuUs = 0;
for (let batch = 0; batch < 3 && performance.now() - started < 20_000; batch++) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await runExploration(target, { runs, seed: batch + 2 }, body);
  const rate = runs / ((performance.now() - t0) / 1000);
  const c = process.cpuUsage(c0);
  if (rate > best) {
    best = rate;
    cpuUs = (c.user + c.system) / runs;
  }
}
if (cdn.trace.requests().length !== requests) throw new Error('the last run did not make its requests');
console.log(JSON.stringify({ perSecond: best, cpuUsPerRun: cpuUs }));
