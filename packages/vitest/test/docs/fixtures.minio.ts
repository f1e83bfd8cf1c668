import { PutObjectCommand } from '@aws-sdk/client-s3';
import { expect, test } from '@edgecase/vitest';

// Run in the `vitest-minio` project: edgecase({ origin: 'minio' }), as vitest.config.minio.example.ts.

// #region minio
test("origin 'minio': an s3Origin over a fresh bucket on the run's MinIO", async ({ origin, s3 }) => {
  expect(origin.name).toMatch(/^s3:edgecase-[0-9a-f]{12}$/);
  // The app's upload reaches MinIO; the CDN fetches from it.
  await s3.send(new PutObjectCommand({ Bucket: origin.bucket, Key: 'a.png', Body: 'png' }));
  expect(await fetch('https://img.example.com/a.png')).toHaveCacheResult('Miss');
  // Path matchers read the bucket's current object with the origin's own client, not counted.
  await expect('/a.png').toBecomeVisibleEverywhereWithin(0, 'png');
  expect(origin.requestCount('/a.png')).toBe(1);
});
// #endregion

test('every test has its own bucket, and a missing key is what MinIO says', async ({ origin }) => {
  expect(origin.requestCount()).toBe(0);
  expect((await fetch('https://img.example.com/missing.png')).status).toBe(404);
  expect('/missing.png').toBeNegativelyCached({ status: 404, for: '10s' });
  await expect('/missing.png').not.toBecomeVisibleEverywhereWithin('9s', 'png');
  expect(origin.requestCount('/missing.png')).toBe(1);
});
