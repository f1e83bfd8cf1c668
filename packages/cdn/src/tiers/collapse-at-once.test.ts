// §7 request collapsing when the origin answers without clock time (a memoryOrigin with no fault):
// the tiers answer such a request at once, with nothing awaited, and the fill stays in flight until
// the synchronous step that made it ends, so requests made in the same step collapse onto it as onto
// a fetch that took time (docs/internals.md, "A miss answered at once").
import { describe, expect, it } from 'vitest';
import { createCdn, ManualClock, memoryOrigin } from '../index.js';

function setup() {
  const clock = new ManualClock();
  const origin = memoryOrigin({ clock });
  const cdn = createCdn({ clock, origin, topology: { pops: ['IAD89'], serversPerPop: 2 } });
  return { clock, origin, cdn };
}

const outcomes = (cdn: ReturnType<typeof setup>['cdn']) =>
  cdn.trace.requests().map((r) => r.tiers.map((t) => `${t.tier}:${t.outcome}`).join(' '));

describe('collapsing onto a fill answered at once (§7)', () => {
  it('requests made in the same step as a miss to one server collapse onto it; the origin is asked once', async () => {
    const { origin, cdn } = setup();
    await origin.put('a.txt', 'v1', { cacheControl: 'max-age=60' });
    const responses = await Promise.all([1, 2, 3].map(() => cdn.fetch('/a.txt', { server: 1 })));
    expect(await Promise.all(responses.map((r) => r.text()))).toEqual(['v1', 'v1', 'v1']);
    expect(responses.map((r) => r.headers.get('x-cache'))).toEqual([
      'Miss from cloudfront',
      'Hit from cloudfront',
      'Hit from cloudfront',
    ]);
    expect(outcomes(cdn)).toEqual([
      'edge:miss regional:miss',
      'edge:collapsed regional:miss',
      'edge:collapsed regional:miss',
    ]);
    expect(cdn.trace.originFetches()).toHaveLength(1);
  });

  it('a request on another server of the POP, in the same step, collapses at the regional cache', async () => {
    const { origin, cdn } = setup();
    await origin.put('a.txt', 'v1', { cacheControl: 'max-age=60' });
    await Promise.all([cdn.fetch('/a.txt', { server: 1 }), cdn.fetch('/a.txt', { server: 2 })]);
    expect(outcomes(cdn)).toEqual(['edge:miss regional:miss', 'edge:miss regional:collapsed']);
    expect(cdn.trace.originFetches()).toHaveLength(1);
  });

  it('once the step has ended the copy is an ordinary hit', async () => {
    const { origin, cdn } = setup();
    await origin.put('a.txt', 'v1', { cacheControl: 'max-age=60' });
    const first = cdn.fetch('/a.txt', { server: 1 });
    await Promise.resolve();
    const second = await cdn.fetch('/a.txt', { server: 1 });
    expect(second.headers.get('x-cache')).toBe('Hit from cloudfront');
    await first;
    expect(outcomes(cdn)).toEqual(['edge:miss regional:miss', 'edge:hit']);
  });

  it('a request in the same step after a purge of the object does not share the answer that predates it (§6)', async () => {
    const { origin, cdn } = setup();
    await origin.put('a.txt', 'v1', { cacheControl: 'max-age=60' });
    const first = cdn.fetch('/a.txt', { server: 1 });
    // A purge of the object reaches the server in the same step (as an invalidation would): the stored copy goes, and the open fill notes it.
    const server = cdn.nodes().find((node) => node.id === 'IAD89-C1');
    expect(
      server?.purge(Object.assign(() => true, { scope: { exact: ['/a.txt'], prefixes: [], any: false } })),
    ).toBe(1);
    const second = cdn.fetch('/a.txt', { server: 1 });
    await Promise.all([first, second]);
    expect(outcomes(cdn)).toEqual(['edge:miss regional:miss', 'edge:miss regional:collapsed']);
  });
});
