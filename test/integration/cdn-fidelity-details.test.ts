import { createCdn, ManualClock, memoryOrigin, type Origin, type OriginRequest } from '@edgecase/cdn';
import { describe, expect, it } from 'vitest';

type Options = Omit<NonNullable<Parameters<typeof createCdn>[0]>, 'clock' | 'origin'>;

function setup(options: Options = {}) {
  const clock = new ManualClock();
  const origin = memoryOrigin({ clock });
  const cdn = createCdn({ clock, origin: { origin, region: 'us-east-1' }, ...options });
  return { clock, origin, cdn };
}

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
    ).toThrow(/fidelity.minTtlNoCache: expected 'revalidate' or 'serve', got "sometimes"/);
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
