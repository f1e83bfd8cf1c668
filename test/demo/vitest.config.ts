// The `docs` project: every ```ts block of docs/ as a file of its own (test/demo/snippets), the blocks
// with tests run as a user who followed docs/getting-started.md has them: the plugin with the options
// that page shows. The blocks are written when this config loads, before Vitest collects test files.
import { defineProject } from 'vitest/config';
import { edgecase } from '../../packages/vitest/src/plugin.js';
import { repoRoot, writeSnippets } from './snippets/write.js';

writeSnippets();

const conditions = ['@edgecase/source', 'node', 'development|production'];

export default defineProject({
  root: repoRoot,
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  plugins: [edgecase({ domains: ['img.example.com'] })],
  test: { name: 'docs', include: ['.cache/docs-snippets/**/*.test.ts'] },
});
