// The same tests on MinIO: `npm run test:minio` (one MinIO for the run, a bucket per test).
import { edgecase } from '@edgecase/vitest/plugin';
import { defineConfig } from 'vitest/config';
import { options } from './vitest.config.js';

export default defineConfig({
  plugins: [edgecase({ ...options, origin: 'minio' })],
  test: { name: 'minio-example-edge-functions', testTimeout: 30_000 },
});
