// The `docs` project: every ```ts block of docs/ as a file of its own (test/demo/snippets). The blocks
// with tests run here, as a user who followed docs/getting-started.md has them (the plugin with the
// options that page shows), except on a page with its own `// vitest.config.ts` block: those run under
// that config, on the built packages (docs-snippets.test.ts). The blocks are written when this config
// loads, before Vitest collects test files.
import { dirname, relative } from 'node:path';
import { configDefaults, defineProject } from 'vitest/config';
import { edgecase } from '../../packages/vitest/src/plugin.js';
import { repoRoot, writeSnippets } from './snippets/write.js';

/** Writes the blocks; never throws, so one broken page cannot stop a Vitest run (the checker reports it). */
function pagesWithOwnConfig(): string[] {
  try {
    return writeSnippets()
      .snippets.filter((snippet) => snippet.file === 'vitest.config.ts')
      .map((snippet) => `${relative(repoRoot, dirname(snippet.path))}/**`);
  } catch {
    return [];
  }
}

const ownConfig = pagesWithOwnConfig();

const conditions = ['@edgecase/source', 'node', 'development|production'];

export default defineProject({
  root: repoRoot,
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  plugins: [edgecase({ domains: ['img.example.com'] })],
  test: {
    name: 'docs',
    include: ['.cache/docs-snippets/**/*.test.ts'],
    exclude: [...configDefaults.exclude, ...ownConfig],
  },
});
