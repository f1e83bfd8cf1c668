import { type EdgecaseOptions, edgecase } from '@edgecase/vitest/plugin';
import { defineConfig } from 'vitest/config';

export const options: EdgecaseOptions = {
  // The site's bucket refuses anonymous reads: only CloudFront's origin access may read it. In memory a
  // memoryOrigin({ access: 'private' }) that serves what its bucket policy grants; on MinIO
  // (vitest.minio.config.ts) a bucket CloudFront reads with credentials allowed s3:GetObject only.
  buckets: [{ name: 'acme-site', access: 'private' }],
  // The site's distribution: its ARN is what the bucket policy's AWS:SourceArn must name.
  distribution: { arn: 'arn:aws:cloudfront::123456789012:distribution/E2PRODUCTION' },
};

export default defineConfig({ plugins: [edgecase(options)] });
