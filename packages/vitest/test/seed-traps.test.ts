// The four seed traps, each reproduced with nothing but @edgecase/vitest. The app's side is a plain
// `fetch` to the distribution's domain: the `cdn` fixture answers it through msw.
import { describe, expect, test } from '@edgecase/vitest';

const site = 'https://d111111abcdef8.cloudfront.net';

test('the 404 that stays cached after the upload', async ({ origin, clock }) => {
  const early = await fetch(`${site}/avatars/42.png`); // the app shows the avatar before it is uploaded
  expect(early).toHaveCacheResult('Error');
  await origin.put('avatars/42.png', 'png-bytes', { contentType: 'image/png' });

  expect('/avatars/42.png').toBeNegativelyCached({ status: 404, for: '10s' });
  await expect('/avatars/42.png').not.toBecomeVisibleEverywhereWithin('9s');
  await expect('/avatars/42.png').toBecomeVisibleEverywhereWithin('10s');

  await clock.advance('10s');
  expect('/avatars/42.png').not.toBeNegativelyCached();
  expect(await fetch(`${site}/avatars/42.png`)).toHaveCacheResult('Miss');
});

describe('an overwrite under a 24 h TTL', () => {
  // The bucket is in the POP's Region, so the regional cache is skipped (as for most apps).
  test.override('cdnOptions', {
    topology: { pops: [{ id: 'SFO5', servers: 20 }] },
    originSettings: { region: 'us-east-1' },
  });

  test('different servers serve different versions', async ({ cdn, origin, clock }) => {
    const v1 = await origin.put('test.txt', 'test 1', { cacheControl: 'max-age=86400' });
    for (let server = 1; server <= 10; server++) await cdn.fetch('/test.txt', { server });
    await clock.advance('1h');
    const v2 = await origin.put('test.txt', 'test 2', { cacheControl: 'max-age=86400' });

    await expect('/test.txt').not.toServeOneVersion();
    expect(await cdn.fetch('/test.txt', { server: 3 })).toServeVersion(v1);
    expect(await cdn.fetch('/test.txt', { server: 13 })).toServeVersion(v2);
    await expect('/test.txt').toBecomeVisibleEverywhereWithin('23h', v2);
    await clock.advance('23h');
    await expect('/test.txt').toServeOneVersion(v2);
  });

  test('an invalidation takes effect server by server', async ({ cdn, origin, clock }) => {
    await origin.put('test.txt', 'test 1', { cacheControl: 'max-age=86400' });
    for (let server = 1; server <= 20; server++) await cdn.fetch('/test.txt', { server });
    await origin.put('test.txt', 'test 2', { cacheControl: 'max-age=86400' });

    const invalidation = cdn.createInvalidation(['/test.txt']);
    expect(invalidation).toCompleteWithin('100s');
    await clock.advance('30s');
    expect(invalidation).not.toHaveTakenEffectEverywhere();
    await expect('/test.txt').not.toServeOneVersion();
    await clock.advance('70s');
    expect(invalidation).toHaveTakenEffectEverywhere();
    await expect('/test.txt').toServeOneVersion('test 2');
  });
});

test('query-string busting that does not bust (CachingOptimized)', async ({ origin }) => {
  await origin.put('app.js', 'v1');
  await fetch(`${site}/app.js?v=1`);
  await origin.put('app.js', 'v2');

  expect('/app.js?v=2').toShareCacheEntryWith('/app.js?v=1');
  const busted = await fetch(`${site}/app.js?v=2`); // the deploy "busts" the cache with ?v=2
  expect(busted).toHaveCacheResult('Hit');
  await expect(busted).toServeVersion('v1');
  expect('/app.js').toHaveBeenFetchedFromOriginTimes(1);
});
