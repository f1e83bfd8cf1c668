// #region config
import { type EdgecaseOptions, edgecase } from '@edgecase/vitest/plugin';
import { defineConfig } from 'vitest/config';

// The app fetches https://img.example.com/...: the test's CloudFront distribution answers it.
export const options: EdgecaseOptions = { domains: ['img.example.com'] };

export default defineConfig({ plugins: [edgecase(options)] });
// #endregion
