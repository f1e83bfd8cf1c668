// #region config
import { edgecase } from '@edgecase/vitest/plugin';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The app fetches https://img.example.com/...: the test's CloudFront distribution answers it.
  plugins: [edgecase({ domains: ['img.example.com'] })],
});
// #endregion
