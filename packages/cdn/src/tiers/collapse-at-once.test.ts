// §7 request collapsing when the origin answers without clock time (a memoryOrigin with no fault):
// the tiers answer such a request at once, with nothing awaited. A copy the fill stored serves the
// requests made after it, in the same step too, as hits (what CloudFront logs a collapsed request
// as); an answer not stored stays shared until the step ends, so requests made in the same step
// collapse onto it rather than ask the origin again (docs/internals.md, "A miss answered at once").
import { describe, expect, it } from 'vitest';
import { type CdnOptions, createCdn, ManualClock, memoryOrigin } from '../index.js';

function setup(options: Omit<CdnOptions, 'clock' | 'origin' | 'topology'> = {}) {
  const clock = new ManualClock();
  const origin = memoryOrigin({ clock });
  const cdn = createCdn({ clock, origin, topology: { pops: ['IAD89'], serversPerPop: 2 }, ...options });
  return { clock, origin, cdn };
}

const outcomes = (cdn: ReturnType<typeof setup>['cdn']) =>
  cdn.trace.requests().map((r) => r.tiers.map((t) => `${t.tier}:${t.outcome}`).join(' '));

describe('requests made together when the origin takes no time (§7)', () => {
  it('a copy stored by the first serves the others as hits; the origin is asked once', async () => {
    const { origin, cdn } = setup();
    await origin.put('a.txt', 'v1', { cacheControl: 'max-age=60' });
    const responses = await Promise.all([1, 2, 2].map((server) => cdn.fetch('/a.txt', { server })));
    expect(await Promise.all(responses.map((r) => r.text()))).toEqual(['v1', 'v1', 'v1']);
    expect(responses.map((r) => r.headers.get('x-cache'))).toEqual([
      'Miss from cloudfront',
      'Hit from cloudfront',
      'Hit from cloudfront',
    ]);
    expect(outcomes(cdn)).toEqual(['edge:miss regional:miss', 'edge:miss regional:hit', 'edge:hit']);
    expect(cdn.trace.originFetches()).toHaveLength(1);
  });

  it('an answer not stored is shared with the requests made in the same step: the origin is asked once', async () => {
    // ErrorCachingMinTTL 0: the 404 is not cached, but concurrent requests still share it.
    const { cdn } = setup({ customErrorResponses: [{ errorCode: 404, errorCachingMinTTL: 0 }] });
    const responses = await Promise.all([1, 1, 2].map((server) => cdn.fetch('/missing.txt', { server })));
    expect(responses.map((r) => r.status)).toEqual([404, 404, 404]);
    expect(outcomes(cdn)).toEqual([
      'edge:miss regional:miss',
      'edge:collapsed regional:miss',
      'edge:miss regional:collapsed',
    ]);
    expect(cdn.trace.originFetches()).toHaveLength(1);
  });

  it('once the step has ended, an answer not stored is asked for again', async () => {
    const { cdn } = setup({ customErrorResponses: [{ errorCode: 404, errorCachingMinTTL: 0 }] });
    const first = cdn.fetch('/missing.txt', { server: 1 });
    await Promise.resolve();
    const second = cdn.fetch('/missing.txt', { server: 1 });
    expect([(await first).status, (await second).status]).toEqual([404, 404]);
    expect(outcomes(cdn)).toEqual(['edge:miss regional:miss', 'edge:miss regional:miss']);
    expect(cdn.trace.originFetches()).toHaveLength(2);
  });

  it('a request in the same step after a purge of the object does not share the answer that predates it (§6)', async () => {
    const { cdn } = setup({ customErrorResponses: [{ errorCode: 404, errorCachingMinTTL: 0 }] });
    const first = cdn.fetch('/missing.txt', { server: 1 });
    // A purge of the object reaches the edge server in the same step (as an invalidation would): the
    // open fill notes it, so the next request there does not share the answer from before it.
    const server = cdn.nodes().find((node) => node.id === 'IAD89-C1');
    server?.purge(
      Object.assign(() => true, { scope: { exact: ['/missing.txt'], prefixes: [], any: false } }),
    );
    const second = cdn.fetch('/missing.txt', { server: 1 });
    await Promise.all([first, second]);
    expect(outcomes(cdn)).toEqual(['edge:miss regional:miss', 'edge:miss regional:collapsed']);
    expect(cdn.trace.originFetches()).toHaveLength(1);
  });
});

describe('stale-while-revalidate when the origin takes no time (§3)', () => {
  it('serves the stale copy as it was (its Age), though the refresh renews the copy at once', async () => {
    const clock = new ManualClock();
    const origin = memoryOrigin({ clock });
    // An S3 origin in the POP's own Region: the edge asks it directly (no regional cache).
    const cdn = createCdn({ clock, origin: { origin, region: 'us-east-1' }, topology: { pops: ['IAD89'] } });
    await origin.put('a.txt', 'v1', { cacheControl: 'max-age=1, stale-while-revalidate=60' });
    await cdn.fetch('/a.txt', { server: 1 });
    // Each stale read refreshes in the background; the origin's 304 comes at once and renews the
    // copy (the second time in place: the first renewal gave the server a copy of its own).
    for (const _ of [1, 2]) {
      await clock.advance('15s');
      const stale = await cdn.fetch('/a.txt', { server: 1 });
      expect(stale.headers.get('x-cache')).toBe('Hit from cloudfront');
      expect(stale.headers.get('age')).toBe('15');
      expect((await cdn.fetch('/a.txt', { server: 1 })).headers.get('age')).toBe('0');
    }
    expect(cdn.trace.originFetches().map((f) => f.result)).toEqual([200, 304, 304]);
  });
});
