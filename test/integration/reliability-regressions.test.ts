// Issue "Correct under any sequence" items 1-5: each reproduction as the adversarial run found it.
import { createCdn, type Duration, ManualClock, memoryOrigin, type Origin } from '@edgecase/cdn';
import { describe, expect, it } from 'vitest';

describe('item 1: a purged regional copy never comes back', () => {
  it('after revalidation fails, the copy the purge removed is not served as stale-if-error', async () => {
    const clock = new ManualClock();
    const origin = memoryOrigin({ clock });
    const cdn = createCdn({
      clock,
      origin,
      topology: { pops: ['IAD89'], serversPerPop: 2 },
      invalidation: { propagation: { min: '1s', max: '2s' } },
      fidelity: { upstreamAge: 'ignore' },
    });
    const v1 = await origin.put('d.txt', 'v1', { cacheControl: 'max-age=3600' });
    await cdn.fetch('/d.txt', { pop: 'IAD89', server: 2 });
    await origin.put('d.txt', 'v2', { cacheControl: 'max-age=3600' });
    await clock.advance('1h');
    const outage = origin.faults.outage({ mode: 'timeout' });
    const during = cdn.fetch('/d.txt', { pop: 'IAD89', server: 1 });
    const invalidation = cdn.createInvalidation(['/d.txt']);
    await clock.advance('40s');
    await during;
    expect(invalidation.status).toBe('Completed');
    outage.clear();
    await clock.advance('30m');
    const after = await cdn.fetch('/d.txt', { pop: 'IAD89', server: 1 });
    expect(await after.text()).toBe('v2');
    const inspection = cdn.inspect('/d.txt');
    const etags = inspection.nodes.flatMap((node) => node.entries.map((entry) => entry.etag));
    expect(etags.length).toBeGreaterThan(0);
    expect(etags).not.toContain(v1.etag);
  });
});

describe('item 2: stale-if-error=N bounds the fallback, also during the ErrorCachingMinTTL pause', () => {
  it('max-age=10, stale-if-error=30: the stale copy stops at t=40 s (it went on to t=44 s)', async () => {
    const clock = new ManualClock();
    const origin = memoryOrigin({ clock });
    const cdn = createCdn({ clock, origin, topology: { pops: ['IAD89'], serversPerPop: 1 } });
    const start = clock.now();
    await origin.put('p.txt', 'v1', { cacheControl: 'max-age=10, stale-if-error=30' });
    await cdn.fetch('/p.txt');
    origin.faults.respond(503);
    // First failure at t=14 s: pauses of 10 s (ErrorCachingMinTTL) run to 24, 34 and 44 s.
    const statusAt: Record<number, number> = {};
    for (const t of [14, 20, 24, 30, 34, 39, 40, 41, 44, 50]) {
      await clock.set(start + t * 1000);
      statusAt[t] = (await cdn.fetch('/p.txt')).status;
    }
    // The window ends 30 s after the copy went stale at 10 s: from t=40 s on, the origin's 503.
    expect(statusAt).toEqual({
      14: 200,
      20: 200,
      24: 200,
      30: 200,
      34: 200,
      39: 200,
      40: 503,
      41: 503,
      44: 503,
      50: 503,
    });
  });
});

describe('item 2, inspection: what cdn.inspect predicts agrees with the stale-if-error window', () => {
  it('inside the pause but past the window, the edge would ask the origin (inspection said "cache")', async () => {
    const clock = new ManualClock();
    const origin = memoryOrigin({ clock });
    const cdn = createCdn({ clock, origin, topology: { pops: ['IAD89'], serversPerPop: 1 } });
    const start = clock.now();
    await origin.put('p.txt', 'v1', { cacheControl: 'max-age=10, stale-if-error=30' });
    await cdn.fetch('/p.txt');
    origin.faults.respond(503);
    await clock.set(start + 34_000);
    expect((await cdn.fetch('/p.txt')).status).toBe(200); // stale, and a pause to t=44 s
    expect(cdn.inspect('/p.txt').edges[0]?.answer).toBe('cache');
    await clock.set(start + 41_000);
    expect(cdn.inspect('/p.txt').edges[0]?.answer).toBe('origin');
    expect((await cdn.fetch('/p.txt')).status).toBe(503);
  });
});

// Item 3 (a stale-while-revalidate answer carrying headers its background 304 renewed) depends on
// promise timing; its regression test drives `answer()` directly: packages/cdn/src/cdn/edge-answer.test.ts.

describe('item 4: overlapping clock.advance calls', () => {
  it('Age is never negative and time ends at t+13 s', async () => {
    const clock = new ManualClock();
    const origin = memoryOrigin({ clock });
    const cdn = createCdn({ clock, origin, topology: { pops: ['IAD89'], serversPerPop: 1 } });
    await origin.put('o.txt', 'v1', { cacheControl: 'max-age=60' });
    origin.faults.latency('8s');
    const start = clock.now();
    const first = cdn.fetch('/o.txt');
    let second: Response | undefined;
    await Promise.all([
      clock.advance('10s'),
      clock.advance('3s').then(async () => {
        second = await cdn.fetch('/o.txt');
      }),
    ]);
    await first;
    expect(clock.now() - start).toBe(13_000);
    expect(Number(second?.headers.get('age'))).toBeGreaterThanOrEqual(0);
    expect(second?.headers.get('age')).toBe('5');
  });
});

describe('item 5: one URL, one cache key', () => {
  it('a path with dot segments means what the same URL means to fetch', async () => {
    const clock = new ManualClock();
    const origin = memoryOrigin({ clock });
    const cdn = createCdn({ clock, origin });
    await origin.put('b', 'bee');
    const byPath = await cdn.fetch('/a/../b');
    const byUrl = await cdn.fetch(new URL('https://d111111abcdef8.cloudfront.net/a/../b'));
    expect(byPath.status).toBe(200);
    expect(byUrl.status).toBe(200);
    expect(await byPath.text()).toBe('bee');
    expect((await cdn.fetch('/./b')).status).toBe(200);
    expect((await cdn.fetch('/a/%2e%2e/b')).status).toBe(200);
  });

  it('a query with an apostrophe shares its key with the URL, which sends it as %27 (the path string kept it raw)', async () => {
    const clock = new ManualClock();
    const origin = memoryOrigin({ clock });
    const queryInKey = { queryStringsConfig: { queryStringBehavior: 'all' as const } };
    const cdn = createCdn({
      clock,
      origin,
      topology: { pops: ['IAD89'], serversPerPop: 1 },
      defaultCacheBehavior: {
        cachePolicy: { name: 'Query', parametersInCacheKeyAndForwardedToOrigin: queryInKey },
      },
    });
    await origin.put('q.txt', 'v1', { cacheControl: 'max-age=3600' });
    expect((await cdn.fetch("/q.txt?name='a'")).headers.get('x-cache')).toBe('Miss from cloudfront');
    const byUrl = await cdn.fetch(new URL("https://d111111abcdef8.cloudfront.net/q.txt?name='a'"));
    expect(byUrl.headers.get('x-cache')).toBe('Hit from cloudfront');
    expect(cdn.inspect("/q.txt?name='a'").key).toBe(cdn.inspect('/q.txt?name=%27a%27').key);
  });

  it('an invalidation path with a raw space is refused with the form that matches (it was accepted and never matched)', async () => {
    const clock = new ManualClock();
    const origin = memoryOrigin({ clock });
    const cdn = createCdn({
      clock,
      origin,
      topology: { pops: ['IAD89'], serversPerPop: 1 },
      invalidation: { propagation: { min: '1s', max: '1s' } },
    });
    await origin.put('x y.txt', 'v1', { cacheControl: 'max-age=3600' });
    expect(await (await cdn.fetch('/x%20y.txt')).text()).toBe('v1');
    await origin.put('x y.txt', 'v2', { cacheControl: 'max-age=3600' });
    expect(() => cdn.createInvalidation(['/x y.txt'])).toThrow('Write "/x%20y.txt"');
    cdn.createInvalidation(['/x%20y.txt']);
    await clock.advance('2s');
    expect(await (await cdn.fetch('/x%20y.txt')).text()).toBe('v2');
  });
});

// The review of tiers/ for state read before an `await` and used after it (the kind of item 1).
describe('an answer fetched before a purge reached the node does not outlive the invalidation', () => {
  // IAD89 skips the regional cache for an S3 origin in its Region (§7); LHR5 goes through REC-eu-west-2.
  async function slowMissDuringInvalidation(pop: 'IAD89' | 'LHR5' = 'IAD89') {
    const clock = new ManualClock();
    const origin = memoryOrigin({ clock });
    const cdn = createCdn({
      clock,
      origin,
      topology: {
        pops: [{ id: pop, region: pop === 'IAD89' ? 'us-east-1' : 'eu-west-2' }],
        serversPerPop: 2,
      },
      invalidation: { propagation: { min: '1s', max: '2s' } },
    });
    await origin.put('r.txt', 'v1', { cacheControl: 'max-age=3600' });
    const slow = origin.faults.latency('8s');
    // The origin reads v1 now; its answer reaches the caches at t=8 s.
    const during = cdn.fetch('/r.txt', { server: 1 });
    await clock.advance('1s');
    slow.clear();
    await origin.put('r.txt', 'v2', { cacheControl: 'max-age=3600' });
    const invalidation = cdn.createInvalidation(['/r.txt']);
    await clock.advance('2s');
    expect(invalidation.status).toBe('Completed');
    return { clock, cdn, during };
  }

  it('a miss on its way when the purge arrives is passed on but not stored (it was stored: v1 a Hit for 1 h)', async () => {
    const { clock, cdn, during } = await slowMissDuringInvalidation();
    await clock.advance('5s');
    // The request was sent before the invalidation: it gets what the origin answered then.
    expect(await (await during).text()).toBe('v1');
    // The trace says why that answer was not kept.
    expect(cdn.trace.requests()[0]?.tiers[0]?.notStored).toEqual({
      rule: 'invalidated-in-flight',
      because: 'an invalidation reached IAD89-C1 while this answer was on its way',
    });
    const after = await cdn.fetch('/r.txt', { server: 1 });
    expect(await after.text()).toBe('v2');
    expect(after.headers.get('x-cache')).toBe('Miss from cloudfront');
    const bodies = cdn
      .inspect('/r.txt')
      .nodes.flatMap((node) => node.entries.map((entry) => new TextDecoder().decode(entry.body)));
    expect(bodies.length).toBeGreaterThan(0);
    expect(bodies).toEqual(bodies.map(() => 'v2'));
  });

  it('a request after Completed does not collapse onto a fetch that started before the purge (it got v1)', async () => {
    const { clock, cdn, during } = await slowMissDuringInvalidation();
    const late = cdn.fetch('/r.txt', { server: 1 });
    await clock.advance('5s');
    await during;
    expect(await (await late).text()).toBe('v2');
  });

  it("nor does one at another server onto the regional cache's fetch that started before its purge (it got v1)", async () => {
    const { clock, cdn, during } = await slowMissDuringInvalidation('LHR5');
    const late = cdn.fetch('/r.txt', { server: 2 });
    await clock.advance('5s');
    expect(await (await during).text()).toBe('v1');
    expect(await (await late).text()).toBe('v2');
    const regional = cdn.inspect('/r.txt').nodes.find((node) => node.node === 'REC-eu-west-2');
    expect(regional?.entries.map((entry) => new TextDecoder().decode(entry.body))).toEqual(['v2']);
  });
});

describe('a copy replaced while a revalidation was under way', () => {
  it('an upstream error falls back to the copy the node holds now and keeps it (a 503 was cached over the newer copy)', async () => {
    const clock = new ManualClock();
    const store = memoryOrigin({ clock });
    let failNext = false;
    // Fails the next request with a 503 after 5 s; answers from the bucket otherwise.
    const origin: Origin = {
      kind: 'custom',
      name: 'flaky',
      async fetch(request, context) {
        if (!failNext) return store.fetch(request, context);
        failNext = false;
        context.onConnect?.();
        await context.clock.sleep('5s');
        return { status: 503, headers: {}, body: new Uint8Array() };
      },
    };
    // Cookies in the key: no collapsing, so two revalidations of one copy run side by side.
    const cookies = { cookiesConfig: { cookieBehavior: 'all' as const } };
    const cdn = createCdn({
      clock,
      origin,
      topology: { pops: ['IAD89'], serversPerPop: 1 },
      defaultCacheBehavior: {
        cachePolicy: { name: 'Cookies', parametersInCacheKeyAndForwardedToOrigin: cookies },
      },
    });
    await store.put('c.txt', 'v1', { cacheControl: 'max-age=10' });
    await cdn.fetch('/c.txt');
    await clock.advance('20s');
    await store.put('c.txt', 'v2', { cacheControl: 'max-age=60' });
    failNext = true;
    const failing = cdn.fetch('/c.txt');
    await clock.advance('1s');
    expect(await (await cdn.fetch('/c.txt')).text()).toBe('v2');
    await clock.advance('5s');
    const failed = await failing;
    expect(failed.status).toBe(200);
    expect(await failed.text()).toBe('v2');
    expect(failed.headers.get('x-cache')).toBe('RefreshHit from cloudfront');
    const next = await cdn.fetch('/c.txt');
    expect(next.status).toBe(200);
    expect(await next.text()).toBe('v2');
    expect(next.headers.get('x-cache')).toBe('Hit from cloudfront');
  });
});

describe('a copy replaced by a Vary: * copy while a revalidation was under way', () => {
  it("the revalidation's 304 does not confirm the Vary: * copy: the edge asks again, unconditionally (it served that copy as a RefreshHit)", async () => {
    const clock = new ManualClock();
    const seen: { conditional: boolean; atMs: number }[] = [];
    // Answers by the order of the requests: a 200, a 304 after 5 s, a Vary: * 200 with the same
    // ETag after 1 s, then a 200 of v3. One ETag and Last-Modified throughout.
    const answers: { status: number; vary?: string; body: string; delay: Duration }[] = [
      { status: 200, body: 'v1', delay: '0s' },
      { status: 304, body: '', delay: '5s' },
      { status: 200, vary: '*', body: 'v2', delay: '1s' },
      { status: 200, body: 'v3', delay: '0s' },
    ];
    const origin: Origin = {
      kind: 's3',
      name: 'scripted',
      async fetch(request, context) {
        seen.push({ conditional: request.headers['if-none-match'] !== undefined, atMs: context.clock.now() });
        const answer = answers[seen.length - 1] ?? { status: 200, body: 'later', delay: '0s' };
        context.onConnect?.();
        if (answer.delay !== '0s') await context.clock.sleep(answer.delay);
        return {
          status: answer.status,
          headers: {
            etag: '"e1"',
            'last-modified': 'Thu, 01 Jan 2026 00:00:00 GMT',
            'cache-control': 'max-age=10',
            ...(answer.vary ? { vary: answer.vary } : {}),
          },
          body: new TextEncoder().encode(answer.body),
        };
      },
    };
    // Cookies in the key: no collapsing, so two revalidations of one copy run side by side. MinTTL 0,
    // so a Vary: * copy is never served (§1.3). An S3 origin in us-east-1: no regional cache (§7).
    const cdn = createCdn({
      clock,
      origin: { origin, region: 'us-east-1' },
      topology: { pops: ['IAD89'], serversPerPop: 1 },
      defaultCacheBehavior: {
        cachePolicy: {
          name: 'CookiesMin0',
          minTTL: 0,
          defaultTTL: 10,
          maxTTL: 60,
          parametersInCacheKeyAndForwardedToOrigin: { cookiesConfig: { cookieBehavior: 'all' } },
        },
      },
    });
    expect(await (await cdn.fetch('/n.txt')).text()).toBe('v1');
    await clock.advance('11s');
    const revalidating = cdn.fetch('/n.txt');
    await clock.advance('1s');
    const replacing = cdn.fetch('/n.txt');
    await clock.advance('1s');
    expect(await (await replacing).text()).toBe('v2');
    await clock.advance('4s');
    const answered = await revalidating;
    // The 304 confirmed the ETag the edge sent, but the copy it holds now is a Vary: * copy, which
    // no request may be served from: the edge asked again, without validators, and got v3.
    expect(seen.map((s) => s.conditional)).toEqual([false, true, true, false]);
    expect(await answered.text()).toBe('v3');
    expect(answered.headers.get('x-cache')).toBe('Miss from cloudfront');
  });
});

describe('invalidation.completed', () => {
  it('resolves at the moment the invalidation completes, not after later purges moved the clock on', async () => {
    const clock = new ManualClock();
    const origin = memoryOrigin({ clock });
    const cdn = createCdn({
      clock,
      origin,
      topology: { pops: ['IAD89', 'SFO5'], serversPerPop: 4 },
      invalidation: { propagation: { min: '1s', max: '60s' } },
    });
    const [first, second] = [cdn.createInvalidation(['/a']), cdn.createInvalidation(['/b'])].sort(
      (a, b) => a.completesAtMs - b.completesAtMs,
    );
    expect(second!.completesAtMs).toBeGreaterThan(first!.completesAtMs);
    let seenAtMs: number | undefined;
    void first!.completed.then(() => {
      seenAtMs = clock.now();
    });
    await clock.advance('60s');
    expect(seenAtMs).toBe(first!.completesAtMs);
  });
});
