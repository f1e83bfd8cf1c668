// A fill answered at once (docs/internals.md, "A miss answered at once") that throws after the tier
// above answered: the node must not stay "filling" (the next request would wait on a fill that never
// ends), and a background refresh's throw must not reach the viewer it served stale. No input makes
// the tiers throw there today; the throw is planted in the node's storing, as a bug or a future
// limit would raise it.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CacheNode } from '../cache/cache-node.js';
import { createCdn, ManualClock, memoryOrigin } from '../index.js';

const outcomes = (cdn: ReturnType<typeof createCdn>) =>
  cdn.trace.requests().map((r) => r.tiers.map((t) => `${t.tier}:${t.outcome}`).join(' '));

afterEach(() => {
  vi.restoreAllMocks();
});

/** Makes `method` of the node `nodeId` throw once, the next time it is called there. */
function throwOnceAt(nodeId: string, method: 'set' | 'ownEntry'): Error {
  const planted = new Error(`planted in ${nodeId}.${method}`);
  const original = CacheNode.prototype[method] as (...args: unknown[]) => unknown;
  let thrown = false;
  function plantedOnce(this: CacheNode, ...args: unknown[]): unknown {
    if (!thrown && this.id === nodeId) {
      thrown = true;
      throw planted;
    }
    return original.apply(this, args);
  }
  vi.spyOn(CacheNode.prototype, method).mockImplementation(plantedOnce as never);
  return planted;
}

describe('a fill answered at once that throws after the answer came', () => {
  it('rejects that request and leaves the node able to fill the next one', async () => {
    const clock = new ManualClock();
    const origin = memoryOrigin({ clock });
    const cdn = createCdn({ clock, origin, topology: { pops: ['IAD89'], serversPerPop: 2 } });
    await origin.put('a.txt', 'v1', { cacheControl: 'max-age=60' });
    // The regional cache stores its copy; the edge server's storing throws.
    const planted = throwOnceAt('IAD89-C1', 'set');
    await expect(cdn.fetch('/a.txt', { server: 1 })).rejects.toBe(planted);
    // Nothing stored at the edge server, and no fetch left under way there (every invalidation would
    // send a server left "filling" a purge, and each purge would be noted on that fill, for good).
    expect(cdn.nodes().map((node) => `${node.id}: ${node.size}${node.filling ? ', filling' : ''}`)).toEqual([
      'IAD89-C1: 0',
      'REC-us-east-1: 1',
    ]);
    const next = await cdn.fetch('/a.txt', { server: 1 });
    expect([next.status, await next.text()]).toEqual([200, 'v1']);
    await cdn.fetch('/a.txt', { server: 1 });
    expect(outcomes(cdn)).toEqual(['edge:miss regional:hit', 'edge:hit']);
  });

  it('serves the stale copy when its background refresh throws, and refreshes again on the next stale read', async () => {
    const clock = new ManualClock();
    const origin = memoryOrigin({ clock });
    // An S3 origin in the POP's own Region: the edge asks it directly (no regional cache).
    const cdn = createCdn({ clock, origin: { origin, region: 'us-east-1' }, topology: { pops: ['IAD89'] } });
    await origin.put('a.txt', 'v1', { cacheControl: 'max-age=1, stale-while-revalidate=60' });
    await cdn.fetch('/a.txt', { server: 1 });
    await clock.advance('15s');
    // The origin's 304 comes at once; renewing the copy throws.
    throwOnceAt('IAD89-C1', 'ownEntry');
    const stale = await cdn.fetch('/a.txt', { server: 1 });
    expect([stale.status, await stale.text(), stale.headers.get('age')]).toEqual([200, 'v1', '15']);
    // The refresh that threw renewed nothing: the next read is stale too, and refreshes again.
    const again = await cdn.fetch('/a.txt', { server: 1 });
    expect(again.headers.get('age')).toBe('15');
    expect((await cdn.fetch('/a.txt', { server: 1 })).headers.get('age')).toBe('0');
    expect(cdn.trace.originFetches().map((f) => f.result)).toEqual([200, 304, 304]);
  });
});
