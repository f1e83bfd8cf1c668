// The property suite on its own, for `npm run fuzz` and the mutation run (scripts/mutation-run.mjs):
// no plugin, no other project, the packages from source.
import { defineConfig } from 'vitest/config';

const conditions = ['@edgecase/source', 'node', 'development|production'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: { include: ['test/property/*.test.ts'], testTimeout: 3_000_000 },
});
