import { CopyObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ManualClock, memoryOrigin } from '@edgecase/cdn';
import { mockS3Client } from '@edgecase/s3';
import { expect, it } from 'vitest';

// Found by the MinIO differential: within one bucket, CopyObject through mockS3Client threw the
// memoryOrigin's EdgecaseError where S3 (and MinIO) answer with the SDK's exceptions.
it('CopyObject onto itself without REPLACE is 400 InvalidRequest, from a missing key 404 NoSuchKey', async () => {
  const origin = memoryOrigin({ bucket: 'site', clock: new ManualClock() });
  const client = new S3Client({
    region: 'us-east-1',
    credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
  });
  const mock = mockS3Client(origin, { client });
  try {
    await client.send(new PutObjectCommand({ Bucket: 'site', Key: 'a.txt', Body: 'x' }));
    const self = await client
      .send(new CopyObjectCommand({ Bucket: 'site', Key: 'a.txt', CopySource: 'site/a.txt' }))
      .catch((error: unknown) => error);
    expect(self).toMatchObject({ name: 'InvalidRequest', $metadata: { httpStatusCode: 400 } });
    const missing = await client
      .send(new CopyObjectCommand({ Bucket: 'site', Key: 'c.txt', CopySource: 'site/none.txt' }))
      .catch((error: unknown) => error);
    expect(missing).toMatchObject({ name: 'NoSuchKey', $metadata: { httpStatusCode: 404 } });
    const replaced = await client.send(
      new CopyObjectCommand({
        Bucket: 'site',
        Key: 'a.txt',
        CopySource: 'site/a.txt',
        MetadataDirective: 'REPLACE',
      }),
    );
    expect(replaced.CopyObjectResult?.ETag).toBe('"9dd4e461268c8034f5c8564e155c67a6"');
  } finally {
    mock.restore();
  }
});
