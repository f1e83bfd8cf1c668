import { createCdn, ManualClock, memoryOrigin } from '@edgecase/cdn';
import { describe, expect, it } from 'vitest';
import { setup } from './support.js';

describe('inspection (read-only)', () => {
  it('shows what every server holds and would serve, without warming or counting anything', async () => {
    const { clock, origin, cdn } = setup({ topology: { pops: ['SFO5'], serversPerPop: 3 } });
    await origin.put('logo.svg', '<svg/>', { cacheControl: 'max-age=60' });
    await cdn.fetch('/logo.svg', { server: 2 });
    await clock.advance('10s');
    const traced = cdn.trace.size;
    const view = cdn.inspect('/logo.svg');
    expect(view.edges.map((e) => [e.node, e.answer, e.from])).toEqual([
      ['SFO5-C1', 'cache', 'regional'],
      ['SFO5-C2', 'cache', 'edge'],
      ['SFO5-C3', 'cache', 'regional'],
    ]);
    const edge = view.nodes.find((n) => n.node === 'SFO5-C2');
    expect(edge?.entries[0]).toMatchObject({ state: 'fresh', ageMs: 10_000, rule: 'max-age', status: 200 });
    expect(cdn.trace.size).toBe(traced);
    expect(origin.requestCount()).toBe(1);
    await clock.advance('51s');
    expect(cdn.inspect('/logo.svg').edges.every((e) => e.answer === 'origin' && e.stale.length > 0)).toBe(
      true,
    );
  });
});

describe('cache key (§5)', () => {
  it('query-string cache busting does not bust under CachingOptimized', async () => {
    const { origin, cdn } = setup();
    await origin.put('app.js', 'v1');
    await cdn.fetch('/app.js?v=1', { pop: 'SFO5', server: 1 });
    await origin.put('app.js', 'v2');
    const busted = await cdn.fetch('/app.js?v=2', { pop: 'SFO5', server: 1 });
    expect(busted.headers.get('x-cache')).toBe('Hit from cloudfront');
    expect(await busted.text()).toBe('v1');
  });

  it('the path is case-sensitive', async () => {
    const { origin, cdn } = setup();
    await origin.put('Logo.png', 'upper');
    expect((await cdn.fetch('/logo.png')).status).toBe(404);
    expect((await cdn.fetch('/Logo.png')).status).toBe(200);
  });
});

describe('behaviours (§8)', () => {
  it('the first matching path pattern wins, the default last', async () => {
    const { clock, origin, cdn } = setup({
      cacheBehaviors: [{ pathPattern: '/api/*', cachePolicy: 'CachingDisabled' }],
    });
    await origin.put('api/me', 'me');
    await origin.put('img.png', 'png');
    await cdn.fetch('/api/me', { pop: 'SFO5', server: 1 });
    await cdn.fetch('/img.png', { pop: 'SFO5', server: 1 });
    await clock.advance('1s');
    expect((await cdn.fetch('/api/me', { pop: 'SFO5', server: 1 })).headers.get('x-cache')).toBe(
      'Miss from cloudfront',
    );
    expect((await cdn.fetch('/img.png', { pop: 'SFO5', server: 1 })).headers.get('x-cache')).toBe(
      'Hit from cloudfront',
    );
    expect(cdn.trace.requests().map((r) => r.behavior)).toEqual(['/api/*', '*', '/api/*', '*']);
  });

  it('redirects HTTP to HTTPS with 301 for GET and 307 for POST, or refuses it with https-only', async () => {
    const { cdn } = setup({
      defaultCacheBehavior: {
        viewerProtocolPolicy: 'redirect-to-https',
        allowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'POST', 'PATCH', 'DELETE'],
      },
      cacheBehaviors: [{ pathPattern: '/secure/*', viewerProtocolPolicy: 'https-only' }],
    });
    const get = await cdn.fetch('http://d111111abcdef8.cloudfront.net/a?x=1');
    expect(get.status).toBe(301);
    expect(get.headers.get('location')).toBe('https://d111111abcdef8.cloudfront.net/a?x=1');
    expect(
      (await cdn.fetch('http://d111111abcdef8.cloudfront.net/a', { method: 'POST', body: 'x' })).status,
    ).toBe(307);
    expect((await cdn.fetch('http://d111111abcdef8.cloudfront.net/secure/a')).status).toBe(403);
  });

  it('refuses methods outside the allowed set', async () => {
    const { cdn } = setup();
    const response = await cdn.fetch('/upload', { method: 'PUT', body: 'x' });
    expect(response.status).toBe(403);
    expect(response.headers.get('x-cache')).toBe('Error from cloudfront');
  });

  it('serves the default root object for / only', async () => {
    const { origin, cdn } = setup({ defaultRootObject: 'index.html' });
    await origin.put('index.html', 'home');
    expect(await (await cdn.fetch('/')).text()).toBe('home');
    expect((await cdn.fetch('/docs/')).status).toBe(404);
  });
});

describe('custom error responses (§2)', () => {
  it('serves the SPA page for a private bucket 403, with the configured code', async () => {
    const clock = new ManualClock();
    const origin = memoryOrigin({ clock, listBucket: false });
    const cdn = createCdn({
      clock,
      origin,
      customErrorResponses: [
        { errorCode: 403, responsePagePath: '/index.html', responseCode: 200, errorCachingMinTTL: 0 },
      ],
    });
    await origin.put('index.html', '<app/>', { contentType: 'text/html' });
    const response = await cdn.fetch('/dashboard/settings');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('<app/>');
    expect(response.headers.get('x-cache')).toBe('Error from cloudfront');
    expect(cdn.trace.requests().at(-1)?.customError).toEqual({
      errorCode: 403,
      responsePagePath: '/index.html',
    });
  });

  it('gives the page origin status when the error page itself is missing', async () => {
    const { cdn } = setup({
      customErrorResponses: [{ errorCode: 404, responsePagePath: '/404.html', responseCode: 404 }],
    });
    const response = await cdn.fetch('/nope');
    expect(response.status).toBe(404);
  });

  it('caches an error for the configured ErrorCachingMinTTL', async () => {
    const { clock, origin, cdn } = setup({
      customErrorResponses: [{ errorCode: 404, errorCachingMinTTL: 60 }],
    });
    await cdn.fetch('/later.txt', { pop: 'SFO5', server: 1 });
    await origin.put('later.txt', 'here');
    await clock.advance('59s');
    expect((await cdn.fetch('/later.txt', { pop: 'SFO5', server: 1 })).status).toBe(404);
    await clock.advance('1s');
    expect((await cdn.fetch('/later.txt', { pop: 'SFO5', server: 1 })).status).toBe(200);
  });
});

describe('tiers (§7)', () => {
  it('skips the regional cache for an S3 origin in the same Region', async () => {
    const clock = new ManualClock();
    const origin = memoryOrigin({ clock });
    const cdn = createCdn({ clock, origin: { origin, region: 'us-east-1' } });
    await origin.put('a', 'a');
    await cdn.fetch('/a', { pop: 'SFO5', server: 1 });
    expect(cdn.trace.requests()[0]?.tiers.map((t) => t.tier)).toEqual(['edge']);
  });

  it('fetches through the Origin Shield, which merges misses from every POP', async () => {
    const clock = new ManualClock();
    const origin = memoryOrigin({ clock });
    const cdn = createCdn({
      clock,
      origin: { origin, originShield: { enabled: true, originShieldRegion: 'us-west-2' } },
      topology: {
        pops: [
          { id: 'SFO5', region: 'us-west-1' },
          { id: 'IAD89', region: 'us-east-1' },
        ],
      },
    });
    await origin.put('a', 'a');
    await cdn.fetch('/a', { pop: 'SFO5' });
    await cdn.fetch('/a', { pop: 'IAD89' });
    expect(cdn.trace.requests()[1]?.tiers.map((t) => `${t.tier}:${t.outcome}`)).toEqual([
      'edge:miss',
      'regional:miss',
      'shield:hit',
    ]);
    expect(origin.requestCount('/a')).toBe(1);
  });

  it('sends HEAD upstream on a miss without filling the cache, and answers HEAD from a GET-filled copy', async () => {
    const { origin, cdn } = setup();
    await origin.put('doc.pdf', 'pdf-bytes');
    const head = await cdn.fetch('/doc.pdf', { method: 'HEAD', pop: 'SFO5', server: 1 });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect((await cdn.fetch('/doc.pdf', { pop: 'SFO5', server: 1 })).headers.get('x-cache')).toBe(
      'Miss from cloudfront',
    );
    const cachedHead = await cdn.fetch('/doc.pdf', { method: 'HEAD', pop: 'SFO5', server: 1 });
    expect(cachedHead.headers.get('x-cache')).toBe('Hit from cloudfront');
    expect(cachedHead.headers.get('content-length')).toBe('9');
  });

  it('serves byte ranges from the cached whole object', async () => {
    const { origin, cdn } = setup();
    await origin.put('video.mp4', '0123456789');
    const range = await cdn.fetch('/video.mp4', { headers: { range: 'bytes=2-5' }, pop: 'SFO5', server: 1 });
    expect(range.status).toBe(206);
    expect(await range.text()).toBe('2345');
    expect(range.headers.get('content-range')).toBe('bytes 2-5/10');
    expect(
      (await cdn.fetch('/video.mp4', { headers: { range: 'bytes=20-' }, pop: 'SFO5', server: 1 })).status,
    ).toBe(416);
    expect(origin.requestCount('/video.mp4')).toBe(1);
  });

  it('evicts least recently used entries past a node capacity', async () => {
    const { origin, cdn } = setup({ topology: { pops: ['SFO5'], serversPerPop: 1, capacityBytes: 2000 } });
    for (const name of ['a', 'b', 'c']) await origin.put(name, 'x'.repeat(600));
    for (const name of ['a', 'b', 'c']) await cdn.fetch(`/${name}`);
    expect(cdn.inspect('/a').nodes.find((n) => n.node === 'SFO5-C1')?.entries).toEqual([]);
    expect(cdn.inspect('/c').nodes.find((n) => n.node === 'SFO5-C1')?.entries).toHaveLength(1);
  });
});

describe('determinism', () => {
  it('the same seed gives the same routing, ids and invalidation schedule', async () => {
    const run = async (seed: number) => {
      const { clock, origin, cdn } = setup({
        seed,
        topology: { pops: 3, serversPerPop: 5 },
        routing: 'random',
      });
      await origin.put('a', 'a');
      const pops: string[] = [];
      for (let i = 0; i < 20; i++) pops.push((await cdn.fetch('/a')).headers.get('x-amz-cf-pop') ?? '');
      const invalidation = cdn.createInvalidation(['/a']);
      await clock.advance('2m');
      return { pops, id: invalidation.id, schedule: [...invalidation.reachedAtMs.values()] };
    };
    expect(await run(7)).toEqual(await run(7));
    expect((await run(7)).pops).not.toEqual((await run(8)).pops);
  });
});
