import { CreateInvalidationCommand, GetInvalidationCommand } from '@aws-sdk/client-cloudfront';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, test } from '@edgecase/vitest';
import { HttpResponse, http } from 'msw';

// #region clock
test('clock: a ManualClock per test, advanced by hand', async ({ clock }) => {
  expect(clock.date.toISOString()).toBe('2026-01-01T00:00:00.000Z');
  await clock.advance('10s'); // runs what falls due: uploads, invalidations, revalidations
  expect(clock.date.toISOString()).toBe('2026-01-01T00:00:10.000Z');
});
// #endregion

// #region origin
test('origin: an S3 bucket in memory on the test clock', async ({ origin, clock }) => {
  const upload = origin.put('videos/intro.mp4', 'mp4-bytes', { uploadDuration: '5s' });
  await clock.advance('5s');
  const { etag } = await upload;
  expect((await origin.head('videos/intro.mp4'))?.etag).toBe(etag);
});
// #endregion

// #region cdn
test('cdn: a fresh distribution per test, answering the app’s own fetch', async ({ cdn, origin }) => {
  await origin.put('a.png', 'png', { cacheControl: 'max-age=60' });
  const response = await fetch('https://d111111abcdef8.cloudfront.net/a.png'); // the app's code
  expect(response).toHaveCacheResult('Miss');
  expect((await cdn.fetch('/a.png', { pop: 'SFO5', server: 2 })).status).toBe(200);
  expect(cdn.trace.requests()).toHaveLength(2);
});
// #endregion

// #region s3
test('s3: the app’s own S3Client, writing to the test’s bucket', async ({ s3, origin }) => {
  // The app's upload code, as in production; `origin.bucket` is the bucket to give it.
  await s3.send(new PutObjectCommand({ Bucket: origin.bucket, Key: 'a.png', Body: 'png' }));
  expect(await fetch('https://d111111abcdef8.cloudfront.net/a.png')).toHaveCacheResult('Miss');
  await expect('/a.png').toBecomeVisibleEverywhereWithin(0, 'png');
});
// #endregion

// #region cloudfront
test('cloudfront: the app’s own CloudFrontClient, invalidating on the test’s cdn', async ({
  cloudfront,
  clock,
}) => {
  const { Invalidation } = await cloudfront.send(
    new CreateInvalidationCommand({
      DistributionId: 'E2EXAMPLE', // any id is the test's distribution
      InvalidationBatch: { CallerReference: 'deploy-1', Paths: { Quantity: 1, Items: ['/index.html'] } },
    }),
  );
  expect(Invalidation?.Status).toBe('InProgress');
  await clock.advance('100s');
  const done = await cloudfront.send(
    new GetInvalidationCommand({ DistributionId: 'E2EXAMPLE', Id: Invalidation?.Id }),
  );
  expect(done.Invalidation?.Status).toBe('Completed');
});
// #endregion

// #region cdn-options
describe('a distribution of my own for these tests', () => {
  test.override('cdnOptions', {
    defaultCacheBehavior: { cachePolicy: 'CachingDisabled' },
    originSettings: { region: 'us-east-1' }, // the bucket's Region: its regional cache is skipped
    seed: 42,
  });

  test('cdnOptions is merged over the plugin’s distribution', async ({ cdn }) => {
    expect(cdn.distribution.behaviors[0]?.cachePolicy.name).toBe('CachingDisabled');
  });
});
// #endregion

// #region viewer
test('viewer: a named browser with its own routing', async ({ viewer, origin }) => {
  await origin.put('a.jpg', 'jpg');
  expect(await viewer.get('/a.jpg')).toHaveCacheResult('Miss');
  const phone = viewer.as('phone', { routing: 'random' });
  expect((await phone.get('/a.jpg', { pop: 'IAD89', server: 1 })).status).toBe(200);
});
// #endregion

// #region network
test('network: other hosts answered by msw for this test only', async ({ network }) => {
  network.use(http.get('https://api.example.com/me', () => HttpResponse.json({ id: 42 })));
  expect(await (await fetch('https://api.example.com/me')).json()).toEqual({ id: 42 });
});
// #endregion
