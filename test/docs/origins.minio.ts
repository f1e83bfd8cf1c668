import { PutObjectCommand } from '@aws-sdk/client-s3';
import { createCdn, ManualClock } from '@edgecase/cdn';
import { startMinio } from '@edgecase/minio';
import { injectMinio, minioTest } from '@edgecase/minio/vitest';
import { s3Origin } from '@edgecase/s3';
import { describe, expect, it } from 'vitest';

describe.skipIf(!injectMinio())('docs/origins.md over MinIO', () => {
  // "In a Vitest suite: one MinIO per run, a bucket per test"
  // #region minio-test
  minioTest('serves what the app uploaded', async ({ minio, bucket }) => {
    const origin = s3Origin({ client: minio.s3Client(), bucket });
    const writer = minio.s3Client();
    await writer.send(new PutObjectCommand({ Bucket: bucket, Key: 'a.txt', Body: 'uploaded' }));
    writer.destroy();
    const cdn = createCdn({ clock: new ManualClock(), origin });
    expect(await (await cdn.fetch('/a.txt')).text()).toBe('uploaded');
  });
  // #endregion

  minioTest('gives every test its own bucket', async ({ minio, bucket }) => {
    expect(bucket).toMatch(/^edgecase-[0-9a-f]{12}$/);
    expect(minio.endpoint).toBe(injectMinio()?.endpoint);
  });

  // "MinIO: the real S3 semantics, on your machine"
  it('startMinio with await using', async () => {
    // #region start-minio
    await using minio = await startMinio();
    const bucket = await minio.createBucket();
    const origin = s3Origin({ client: minio.s3Client(), bucket });
    const cdn = createCdn({ clock: new ManualClock(), origin });
    // #endregion
    expect((await cdn.fetch('/missing.txt')).status).toBe(404);
  });
});
