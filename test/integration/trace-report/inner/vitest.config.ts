import { defineConfig } from 'vitest/config';
import { edgecase } from '../../../../packages/vitest/src/plugin.js';

// The inner suite of ../attach.test.ts: tests that fail on purpose, run by a Vitest of their own, with
// a reporter that writes every test's annotations to the file the outer test names.
const conditions = ['@edgecase/source', 'node', 'development|production'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  plugins: [edgecase()],
  test: {
    include: ['*.inner.ts'],
    reporters: ['./annotations-reporter.ts'],
  },
});
