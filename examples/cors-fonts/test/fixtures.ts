import { test as base } from '@edgecase/vitest';
import { allowSiteOrigin, publishFont } from '../src/publish.js';

export { describe, expect } from '@edgecase/vitest';

/**
 * `test` from @edgecase/vitest plus `published`: the font uploaded and the bucket's CORS rule set
 * with the app's own S3 client (the built-in `s3` fixture, answered by the test's bucket).
 */
export const test = base.extend('published', async ({ s3, origin }) => {
  await allowSiteOrigin(s3, origin.bucket);
  await publishFont(s3, origin.bucket, 'fonts/brand.woff2', 'wOF2 brand font');
  return true;
});
