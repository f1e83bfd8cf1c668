import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, test } from '@edgecase/vitest';
import { HttpResponse, http } from 'msw';
import { afterAll, beforeAll } from 'vitest';

const site = 'https://d111111abcdef8.cloudfront.net';

describe('interception', () => {
  test('an unexpected host fails loudly instead of reaching the network', async ({ network }) => {
    const response = await fetch('https://api.example.com/me');
    expect(response.status).toBe(500);
    expect(((await response.json()) as { message: string }).message).toMatchInlineSnapshot(
      `"[edgecase] GET https://api.example.com/me was not intercepted: api.example.com is neither a domain of the test's distribution nor a passthrough host. Add it to edgecase({ domains }) if it is the CDN, to edgecase({ passthrough }) to let it reach the network, or answer it with network.use(http.get(...)). Passthrough now: localhost, 127.0.0.1, [::1]."`,
    );
    // Taken here, so this test passes; otherwise it fails when it ends, naming the request.
    expect(network.takeRefused()).toEqual(['GET https://api.example.com/me']);
  });

  // The request itself does not throw; the test fails when it ends.
  test.fails('a request to an unexpected host fails the test', async () => {
    await fetch('https://api.example.com/me');
  });

  test('network.use answers another host for this test only', async ({ network }) => {
    network.use(http.get('https://api.example.com/me', () => HttpResponse.json({ id: 42 })));
    expect(await (await fetch('https://api.example.com/me')).json()).toEqual({ id: 42 });
  });

  test('handlers are reset after each test', async ({ network }) => {
    expect((await fetch('https://api.example.com/me')).status).toBe(500);
    expect(network.takeRefused()).toHaveLength(1);
  });

  describe('with a CNAME', () => {
    test.override('cdnOptions', { aliases: ['img.example.com'] });

    test('requests to the alias are answered by the cdn', async ({ origin }) => {
      await origin.put('a.png', 'png');
      const response = await fetch('https://img.example.com/a.png');
      expect(response).toHaveCacheResult('Miss');
      await expect(response).toServeVersion('png');
      expect('https://img.example.com/a.png').toHaveBeenFetchedFromOriginTimes(1);
    });
  });

  describe('with a wildcard CNAME', () => {
    test.override('cdnOptions', { aliases: ['*.example.com'] });

    // CFDG CNAMEs #alternate-domain-names-wildcard: every subdomain, at any depth; not the apex, and
    // not another host whose path happens to name one.
    test("the app's requests to any subdomain are answered by the cdn", async ({ origin, network }) => {
      await origin.put('a.png', 'png');
      for (const host of ['img.example.com', 'eu.assets.example.com'])
        expect((await fetch(`https://${host}/a.png`)).status).toBe(200);
      expect((await fetch('https://example.com/a.png')).status).toBe(500);
      expect((await fetch('https://other.test/img.example.com/a.png')).status).toBe(500);
      expect(network.takeRefused()).toEqual([
        'GET https://example.com/a.png',
        'GET https://other.test/img.example.com/a.png',
      ]);
    });
  });

  test('a body the edge compressed arrives decoded, as from CloudFront', async ({ origin }) => {
    const html = '<p>hello</p>'.repeat(300);
    await origin.put('page.html', html, { contentType: 'text/html' });
    const response = await fetch(`${site}/page.html`); // sends Accept-Encoding: br, gzip
    await expect(response).toServeVersion(html);
  });

  test('POST and HEAD go through the distribution too', async ({ origin }) => {
    await origin.put('a.txt', 'text');
    expect((await fetch(`${site}/a.txt`, { method: 'HEAD' })).status).toBe(200);
    expect((await fetch(`${site}/a.txt`, { method: 'POST', body: 'x' })).status).toBe(403);
  });
});

describe('a real (non-simulated) endpoint under expect.poll', () => {
  // A local stand-in for a real CloudFront endpoint: loopback hosts pass through msw by default.
  let server: Server;
  let url: string;
  let calls = 0;
  beforeAll(async () => {
    server = createServer((_request, response) => {
      calls++;
      response.setHeader('x-cache', calls < 3 ? 'Miss from cloudfront' : 'Hit from cloudfront');
      response.setHeader('age', calls < 3 ? '0' : '1');
      response.end('v1');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/a.txt`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test('polls until the edge says Hit', async () => {
    await expect.poll(() => fetch(url), { interval: 10, timeout: 2_000 }).toHaveCacheResult('Hit');
    await expect.poll(() => fetch(url), { interval: 10, timeout: 2_000 }).toHaveAge('1s');
    await expect(await fetch(url)).toServeVersion('v1');
  });
});
