import { expect, test } from '@edgecase/vitest';
import { loadAvatar } from '../src/avatars.js';

test('an avatar loaded before its upload finished stays a 404 for 10 s', async ({ origin, clock }) => {
  // The profile page loads the avatar while the upload is still running...
  expect(await loadAvatar(42)).toEqual({ status: 404, body: expect.any(String) });
  await origin.put('avatars/42.png', 'png-bytes', { contentType: 'image/png' });

  // ...and CloudFront keeps the 404 (ErrorCachingMinTTL, 10 s) on every server after the upload.
  expect('/avatars/42.png').toBeNegativelyCached({ status: 404, for: '10s' });
  await clock.advance('9s');
  expect((await loadAvatar(42)).status).toBe(404);
  await clock.advance('1s');
  expect(await loadAvatar(42)).toEqual({ status: 200, body: 'png-bytes' });
});
