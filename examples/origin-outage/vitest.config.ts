import { type EdgecaseOptions, edgecase } from '@edgecase/vitest/plugin';
import { defineConfig } from 'vitest/config';

export const options: EdgecaseOptions = {
  // Visitors load https://www.example.com/...: the test's distribution answers it.
  domains: ['www.example.com'],
  // The bucket is in the regional cache's Region (us-east-1), so CloudFront skips that cache:
  // each edge server has only its own copy.
  distribution: { originSettings: { region: 'us-east-1' } },
};

export default defineConfig({
  plugins: [edgecase(options)],
  // The test files may share a Vitest worker (isolate: false, faster): both use its one msw server.
  test: { isolate: false },
});
