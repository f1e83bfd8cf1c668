import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCdn, ManualClock, memoryOrigin } from '@edgecase/cdn';
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

// Bytes per cache entry ≤ 250 B and 1 M entries on one server ≤ 500 MB RSS: 1 M distinct objects
// requested through one edge server, from an S3 origin in its Region (no regional copy: the server is
// the only holder), bounded at 1,000,000 entries or 3 minutes, whichever comes first. Measured in a
// plain `node --expose-gc` child process (bench/memory-child.ts, on the built package) rather than in
// this Vitest worker, whose RSS holds ~255 MB of Vitest itself: RSS is that process's, Vitest not
// included, read after ordinary full collections at Node's defaults (no V8 flag); the row prints beside
// it the RSS after a last-resort collection (V8's memory-pressure GC: the young generation the fill's
// allocation grew, ~130 MB, is given back, old-space pages compacted). Bytes per entry is the child's
// heap growth (V8's heap and array buffers) over the fill divided by the entries held; it includes the
// path, the origin's own header values for the entry (each answer has its own ETag and request id),
// the entry's record and the store's indexes. Past 32,768 keys the store holds a new key's only copy
// as a packed row (packages/cdn/src/cache/packed-rows.ts). That row is entries stored by a miss and
// never read again; the child then fetches every object once more (one cached hit each, which makes
// each packed entry an object again), and the second row is the heap growth from before the fill to
// after that pass, per entry: what an entry a suite has served from cache costs.
interface ChildRun {
  held: number;
  heapBefore: number;
  heapAfter: number;
  heapServed: number;
  rssBefore: number;
  rss: number;
  rssLastResort: number;
  rssParts: Record<string, number>;
  rssPartsLastResort: Record<string, number>;
  seconds: number;
  servedSeconds: number;
}

/** bench/memory-child.ts on the built package (brought up to date first), its JSON line parsed. */
function memoryChild(count: number, limitMs: number, ...rest: string[]): ChildRun {
  const root = fileURLToPath(new URL('..', import.meta.url));
  execFileSync(join(root, 'node_modules/.bin/tsc'), ['-b', 'packages/cdn/tsconfig.json'], { cwd: root });
  const out = execFileSync(
    process.execPath,
    ['--expose-gc', join(root, 'bench/memory-child.ts'), String(count), String(limitMs), ...rest],
    { cwd: root, encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  return JSON.parse(out.trim().split('\n').at(-1) as string) as ChildRun;
}

test('memory: 1 M cache entries on one server', { timeout: 600_000 }, () => {
  const COUNT = 1_000_000;
  const LIMIT_MS = 180_000;
  const run = memoryChild(COUNT, LIMIT_MS);
  const MB = (n: number | undefined) => Math.round((n ?? 0) / 1e6);
  const parts = (p: Record<string, number>) =>
    `young generation ${MB(p.newSpace)} MB, old generation ${MB(p.oldSpace)} MB (${MB(p.oldSpaceUsed)} in use), ` +
    `large objects ${MB(p.largeObjects)} MB, outside V8's heap spaces ${MB(p.outsideHeap)} MB`;
  expect(run.held).toBeGreaterThan(0);
  goal(
    'bytes per cache entry, stored by a miss, never read',
    Math.round((run.heapAfter - run.heapBefore) / run.held),
    'B',
    250,
    `${run.held.toLocaleString('en')} entries, heap growth over the fill in a plain node process ` +
      '(bench/memory-child.ts)',
  );
  goal(
    'bytes per cache entry, every entry served once from cache',
    Math.round((run.heapServed - run.heapBefore) / run.held),
    'B',
    250,
    `the same ${run.held.toLocaleString('en')} entries after one cached hit each, heap growth from before ` +
      `the fill (bench/memory-child.ts), ${run.servedSeconds} s for the hits`,
  );
  goal(
    `${(run.held / 1e6).toFixed(2)} M entries on one server, RSS of a plain node process holding them after ordinary full collections`,
    Math.round(run.rss / 1e6),
    'MB',
    500,
    `Vitest not included, Node's defaults (bench/memory-child.ts): ${parts(run.rssParts)}; after a last-resort ` +
      `collection ${Math.round(run.rssLastResort / 1e6)} MB (${parts(run.rssPartsLastResort)}); before the fill ` +
      `${Math.round(run.rssBefore / 1e6)} MB; heap in use after ${Math.round(run.heapAfter / 1e6)} MB, ${run.seconds} s`,
  );
});

// Not a goal row: the same fill with the origin in another Region than the POP's regional cache, so
// each object has two copies (the edge server's and the regional cache's), both packed rows.
test('memory: 1 M objects through an edge server and its regional cache', { timeout: 600_000 }, () => {
  const run = memoryChild(1_000_000, 180_000, 'regional');
  console.log(
    `${(run.held / 1e6).toFixed(2)} M copies (an edge server's and its regional cache's): RSS ` +
      `${Math.round(run.rss / 1e6)} MB after ordinary full collections (${Math.round(run.rssLastResort / 1e6)} MB after a ` +
      `last-resort one); ${Math.round((run.heapAfter - run.heapBefore) / run.held)} B a copy stored, ` +
      `${Math.round((run.heapServed - run.heapBefore) / run.held)} B once served; ${run.seconds} s`,
  );
  expect(run.held).toBeGreaterThan(0);
});
