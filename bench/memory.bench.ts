import { createCdn, ManualClock, memoryOrigin, type Origin, type OriginResponse } from '@edgecase/cdn';
import { expect, test } from 'vitest';

// Issue 13's memory goals. Run by `npm run bench` with --expose-gc (bench/vitest.config.ts). Each
// row prints `goal: <what>: <figure> (goal ≤ <n>): met | NOT met` for docs/performance.md.

const gc = (globalThis as { gc?: () => void }).gc;
const MiB = 2 ** 20;

/** Heap in use after full collections (several: one pass can leave weak and finalised garbage). */
function heapUsed(): number {
  for (let i = 0; i < 4; i++) gc?.();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function goal(what: string, figure: number, unit: string, limit: number, detail: string): void {
  const shown = `${figure.toLocaleString('en', { maximumFractionDigits: 2 })} ${unit}`;
  const verdict = figure <= limit ? 'met' : 'NOT met';
  console.log(
    `goal: ${what}: ${shown} (goal ≤ ${limit.toLocaleString('en')} ${unit}): ${verdict}; ${detail}`,
  );
}

// One object cached on all 12,000 servers of 600 POPs x 20 servers ≤ 2 MiB: heap growth from the
// empty distribution (nodes created on first touch included) to the object held everywhere, minus
// its body, which is stored once. A single run is within GC noise, so each case is measured on
// REPEATS fresh distributions and the median is the figure; the range is printed beside it.
const REPEATS = 5;
for (const region of ['us-east-1', 'eu-west-1']) {
  // In the POPs' Region CloudFront asks an S3 origin without the regional cache (§7), so every server
  // stores its own origin answer; elsewhere the servers' copies come from their regional cache.
  test(`memory: one 1 MiB object cached on 600 POPs x 20 servers (origin in ${region})`, async () => {
    expect(gc, 'run with --expose-gc').toBeTypeOf('function');
    const firsts: number[] = [];
    const seconds: number[] = [];
    let copies = 0;
    for (let run = 0; run < REPEATS; run++) {
      const clock = new ManualClock();
      const origin = memoryOrigin({ clock });
      const body = new Uint8Array(MiB).fill(7);
      await origin.put('big.bin', body, { cacheControl: 'max-age=86400' });
      await origin.put('big2.bin', body, { cacheControl: 'max-age=86400' });
      const cdn = createCdn({
        clock,
        origin: { origin, region },
        topology: { pops: 600, serversPerPop: 20 },
        trace: { limit: 1000 },
      });
      const fill = async (path: string) => {
        for (const pop of cdn.topology.pops)
          for (let server = 1; server <= pop.serverCount; server++)
            await cdn.fetch(path, { pop: pop.id, server });
      };
      const before = heapUsed();
      await fill('/big.bin');
      const afterFirst = heapUsed();
      // A second object on the same (now existing) servers: what each further object costs.
      await fill('/big2.bin');
      const afterSecond = heapUsed();
      const store = cdn.topology.store;
      const holders = store.keysOf('/big.bin').flatMap((key) => store.holders(key));
      const bodies = new Set(holders.map(([, entry]) => entry.body.buffer));
      // Bodies are stored once and shared by every copy (the origin's own copy is older than `before`).
      expect(bodies.size).toBe(1);
      expect(holders.length).toBeGreaterThanOrEqual(12_000);
      copies = holders.length;
      firsts.push(afterFirst - before);
      seconds.push(afterSecond - afterFirst);
    }
    const range = (values: number[]) =>
      `${(Math.min(...values) / MiB).toFixed(2)} to ${(Math.max(...values) / MiB).toFixed(2)} MiB`;
    goal(
      `one object cached on all 12,000 servers (origin in ${region})`,
      +(median(firsts) / MiB).toFixed(2),
      'MiB',
      2,
      `median of ${REPEATS} fresh distributions (${range(firsts)}), ${copies} copies, servers created on ` +
        `first touch included; each further object on the same servers: ${(median(seconds) / MiB).toFixed(2)} MiB ` +
        `(${range(seconds)}), ${Math.round(median(seconds) / copies)} B per copy`,
    );
  });
}

/**
 * An S3-like origin whose objects are not held in this process (as with MinIO or S3): each answer is
 * a fresh headers object with the object's own ETag, as `memoryOrigin` gives, and a shared 16-byte body.
 */
function generatedOrigin(): Origin {
  const body = new Uint8Array(16);
  let requests = 0;
  return {
    kind: 's3',
    name: 'generated',
    region: 'us-east-1',
    async fetch(request): Promise<OriginResponse> {
      requests++;
      return {
        status: 200,
        headers: {
          'accept-ranges': 'bytes',
          'content-length': '16',
          'content-type': 'binary/octet-stream',
          etag: `"${request.path.length.toString(16)}${request.path}"`,
          'last-modified': 'Thu, 01 Jan 2026 00:00:00 GMT',
          server: 'AmazonS3',
          'x-amz-request-id': requests.toString(16).padStart(16, '0'),
          'cache-control': 'max-age=86400',
        },
        body,
      };
    },
  };
}

// Bytes per cache entry ≤ 250 B and 1 M entries on one server ≤ 500 MB RSS: 1 M distinct objects
// requested through one edge server, from an S3 origin in its Region (no regional copy: the server is
// the only holder), bounded at 1,000,000 entries or 3 minutes, whichever comes first. Bytes per
// entry is heap growth over the fill divided by the entries held; it includes the key, the path, the
// origin's headers object for the entry, the entry record and the store's indexes.
test('memory: 1 M cache entries on one server', { timeout: 600_000 }, async () => {
  expect(gc, 'run with --expose-gc').toBeTypeOf('function');
  const COUNT = 1_000_000;
  const LIMIT_MS = 180_000;
  const clock = new ManualClock();
  const cdn = createCdn({
    clock,
    origin: generatedOrigin(),
    topology: { pops: ['SFO5'], serversPerPop: 1 },
    trace: { limit: 1000 },
  });
  const started = performance.now();
  const before = heapUsed();
  const rssBefore = process.memoryUsage().rss;
  let requests = 0;
  for (; requests < COUNT && performance.now() - started < LIMIT_MS; requests++)
    await cdn.fetch(`/k/${requests}`);
  const after = heapUsed();
  const rss = process.memoryUsage().rss;
  const edge = cdn.nodes()[0]!;
  const held = cdn.nodes().reduce((sum, node) => sum + node.size, 0);
  expect(edge.size).toBe(requests);
  expect(held).toBe(requests);
  const seconds = Math.round((performance.now() - started) / 1000);
  goal(
    'bytes per cache entry',
    Math.round((after - before) / held),
    'B',
    250,
    `${held.toLocaleString('en')} entries`,
  );
  goal(
    `${(held / 1e6).toFixed(2)} M entries on one server, process RSS`,
    Math.round(rss / 1e6),
    'MB',
    500,
    `RSS growth over the fill ${Math.round((rss - rssBefore) / 1e6)} MB (before: ${Math.round(rssBefore / 1e6)} MB, ` +
      `Vitest included), ${seconds} s`,
  );
});
