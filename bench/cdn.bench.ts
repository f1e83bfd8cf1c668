import { createCdn, ManualClock, memoryOrigin } from '@edgecase/cdn';
import { expect, test } from 'vitest';

// Figures, and the command that produced them, are in docs/performance.md.

test('hit path: cached hit through cdn.fetch', async ({ bench }) => {
  const clock = new ManualClock();
  const origin = memoryOrigin({ clock });
  const cdn = createCdn({ clock, origin, routing: 'sticky' });
  await origin.put('hot.txt', 'x'.repeat(1024), { cacheControl: 'max-age=86400' });
  await cdn.fetch('/hot.txt');
  await bench('cdn.fetch hit (1 KiB, sticky viewer)', async () => {
    await cdn.fetch('/hot.txt');
  }).run();
  expect(cdn.trace.requests().at(-1)?.xCache).toBe('Hit');
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
  await bench('cdn.fetch miss through edge, regional cache and origin (CachingDisabled)', async () => {
    await cdn.fetch('/cold.txt');
  }).run();
  expect(cdn.trace.requests().at(-1)?.xCache).toBe('Miss');
});

test('24 h TTL scenario in wall time', async ({ bench }) => {
  await bench('3 overwrites in a day, 20 servers, 120 requests, an invalidation', async () => {
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
});
