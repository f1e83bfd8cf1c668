import { defineConfig } from 'vitest/config';

// Packages export their TypeScript sources under the `@edgecase/source` condition, so tests run
// against `src/` without a build; type tests run against the built `.d.ts`.
const resolve = { conditions: ['@edgecase/source'] };

export default defineConfig({
  resolve,
  test: {
    projects: [
      {
        resolve,
        test: { name: 'unit', include: ['packages/*/src/**/*.test.ts'] },
      },
      {
        resolve,
        test: { name: 'integration', include: ['test/**/*.test.ts'] },
      },
      {
        resolve,
        test: { name: 'bench', include: [], benchmark: { include: ['bench/**/*.bench.ts'] } },
      },
    ],
  },
});
