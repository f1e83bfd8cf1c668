import { createCdn, ManualClock, memoryOrigin } from '@edgecase/cdn';
import { expect, test } from 'vitest';

// Run by `npm run bench` with --expose-gc (bench/vitest.config.ts). Figures: docs/performance.md.

const gc = (globalThis as { gc?: () => void }).gc;

function heapUsed(): number {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
}

test('memory: one 1 MiB object cached on 600 POPs x 20 servers', async () => {
  expect(gc, 'run with --expose-gc').toBeTypeOf('function');
  const clock = new ManualClock();
  const origin = memoryOrigin({ clock });
  await origin.put('big.bin', new Uint8Array(1024 * 1024).fill(7), { cacheControl: 'max-age=86400' });
  const before = heapUsed();
  const cdn = createCdn({
    clock,
    origin,
    topology: { pops: 600, serversPerPop: 20 },
    trace: { limit: 1000 },
  });
  const started = performance.now();
  for (const { pop, server } of cdn.topology.edgeServers())
    await cdn.fetch('/big.bin', { pop: pop.id, server });
  const fillMs = performance.now() - started;
  const after = heapUsed();

  const bodies = new Set<ArrayBufferLike>();
  let entries = 0;
  for (const node of cdn.nodes()) {
    for (const entry of node.entries()) {
      entries++;
      bodies.add(entry.body.buffer);
    }
  }
  const bodyBytes = [...bodies].reduce((sum, buffer) => sum + buffer.byteLength, 0);
  const figures = {
    edgeServers: cdn.topology.edgeServers().length,
    cachedEntries: entries,
    distinctBodies: bodies.size,
    bodyMiB: +(bodyBytes / 2 ** 20).toFixed(2),
    heapGrowthMiB: +((after - before) / 2 ** 20).toFixed(2),
    bytesPerEntry: Math.round((after - before - bodyBytes) / entries),
    fillMs: Math.round(fillMs),
  };
  console.log('memory figures', JSON.stringify(figures));
  // Target (issue 2): bodies are stored once and shared, < 2 MiB for this case.
  expect(bodyBytes).toBeLessThan(2 * 2 ** 20);
  expect(entries).toBeGreaterThanOrEqual(12_000);
});
