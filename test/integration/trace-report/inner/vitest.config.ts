import { defineConfig } from 'vitest/config';
import { edgecase } from '../../../../packages/vitest/src/plugin.js';
import { innerConditions } from '../../inner-vitest.js';

// The inner suite of ../attach.test.ts: tests that fail on purpose, run by a Vitest of their own, with
// a reporter that writes every test's annotations to the file the outer test names.

export default defineConfig({
  resolve: { conditions: innerConditions },
  ssr: { resolve: { conditions: innerConditions } },
  plugins: [edgecase()],
  test: {
    include: ['*.inner.ts'],
    reporters: ['./annotations-reporter.ts'],
  },
});
