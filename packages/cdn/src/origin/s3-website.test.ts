import { describe, expect, it } from 'vitest';
import { createCdn } from '../cdn/cdn.js';
import { ManualClock } from '../clock/clock.js';
import { fromDistributionConfig } from '../distribution/from-distribution-config.js';
import { memoryOrigin } from './memory-origin.js';

async function site() {
  const clock = new ManualClock();
  const bucket = memoryOrigin({ bucket: 'www.example.com', clock });
  await bucket.put('index.html', 'home', { contentType: 'text/html' });
  await bucket.put('docs/index.html', 'docs', { contentType: 'text/html' });
  await bucket.put('404.html', 'not here', { contentType: 'text/html' });
  return { clock, bucket };
}

describe("memoryOrigin's website endpoint (§18, S3UG WebsiteEndpoints)", () => {
  it('serves the index document for / and keys ending in /, 302 for a folder without /, the error document as 404', async () => {
    const { clock, bucket } = await site();
    const cdn = createCdn({
      clock,
      origin: {
        origin: bucket.website({ indexDocument: 'index.html', errorDocument: '404.html' }),
        originProtocolPolicy: 'http-only',
      },
    });
    expect(await (await cdn.fetch('/')).text()).toBe('home');
    expect(await (await cdn.fetch('/docs/')).text()).toBe('docs');
    const folder = await cdn.fetch('/docs');
    expect(folder.status).toBe(302);
    expect(folder.headers.get('location')).toBe('/docs/');
    const missing = await cdn.fetch('/nope.html');
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe('not here');
    expect(cdn.distribution.origins.get('origin')?.kind).toBe('custom');
  });

  it('without an error document, S3 HTML 404 page; routing rules and redirectAllRequestsTo redirect', async () => {
    const { clock, bucket } = await site();
    const cdn = createCdn({
      clock,
      origin: {
        origin: bucket.website({
          indexDocument: 'index.html',
          routingRules: [
            { condition: { keyPrefixEquals: 'old/' }, redirect: { replaceKeyPrefixWith: 'docs/' } },
            {
              condition: { httpErrorCodeReturnedEquals: 404 },
              redirect: { hostName: 'help.example.com', httpRedirectCode: 302 },
            },
          ],
        }),
        originProtocolPolicy: 'http-only',
      },
    });
    const moved = await cdn.fetch('/old/a.html');
    expect([moved.status, moved.headers.get('location')]).toEqual([301, '/docs/a.html']);
    const gone = await cdn.fetch('/gone.html');
    expect([gone.status, gone.headers.get('location')]).toEqual([302, 'http://help.example.com/gone.html']);
    const all = createCdn({
      clock,
      origin: bucket.website({ redirectAllRequestsTo: { hostName: 'example.org', protocol: 'https' } }),
    });
    // CachingOptimized forwards no query string, so the redirect has none either.
    const redirected = await all.fetch('/a?b=1');
    expect([redirected.status, redirected.headers.get('location')]).toEqual([301, 'https://example.org/a']);
  });

  it('HTTP only: https-only, or match-viewer for an HTTPS viewer, cannot connect and gets 502', async () => {
    const { clock, bucket } = await site();
    const origin = bucket.website({ indexDocument: 'index.html' });
    const httpsOnly = createCdn({ clock, origin: { origin, originProtocolPolicy: 'https-only' } });
    expect((await httpsOnly.fetch('/index.html')).status).toBe(502);
    const matchViewer = createCdn({ clock, origin: { origin, originProtocolPolicy: 'match-viewer' } });
    expect((await matchViewer.fetch('https://d111111abcdef8.cloudfront.net/index.html')).status).toBe(502);
    // The protocol is not in the cache key: an HTTP viewer of /index.html gets the cached 502 for 10 s.
    expect((await matchViewer.fetch('http://d111111abcdef8.cloudfront.net/index.html')).status).toBe(502);
    expect((await matchViewer.fetch('http://d111111abcdef8.cloudfront.net/docs/')).status).toBe(200);
  });

  it('a custom origin sees the protocol and port; a bad port is a typed error', async () => {
    const seen: { protocol?: string | undefined; port?: number | undefined }[] = [];
    const cdn = createCdn({
      origin: {
        origin: {
          kind: 'custom',
          name: 'app',
          fetch: async (request) => {
            seen.push({ protocol: request.protocol, port: request.port });
            return { status: 200, headers: {}, body: new Uint8Array() };
          },
        },
        originProtocolPolicy: 'match-viewer',
        httpsPort: 8443,
      },
    });
    await cdn.fetch('/a');
    await cdn.fetch('http://d111111abcdef8.cloudfront.net/b');
    expect(seen).toEqual([
      { protocol: 'https', port: 8443 },
      { protocol: 'http', port: 80 },
    ]);
    expect(() =>
      createCdn({ origin: { origin: memoryOrigin(), originProtocolPolicy: 'http' as never } }),
    ).toThrowError(expect.objectContaining({ code: 'InvalidOrigin' }));
    expect(() =>
      createCdn({
        origin: { origin: cdn.distribution.origins.get('origin')?.origin as never, httpPort: 8080.5 },
      }),
    ).toThrowError(expect.objectContaining({ code: 'InvalidOrigin' }));
  });

  it('fromDistributionConfig: a website endpoint with OriginProtocolPolicy http-only', async () => {
    const { clock, bucket } = await site();
    const options = fromDistributionConfig(
      {
        Origins: {
          Quantity: 1,
          Items: [
            {
              Id: 'site',
              DomainName: 'www.example.com.s3-website-us-east-1.amazonaws.com',
              CustomOriginConfig: { HTTPPort: 80, HTTPSPort: 443, OriginProtocolPolicy: 'http-only' },
            },
          ],
        },
        DefaultCacheBehavior: {
          TargetOriginId: 'site',
          CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6',
        },
      },
      { site: bucket.website({ indexDocument: 'index.html' }) },
    );
    const cdn = createCdn({ ...options, clock });
    expect(await (await cdn.fetch('/docs/')).text()).toBe('docs');
  });

  it('bad website configurations are typed errors', async () => {
    const { bucket } = await site();
    for (const bad of [
      {},
      { indexDocument: 'a/index.html' },
      { indexDocument: 'index.html', redirectAllRequestsTo: { hostName: 'x' } },
      { indexDocument: 'index.html', routingRules: [{ redirect: { httpRedirectCode: 200 } }] },
    ]) {
      expect(() => bucket.website(bad as never), JSON.stringify(bad)).toThrowError(
        expect.objectContaining({ code: 'InvalidOption' }),
      );
    }
  });
});
