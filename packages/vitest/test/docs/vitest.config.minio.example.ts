// #region minio-plugin
import { edgecase } from '@edgecase/vitest/plugin';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // One MinIO for the run (@edgecase/minio's global setup), a fresh bucket per test.
  plugins: [edgecase({ origin: 'minio', domains: ['img.example.com'] })],
  test: { testTimeout: 30_000 },
});
// #endregion
