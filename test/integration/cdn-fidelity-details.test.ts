import { createCdn, ManualClock, memoryOrigin, type Origin, type OriginRequest } from '@edgecase/cdn';
import { describe, expect, it } from 'vitest';
import { type SetupOptions, setup as setupCdn } from './support.js';

/** A bucket in us-east-1, the Region of both default POPs: the regional cache is skipped (§7). */
const setup = (options: SetupOptions = {}) => setupCdn(options, 'us-east-1');

const minTtl60 = { cachePolicy: { name: 'Min60', minTTL: 60, defaultTTL: 600, maxTTL: 3600 } };

describe('MinTTL > 0 with no-cache (§1.3)', () => {
  it('stores the copy but asks the origin every time, serving the copy when the origin fails', async () => {
    const { origin, cdn } = setup({ defaultCacheBehavior: minTtl60 });
    await origin.put('me.json', '{"v":1}', { cacheControl: 'no-cache' });
    await cdn.fetch('/me.json', { server: 1 });
    const second = await cdn.fetch('/me.json', { server: 1 });
    expect(second.headers.get('x-cache')).toBe('RefreshHit from cloudfront');
    expect(cdn.trace.originFetches().map((f) => [f.conditional, f.result])).toEqual([
      [false, 200],
      [true, 304],
    ]);
    origin.faults.outage();
    const down = await cdn.fetch('/me.json', { server: 1 });
    expect(down.status).toBe(200);
    expect(await down.text()).toBe('{"v":1}');
  });

  it("with fidelity.minTtlNoCache 'serve' answers from the copy for MinTTL", async () => {
    const { clock, origin, cdn } = setup({
      defaultCacheBehavior: minTtl60,
      fidelity: { minTtlNoCache: 'serve' },
    });
    await origin.put('me.json', '{}', { cacheControl: 'no-store' });
    await cdn.fetch('/me.json', { server: 1 });
    expect((await cdn.fetch('/me.json', { server: 1 })).headers.get('x-cache')).toBe('Hit from cloudfront');
    await clock.advance('60s');
    expect((await cdn.fetch('/me.json', { server: 1 })).headers.get('x-cache')).toBe(
      'RefreshHit from cloudfront',
    );
  });

  it('rejects an unknown choice', () => {
    expect(() =>
      createCdn({ origin: memoryOrigin(), fidelity: { minTtlNoCache: 'sometimes' as never } }),
    ).toThrow(/fidelity.minTtlNoCache: expected "revalidate" or "serve", got "sometimes"/);
  });
});

describe('requests CloudFront refuses (§5)', () => {
  it('answers 413 for a URL over 8,192 bytes, even when the path is cached', async () => {
    const { origin, cdn } = setup();
    await origin.put('a', 'a');
    await cdn.fetch('/a', { server: 1 });
    const long = `/a?${'q'.repeat(8200)}`;
    expect((await cdn.fetch(long, { server: 1 })).status).toBe(413);
  });
});

describe('proxy methods (§7, §8)', () => {
  function recordingOrigin() {
    const seen: OriginRequest[] = [];
    const origin: Origin = {
      kind: 'custom',
      name: 'recorder',
      async fetch(request) {
        seen.push(request);
        return {
          status: 201,
          headers: { 'content-type': 'text/plain' },
          body: new TextEncoder().encode('created'),
        };
      },
    };
    return { origin, seen };
  }
  const allMethods = ['GET', 'HEAD', 'OPTIONS', 'PUT', 'POST', 'PATCH', 'DELETE'] as const;

  it('forwards a POST body and its Content-Type to the origin, skipping the regional cache', async () => {
    const { origin, seen } = recordingOrigin();
    const cdn = createCdn({ origin, defaultCacheBehavior: { allowedMethods: allMethods } });
    const response = await cdn.fetch('/api/items', {
      method: 'POST',
      body: JSON.stringify({ name: 'x' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(201);
    expect(seen[0]?.method).toBe('POST');
    expect(new TextDecoder().decode(seen[0]?.body)).toBe('{"name":"x"}');
    expect(seen[0]?.headers['content-type']).toBe('application/json');
    expect(cdn.trace.requests()[0]?.tiers.map((t) => t.tier)).toEqual(['edge']);
  });

  it('does not retry OPTIONS, PUT or POST after a failure (§8: only GET and HEAD are retried)', async () => {
    const clock = new ManualClock();
    const origin = memoryOrigin({ clock });
    const cdn = createCdn({ clock, origin, defaultCacheBehavior: { allowedMethods: allMethods } });
    origin.faults.outage();
    for (const method of ['OPTIONS', 'PUT', 'POST'])
      await cdn.fetch('/x', { method, ...(method === 'OPTIONS' ? {} : { body: 'b' }) });
    await cdn.fetch('/x');
    expect(cdn.trace.originFetches().map((f) => [f.method, f.attempts])).toEqual([
      ['OPTIONS', 1],
      ['PUT', 1],
      ['POST', 1],
      ['GET', 3],
    ]);
  });
});

describe('collapsed requests and failures (§7)', () => {
  it('requests waiting on a fetch that times out share its 504', async () => {
    const { clock, origin, cdn } = setup();
    origin.faults.timeout();
    const pending = Array.from({ length: 3 }, () => cdn.fetch('/slow', { server: 1 }));
    await clock.advance('90s');
    const statuses = (await Promise.all(pending)).map((r) => r.status);
    expect(statuses).toEqual([504, 504, 504]);
    expect(cdn.trace.originFetches()).toHaveLength(1);
  });
});

describe('edge compression (§5 ServingCompressedFiles)', () => {
  const page = '<html>'.padEnd(5000, 'x');

  it('compresses at the edge for a viewer that accepts it, weakening the ETag; the regional cache keeps the original', async () => {
    const clock = new ManualClock();
    const origin = memoryOrigin({ clock });
    const cdn = createCdn({ clock, origin });
    const { etag } = await origin.put('index.html', page, { contentType: 'text/html' });
    const response = await cdn.fetch('/index.html', {
      headers: { 'accept-encoding': 'gzip, deflate, br' },
      pop: 'SFO5',
      server: 1,
    });
    expect(response.headers.get('content-encoding')).toBe('br');
    expect(response.headers.get('etag')).toBe(`W/${etag}`);
    // As with fetch, the body reads decoded; the header says how it travelled.
    expect(await response.text()).toBe(page);
    const regional = cdn.inspect('/index.html').nodes.find((n) => n.node === 'REC-us-east-1');
    expect(regional?.entries[0]?.etag).toBe(etag);
    const plain = await cdn.fetch('/index.html', { pop: 'SFO5', server: 1 });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toBe(page);
  });

  it('does not compress when the behaviour turns compression off', async () => {
    const clock = new ManualClock();
    const origin = memoryOrigin({ clock });
    const cdn = createCdn({ clock, origin, defaultCacheBehavior: { compress: false } });
    await origin.put('index.html', page, { contentType: 'text/html' });
    const response = await cdn.fetch('/index.html', { headers: { 'accept-encoding': 'gzip' } });
    expect(response.headers.get('content-encoding')).toBeNull();
  });

  it('revalidates a compressed copy with its weak ETag and keeps it (304 RefreshHit)', async () => {
    const clock = new ManualClock();
    const origin = memoryOrigin({ clock });
    const cdn = createCdn({ clock, origin: { origin, region: 'us-east-1' } });
    await origin.put('index.html', page, { contentType: 'text/html', cacheControl: 'max-age=60' });
    const headers = { 'accept-encoding': 'gzip' };
    await cdn.fetch('/index.html', { headers, server: 1 });
    await clock.advance('61s');
    const again = await cdn.fetch('/index.html', { headers, server: 1 });
    expect(again.headers.get('x-cache')).toBe('RefreshHit from cloudfront');
    expect(again.headers.get('content-encoding')).toBe('gzip');
  });
});

describe('fixes found by the fidelity review', () => {
  it('a path with non-ASCII characters shares its key with the percent-encoded URL, and is measured in bytes', async () => {
    const { origin, cdn } = setup();
    await origin.put('café.txt', 'coffee');
    await cdn.fetch('/café.txt', { server: 1 });
    const encoded = await cdn.fetch('https://d111111abcdef8.cloudfront.net/caf%C3%A9.txt', { server: 1 });
    expect(encoded.headers.get('x-cache')).toBe('Hit from cloudfront');
    expect((await cdn.fetch(`/${'é'.repeat(5000)}`)).status).toBe(413);
  });

  it('a cached OPTIONS still goes from the edge straight to the origin (§7 proxy methods)', async () => {
    const clock = new ManualClock();
    const origin = memoryOrigin({ clock });
    const cdn = createCdn({
      clock,
      origin,
      defaultCacheBehavior: {
        allowedMethods: ['GET', 'HEAD', 'OPTIONS'],
        cachedMethods: ['GET', 'HEAD', 'OPTIONS'],
      },
    });
    await cdn.fetch('/a', { method: 'OPTIONS' });
    expect(cdn.trace.requests()[0]?.tiers.map((t) => t.tier)).toEqual(['edge']);
  });

  it('MinTTL > 0 with no-cache: after an origin failure the copy is served for ErrorCachingMinTTL without asking again', async () => {
    const { clock, origin, cdn } = setup({ defaultCacheBehavior: minTtl60 });
    await origin.put('me.json', '{}', { cacheControl: 'no-cache' });
    await cdn.fetch('/me.json', { server: 1 });
    origin.faults.respond(503);
    await cdn.fetch('/me.json', { server: 1 });
    const asked = origin.requestCount('/me.json');
    await clock.advance('5s');
    expect((await cdn.fetch('/me.json', { server: 1 })).status).toBe(200);
    expect(origin.requestCount('/me.json')).toBe(asked);
    const node = cdn.trace.requests().at(-1)?.node;
    expect(cdn.inspect('/me.json').edges.find((e) => e.node === node)?.answer).toBe('cache');
    await clock.advance('5s');
    await cdn.fetch('/me.json', { server: 1 });
    expect(origin.requestCount('/me.json')).toBe(asked + 1);
  });

  it('inspection does not predict a cache answer for a `Vary: *` copy under MinTTL 0', async () => {
    const clock = new ManualClock();
    const vary: Origin = {
      kind: 'custom',
      name: 'vary',
      async fetch() {
        return {
          status: 200,
          headers: { vary: '*', 'cache-control': 'max-age=60' },
          body: new Uint8Array([1]),
        };
      },
    };
    const cdn = createCdn({
      clock,
      origin: vary,
      defaultCacheBehavior: { cachePolicy: 'UseOriginCacheControlHeaders' },
    });
    await cdn.fetch('/v', { pop: 'SFO5', server: 1 });
    expect(cdn.inspect('/v').edges.find((e) => e.node === 'SFO5-C1')?.answer).toBe('origin');
  });
});

describe('fidelity.upstreamAge (§4 Age, UNCONFIRMED)', () => {
  async function edgeAfterRegional(upstreamAge: 'honour' | 'ignore') {
    const clock = new ManualClock();
    const origin = memoryOrigin({ clock });
    const cdn = createCdn({ clock, origin, fidelity: { upstreamAge } });
    await origin.put('a.txt', 'a', { cacheControl: 'max-age=100' });
    await cdn.fetch('/a.txt', { pop: 'SFO5', server: 1 }); // fills the regional cache at t=0
    await clock.advance('60s');
    await cdn.fetch('/a.txt', { pop: 'SFO5', server: 2 }); // server 2 gets the 60 s old regional copy
    await clock.advance('10s');
    const hit = await cdn.fetch('/a.txt', { pop: 'SFO5', server: 2 });
    const entry = cdn.inspect('/a.txt').nodes.find((n) => n.node === 'SFO5-C2')?.entries[0];
    return { age: hit.headers.get('age'), staleAtMs: entry?.staleAtMs, clock };
  }

  it("'honour' counts the regional copy's Age: the edge copy expires with the regional one", async () => {
    const { age, staleAtMs, clock } = await edgeAfterRegional('honour');
    expect(age).toBe('70');
    expect(staleAtMs).toBe(clock.now() - 70_000 + 100_000);
  });

  it("'ignore' starts the edge copy's TTL and Age when the edge stores it", async () => {
    const { age, staleAtMs, clock } = await edgeAfterRegional('ignore');
    expect(age).toBe('10');
    expect(staleAtMs).toBe(clock.now() - 10_000 + 100_000);
  });
});
