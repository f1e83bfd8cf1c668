import { createCdn, ManualClock, memoryOrigin } from '@edgecase/cdn';
import { expect, test } from 'vitest';

// Figures, and the command that produced them, are in docs/performance.md.

// Each sample is a batch of 1,000 requests, so tinybench's own per-sample overhead does not count:
// requests/s = hz x 1,000.
const BATCH = 1000;

test('hit path: cached hit through cdn.fetch', async ({ bench }) => {
  for (const routing of ['sticky', 'random'] as const) {
    const clock = new ManualClock();
    const origin = memoryOrigin({ clock });
    const cdn = createCdn({ clock, origin, routing });
    await origin.put('hot.txt', 'x'.repeat(1024), { cacheControl: 'max-age=86400' });
    for (let i = 0; i < 20; i++) await cdn.fetch('/hot.txt');
    const result = await bench(`cdn.fetch hit x${BATCH} (1 KiB, ${routing} routing)`, async () => {
      for (let i = 0; i < BATCH; i++) await cdn.fetch('/hot.txt');
    }).run();
    console.log(
      `hit path, ${routing} routing: ${Math.round((result.throughput.mean * BATCH) / 1000)}k requests/s`,
    );
    expect(cdn.trace.requests().at(-1)?.xCache).toBe('Hit');
  }
});

test('miss path: full miss to memoryOrigin', async ({ bench }) => {
  const clock = new ManualClock();
  const origin = memoryOrigin({ clock });
  const cdn = createCdn({
    clock,
    origin,
    routing: 'sticky',
    defaultCacheBehavior: { cachePolicy: 'CachingDisabled' },
  });
  await origin.put('cold.txt', 'x'.repeat(1024));
  const result = await bench(`cdn.fetch miss x${BATCH} through edge, regional cache and origin`, async () => {
    for (let i = 0; i < BATCH; i++) await cdn.fetch('/cold.txt');
  }).run();
  console.log(`miss path: ${Math.round((result.throughput.mean * BATCH) / 1000)}k requests/s`);
  expect(cdn.trace.requests().at(-1)?.xCache).toBe('Miss');
});

test('24 h TTL scenario in wall time', async ({ bench }) => {
  const result = await bench('3 overwrites in a day, 20 servers, 120 requests, an invalidation', async () => {
    const clock = new ManualClock();
    const origin = memoryOrigin({ clock });
    const cdn = createCdn({
      clock,
      origin: { origin, region: 'us-east-1' },
      topology: { pops: [{ id: 'SFO5', servers: 20 }] },
    });
    for (let version = 1; version <= 3; version++) {
      await origin.put('test.txt', `test ${version}`, { cacheControl: 'max-age=86400' });
      for (let hour = 0; hour < 8; hour++) {
        for (let server = 1; server <= 20; server += 4) await cdn.fetch('/test.txt', { server });
        await clock.advance('1h');
      }
    }
    const invalidation = cdn.createInvalidation(['/test.txt']);
    await clock.advance('100s');
    if (invalidation.status !== 'Completed') throw new Error('invalidation did not complete');
  }).run();
  console.log(`24 h scenario: ${(1000 / result.throughput.mean).toFixed(2)} ms per run`);
});
