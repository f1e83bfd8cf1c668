import { expect, test } from '@edgecase/vitest';
import { loadAvatar, uploadAvatar } from '../src/avatars.js';

test('an avatar loaded before its upload finished stays a 404 for 10 s', async ({ clock }) => {
  // The profile page loads the avatar before the app's upload (its own S3Client, its config's bucket)...
  expect((await loadAvatar(42)).status).toBe(404);
  await uploadAvatar(42, 'png-bytes');

  // ...and the server that answered keeps the 404 (ErrorCachingMinTTL) for 10 s after the upload.
  expect('/avatars/42.png').toBeNegativelyCached({ status: 404, for: '10s' });
  await expect('/avatars/42.png').not.toBecomeVisibleEverywhereWithin('9s');
  await expect('/avatars/42.png').toBecomeVisibleEverywhereWithin('10s');
  await clock.advance('10s');
  expect(await loadAvatar(42)).toEqual({ status: 200, body: 'png-bytes' });
});
