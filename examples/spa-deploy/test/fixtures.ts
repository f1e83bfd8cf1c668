import { test as base } from '@edgecase/vitest';
import type { Site } from '../src/deploy.js';

export { describe, expect } from '@edgecase/vitest';

/**
 * `test` from @edgecase/vitest plus `site`: what the deploy script is given, built from the built-in
 * fixtures — `s3` writes to the test's `origin` bucket, `cloudfront` invalidates on the test's `cdn`.
 */
export const test = base.extend(
  'site',
  ({ s3, cloudfront, origin }): Site => ({
    s3,
    bucket: origin.bucket,
    cloudfront,
    distributionId: 'E2EXAMPLE',
  }),
);
