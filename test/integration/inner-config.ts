import { defineConfig, type ViteUserConfig } from 'vitest/config';
import { edgecase } from '../../packages/vitest/src/plugin.js';

type InnerTestOptions = NonNullable<ViteUserConfig['test']>;

/**
 * An inner suite's config (run by `runInnerVitest`): the packages' sources, as the outer projects
 * resolve them, the `edgecase()` plugin, and `test` for its `*.inner.ts` files.
 */
export function innerConfig(test: Omit<InnerTestOptions, 'include'> = {}): ViteUserConfig {
  const conditions = ['@edgecase/source', 'node', 'development|production'];
  return defineConfig({
    resolve: { conditions },
    ssr: { resolve: { conditions } },
    plugins: [edgecase()],
    test: { include: ['*.inner.ts'], ...test },
  });
}
