import { describe, expect, test } from '@edgecase/vitest';
import { vi } from 'vitest';
import { avatarUrl, uploadAvatar, uploadAvatarVersion, waitUntilVisible } from '../src/avatars.js';

// #region p-retry-on-clock
// The app's p-retry waits on the test's clock instead of real time; the app's code is unchanged.
vi.mock('p-retry', async (importOriginal) => {
  const { pRetryOnClock } = await import('@edgecase/vitest');
  return pRetryOnClock(await importOriginal<typeof import('p-retry')>());
});
// #endregion

const PNG = new TextEncoder().encode('\x89PNG avatar 1');
const NEW_PNG = new TextEncoder().encode('\x89PNG avatar 2');

// #region trap
test('trap: an avatar requested before its upload finished is a 404 for 10 s after the upload', async ({
  s3,
  origin,
  clock,
}) => {
  // The profile page shows the new avatar while the upload is still running...
  expect(await fetch(avatarUrl('42'))).toHaveCacheResult('Error'); // 404
  await uploadAvatar({ s3, bucket: origin.bucket }, '42', PNG);

  // ...and CloudFront keeps answering with the 404 it cached (ErrorCachingMinTTL, 10 s).
  expect('/avatars/42.png').toBeNegativelyCached({ status: 404, for: '10s' });
  await expect('/avatars/42.png').not.toBecomeVisibleEverywhereWithin('9s', PNG);
  await expect('/avatars/42.png').toBecomeVisibleEverywhereWithin('10s', PNG);

  await clock.advance('9s');
  expect((await fetch(avatarUrl('42'))).status).toBe(404);
  await clock.advance('1s');
  expect((await fetch(avatarUrl('42'))).status).toBe(200);
});
// #endregion

// #region fresh-key-test
test('fix: a fresh key per upload is visible at once, and so is the next picture', async ({ s3, origin }) => {
  const bucket = { s3, bucket: origin.bucket };
  expect((await fetch(avatarUrl('42'))).status).toBe(404); // the fixed URL asked too early: harmless now

  const url = await uploadAvatarVersion(bucket, '42', PNG);
  expect(await fetch(url)).toHaveCacheResult('Miss'); // nobody asked for this URL before the upload
  await expect(new URL(url).pathname).toBecomeVisibleEverywhereWithin(0, PNG);

  const next = await uploadAvatarVersion(bucket, '42', NEW_PNG); // a new picture is a new URL
  expect(next).not.toBe(url);
  await expect(new URL(next).pathname).toBecomeVisibleEverywhereWithin(0, NEW_PNG);
});
// #endregion

// #region error-ttl
describe('fix: cache 404s for 1 s instead of 10 s', () => {
  // A custom error response with ErrorCachingMinTTL 1 s (the distribution's setting, for every path).
  test.override('cdnOptions', { customErrorResponses: [{ errorCode: 404, errorCachingMinTTL: 1 }] });

  test('the avatar requested too early is visible 1 s after the upload', async ({ s3, origin }) => {
    expect((await fetch(avatarUrl('42'))).status).toBe(404);
    await uploadAvatar({ s3, bucket: origin.bucket }, '42', PNG);

    expect('/avatars/42.png').toBeNegativelyCached({ status: 404, for: '1s' });
    await expect('/avatars/42.png').not.toBecomeVisibleEverywhereWithin(0, PNG);
    await expect('/avatars/42.png').toBecomeVisibleEverywhereWithin('1s', PNG);
  });
});
// #endregion

// #region wait-for-upload
test('fix: showing the avatar once the upload resolved is visible at once; a replaced one takes 23 h', async ({
  s3,
  origin,
  clock,
}) => {
  const bucket = { s3, bucket: origin.bucket };
  await uploadAvatar(bucket, '42', PNG); // the page renders <img> only after this resolves
  expect(await fetch(avatarUrl('42'))).toHaveCacheResult('Miss');
  await expect('/avatars/42.png').toBecomeVisibleEverywhereWithin(0, PNG);

  // The fixed key keeps its first picture for CloudFront's DefaultTTL (24 h): a new one an hour later...
  await clock.advance('1h');
  await uploadAvatar(bucket, '42', NEW_PNG);
  await expect('/avatars/42.png').not.toBecomeVisibleEverywhereWithin('22h', NEW_PNG);
  await expect('/avatars/42.png').toBecomeVisibleEverywhereWithin('23h', NEW_PNG);
});
// #endregion

// #region retry-test
test('fix: retrying with p-retry shows the avatar 10 s after the upload, never a broken image', async ({
  s3,
  origin,
  clock,
}) => {
  expect((await fetch(avatarUrl('42'))).status).toBe(404); // asked before the upload finished
  await uploadAvatar({ s3, bucket: origin.bucket }, '42', PNG);
  const uploadedAt = clock.now();

  const response = await waitUntilVisible(avatarUrl('42')); // one try a second, on the test's clock
  expect(response.status).toBe(200);
  expect(clock.now() - uploadedAt).toBe(10_000);
});
// #endregion
