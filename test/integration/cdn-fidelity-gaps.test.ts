import {
  createCdn,
  type Duration,
  type HeaderMap,
  ManualClock,
  memoryOrigin,
  type Origin,
  type OriginRequest,
} from '@edgecase/cdn';
import { describe, expect, it } from 'vitest';
import { type SetupOptions, setup as setupCdn } from './support.js';

/** A bucket in us-east-1, the Region of both default POPs: the regional cache is skipped (§7). */
const setup = (options: SetupOptions = {}) => setupCdn(options, 'us-east-1');

interface Answer {
  status?: number;
  headers?: HeaderMap;
  body?: string;
  /** Time on the simulation clock before the answer. */
  delay?: Duration;
}

/** A custom origin that records every request it receives and answers with `answer`. */
function recorder(answer: (request: OriginRequest) => Answer = () => ({})) {
  const seen: OriginRequest[] = [];
  const origin: Origin = {
    kind: 'custom',
    name: 'recorder',
    async fetch(request, context) {
      seen.push(request);
      const { status = 200, headers = {}, body = 'ok', delay } = answer(request);
      context.onConnect?.();
      if (delay !== undefined) await context.clock.sleep(delay);
      return {
        status,
        headers: { 'content-type': 'text/plain', ...headers },
        body: new TextEncoder().encode(body),
      };
    },
  };
  return { origin, seen };
}

function recorderCdn(answer?: (request: OriginRequest) => Answer, options: SetupOptions = {}) {
  const clock = new ManualClock();
  const { origin, seen } = recorder(answer);
  const cdn = createCdn({ clock, origin, ...options });
  return { clock, cdn, seen };
}

const allMethods = ['GET', 'HEAD', 'OPTIONS', 'PUT', 'POST', 'PATCH', 'DELETE'] as const;
const tiersOf = (cdn: ReturnType<typeof createCdn>) =>
  cdn.trace
    .requests()
    .at(-1)
    ?.tiers.map((t) => `${t.tier}:${t.outcome}`);

describe('TTL and freshness (§1.1, §1.3)', () => {
  it("ignores the viewer's Cache-Control and Pragma: a viewer cannot force a refetch", async () => {
    const { origin, cdn } = setup();
    await origin.put('app.js', 'v1');
    await cdn.fetch('/app.js', { pop: 'SFO5', server: 1 });
    await origin.put('app.js', 'v2');
    const forcing: Record<string, string>[] = [
      { 'cache-control': 'no-cache' },
      { 'cache-control': 'max-age=0' },
      { pragma: 'no-cache' },
    ];
    for (const headers of forcing) {
      const response = await cdn.fetch('/app.js', { pop: 'SFO5', server: 1, headers });
      expect(response.headers.get('x-cache')).toBe('Hit from cloudfront');
      expect(await response.text()).toBe('v1');
    }
    expect(origin.requestCount('/app.js')).toBe(1);
  });

  it('Vary: * with MinTTL 0 is stored, but every later request goes to the origin unconditionally', async () => {
    let version = 1;
    const { cdn, seen } = recorderCdn(
      () => ({
        headers: {
          vary: '*',
          etag: '"e1"',
          'last-modified': 'Thu, 01 Jan 2026 00:00:00 GMT',
          'cache-control': 'max-age=600',
        },
        body: `v${version}`,
      }),
      { defaultCacheBehavior: { cachePolicy: { name: 'Min0', minTTL: 0, defaultTTL: 600, maxTTL: 3600 } } },
    );
    const first = await cdn.fetch('/negotiated', { pop: 'SFO5', server: 1 });
    expect(first.headers.get('x-cache')).toBe('Miss from cloudfront');
    expect(cdn.trace.requests()[0]?.tiers[0]?.stored).toMatchObject({ ttlMs: 600_000 });
    expect(cdn.inspect('/negotiated').nodes.find((n) => n.node === 'SFO5-C1')?.entries).toHaveLength(1);
    version = 2;
    const second = await cdn.fetch('/negotiated', { pop: 'SFO5', server: 1 });
    expect(second.headers.get('x-cache')).toBe('Miss from cloudfront');
    expect(await second.text()).toBe('v2');
    expect(seen).toHaveLength(2);
    expect(seen[1]?.headers['if-none-match']).toBeUndefined();
    expect(seen[1]?.headers['if-modified-since']).toBeUndefined();
    expect(cdn.trace.originFetches().map((f) => f.conditional)).toEqual([false, false]);
  });
});

describe('cookies (§1.3 CFDG Cookies)', () => {
  const setCookie = () => ({ headers: { 'set-cookie': 'session=abc; Path=/' }, body: 'page' });

  it('without cookie forwarding, Cookie is not sent and Set-Cookie is removed', async () => {
    const { cdn, seen } = recorderCdn(setCookie);
    const miss = await cdn.fetch('/page', { pop: 'SFO5', server: 1, headers: { cookie: 'user=1' } });
    expect(miss.headers.get('x-cache')).toBe('Miss from cloudfront');
    expect(miss.headers.get('set-cookie')).toBeNull();
    expect(seen[0]?.headers.cookie).toBeUndefined();
    const hit = await cdn.fetch('/page', { pop: 'SFO5', server: 1, headers: { cookie: 'user=1' } });
    expect(hit.headers.get('x-cache')).toBe('Hit from cloudfront');
    expect(hit.headers.get('set-cookie')).toBeNull();
  });

  it('with cookie forwarding, Set-Cookie is stored with the object and replayed on hits', async () => {
    const { cdn, seen } = recorderCdn(setCookie, {
      defaultCacheBehavior: {
        cachePolicy: {
          name: 'Cookies',
          parametersInCacheKeyAndForwardedToOrigin: { cookiesConfig: { cookieBehavior: 'all' } },
        },
      },
    });
    const miss = await cdn.fetch('/page', { pop: 'SFO5', server: 1, headers: { cookie: 'user=1' } });
    expect(miss.headers.get('set-cookie')).toBe('session=abc; Path=/');
    expect(seen[0]?.headers.cookie).toBe('user=1');
    const hit = await cdn.fetch('/page', { pop: 'SFO5', server: 1, headers: { cookie: 'user=1' } });
    expect(hit.headers.get('x-cache')).toBe('Hit from cloudfront');
    expect(hit.headers.get('set-cookie')).toBe('session=abc; Path=/');
    expect(seen).toHaveLength(1);
  });
});

describe('revalidation during an origin timeout (§3)', () => {
  it('serves the stale copy only after every attempt has timed out (3 x 30 s)', async () => {
    const { clock, origin, cdn } = setup();
    await origin.put('page.html', 'cached page', { cacheControl: 'max-age=60' });
    await cdn.fetch('/page.html', { pop: 'SFO5', server: 1 });
    await clock.advance('61s');
    origin.faults.timeout();
    let settled = false;
    const pending = cdn.fetch('/page.html', { pop: 'SFO5', server: 1 });
    void pending.then(() => {
      settled = true;
    });
    await clock.advance('89s');
    expect(settled).toBe(false);
    await clock.advance('1s');
    const response = await pending;
    expect(response.status).toBe(200);
    expect(response.headers.get('x-cache')).toBe('RefreshHit from cloudfront');
    expect(await response.text()).toBe('cached page');
    expect(tiersOf(cdn)).toEqual(['edge:stale-if-error']);
    expect(cdn.trace.originFetches().at(-1)).toMatchObject({
      conditional: true,
      result: 'timeout',
      attempts: 3,
    });
  });
});

describe('request collapsing (§7)', () => {
  it('does not collapse when the cache policy forwards cookies', async () => {
    const { clock, cdn, seen } = recorderCdn(() => ({ delay: '200ms' }), {
      defaultCacheBehavior: {
        cachePolicy: {
          name: 'Cookies',
          parametersInCacheKeyAndForwardedToOrigin: { cookiesConfig: { cookieBehavior: 'all' } },
        },
      },
    });
    const pending = Array.from({ length: 3 }, () => cdn.fetch('/hot', { pop: 'SFO5', server: 1 }));
    await clock.advance('200ms');
    const responses = await Promise.all(pending);
    expect(seen).toHaveLength(3);
    expect(responses.map((r) => r.headers.get('x-cache'))).toEqual(Array(3).fill('Miss from cloudfront'));
  });
});

describe('methods that are not cached (§7)', () => {
  it('PUT, POST, PATCH, DELETE and uncached OPTIONS go from the edge straight to the origin and are never stored', async () => {
    const { cdn, seen } = recorderCdn(undefined, { defaultCacheBehavior: { allowedMethods: allMethods } });
    for (const method of ['PUT', 'POST', 'PATCH', 'DELETE', 'OPTIONS']) {
      for (let i = 0; i < 2; i++) {
        const response = await cdn.fetch('/api/items', {
          method,
          pop: 'SFO5',
          server: 1,
          ...(method === 'OPTIONS' || method === 'DELETE' ? {} : { body: 'x' }),
        });
        expect(response.status).toBe(200);
        expect(response.headers.get('x-cache')).toBe('Miss from cloudfront');
        expect(tiersOf(cdn)).toEqual(['edge:pass-through']);
      }
    }
    expect(seen.map((r) => r.method)).toEqual([
      'PUT',
      'PUT',
      'POST',
      'POST',
      'PATCH',
      'PATCH',
      'DELETE',
      'DELETE',
      'OPTIONS',
      'OPTIONS',
    ]);
    expect(cdn.inspect('/api/items').nodes.every((n) => n.entries.length === 0)).toBe(true);
  });

  it('caches OPTIONS when the cached methods include it', async () => {
    const { cdn, seen } = recorderCdn(undefined, {
      defaultCacheBehavior: {
        allowedMethods: ['GET', 'HEAD', 'OPTIONS'],
        cachedMethods: ['GET', 'HEAD', 'OPTIONS'],
      },
    });
    await cdn.fetch('/api/items', { method: 'OPTIONS', pop: 'SFO5', server: 1 });
    const again = await cdn.fetch('/api/items', { method: 'OPTIONS', pop: 'SFO5', server: 1 });
    expect(again.headers.get('x-cache')).toBe('Hit from cloudfront');
    expect(seen).toHaveLength(1);
  });
});

describe('regional hits (§4, §7)', () => {
  it("an edge miss answered by the regional cache is a Hit with the regional copy's Age", async () => {
    const clock = new ManualClock();
    const origin = memoryOrigin({ clock });
    const cdn = createCdn({ clock, origin });
    await origin.put('a.css', 'body{}', { cacheControl: 'max-age=600' });
    await cdn.fetch('/a.css', { pop: 'SFO5', server: 1 });
    await clock.advance('30s');
    const other = await cdn.fetch('/a.css', { pop: 'SFO5', server: 2 });
    expect(other.headers.get('x-cache')).toBe('Hit from cloudfront');
    expect(other.headers.get('age')).toBe('30');
    expect(tiersOf(cdn)).toEqual(['edge:miss', 'regional:hit']);
    expect(origin.requestCount('/a.css')).toBe(1);
  });
});

describe('requests CloudFront refuses (§5, §8)', () => {
  it('answers 413 for a URL over 8,192 bytes without asking the origin; 8,192 bytes pass', async () => {
    const { origin, cdn } = setup();
    await origin.put('a', 'a');
    const base = 'https://d111111abcdef8.cloudfront.net/a?q=';
    const at = (bytes: number) => `${base}${'x'.repeat(bytes - base.length)}`;
    expect((await cdn.fetch(at(8192))).status).toBe(200);
    const refused = await cdn.fetch(at(8193));
    expect(refused.status).toBe(413);
    expect(refused.headers.get('x-cache')).toBe('Error from cloudfront');
    expect(origin.requestCount('/a')).toBe(1);
  });

  it('answers 403 to a GET or HEAD with a body, even when the object is cached', async () => {
    const { origin, cdn } = setup();
    await origin.put('a', 'a');
    await cdn.fetch('/a', { pop: 'SFO5', server: 1 });
    for (const method of ['GET', 'HEAD']) {
      const response = await cdn.fetch('/a', { method, body: 'x', pop: 'SFO5', server: 1 });
      expect(response.status).toBe(403);
      expect(response.headers.get('x-cache')).toBe('Error from cloudfront');
    }
    expect(origin.requestCount('/a')).toBe(1);
  });

  it('answers its own refusals and redirects with an HTML body, Server: CloudFront and no Age', async () => {
    const { cdn } = setup({
      defaultCacheBehavior: { viewerProtocolPolicy: 'redirect-to-https' },
      cacheBehaviors: [{ pathPattern: '/secure/*', viewerProtocolPolicy: 'https-only' }],
    });
    const answers = [
      await cdn.fetch(`/a?${'q'.repeat(8200)}`),
      await cdn.fetch('/a', { method: 'DELETE' }),
      await cdn.fetch('http://d111111abcdef8.cloudfront.net/secure/a'),
      await cdn.fetch('http://d111111abcdef8.cloudfront.net/a'),
    ];
    expect(answers.map((r) => [r.status, r.headers.get('x-cache')])).toEqual([
      [413, 'Error from cloudfront'],
      [403, 'Error from cloudfront'],
      [403, 'Error from cloudfront'],
      [301, 'Redirect from cloudfront'],
    ]);
    for (const response of answers) {
      expect(response.headers.get('server')).toBe('CloudFront');
      expect(response.headers.get('content-type')).toBe('text/html');
      expect(response.headers.get('age')).toBeNull();
      expect(await response.text()).toMatch(/^<!DOCTYPE HTML/);
    }
    expect(answers[3]?.headers.get('location')).toBe('https://d111111abcdef8.cloudfront.net/a');
    expect(cdn.trace.originFetches()).toHaveLength(0);
  });
});

describe('origin retries (§8)', () => {
  it('does not retry PATCH or DELETE after a response timeout, and retries HEAD up to ConnectionAttempts', async () => {
    const clock = new ManualClock();
    const origin = memoryOrigin({ clock });
    const cdn = createCdn({ clock, origin, defaultCacheBehavior: { allowedMethods: allMethods } });
    origin.faults.timeout();
    for (const [method, wait] of [
      ['PATCH', '30s'],
      ['DELETE', '30s'],
      ['HEAD', '90s'],
    ] as const) {
      const pending = cdn.fetch('/x', { method, ...(method === 'PATCH' ? { body: 'b' } : {}) });
      await clock.advance(wait);
      expect((await pending).status).toBe(504);
    }
    expect(cdn.trace.originFetches().map((f) => [f.method, f.result, f.attempts])).toEqual([
      ['PATCH', 'timeout', 1],
      ['DELETE', 'timeout', 1],
      ['HEAD', 'timeout', 3],
    ]);
  });
});

describe('headers between CloudFront and the origin (§4, §8)', () => {
  it('sends User-Agent: Amazon CloudFront, Via, the X-Amz-Cf-Id and the normalised Accept-Encoding, and no viewer header outside the key', async () => {
    const { cdn, seen } = recorderCdn();
    const response = await cdn.fetch('/a', {
      pop: 'SFO5',
      server: 1,
      headers: {
        'user-agent': 'Mozilla/5.0',
        'accept-encoding': 'gzip, deflate, br',
        authorization: 'Bearer secret',
        cookie: 'user=1',
        referer: 'https://example.com/',
        'x-custom': 'yes',
      },
    });
    const sent = seen[0]?.headers ?? {};
    for (const name of ['authorization', 'cookie', 'referer', 'x-custom']) expect(sent[name]).toBeUndefined();
    expect(sent['user-agent']).toBe('Amazon CloudFront');
    expect(sent['accept-encoding']).toBe('br,gzip');
    expect(sent.via).toMatch(/^1\.1 [0-9a-f]{32}\.cloudfront\.net \(CloudFront\)$/);
    expect(sent['x-amz-cf-id']).toBe(response.headers.get('x-amz-cf-id'));
  });

  it("forwards the viewer's User-Agent when the cache policy keys on it", async () => {
    const { cdn, seen } = recorderCdn(undefined, {
      defaultCacheBehavior: {
        cachePolicy: {
          name: 'ByAgent',
          parametersInCacheKeyAndForwardedToOrigin: {
            headersConfig: { headerBehavior: 'whitelist', headers: ['User-Agent'] },
          },
        },
      },
    });
    await cdn.fetch('/a', { headers: { 'user-agent': 'Mozilla/5.0' } });
    expect(seen[0]?.headers['user-agent']).toBe('Mozilla/5.0');
  });

  it('passes origin headers through and removes hop-by-hop headers', async () => {
    const { clock, cdn } = recorderCdn(() => ({
      headers: {
        etag: '"e1"',
        'last-modified': 'Thu, 01 Jan 2026 00:00:00 GMT',
        'cache-control': 'max-age=600',
        server: 'AmazonS3',
        'x-amz-request-id': 'REQ1',
        'x-amz-meta-owner': 'team',
        connection: 'close',
        'keep-alive': 'timeout=5',
        trailer: 'x-checksum',
        upgrade: 'h2c',
      },
    }));
    const miss = await cdn.fetch('/a', { pop: 'SFO5', server: 1 });
    await clock.advance('5s');
    const responses = [
      miss,
      await cdn.fetch('/a', { pop: 'SFO5', server: 2 }),
      await cdn.fetch('/a', { pop: 'SFO5', server: 1 }),
    ];
    expect(responses.map((r) => r.headers.get('x-cache'))).toEqual([
      'Miss from cloudfront',
      'Hit from cloudfront',
      'Hit from cloudfront',
    ]);
    for (const response of responses) {
      expect(response.headers.get('etag')).toBe('"e1"');
      expect(response.headers.get('last-modified')).toBe('Thu, 01 Jan 2026 00:00:00 GMT');
      expect(response.headers.get('cache-control')).toBe('max-age=600');
      expect(response.headers.get('server')).toBe('AmazonS3');
      expect(response.headers.get('x-amz-request-id')).toBe('REQ1');
      expect(response.headers.get('x-amz-meta-owner')).toBe('team');
      for (const name of ['connection', 'keep-alive', 'trailer', 'upgrade'])
        expect(response.headers.get(name)).toBeNull();
    }
  });
});

describe('collapsed requests during an origin failure (§3, §7)', () => {
  it('the requests that waited for a stale-if-error answer are RefreshHit too, not Hit', async () => {
    const { clock, origin, cdn } = setup();
    await origin.put('page.html', 'cached page', { cacheControl: 'max-age=60, stale-if-error=3600' });
    await cdn.fetch('/page.html', { pop: 'SFO5', server: 1 });
    await clock.advance('61s');
    origin.faults.latency('200ms');
    origin.faults.respond(503);
    const pending = Array.from({ length: 4 }, () => cdn.fetch('/page.html', { pop: 'SFO5', server: 1 }));
    await clock.advance('200ms');
    const responses = await Promise.all(pending);
    expect(origin.requestCount('/page.html')).toBe(2);
    expect(await Promise.all(responses.map((r) => r.text()))).toEqual(Array(4).fill('cached page'));
    expect(responses.map((r) => r.headers.get('x-cache'))).toEqual(
      Array(4).fill('RefreshHit from cloudfront'),
    );
    const tiers = cdn.trace.requests().map((r) => r.tiers.map((t) => `${t.tier}:${t.outcome}`).join());
    expect(tiers.slice(1)).toEqual(['edge:stale-if-error', ...Array(3).fill('edge:collapsed')]);
  });
});
