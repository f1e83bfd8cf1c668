import { type EdgecaseOptions, edgecase } from '@edgecase/vitest/plugin';
import { defineConfig } from 'vitest/config';

export const options: EdgecaseOptions = {
  // The site is https://docs.example.com: the test's distribution answers it.
  domains: ['docs.example.com'],
};

export default defineConfig({ plugins: [edgecase(options)] });
