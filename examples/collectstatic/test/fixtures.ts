import { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import { S3Client } from '@aws-sdk/client-s3';
import { mockCloudFrontClient, mockS3Client } from '@edgecase/s3';
import { test as base } from '@edgecase/vitest';

export { describe, expect } from '@edgecase/vitest';

/**
 * `test` from @edgecase/vitest plus the app's own AWS clients: `s3` writes to the test's `origin`
 * bucket, `cloudfront` creates invalidations on the test's `cdn`.
 */
export const test = base
  .extend('s3', ({ origin }, { onCleanup }) => {
    const mock = mockS3Client(origin);
    onCleanup(() => mock.restore());
    return new S3Client({ region: 'us-east-1' });
  })
  .extend('cloudfront', ({ cdn }, { onCleanup }) => {
    const mock = mockCloudFrontClient(cdn);
    onCleanup(() => mock.restore());
    return new CloudFrontClient({ region: 'us-east-1' });
  });
