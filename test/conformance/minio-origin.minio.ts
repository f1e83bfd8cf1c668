import { injectMinio } from '@edgecase/minio/vitest';
import { describe } from 'vitest';
import { describeOriginConformance } from './origin-conformance.js';
import { s3Driver } from './s3-driver.js';

const minio = injectMinio();

/**
 * MinIO, written with root credentials and read by s3Origin with temporary credentials limited to
 * s3:GetObject (+ s3:ListBucket when the test asks for it): the reader CloudFront's origin access has.
 */
describe.skipIf(!minio)('MinIO', () => {
  if (!minio) return;
  describeOriginConformance(
    's3Origin over MinIO',
    async ({ listBucket }) => {
      const bucket = await minio.createBucket();
      const actions = listBucket ? ['s3:GetObject', 's3:ListBucket'] : ['s3:GetObject'];
      const reader = minio.s3Client(await minio.restrictedCredentials({ bucket, actions }), {
        maxAttempts: 1,
      });
      const writer = minio.s3Client();
      return s3Driver({
        writer,
        reader,
        bucket,
        wait: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
        dispose: async () => {
          writer.destroy();
          reader.destroy();
        },
      });
    },
    {
      // Measured against the pinned MinIO; docs/origins.md "Where MinIO differs from S3".
      knownDifferences: [
        'missing-key-404-without-list-bucket',
        'no-content-range-on-416',
        'if-modified-since-checked-despite-if-none-match',
      ],
    },
  );
});
