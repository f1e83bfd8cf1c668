import { createCdn, memoryOrigin } from '@edgecase/cdn';
import { describe, expect, onCdn, test } from '@edgecase/vitest';

const site = 'https://d111111abcdef8.cloudfront.net';

describe('on a Response', () => {
  // #region response
  test('cache result, tier, Age and version', async ({ origin, clock }) => {
    const v1 = await origin.put('a.css', 'body{}', { cacheControl: 'max-age=60' });
    await fetch(`${site}/a.css`);
    await clock.advance('9s');
    const response = await fetch(`${site}/a.css`);

    expect(response).toHaveCacheResult('Hit'); // X-Cache: Hit | Miss | RefreshHit | Error | Redirect
    expect(response).toBeServedFrom('regional'); // edge | regional | shield | origin | cloudfront
    expect(response).toHaveAge('9s');
    expect(response).toServeVersion(v1); // by ETag: the PutResult, or { etag }
    await expect(response).toServeVersion('body{}'); // by body: awaited
  });
  // #endregion

  // #region asymmetric
  test('as asymmetric matchers', async ({ cdn, origin }) => {
    await origin.put('a.css', 'body{}');
    const twice = [await cdn.fetch('/a.css', { server: 1 }), await cdn.fetch('/a.css', { server: 1 })];
    expect(twice).toEqual([expect.toHaveCacheResult('Miss'), expect.toHaveCacheResult('Hit')]);
  });
  // #endregion
});

describe('on a path of the distribution', () => {
  // #region negative
  test('toBeNegativelyCached', async ({ origin, clock }) => {
    await fetch(`${site}/avatars/7.png`); // before the upload: 404
    await origin.put('avatars/7.png', 'png');
    expect('/avatars/7.png').toBeNegativelyCached({ status: 404, for: '10s' });
    await clock.advance('10s');
    expect('/avatars/7.png').not.toBeNegativelyCached();
  });
  // #endregion

  // #region one-version
  test('toServeOneVersion', async ({ cdn, origin }) => {
    const v1 = await origin.put('index.html', 'v1', { cacheControl: 'max-age=300' });
    await cdn.fetch('/index.html', { pop: 'SFO5', server: 1 });
    await expect('/index.html').toServeOneVersion(v1);
    await origin.put('index.html', 'v2', { cacheControl: 'max-age=300' });
    await expect('/index.html').toServeOneVersion(v1); // the regional cache still has v1 for everyone
  });
  // #endregion

  // #region visible
  test('toBecomeVisibleEverywhereWithin', async ({ origin }) => {
    await fetch(`${site}/feed.json`); // 404 cached for ErrorCachingMinTTL (10 s)
    await origin.put('feed.json', '[]');
    await expect('/feed.json').toBecomeVisibleEverywhereWithin('10s');
    await expect('/feed.json').not.toBecomeVisibleEverywhereWithin('9s');
  });
  // #endregion

  // #region share
  test('toShareCacheEntryWith', async ({ origin }) => {
    await origin.put('app.js', 'v1');
    await fetch(`${site}/app.js?v=1`);
    expect('/app.js?v=2').toShareCacheEntryWith('/app.js?v=1'); // CachingOptimized keys no query
  });
  // #endregion

  // #region origin-count
  test('toHaveBeenFetchedFromOriginTimes', async ({ cdn, origin }) => {
    await origin.put('hero.jpg', 'jpg');
    await Promise.all([1, 2, 3].map((server) => cdn.fetch('/hero.jpg', { pop: 'SFO5', server })));
    expect('/hero.jpg').toHaveBeenFetchedFromOriginTimes(1); // collapsed, then the regional cache
  });
  // #endregion

  // #region on-cdn
  test('onCdn names any other distribution', async () => {
    const other = createCdn({ origin: memoryOrigin() });
    await other.fetch('/missing.png');
    expect(onCdn(other, '/missing.png')).toBeNegativelyCached();
  });
  // #endregion
});

describe('on an invalidation', () => {
  // #region invalidation
  test('toCompleteWithin and toHaveTakenEffectEverywhere', async ({ cdn, origin, clock }) => {
    await origin.put('app.css', 'v1', { cacheControl: 'max-age=86400' });
    await cdn.fetch('/app.css', { pop: 'SFO5', server: 1 });
    const invalidation = cdn.createInvalidation(['/app.css']);
    expect(invalidation).toCompleteWithin('100s');
    expect(invalidation).not.toHaveTakenEffectEverywhere();
    await clock.advance('100s');
    expect(invalidation).toHaveTakenEffectEverywhere();
  });
  // #endregion
});
