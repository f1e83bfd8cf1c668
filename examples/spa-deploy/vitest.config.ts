import { type EdgecaseOptions, edgecase } from '@edgecase/vitest/plugin';
import { defineConfig } from 'vitest/config';

export const options: EdgecaseOptions = {
  // Users open https://app.example.com/: the test's distribution answers it.
  domains: ['app.example.com'],
  distribution: { defaultRootObject: 'index.html' },
};

export default defineConfig({ plugins: [edgecase(options)] });
