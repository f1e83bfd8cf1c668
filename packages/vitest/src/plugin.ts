// `@edgecase/vitest/plugin`: the node-side entry for vitest.config.ts (no test runtime imported).
import type { Plugin } from 'vitest/config';
import { type EdgecaseOptions, resolveOptions } from './options.js';

export type { DistributionConfig, EdgecaseOptions } from './options.js';

/** The setup file that registers the matchers in every test file. */
export const MATCHERS_SETUP_FILE = '@edgecase/vitest/matchers';

/**
 * The Vitest plugin: `plugins: [edgecase()]` in vitest.config.ts (or in one of its `projects`).
 * Registers the matchers through `setupFiles` and hands the options to the fixtures through
 * `provide`. Options are validated here, so a mistake fails before any test runs.
 */
export function edgecase(options: EdgecaseOptions = {}): Plugin {
  const resolved = resolveOptions(options);
  return {
    name: 'edgecase',
    config() {
      return {
        test: {
          setupFiles: [MATCHERS_SETUP_FILE],
          provide: { edgecase: resolved },
        },
      };
    },
  };
}
