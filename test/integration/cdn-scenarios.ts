import {
  createCdn,
  type Duration,
  type FaultController,
  ManualClock,
  type Origin,
  type OriginRequestRecord,
} from '@edgecase/cdn';
import { describe, expect, it } from 'vitest';

type Options = Omit<NonNullable<Parameters<typeof createCdn>[0]>, 'clock' | 'origin'>;

/**
 * What the CDN scenarios need from an origin: S3 writes through the bucket's own API, faults, and
 * memoryOrigin's request log. memoryOrigin is one as it is; `s3Origin` over MinIO with a writer
 * client is another (cdn-scenarios.minio.ts).
 */
export interface ScenarioOrigin extends Origin {
  readonly faults: FaultController;
  readonly requests: readonly OriginRequestRecord[];
  requestCount(path?: string): number;
  put(
    key: string,
    body: string,
    options?: { contentType?: string; cacheControl?: string },
  ): Promise<{ etag: string }>;
  delete(key: string): Promise<void>;
  /** An upload that takes `duration` on the CDN's clock (memoryOrigin's `uploadDuration`). */
  putSlowly?(key: string, body: string, duration: Duration): Promise<unknown>;
  /** Resolves once answers in flight have arrived (a real server answers in real time, not on the clock). */
  settle?(): Promise<void>;
}

export type MakeScenarioOrigin = (clock: ManualClock) => ScenarioOrigin | Promise<ScenarioOrigin>;

export interface ScenarioCapabilities {
  /** Whether `putSlowly` exists: uploads that take virtual time can only be modelled in memory. */
  timedUploads: boolean;
  /** Whether the origin answers within the clock's own steps (in memory), not in real time. */
  answersOnClock: boolean;
}

async function text(response: Promise<Response>): Promise<string> {
  return (await response).text();
}

/**
 * The simulator's scenario tests (negative caching, overwrite staleness, revalidation with real
 * 304s, invalidation, origin failure, stale serving, collapsing), run over one kind of origin.
 */
export function describeCdnScenarios(
  label: string,
  makeOrigin: MakeScenarioOrigin,
  capabilities: ScenarioCapabilities,
): void {
  async function setup(options: Options = {}, originRegion?: string) {
    const clock = new ManualClock();
    const origin = await makeOrigin(clock);
    const cdn = createCdn({
      clock,
      origin: originRegion ? { origin, region: originRegion } : origin,
      ...options,
    });
    // Background work (stale-while-revalidate refreshes) waits for the origin's answer.
    const settle = async () => origin.settle?.();
    return { clock, origin, cdn, settle };
  }

  describe(`CDN scenarios over ${label}`, () => {
    describe('the download-before-upload trap (§2 negative caching)', () => {
      it('keeps serving the cached 404 for ErrorCachingMinTTL after the upload, then clears', async () => {
        const { clock, origin, cdn } = await setup();
        const early = await cdn.fetch('/avatars/42.png', { pop: 'SFO5', server: 1 });
        expect(early.status).toBe(404);
        expect(early.headers.get('x-cache')).toBe('Error from cloudfront');

        await origin.put('avatars/42.png', 'png-bytes', { contentType: 'image/png' });
        await clock.advance('9s');
        const stillMissing = await cdn.fetch('/avatars/42.png', { pop: 'SFO5', server: 1 });
        expect(stillMissing.status).toBe(404);
        expect(cdn.trace.requests().at(-1)?.tiers[0]).toMatchObject({ outcome: 'error-hit' });

        await clock.advance('1s');
        const visible = await cdn.fetch('/avatars/42.png', { pop: 'SFO5', server: 1 });
        expect(visible.status).toBe(200);
        expect(await visible.text()).toBe('png-bytes');
      });

      it('records which rule cached the 404 and for how long', async () => {
        const { cdn } = await setup();
        await cdn.fetch('/missing.png', { pop: 'SFO5', server: 1 });
        expect(cdn.trace.requests()[0]?.tiers[0]).toMatchObject({
          tier: 'edge',
          node: 'SFO5-C1',
          outcome: 'miss',
          stored: {
            ttlMs: 10_000,
            rule: 'error-caching-min-ttl',
            because: '404 cached 10 s by ErrorCachingMinTTL',
          },
        });
      });

      // Uploads that take virtual time exist only in memory.
      if (capabilities.timedUploads) {
        it('an upload that takes time is invisible until it completes', async () => {
          const { clock, origin, cdn } = await setup({
            defaultCacheBehavior: { cachePolicy: 'CachingDisabled' },
            customErrorResponses: [{ errorCode: 404, errorCachingMinTTL: 0 }],
          });
          const upload = (origin.putSlowly as NonNullable<ScenarioOrigin['putSlowly']>)(
            'big.bin',
            'payload',
            '5s',
          );
          await clock.advance('4s');
          expect((await cdn.fetch('/big.bin')).status).toBe(404);
          await clock.advance('1s');
          await upload;
          expect((await cdn.fetch('/big.bin')).status).toBe(200);
        });
      }
    });

    describe('overwrite under a 24 h TTL (§7 per-server caches, §6 invalidation)', () => {
      it('20 servers of one POP serve two versions until an invalidation completes', async () => {
        // An S3 bucket in the POP's own Region: the regional cache is skipped (§7), as for most apps.
        const { clock, origin, cdn } = await setup(
          { topology: { pops: [{ id: 'SFO5', servers: 20 }] } },
          'us-east-1',
        );
        await origin.put('test.txt', 'test 1', { cacheControl: 'max-age=86400' });
        for (let server = 1; server <= 10; server++) await cdn.fetch('/test.txt', { server });
        await clock.advance('1h');
        await origin.put('test.txt', 'test 2', { cacheControl: 'max-age=86400' });
        const served = async () => {
          const bodies: string[] = [];
          for (let server = 1; server <= 20; server++)
            bodies.push(await text(cdn.fetch('/test.txt', { server })));
          return bodies;
        };
        const before = await served();
        expect(before.slice(0, 10)).toEqual(Array(10).fill('test 1'));
        expect(before.slice(10)).toEqual(Array(10).fill('test 2'));
        // Still split 23 hours later: every copy is within its 24 h TTL.
        await clock.advance('22h');
        expect(new Set(await served())).toEqual(new Set(['test 1', 'test 2']));

        const invalidation = cdn.createInvalidation(['/test.txt']);
        await clock.advance('30s');
        expect(invalidation.status).toBe('InProgress');
        const reached = [...invalidation.reachedAtMs.values()].filter((at) => at <= clock.now()).length;
        expect(reached).toBeGreaterThan(0);
        expect(reached).toBeLessThan(20);
        await clock.advance('70s');
        expect(invalidation.status).toBe('Completed');
        expect(new Set(await served())).toEqual(new Set(['test 2']));
      });
    });

    describe('revalidation (§3)', () => {
      it('revalidates an expired copy with If-None-Match and gets a 304 RefreshHit', async () => {
        const { clock, origin, cdn } = await setup();
        await origin.put('a.css', 'body{}', { cacheControl: 'max-age=60' });
        await cdn.fetch('/a.css', { pop: 'SFO5', server: 1 });
        await clock.advance('61s');
        const refreshed = await cdn.fetch('/a.css', { pop: 'SFO5', server: 1 });
        expect(refreshed.headers.get('x-cache')).toBe('RefreshHit from cloudfront');
        expect(await refreshed.text()).toBe('body{}');
        const fetches = cdn.trace.originFetches();
        expect(fetches.at(-1)).toMatchObject({ conditional: true, result: 304 });
        expect(origin.requests.at(-1)).toMatchObject({ status: 304 });
        // The 304 renewed the lifetime: a hit for another 60 s.
        await clock.advance('59s');
        expect((await cdn.fetch('/a.css', { pop: 'SFO5', server: 1 })).headers.get('x-cache')).toBe(
          'Hit from cloudfront',
        );
      });

      it('replaces the copy when the origin answers 200 with a new version', async () => {
        const { clock, origin, cdn } = await setup();
        await origin.put('a.css', 'v1', { cacheControl: 'max-age=60' });
        await cdn.fetch('/a.css', { pop: 'SFO5', server: 1 });
        await origin.put('a.css', 'v2', { cacheControl: 'max-age=60' });
        await clock.advance('61s');
        const response = await cdn.fetch('/a.css', { pop: 'SFO5', server: 1 });
        expect(response.headers.get('x-cache')).toBe('Miss from cloudfront');
        expect(await response.text()).toBe('v2');
      });

      it('answers a viewer If-None-Match with 304 from cache', async () => {
        const { origin, cdn } = await setup();
        const { etag } = await origin.put('a.js', 'code');
        await cdn.fetch('/a.js', { pop: 'SFO5', server: 1 });
        const response = await cdn.fetch('/a.js', {
          pop: 'SFO5',
          server: 1,
          headers: { 'If-None-Match': etag },
        });
        expect(response.status).toBe(304);
        expect(response.headers.get('x-cache')).toBe('Hit from cloudfront');
      });
    });

    describe('origin failure (§2, §3)', () => {
      it('serves the stale copy during an outage (stale-if-error) and keeps serving it', async () => {
        const { clock, origin, cdn } = await setup();
        await origin.put('page.html', 'cached page', { cacheControl: 'max-age=60, stale-if-error=3600' });
        await cdn.fetch('/page.html', { pop: 'SFO5', server: 1 });
        origin.faults.outage();
        await clock.advance('2m');
        const during = await cdn.fetch('/page.html', { pop: 'SFO5', server: 1 });
        expect(during.status).toBe(200);
        expect(await during.text()).toBe('cached page');
        expect(during.headers.get('x-cache')).toBe('RefreshHit from cloudfront');
        // The regional cache fell back to its stale copy; the edge revalidated against it (304).
        expect(
          cdn.trace
            .requests()
            .at(-1)
            ?.tiers.map((t) => `${t.tier}:${t.outcome}`),
        ).toEqual(['edge:refresh-hit', 'regional:stale-if-error']);
        await clock.advance('2h');
        const past = await cdn.fetch('/page.html', { pop: 'SFO5', server: 1 });
        expect(past.status).toBe(502);
        expect(past.headers.get('x-cache')).toBe('Error from cloudfront');
      });

      it('stale-if-error=0 turns the fallback off', async () => {
        const { clock, origin, cdn } = await setup();
        await origin.put('page.html', 'cached', { cacheControl: 'max-age=60, stale-if-error=0' });
        await cdn.fetch('/page.html', { pop: 'SFO5', server: 1 });
        origin.faults.respond(503);
        await clock.advance('61s');
        expect((await cdn.fetch('/page.html', { pop: 'SFO5', server: 1 })).status).toBe(503);
      });

      it('without stale-if-error an expired object is still served instead of a 5xx (CloudFront default)', async () => {
        const { clock, origin, cdn } = await setup();
        await origin.put('page.html', 'cached', { cacheControl: 'max-age=60' });
        await cdn.fetch('/page.html', { pop: 'SFO5', server: 1 });
        origin.faults.respond(500);
        await clock.advance('1d');
        expect(await text(cdn.fetch('/page.html', { pop: 'SFO5', server: 1 }))).toBe('cached');
      });

      it('a 4xx during revalidation is passed to the viewer', async () => {
        const { clock, origin, cdn } = await setup();
        await origin.put('page.html', 'cached', { cacheControl: 'max-age=60' });
        await cdn.fetch('/page.html', { pop: 'SFO5', server: 1 });
        await origin.delete('page.html');
        await clock.advance('61s');
        expect((await cdn.fetch('/page.html', { pop: 'SFO5', server: 1 })).status).toBe(404);
      });

      it('gives 504 after every connection attempt times out (3 x 30 s)', async () => {
        const { clock, origin, cdn } = await setup();
        await origin.put('slow.json', '{}');
        origin.faults.timeout();
        const pending = cdn.fetch('/slow.json');
        await clock.advance('89s');
        let settled = false;
        void pending.then(() => {
          settled = true;
        });
        await clock.advance(0);
        expect(settled).toBe(false);
        await clock.advance('1s');
        const response = await pending;
        expect(response.status).toBe(504);
        expect(cdn.trace.originFetches().at(-1)).toMatchObject({ result: 'timeout', attempts: 3 });
      });
    });

    describe('origin timeouts (§8)', () => {
      it('an origin that never accepts the connection gives 504 after 3 x 10 s connection timeouts', async () => {
        const { clock, origin, cdn } = await setup();
        origin.faults.outage({ mode: 'timeout' });
        const pending = cdn.fetch('/x.json');
        await clock.advance('30s');
        expect((await pending).status).toBe(504);
        expect(cdn.trace.originFetches().at(-1)).toMatchObject({ result: 'timeout', attempts: 3 });
      });

      it("honours the origin's ConnectionAttempts and timeouts", async () => {
        const clock = new ManualClock();
        const origin = await makeOrigin(clock);
        const cdn = createCdn({ clock, origin: { origin, connectionAttempts: 1, connectionTimeout: 2 } });
        origin.faults.outage({ mode: 'timeout' });
        const pending = cdn.fetch('/x.json');
        await clock.advance('2s');
        expect((await pending).status).toBe(504);
      });

      it('a refused connection is a 502', async () => {
        const { origin, cdn } = await setup();
        origin.faults.outage();
        const response = await cdn.fetch('/x.json');
        expect(response.status).toBe(502);
        expect(cdn.trace.originFetches().at(-1)).toMatchObject({ result: 'unreachable', attempts: 3 });
      });
    });

    describe('stale-while-revalidate (§3)', () => {
      it('serves stale at once and refreshes in the background', async () => {
        const { clock, origin, cdn, settle } = await setup({}, 'us-east-1');
        await origin.put('feed.json', 'v1', { cacheControl: 'max-age=60, stale-while-revalidate=600' });
        await cdn.fetch('/feed.json', { pop: 'SFO5', server: 1 });
        await origin.put('feed.json', 'v2', { cacheControl: 'max-age=60, stale-while-revalidate=600' });
        await clock.advance('90s');
        const stale = await cdn.fetch('/feed.json', { pop: 'SFO5', server: 1 });
        expect(await stale.text()).toBe('v1');
        expect(cdn.trace.requests().at(-1)?.tiers[0]).toMatchObject({ outcome: 'stale-while-revalidate' });
        await clock.advance(0);
        await settle();
        expect(cdn.trace.originFetches().at(-1)).toMatchObject({ background: true });
        expect(await text(cdn.fetch('/feed.json', { pop: 'SFO5', server: 1 }))).toBe('v2');
      });

      it('takes one more stale answer per tier when a regional cache sits in between', async () => {
        const { clock, origin, cdn, settle } = await setup();
        const cacheControl = 'max-age=60, stale-while-revalidate=600';
        await origin.put('feed.json', 'v1', { cacheControl });
        await cdn.fetch('/feed.json', { pop: 'SFO5', server: 1 });
        await origin.put('feed.json', 'v2', { cacheControl });
        await clock.advance('90s');
        const seen = [];
        for (let i = 0; i < 3; i++) {
          seen.push(await text(cdn.fetch('/feed.json', { pop: 'SFO5', server: 1 })));
          await clock.advance(0);
          await settle();
        }
        // The edge refreshes from the regional cache, which is itself serving stale while it refreshes.
        expect(seen).toEqual(['v1', 'v1', 'v2']);
      });
    });

    // A latency fault's delay runs on the clock from the request's arrival; a real server's answer
    // arrives in real time, so the tests `settle()` in-flight origin fetches where they wait on one.
    describe('request collapsing (§7)', () => {
      it('collapses 10 concurrent misses into one origin fetch: one Miss, nine Hits', async () => {
        const { clock, origin, cdn } = await setup();
        await origin.put('hot.jpg', 'jpg');
        origin.faults.latency('200ms');
        const pending = Array.from({ length: 10 }, () => cdn.fetch('/hot.jpg', { pop: 'SFO5', server: 1 }));
        await clock.advance('200ms');
        const responses = await Promise.all(pending);
        expect(origin.requestCount('/hot.jpg')).toBe(1);
        expect(responses.map((r) => r.headers.get('x-cache'))).toEqual([
          'Miss from cloudfront',
          ...Array(9).fill('Hit from cloudfront'),
        ]);
      });

      it('does not collapse with CachingDisabled', async () => {
        const { clock, origin, cdn } = await setup({
          defaultCacheBehavior: { cachePolicy: 'CachingDisabled' },
        });
        await origin.put('api.json', '{}');
        origin.faults.latency('200ms');
        const pending = Array.from({ length: 5 }, () => cdn.fetch('/api.json', { pop: 'SFO5', server: 1 }));
        await clock.advance('200ms');
        await Promise.all(pending);
        expect(origin.requestCount('/api.json')).toBe(5);
      });

      // The waiters start their own origin fetches only after the first one's answer: with a real
      // server that answer comes in real time, between clock steps, which this test cannot pace.
      it.skipIf(!capabilities.answersOnClock)(
        'does not collapse an object sent with no-store under MinTTL 0, but the waiters pay the first delay',
        async () => {
          const { clock, origin, cdn, settle } = await setup({
            defaultCacheBehavior: { cachePolicy: { name: 'NoMin', minTTL: 0, defaultTTL: 60, maxTTL: 600 } },
          });
          await origin.put('private.json', '{}', { cacheControl: 'no-store' });
          origin.faults.latency('100ms');
          const pending = Array.from({ length: 3 }, () =>
            cdn.fetch('/private.json', { pop: 'SFO5', server: 1 }),
          );
          await clock.advance('100ms');
          await settle(); // a real server's answer to the first request arrives in real time
          await clock.advance('100ms');
          await settle();
          await Promise.all(pending);
          expect(origin.requestCount('/private.json')).toBe(3);
        },
      );
    });
  });
}
