import { type EdgecaseOptions, edgecase } from '@edgecase/vitest/plugin';
import { defineConfig } from 'vitest/config';

// The tests build their own private bucket and distribution (test/private-site.ts); the plugin gives
// them the run's MinIO under vitest.minio.config.ts.
export const options: EdgecaseOptions = {};

export default defineConfig({ plugins: [edgecase(options)] });
