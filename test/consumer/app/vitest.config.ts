// #region readme
import { edgecase } from '@edgecase/vitest/plugin';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [
    edgecase({
      domains: ['cdn.acme.test'], // the app's CloudFront CNAME: the test's distribution answers it
      msw: { server: './test/msw-server.ts' }, // the app's own msw server, not a second one
      buckets: ['acme-assets'], // the bucket the app's config names
      mockClients: ['s3', 'cloudfront'], // the app's own S3Client and CloudFrontClient, in every test
      distribution: {
        // The bucket (in us-east-1: no regional cache in front of it) and the app's API.
        origins: {
          site: { bucket: 'acme-assets', region: 'us-east-1' },
          api: { url: 'https://api.acme.test' },
        },
        defaultCacheBehavior: { targetOriginId: 'site' },
        cacheBehaviors: [{ pathPattern: '/api/*', targetOriginId: 'api', cachePolicy: 'CachingDisabled' }],
      },
    }),
  ],
  test: { include: ['test/**/*.spec.ts'], setupFiles: ['./test/setup.ts'] },
});
// #endregion
