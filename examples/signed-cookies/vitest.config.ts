import { type EdgecaseOptions, edgecase } from '@edgecase/vitest/plugin';
import { defineConfig } from 'vitest/config';

export const options: EdgecaseOptions = {
  // The player loads https://stream.example.com/videos/...: the test's distribution answers it.
  domains: ['stream.example.com'],
};

export default defineConfig({ plugins: [edgecase(options)] });
