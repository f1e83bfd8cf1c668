import { defineConfig } from 'vitest/config';

// Packages export their TypeScript sources under the `@edgecase/source` condition, so tests run
// against `src/` without a build; type tests run against the built `.d.ts`.
export const source = {
  resolve: { conditions: ['@edgecase/source', 'module', 'node', 'development|production'] },
  ssr: { resolve: { conditions: ['@edgecase/source', 'module', 'node', 'development|production'] } },
};

export default defineConfig({
  ...source,
  test: {
    projects: [
      {
        ...source,
        test: { name: 'unit', include: ['packages/*/src/**/*.test.ts'] },
      },
      {
        ...source,
        test: { name: 'integration', include: ['test/**/*.test.ts'] },
      },
    ],
  },
});
