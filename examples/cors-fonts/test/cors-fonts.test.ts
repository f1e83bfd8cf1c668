import { SITE_ORIGIN } from '../src/publish.js';
import { FONT_URL, fetchWithoutOrigin, pageLoadsFont } from './browser.js';
import { describe, expect, test } from './fixtures.js';

// #region trap
describe('CachingOptimized + CORS-S3Origin: Origin forwarded, not in the cache key', () => {
  test('trap: a font first fetched without Origin is blocked on the site for as long as it is cached', async ({
    published,
    clock,
  }) => {
    expect(published).toBe(true);
    await fetchWithoutOrigin(); // a preload without crossorigin, a crawler, a warm-up: cached without CORS headers
    const page = await pageLoadsFont();
    expect(page).toMatchObject({ font: 'blocked by CORS', xCache: 'Hit from cloudfront', allowOrigin: null });
    await clock.advance('364d');
    expect(await pageLoadsFont()).toMatchObject({ font: 'blocked by CORS' });
  });

  test('trap: the first page to ask decides for every other site (its Origin is echoed to all)', async ({
    published,
  }) => {
    expect(published).toBe(true);
    expect(await pageLoadsFont()).toMatchObject({ font: 'loaded', xCache: 'Miss from cloudfront' });
    // Another of the company's sites, allowed too: it gets the copy made for www.example.com.
    const staging = await pageLoadsFont('https://staging.example.com');
    expect(staging).toMatchObject({ font: 'blocked by CORS', allowOrigin: SITE_ORIGIN });
  });
});
// #endregion

// #region fix-key
describe('fix: Origin in the cache key (with CORS-S3Origin forwarding the preflight headers)', () => {
  test.override('cdnOptions', {
    defaultCacheBehavior: {
      cachePolicy: {
        name: 'fonts-by-origin',
        defaultTTL: 86_400,
        maxTTL: 31_536_000,
        parametersInCacheKeyAndForwardedToOrigin: {
          headersConfig: { headerBehavior: 'whitelist', headers: ['Origin'] },
        },
      },
      originRequestPolicy: 'CORS-S3Origin',
    },
  });

  test('a request without Origin no longer fills the entry the site is served from', async ({
    published,
  }) => {
    expect(published).toBe(true);
    await fetchWithoutOrigin();
    expect(await pageLoadsFont()).toMatchObject({ font: 'loaded', xCache: 'Miss from cloudfront' });
    expect(await pageLoadsFont()).toMatchObject({ font: 'loaded', xCache: 'Hit from cloudfront' });
    expect((await fetchWithoutOrigin()).headers.get('access-control-allow-origin')).toBeNull();
  });
});
// #endregion

// #region fix-policy
describe('fix: a response headers policy adds CORS on the way out (SimpleCORS)', () => {
  test.override('cdnOptions', {
    defaultCacheBehavior: { cachePolicy: 'CachingOptimized', responseHeadersPolicy: 'SimpleCORS' },
  });

  test('the copy cached without CORS headers is served to the site with Access-Control-Allow-Origin: *', async ({
    published,
  }) => {
    expect(published).toBe(true);
    await fetchWithoutOrigin();
    expect(await pageLoadsFont()).toMatchObject({
      font: 'loaded',
      xCache: 'Hit from cloudfront',
      allowOrigin: '*',
    });
    // Added to CORS requests only: the same cached copy still has none for a request without Origin.
    expect((await fetch(FONT_URL)).headers.get('access-control-allow-origin')).toBeNull();
  });
});
// #endregion
