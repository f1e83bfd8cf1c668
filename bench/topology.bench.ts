import { type Cdn, createCdn, ManualClock, memoryOrigin } from '@edgecase/cdn';
import { onCdn } from '@edgecase/vitest';
import '@edgecase/vitest/matchers';
import { expect, test } from 'vitest';

// Issue 13 item 2, linear-cost topologies: CloudFront's size (600 POPs x 20 servers) should cost what
// a test touches. Run by `npm run bench` (bench/vitest.config.ts, with --expose-gc). Figures, and
// the command that produced them, go in docs/performance.md.

const POPS = 600;
const SERVERS = 20;
const gc = (globalThis as { gc?: () => void }).gc;

function heapUsed(): number {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
}

async function bigCdn(options: { entries?: number; holders?: number } = {}) {
  const clock = new ManualClock();
  const origin = memoryOrigin({ clock });
  const cdn = createCdn({
    clock,
    origin,
    topology: { pops: POPS, serversPerPop: SERVERS },
    routing: 'random',
    trace: { limit: 1000 },
  });
  // Other paths, each cached on the server a random request lands on (and its regional cache).
  for (let i = 0; i < (options.entries ?? 0); i++) {
    await origin.put(`other/${i}.txt`, `o${i}`, { cacheControl: 'max-age=86400' });
    await cdn.fetch(`/other/${i}.txt`);
  }
  // The path under test, cached on `holders` random servers.
  await origin.put('a.txt', 'v1', { cacheControl: 'max-age=3600' });
  for (let i = 0; i < (options.holders ?? 50); i++) await cdn.fetch('/a.txt');
  return { clock, origin, cdn };
}

test('createCdn 600 x 20: time and heap', async ({ bench }) => {
  const clock = new ManualClock();
  const origin = memoryOrigin({ clock });
  const options = { clock, origin, topology: { pops: POPS, serversPerPop: SERVERS } };
  createCdn(options);
  const result = await bench('createCdn 600 x 20', () => {
    createCdn(options);
  }).run();
  const kept: Cdn[] = [];
  const before = heapUsed();
  for (let i = 0; i < 20; i++) kept.push(createCdn(options));
  const heapMiB = (heapUsed() - before) / 20 / 2 ** 20;
  console.log(
    `createCdn 600 x 20: ${(1000 / result.throughput.mean).toFixed(3)} ms, ${heapMiB.toFixed(3)} MiB heap each`,
  );
  expect(kept[0]?.topology.edgeServerCount).toBe(POPS * SERVERS);
});

test('matchers and inspect, 600 x 20 with 15 k other entries', async ({ bench }) => {
  const { cdn, origin } = await bigCdn({ entries: 15_000, holders: 50 });
  const path = onCdn(cdn, '/a.txt');
  const inspect = await bench('cdn.inspect 600 x 20 + 15 k entries', () => {
    cdn.inspect('/a.txt');
  }).run();
  const one = await bench('toServeOneVersion 600 x 20 + 15 k entries', async () => {
    await expect(path).toServeOneVersion('v1');
  }).run();
  await origin.put('a.txt', 'v2', { cacheControl: 'max-age=3600' });
  const visible = await bench('toBecomeVisibleEverywhereWithin 600 x 20 + 15 k entries', async () => {
    await expect(path).toBecomeVisibleEverywhereWithin('1h');
  }).run();
  for (const [what, result] of [
    ['inspect', inspect],
    ['toServeOneVersion', one],
    ['toBecomeVisibleEverywhereWithin', visible],
  ] as const) {
    console.log(`${what}, 600 x 20 + 15 k entries: ${(1000 / result.throughput.mean).toFixed(3)} ms`);
  }
});

test('invalidations, 600 x 20: one created and completed; four in flight', async ({ bench }) => {
  for (const entries of [0, 15_000]) {
    const { cdn, clock } = await bigCdn({ entries, holders: 50 });
    const one = await bench(`one invalidation create + complete (${entries} other entries)`, async () => {
      const invalidation = cdn.createInvalidation(['/a.txt']);
      await clock.advance('100s');
      if (invalidation.status !== 'Completed') throw new Error('not completed');
    }).run();
    const four = await bench(`four invalidations in flight (${entries} other entries)`, async () => {
      const all = ['/a.txt', '/b.txt', '/c.txt', '/other/*'].map((p) => cdn.createInvalidation([p]));
      await clock.advance('100s');
      if (all.some((i) => i.status !== 'Completed')) throw new Error('not completed');
    }).run();
    console.log(
      `invalidations 600 x 20 (${entries} other entries): one ${(1000 / one.throughput.mean).toFixed(3)} ms, four in flight ${(1000 / four.throughput.mean).toFixed(3)} ms`,
    );
  }
});
