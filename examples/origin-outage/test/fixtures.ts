import { S3Client } from '@aws-sdk/client-s3';
import { mockS3Client } from '@edgecase/s3';
import { test as base } from '@edgecase/vitest';

export { describe, expect } from '@edgecase/vitest';

/**
 * `test` from @edgecase/vitest plus `s3`: the app's own S3Client, answered by the test's `origin`
 * bucket, so what the app publishes is what CloudFront fetches.
 */
export const test = base.extend('s3', ({ origin }, { onCleanup }) => {
  const mock = mockS3Client(origin);
  onCleanup(() => mock.restore());
  return new S3Client({ region: 'us-east-1' });
});
