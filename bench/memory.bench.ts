import { createCdn, ManualClock, memoryOrigin } from '@edgecase/cdn';
import { expect, test } from 'vitest';

// Run by `npm run bench` with --expose-gc (bench/vitest.config.ts). Figures: docs/performance.md.

const gc = (globalThis as { gc?: () => void }).gc;

function heapUsed(): number {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
}

// Issue 13 goal: one object cached on all 12,000 servers ≤ 2 MiB (heap growth from createCdn on,
// nodes included). Two cases: an S3 origin in the POPs' Region, which CloudFront asks without the
// regional cache (§7), so every server stores its own origin answer; and an origin elsewhere, where
// the servers' copies come from their regional cache and equal copies are one shared object.
for (const region of ['us-east-1', 'eu-west-1']) {
  test(`memory: one 1 MiB object cached on 600 POPs x 20 servers (origin in ${region})`, async () => {
    expect(gc, 'run with --expose-gc').toBeTypeOf('function');
    const clock = new ManualClock();
    const origin = memoryOrigin({ clock });
    await origin.put('big.bin', new Uint8Array(1024 * 1024).fill(7), { cacheControl: 'max-age=86400' });
    const before = heapUsed();
    const cdn = createCdn({
      clock,
      origin: { origin, region },
      topology: { pops: 600, serversPerPop: 20 },
      trace: { limit: 1000 },
    });
    const started = performance.now();
    for (const pop of cdn.topology.pops)
      for (let server = 1; server <= pop.serverCount; server++)
        await cdn.fetch('/big.bin', { pop: pop.id, server });
    const fillMs = performance.now() - started;
    const after = heapUsed();

    const store = cdn.topology.store;
    const holders = store.keysOf('/big.bin').flatMap((key) => store.holders(key));
    const bodies = new Set(holders.map(([, entry]) => entry.body.buffer));
    const objects = new Set(holders.map(([, entry]) => entry));
    const bodyBytes = [...bodies].reduce((sum, buffer) => sum + buffer.byteLength, 0);
    const figures = {
      edgeServers: cdn.topology.edgeServerCount,
      cachedEntries: holders.length,
      entryObjects: objects.size,
      distinctBodies: bodies.size,
      bodyMiB: +(bodyBytes / 2 ** 20).toFixed(2),
      heapGrowthMiB: +((after - before - bodyBytes) / 2 ** 20).toFixed(2),
      bytesPerServer: Math.round((after - before - bodyBytes) / holders.length),
      fillMs: Math.round(fillMs),
    };
    console.log(`memory figures (origin in ${region})`, JSON.stringify(figures));
    // Bodies are stored once and shared.
    expect(bodyBytes).toBeLessThan(2 * 2 ** 20);
    expect(holders.length).toBeGreaterThanOrEqual(12_000);
  });
}

// Issue 13 goals: bytes per cache entry ≤ 250 B, 1 M entries ≤ 500 MB RSS. 1 M distinct objects
// requested through one edge server (an S3 origin in its Region: no regional copy), bounded at
// 1,000,000 entries or 3 minutes, whichever comes first.
test('memory: 1 M cache entries on one server', { timeout: 600_000 }, async () => {
  expect(gc, 'run with --expose-gc').toBeTypeOf('function');
  const COUNT = 1_000_000;
  const LIMIT_MS = 180_000;
  const clock = new ManualClock();
  const origin = memoryOrigin({ clock });
  const cdn = createCdn({
    clock,
    origin,
    topology: { pops: ['SFO5'], serversPerPop: 1 },
    trace: { limit: 1000 },
  });
  const body = new Uint8Array(16);
  const started = performance.now();
  let puts = 0;
  for (; puts < COUNT && performance.now() - started < LIMIT_MS / 2; puts++)
    await origin.put(`k/${puts}`, body, { cacheControl: 'max-age=86400' });
  const before = heapUsed();
  const rssBefore = process.memoryUsage().rss;
  let entries = 0;
  for (; entries < puts && performance.now() - started < LIMIT_MS; entries++)
    await cdn.fetch(`/k/${entries}`);
  const after = heapUsed();
  const rss = process.memoryUsage().rss;
  const edge = cdn.nodes()[0]!;
  const figures = {
    entries: edge.size,
    bytesPerEntry: Math.round((after - before) / edge.size),
    rssMB: Math.round(rss / 1e6),
    rssGrowthMB: Math.round((rss - rssBefore) / 1e6),
    seconds: Math.round((performance.now() - started) / 1000),
  };
  console.log('1 M entries figures', JSON.stringify(figures));
  expect(edge.size).toBe(entries);
});
