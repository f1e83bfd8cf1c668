import { createCdn, ManualClock, memoryOrigin } from '@edgecase/cdn';
import { describe, expect, it } from 'vitest';

function setup(failoverStatusCodes: number[] = [500, 502, 503, 504]) {
  const clock = new ManualClock();
  const primary = memoryOrigin({ clock, bucket: 'primary' });
  const replica = memoryOrigin({ clock, bucket: 'replica' });
  const cdn = createCdn({
    clock,
    origins: { primary, replica },
    originGroups: { site: { members: ['primary', 'replica'], failoverStatusCodes } },
    defaultCacheBehavior: { targetOriginId: 'site' },
  });
  return { clock, primary, replica, cdn };
}

describe('origin groups (§17)', () => {
  it('"primary bucket down" is one line: the replica answers, the trace shows both attempts', async () => {
    const { primary, replica, cdn } = setup();
    await primary.put('a.txt', 'from primary');
    await replica.put('a.txt', 'from replica');
    primary.faults.outage();
    const response = await cdn.fetch('/a.txt');
    expect([response.status, await response.text()]).toEqual([200, 'from replica']);
    const fetches = cdn.trace.all().filter((r) => r.type === 'origin');
    expect(fetches.map((f) => [f.origin, f.result, f.originGroup])).toEqual([
      ['primary', 'unreachable', undefined],
      ['replica', 200, 'site'],
    ]);
    // The secondary's 2xx is cached as any answer is (§17).
    expect(
      (await cdn.fetch('/a.txt', { pop: response.headers.get('x-amz-cf-pop')?.split('-')[0] })).status,
    ).toBe(200);
  });

  it('fails over on a configured status only, per request, starting at the primary each time', async () => {
    const { primary, replica, cdn } = setup([404]);
    await replica.put('only-in-replica.txt', 'replica');
    const missing = await cdn.fetch('/only-in-replica.txt');
    expect(await missing.text()).toBe('replica');
    await primary.put('b.txt', 'b');
    primary.faults.respond(500, { times: 1 });
    // 500 is not configured: the viewer gets the primary's 500.
    expect((await cdn.fetch('/b.txt')).status).toBe(500);
    expect(primary.requestCount('/only-in-replica.txt')).toBe(1);
    expect(replica.requestCount('/only-in-replica.txt')).toBe(1);
  });

  it('times out to the secondary after the connection attempts', async () => {
    const { clock, primary, replica, cdn } = setup();
    await replica.put('a.txt', 'replica');
    primary.faults.outage({ mode: 'timeout' });
    const pending = cdn.fetch('/a.txt');
    await clock.advance('30s'); // 3 attempts × 10 s connection timeout (§8)
    expect(await (await pending).text()).toBe('replica');
  });

  it('never fails over a POST; a failing secondary is final', async () => {
    const clock = new ManualClock();
    const primary = memoryOrigin({ clock, bucket: 'primary' });
    const replica = memoryOrigin({ clock, bucket: 'replica' });
    const cdn = createCdn({
      clock,
      origins: { primary, replica },
      originGroups: { site: { members: ['primary', 'replica'], failoverStatusCodes: [503] } },
      defaultCacheBehavior: {
        targetOriginId: 'site',
        allowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'POST', 'PATCH', 'DELETE'],
      },
    });
    primary.faults.respond(503);
    expect((await cdn.fetch('/form', { method: 'POST', body: 'x' })).status).toBe(503);
    expect(replica.requestCount()).toBe(0);
    replica.faults.respond(503);
    expect((await cdn.fetch('/a.txt')).status).toBe(503);
    expect(replica.requestCount()).toBe(1);
  });

  it('refuses a group naming a missing origin or a status CloudFront does not fail over on', () => {
    const clock = new ManualClock();
    const primary = memoryOrigin({ clock });
    expect(() =>
      createCdn({
        clock,
        origins: { primary },
        originGroups: { g: { members: ['primary', 'nope'], failoverStatusCodes: [500] } },
      }),
    ).toThrow('originGroups.g.members[1]: expected one of the origins (primary), got "nope".');
    const replica = memoryOrigin({ clock });
    expect(() =>
      createCdn({
        clock,
        origins: { primary, replica },
        originGroups: { g: { members: ['primary', 'replica'], failoverStatusCodes: [501] } },
      }),
    ).toThrow('expected one of 400, 403, 404, 416, 500, 502, 503, 504, got 501');
  });
});
