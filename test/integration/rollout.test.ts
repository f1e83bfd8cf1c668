import { createCdn, EdgecaseError, ManualClock, memoryOrigin } from '@edgecase/cdn';
import { describe, expect, it } from 'vitest';

function setup() {
  const clock = new ManualClock();
  const origin = memoryOrigin({ clock });
  const cdn = createCdn({
    clock,
    origin,
    seed: 7,
    deployment: { min: '10s', max: '5m' },
    defaultRootObject: 'index.html',
  });
  return { clock, origin, cdn };
}

describe('updating a distribution (§13)', () => {
  it('rolls out per edge location: mid-rollout two POPs answer with different configs', async () => {
    const { clock, origin, cdn } = setup();
    await origin.put('index.html', 'old home');
    await origin.put('home.html', 'new home');
    const v1 = cdn.deployment();
    expect(v1).toMatchObject({ status: 'Deployed', version: 1 });

    const updated = cdn.updateDistribution({ origin, defaultRootObject: 'home.html' }, { ifMatch: v1.etag });
    expect(updated.status).toBe('InProgress');
    expect(updated.etag).not.toBe(v1.etag);
    expect(cdn.distribution.defaultRootObject).toBe('home.html');
    // Nothing has it yet: every POP still serves version 1.
    expect((await cdn.fetch('/', { pop: 'IAD89' })).status).toBe(200);
    expect(cdn.trace.requests().at(-1)?.distributionVersion).toBe(1);

    const [first, last] = [...updated.pops].sort((a, b) => a.latestAtMs - b.latestAtMs);
    if (!first || !last) throw new Error('expected two POPs');
    expect(first.latestAtMs).toBeLessThan(last.latestAtMs);
    expect(first.latestAtMs - clock.now()).toBeGreaterThanOrEqual(10_000);
    expect(last.latestAtMs - clock.now()).toBeLessThanOrEqual(300_000);

    await clock.advance(first.latestAtMs - clock.now());
    const early = await cdn.fetch('/', { pop: first.pop });
    const late = await cdn.fetch('/', { pop: last.pop });
    expect([await early.text(), await late.text()]).toEqual(['new home', 'old home']);
    expect(
      cdn.trace
        .requests()
        .slice(-2)
        .map((r) => [r.pop, r.distributionVersion]),
    ).toEqual([
      [first.pop, 2],
      [last.pop, 1],
    ]);
    expect(cdn.deployment()).toMatchObject({
      status: 'InProgress',
      pops: expect.arrayContaining([
        expect.objectContaining({ pop: first.pop, version: 2 }),
        expect.objectContaining({ pop: last.pop, version: 1 }),
      ]),
    });

    await clock.advance(last.latestAtMs - clock.now());
    expect(cdn.deployment().status).toBe('Deployed');
    expect(await (await cdn.fetch('/', { pop: last.pop })).text()).toBe('new home');
  });

  it('inspect predicts each POP with the configuration it serves now, as its requests get', async () => {
    const { clock, origin, cdn } = setup();
    await origin.put('index.html', 'old home', { cacheControl: 'max-age=3600' });
    await origin.put('home.html', 'new home', { cacheControl: 'max-age=3600' });
    const updated = cdn.updateDistribution({ origin, defaultRootObject: 'home.html' });
    const [first, last] = [...updated.pops].sort((a, b) => a.latestAtMs - b.latestAtMs);
    if (!first || !last) throw new Error('expected two POPs');
    await clock.advance(first.latestAtMs - clock.now());
    const served = [
      await (await cdn.fetch('/', { pop: first.pop, server: 1 })).text(),
      await (await cdn.fetch('/', { pop: last.pop, server: 1 })).text(),
    ];
    expect(served).toEqual(['new home', 'old home']);
    const inspection = cdn.inspect('/');
    const predicted = (pop: string) =>
      inspection.edges.find((edge) => edge.pop === pop && edge.server === 1)?.entry?.path;
    // Each server holds what its POP's configuration fetched, and inspect says so (it used to key
    // every POP with the latest root object, predicting the new home where the old one is served).
    expect([predicted(first.pop), predicted(last.pop)]).toEqual(['/home.html', '/index.html']);
    expect(inspection.key).toContain('/home.html');

    await clock.advance(last.latestAtMs - clock.now());
    expect(
      cdn.inspect('/').edges.find((edge) => edge.pop === last.pop && edge.server === 1)?.entry?.path,
    ).toBe('/home.html');
  });

  it('inspect names the version each POP serves: two differ mid-rollout, all the latest once Deployed', async () => {
    const { clock, origin, cdn } = setup();
    await origin.put('index.html', 'old home', { cacheControl: 'max-age=3600' });
    await origin.put('home.html', 'new home', { cacheControl: 'max-age=3600' });
    const v1 = cdn.deployment();
    expect(cdn.inspect('/').edges.every((edge) => edge.distributionVersion === 1)).toBe(true);

    const updated = cdn.updateDistribution({ origin, defaultRootObject: 'home.html' }, { ifMatch: v1.etag });
    const [first, last] = [...updated.pops].sort((a, b) => a.latestAtMs - b.latestAtMs);
    if (!first || !last) throw new Error('expected two POPs');
    await clock.advance(first.latestAtMs - clock.now());
    await cdn.fetch('/', { pop: first.pop, server: 1 });
    await cdn.fetch('/', { pop: last.pop, server: 1 });
    const served = cdn.trace
      .requests()
      .slice(-2)
      .map((r) => r.distributionVersion);

    const inspection = cdn.inspect('/');
    const at = (pop: string) => inspection.edges.find((edge) => edge.pop === pop && edge.server === 1);
    // What inspection names is what the trace recorded for requests to the same POPs.
    expect([at(first.pop)?.distributionVersion, at(last.pop)?.distributionVersion]).toEqual(served);
    expect(served).toEqual([2, 1]);
    expect([at(first.pop)?.distributionEtag, at(last.pop)?.distributionEtag]).toEqual([
      updated.etag,
      v1.etag,
    ]);
    expect(inspection.distributionVersion).toBe(2);
    // Classes never mix versions: each class's servers are in POPs serving its view's version.
    const versionOf = new Map(cdn.deployment().pops.map((p) => [p.pop, p.version]));
    for (const edgeClass of inspection.edgeClasses)
      for (const server of edgeClass.servers())
        expect(versionOf.get(server.pop)).toBe(edgeClass.view.distributionVersion);

    await clock.advance(last.latestAtMs - clock.now());
    expect(cdn.deployment().status).toBe('Deployed');
    const after = cdn.inspect('/');
    expect(new Set(after.edges.map((edge) => edge.distributionVersion))).toEqual(new Set([2]));
    expect(new Set(after.edgeClasses.map((c) => c.view.distributionEtag))).toEqual(new Set([updated.etag]));
  });

  it('keeps cached copies: an update purges nothing', async () => {
    const { clock, origin, cdn } = setup();
    await origin.put('a.txt', 'v1', { cacheControl: 'max-age=3600' });
    await cdn.fetch('/a.txt', { pop: 'SFO5', server: 1 });
    await origin.put('a.txt', 'v2', { cacheControl: 'max-age=3600' });
    const { deployedAtMs } = cdn.updateDistribution({ origin, defaultRootObject: 'home.html' });
    await clock.advance(deployedAtMs - clock.now());
    const hit = await cdn.fetch('/a.txt', { pop: 'SFO5', server: 1 });
    expect([hit.headers.get('x-cache'), await hit.text()]).toEqual(['Hit from cloudfront', 'v1']);
  });

  it('disabling takes a deployment too; successive updates reach each POP in order', async () => {
    const { clock, origin, cdn } = setup();
    await origin.put('index.html', 'home');
    cdn.updateDistribution({ origin, enabled: false });
    await clock.advance('2s');
    const reenabled = cdn.updateDistribution({ origin, defaultRootObject: 'index.html' });
    expect(reenabled.version).toBe(3);
    for (const pop of reenabled.pops) {
      // Version 3 never reaches a POP before version 2 does.
      expect(pop.latestAtMs).toBeGreaterThanOrEqual(pop.sinceMs);
    }
    await clock.advance(reenabled.deployedAtMs - clock.now());
    expect(cdn.deployment().pops.every((p) => p.version === 3)).toBe(true);
    expect((await cdn.fetch('/')).status).toBe(200);
  });

  it('refuses a stale IfMatch with PreconditionFailed, and simulation options in the config', () => {
    const { origin, cdn } = setup();
    const { etag } = cdn.deployment();
    cdn.updateDistribution({ origin }, { ifMatch: etag });
    const stale = () => cdn.updateDistribution({ origin }, { ifMatch: etag });
    expect(stale).toThrow(EdgecaseError);
    expect(stale).toThrow(/PreconditionFailed|precondition/);
    expect(() => cdn.updateDistribution({ origin }, { ifMatch: '' })).toThrow(/If-Match version is missing/);
    expect(() => cdn.updateDistribution({ origin, seed: 2 } as never)).toThrow(
      'cdn.updateDistribution config.seed: expected only distribution options',
    );
  });

  it('is deterministic: the same seed gives the same moments', () => {
    const moments = () => {
      const { origin, cdn } = setup();
      return cdn.updateDistribution({ origin }).pops.map((p) => p.latestAtMs);
    };
    expect(moments()).toEqual(moments());
  });
});
