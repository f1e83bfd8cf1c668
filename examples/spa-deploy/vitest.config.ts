import { type EdgecaseOptions, edgecase } from '@edgecase/vitest/plugin';
import { defineConfig } from 'vitest/config';

export const options: EdgecaseOptions = {
  // Users open https://app.example.com/: the test's distribution answers it.
  domains: ['app.example.com'],
  distribution: { defaultRootObject: 'index.html' },
};

export default defineConfig({
  plugins: [edgecase(options)],
  // The test files may share a Vitest worker (isolate: false, faster): the deploy's tests and the
  // explorer's (on test.extend) use its one msw server.
  test: { isolate: false },
});
