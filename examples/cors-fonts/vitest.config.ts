import { type EdgecaseOptions, edgecase } from '@edgecase/vitest/plugin';
import { defineConfig } from 'vitest/config';

export const options: EdgecaseOptions = {
  // The site (https://www.example.com) loads its fonts from the CDN's domain.
  domains: ['assets.example.com'],
  // The configuration with the trap: the bucket's CORS answer is forwarded (CORS-S3Origin sends
  // Origin to S3) but Origin is not in the cache key (CachingOptimized).
  distribution: {
    defaultCacheBehavior: { cachePolicy: 'CachingOptimized', originRequestPolicy: 'CORS-S3Origin' },
  },
};

export default defineConfig({ plugins: [edgecase(options)] });
