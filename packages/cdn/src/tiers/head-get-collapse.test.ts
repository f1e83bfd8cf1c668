// Found by the property suite (test/property, fuzz seed 1204018): a GET that reached a regional
// cache while a HEAD's background revalidation was at the origin shared the HEAD's bodiless answer,
// and the viewer got 200 with an empty body under the new version's ETag.
import { describe, expect, it } from 'vitest';
import { createCdn, ManualClock, memoryOrigin } from '../index.js';

describe('request collapsing across methods (§7, §5 GET and HEAD share a key)', () => {
  it('a GET never shares the bodiless answer of a HEAD in flight for the same key', async () => {
    const clock = new ManualClock();
    const origin = memoryOrigin({ clock });
    const cdn = createCdn({ clock, origin, topology: { pops: ['IAD89'], serversPerPop: 1 } });
    await origin.put('a.txt', 'v1', { cacheControl: 'max-age=1, stale-while-revalidate=2' });
    expect(await (await cdn.fetch('/a.txt')).text()).toBe('v1');
    await clock.advance('2s');
    const v2 = await origin.put('a.txt', 'v2', { cacheControl: 'max-age=60' });
    origin.faults.latency('5s');
    // Inside stale-while-revalidate: answered at once, revalidated in the background as a HEAD.
    expect((await cdn.fetch('/a.txt', { method: 'HEAD' })).status).toBe(200);
    await clock.advance('2s');
    // Past the window: this GET goes upstream while the HEAD's revalidation is still under way.
    const pending = cdn.fetch('/a.txt');
    await clock.advance('10s');
    const response = await pending;
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBe(v2.etag);
    expect(await response.text()).toBe('v2');
    expect(await (await cdn.fetch('/a.txt')).text()).toBe('v2');
  });
});
