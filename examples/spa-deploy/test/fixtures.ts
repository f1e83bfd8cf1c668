import { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import { S3Client } from '@aws-sdk/client-s3';
import { mockCloudFrontClient, mockS3Client } from '@edgecase/s3';
import { test as base } from '@edgecase/vitest';
import type { Site } from '../src/deploy.js';

export { describe, expect } from '@edgecase/vitest';

/**
 * `test` from @edgecase/vitest plus `site`: what the deploy script is given, with the app's own AWS
 * clients — `s3` writes to the test's `origin` bucket, `cloudfront` invalidates on the test's `cdn`.
 */
export const test = base.extend('site', ({ origin, cdn }, { onCleanup }): Site => {
  const s3 = mockS3Client(origin);
  const cloudfront = mockCloudFrontClient(cdn);
  onCleanup(() => {
    s3.restore();
    cloudfront.restore();
  });
  return {
    s3: new S3Client({ region: 'us-east-1' }),
    bucket: origin.bucket,
    cloudfront: new CloudFrontClient({ region: 'us-east-1' }),
    distributionId: 'E2EXAMPLE',
  };
});
