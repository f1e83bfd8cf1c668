// The example packages/vitest/README.md shows (its `readme` region).
// #region readme
import { expect, test } from '@edgecase/vitest';

const avatar = 'https://cdn.acme.test/avatars/7.png'; // the app's CloudFront CNAME

test('an avatar requested before its upload finished stays a 404 for 10 s', async ({ origin, clock }) => {
  expect((await fetch(avatar)).status).toBe(404); // the app's own fetch: CloudFront caches the 404
  await origin.put('avatars/7.png', 'png-bytes', { contentType: 'image/png' });

  expect('/avatars/7.png').toBeNegativelyCached({ status: 404, for: '10s' }); // kept by the server that answered
  await clock.advance('10s'); // virtual time: no real waiting
  expect(await fetch(avatar)).toHaveCacheResult('Miss');
});
// #endregion
