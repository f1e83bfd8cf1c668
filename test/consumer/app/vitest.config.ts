// #region readme
import { edgecase } from '@edgecase/vitest/plugin';
import { defineConfig } from 'vitest/config';

// The app fetches https://cdn.acme.test/...: the test's CloudFront distribution answers it.
export default defineConfig({
  plugins: [edgecase({ domains: ['cdn.acme.test'] })],
  test: { include: ['test/**/*.spec.ts'] },
});
// #endregion
