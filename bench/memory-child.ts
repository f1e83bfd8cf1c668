// The 1 M-entry memory row of bench/memory.bench.ts, in a plain `node --expose-gc` process of its own
// (the Vitest worker's RSS holds ~255 MB of Vitest itself): `node --expose-gc bench/memory-child.ts
// <count> <limit ms>` fills one edge server with <count> distinct objects from an S3-like origin
// that generates each answer (as MinIO or S3 would: nothing held in this process), then prints one
// JSON line: entries held, heap in use before and after (after full collections), process RSS before
// and after the fill (after those full collections, and again after a last-resort collection: what
// V8 does under memory pressure, giving back the young generation's space and compacting the old),
// where each RSS figure is (`spaces`), seconds. Then it fetches every object once more (one cached hit
// each, in the fill's order) and reports the heap in use after that (`heapServed`): what an entry costs
// once it has been served from cache, as a user's suite serves its entries. It uses the built package
// (packages/cdn/dist): the bench builds it first. With a third argument `regional`, the origin is in
// another Region than the POP's regional cache, so each object has two copies: the edge server's and
// the regional cache's.
import { getHeapSpaceStatistics } from 'node:v8';
import { createCdn, ManualClock, type Origin, type OriginResponse } from '@edgecase/cdn';

const count = Number(process.argv[2] ?? 1_000_000);
const limitMs = Number(process.argv[3] ?? 180_000);
const regional = process.argv[4] === 'regional';
/** Copies each object has: the edge server's, and the regional cache's when the origin is in another Region. */
const copies = regional ? 2 : 1;
const gc = (globalThis as { gc?: (options?: object) => void }).gc;
if (gc === undefined) throw new Error('run with node --expose-gc');

/** Heap in use after full collections (several: one pass can leave weak and finalised garbage). */
function heapUsed(): number {
  for (let i = 0; i < 4; i++) gc?.();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

/**
 * Where the process's RSS is, in bytes: the young generation's committed size (V8 grows it with the
 * fill's survival rate and keeps it after ordinary collections), the old generation's committed size
 * and what of it is in use (the rest: pages swept but not given back), the large-object space (the
 * store's hash tables), and what is resident outside V8's heap spaces (the node binary, malloc, and
 * freed V8 pages kept for reuse).
 */
function spaces(): Record<string, number> {
  const bySpace = new Map(getHeapSpaceStatistics().map((space) => [space.space_name, space]));
  let physical = 0;
  for (const space of bySpace.values()) physical += space.physical_space_size;
  return {
    newSpace: bySpace.get('new_space')?.physical_space_size ?? 0,
    oldSpace: bySpace.get('old_space')?.physical_space_size ?? 0,
    oldSpaceUsed: bySpace.get('old_space')?.space_used_size ?? 0,
    largeObjects: bySpace.get('large_object_space')?.physical_space_size ?? 0,
    outsideHeap: process.memoryUsage().rss - physical,
  };
}

/**
 * An S3-like origin whose objects are not held in this process (as with MinIO or S3): each answer is
 * a fresh headers object with the object's own ETag and request id, as `memoryOrigin` gives, and a
 * shared 16-byte body.
 */
function generatedOrigin(): Origin {
  const body = new Uint8Array(16);
  let requests = 0;
  return {
    kind: 's3',
    name: 'generated',
    // SFO5's regional cache is in us-east-1: an S3 origin there skips it (§7), one elsewhere does not.
    region: regional ? 'eu-west-1' : 'us-east-1',
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

const clock = new ManualClock();
const cdn = createCdn({
  clock,
  origin: generatedOrigin(),
  topology: { pops: ['SFO5'], serversPerPop: 1 },
  trace: { limit: 1000 },
});
const started = performance.now();
const heapBefore = heapUsed();
const rssBefore = process.memoryUsage().rss;
let requests = 0;
for (; requests < count && performance.now() - started < limitMs; requests++)
  await cdn.fetch(`/k/${requests}`);
const heapAfter = heapUsed();
const rss = process.memoryUsage().rss;
const rssParts = spaces();
// V8's memory-pressure collection (Heap::CollectAllAvailableGarbage): the young generation grown by
// the fill's allocation rate (~130 MB) is given back and old-space pages are compacted.
gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
const rssLastResort = process.memoryUsage().rss;
const rssPartsLastResort = spaces();
const held = cdn.nodes().reduce((sum, node) => sum + node.size, 0);
const edgeHeld = () => cdn.nodes().find((node) => node.tier === 'edge')?.size;
if (edgeHeld() !== requests || held !== copies * requests)
  throw new Error(
    `expected ${requests} entries on the one edge server and ${copies * requests} in all, held ${held}`,
  );
// Every entry served once from cache: the same objects again, each a hit on the one edge server.
const servedStarted = performance.now();
for (let i = 0; i < requests; i++) {
  const response = await cdn.fetch(`/k/${i}`);
  if (i === 0 && response.headers.get('x-cache') !== 'Hit from cloudfront')
    throw new Error(`expected a cached hit, got ${response.headers.get('x-cache')}`);
}
const heapServed = heapUsed();
if (edgeHeld() !== requests) throw new Error('the served pass changed what the edge server holds');
console.log(
  JSON.stringify({
    held,
    heapBefore,
    heapAfter,
    heapServed,
    rssBefore,
    rss,
    rssLastResort,
    rssParts,
    rssPartsLastResort,
    seconds: Math.round((servedStarted - started) / 1000),
    servedSeconds: Math.round((performance.now() - servedStarted) / 1000),
  }),
);
