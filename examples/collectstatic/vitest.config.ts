import { type EdgecaseOptions, edgecase } from '@edgecase/vitest/plugin';
import { defineConfig } from 'vitest/config';

export const options: EdgecaseOptions = {
  distribution: {
    // One edge location with 20 servers, each with its own cache.
    topology: { pops: [{ id: 'SFO5', servers: 20 }] },
    // The bucket is in the regional cache's Region (us-east-1), so CloudFront skips that cache.
    originSettings: { region: 'us-east-1' },
  },
};

export default defineConfig({ plugins: [edgecase(options)] });
