import { createCdn, DEFAULT_VIEWER_IP, ManualClock, memoryOrigin, type Origin } from '@edgecase/cdn';
import { describe, expect, it } from 'vitest';
import { setup } from './support.js';

/** A custom origin that answers 200 and remembers the headers of each request. */
function recordingOrigin() {
  const seen: Record<string, string>[] = [];
  const origin: Origin = {
    kind: 'custom',
    name: 'app',
    fetch: async (request) => {
      seen.push({ ...request.headers });
      return {
        status: 200,
        headers: { 'cache-control': 'max-age=60', 'content-type': 'text/plain' },
        body: new TextEncoder().encode(`for ${request.headers['cloudfront-viewer-country'] ?? 'anyone'}`),
      };
    },
  };
  return { origin, seen };
}

describe('viewer attributes', () => {
  it('a named viewer carries its country, IP address and user agent; a request overrides them', async () => {
    const { cdn } = setup();
    const paris = cdn.viewer('paris', { country: 'FR', ip: '203.0.113.7', userAgent: 'Firefox/140' });
    expect(paris.attributes).toEqual({ country: 'FR', ip: '203.0.113.7', userAgent: 'Firefox/140' });
    const { origin, seen } = recordingOrigin();
    const keyed = createCdn({
      origin,
      defaultCacheBehavior: {
        cachePolicy: {
          minTTL: 0,
          defaultTTL: 60,
          maxTTL: 60,
          parametersInCacheKeyAndForwardedToOrigin: {
            headersConfig: {
              headerBehavior: 'whitelist',
              headers: ['User-Agent', 'CloudFront-Viewer-Country'],
            },
          },
        },
      },
    });
    const viewer = keyed.viewer('paris', { country: 'FR', userAgent: 'Firefox/140' });
    await viewer.fetch('/a');
    await viewer.fetch('/b', { country: 'DE', userAgent: 'Safari/18' });
    await viewer.fetch('/c', { headers: { 'user-agent': 'curl/8' } });
    expect(seen.map((h) => [h['cloudfront-viewer-country'], h['user-agent']])).toEqual([
      ['FR', 'Firefox/140'],
      ['DE', 'Safari/18'],
      ['FR', 'curl/8'],
    ]);
    expect(DEFAULT_VIEWER_IP).toBe('192.0.2.1');
  });

  it('CloudFront-Viewer-Country in the cache policy keys the cache per country and overwrites a forged one', async () => {
    const { origin, seen } = recordingOrigin();
    const cdn = createCdn({
      origin,
      defaultCacheBehavior: {
        cachePolicy: {
          defaultTTL: 60,
          parametersInCacheKeyAndForwardedToOrigin: {
            headersConfig: { headerBehavior: 'whitelist', headers: ['CloudFront-Viewer-Country'] },
          },
        },
      },
    });
    const fr = await cdn.fetch('/home', { country: 'FR', pop: 'SFO5', server: 1 });
    const forged = await cdn.fetch('/home', {
      country: 'DE',
      headers: { 'CloudFront-Viewer-Country': 'FR' },
      pop: 'SFO5',
      server: 1,
    });
    const unknown = await cdn.fetch('/home', { pop: 'SFO5', server: 1 });
    expect([await fr.text(), await forged.text(), await unknown.text()]).toEqual([
      'for FR',
      'for DE',
      'for anyone',
    ]);
    expect(seen).toHaveLength(3);
    const again = await cdn.fetch('/home', { country: 'FR', pop: 'SFO5', server: 1 });
    expect(again.headers.get('x-cache')).toBe('Hit from cloudfront');
  });

  it('an origin request policy with CloudFront headers sends the country without keying on it', async () => {
    const { origin, seen } = recordingOrigin();
    const cdn = createCdn({
      origin,
      defaultCacheBehavior: { originRequestPolicy: 'AllViewerAndCloudFrontHeaders-2022-06' },
    });
    await cdn.fetch('/home', { country: 'FR', pop: 'SFO5', server: 1 });
    const second = await cdn.fetch('/home', { country: 'DE', pop: 'SFO5', server: 1 });
    expect(seen.map((h) => h['cloudfront-viewer-country'])).toEqual(['FR']);
    expect(await second.text()).toBe('for FR');
    expect(second.headers.get('x-cache')).toBe('Hit from cloudfront');
  });

  it("the origin gets the viewer's IP address in X-Forwarded-For, after any the viewer sent (§8)", async () => {
    const { origin, seen } = recordingOrigin();
    const cdn = createCdn({ origin, defaultCacheBehavior: { cachePolicy: 'CachingDisabled' } });
    await cdn.viewer('paris', { ip: '203.0.113.7' }).fetch('/a');
    await cdn.fetch('/b', { headers: { 'X-Forwarded-For': '198.51.100.1' }, ip: '2001:db8::1' });
    await cdn.fetch('/c');
    expect(seen.map((h) => h['x-forwarded-for'])).toEqual([
      '203.0.113.7',
      '198.51.100.1, 2001:db8::1',
      DEFAULT_VIEWER_IP,
    ]);
  });

  it('without the header in a policy, the origin does not get it', async () => {
    const { origin, seen } = recordingOrigin();
    const cdn = createCdn({ origin });
    await cdn.fetch('/home', { country: 'FR' });
    expect(seen[0]?.['cloudfront-viewer-country']).toBeUndefined();
  });
});

describe('geographic restrictions (§14)', () => {
  const blockList = { geoRestriction: { restrictionType: 'blacklist', locations: ['KP', 'IR'] } } as const;

  it('a blocked country gets 403 from CloudFront, even for an object cached for others', async () => {
    const { origin, cdn } = setup({ restrictions: blockList });
    await origin.put('a.txt', 'hello', { cacheControl: 'max-age=600' });
    const ok = await cdn.fetch('/a.txt', { country: 'FR', pop: 'SFO5', server: 1 });
    expect(ok.status).toBe(200);
    const blocked = await cdn.fetch('/a.txt', { country: 'KP', pop: 'SFO5', server: 1 });
    expect(blocked.status).toBe(403);
    expect(blocked.headers.get('x-cache')).toBe('Error from cloudfront');
    expect(blocked.headers.get('server')).toBe('CloudFront');
    expect(await blocked.text()).toContain('configured to block access from your country');
    expect(origin.requestCount()).toBe(1);
    // An unknown country is served (§14: the location cannot be determined → content is served).
    expect((await cdn.fetch('/a.txt', { pop: 'SFO5', server: 1 })).status).toBe(200);
    // The 403 was not cached for the others.
    expect((await cdn.fetch('/a.txt', { country: 'FR', pop: 'SFO5', server: 1 })).status).toBe(200);
    expect(cdn.trace.requests().map((r) => r.status)).toEqual([200, 403, 200, 200]);
  });

  it('an allow list serves only the listed countries; a named viewer carries its country', async () => {
    const { origin, cdn } = setup({
      restrictions: { geoRestriction: { restrictionType: 'whitelist', locations: ['FR', 'BE'] } },
    });
    await origin.put('a.txt', 'bonjour');
    expect((await cdn.viewer('brussels', { country: 'BE' }).fetch('/a.txt')).status).toBe(200);
    expect((await cdn.viewer('berlin', { country: 'DE' }).fetch('/a.txt')).status).toBe(403);
  });

  it("a custom error response for 403 serves its page to blocked viewers (and S3's 403s alike)", async () => {
    const { origin, cdn } = setup({
      restrictions: blockList,
      customErrorResponses: [{ errorCode: 403, responsePagePath: '/blocked.html', responseCode: 451 }],
    });
    await origin.put('blocked.html', '<p>Not available in your region</p>');
    await origin.put('a.txt', 'hello');
    const blocked = await cdn.fetch('/a.txt', { country: 'IR' });
    expect(blocked.status).toBe(451);
    expect(await blocked.text()).toBe('<p>Not available in your region</p>');
    expect(cdn.trace.requests()[0]?.customError).toEqual({
      errorCode: 403,
      responsePagePath: '/blocked.html',
    });
    expect(origin.requestCount('/a.txt')).toBe(0);
  });

  it('the custom 403 page reaches a blocked viewer even when its server holds a copy for others', async () => {
    const { origin, cdn } = setup({
      restrictions: blockList,
      customErrorResponses: [{ errorCode: 403, responsePagePath: '/blocked.html', responseCode: 451 }],
    });
    await origin.put('blocked.html', '<p>Not available in your region</p>');
    await origin.put('a.txt', 'hello', { cacheControl: 'max-age=60' });
    // Both on one server: the copy cached for the allowed viewer is fresh there.
    expect(await (await cdn.fetch('/a.txt', { country: 'US', server: 1 })).text()).toBe('hello');
    const blocked = await cdn.fetch('/a.txt', { country: 'IR', server: 1 });
    expect(blocked.status).toBe(451);
    expect(await blocked.text()).toBe('<p>Not available in your region</p>');
  });
});

describe('disabled distributions (§13)', () => {
  it('answer 403 from CloudFront without asking the origin; the status is a fidelity option', async () => {
    const clock = new ManualClock();
    const origin = memoryOrigin({ clock });
    await origin.put('a.txt', 'hello');
    const cdn = createCdn({ clock, origin, enabled: false });
    const response = await cdn.fetch('/a.txt');
    expect(response.status).toBe(403);
    expect(response.headers.get('x-cache')).toBe('Error from cloudfront');
    expect(origin.requestCount()).toBe(0);
    const other = createCdn({ clock, origin, enabled: false, fidelity: { disabledStatus: 404 } });
    expect((await other.fetch('/a.txt')).status).toBe(404);
  });
});
