// `@edgecase/vitest/plugin`: the node-side entry for vitest.config.ts (no test runtime imported).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vitest/config';
import {
  isDistributionSource,
  type ResolvedDistributionSource,
  readDistributionSource,
} from './fixtures/distribution-source.js';
import { registrationCode, resolveMswOption } from './network/msw-option.js';
import { type EdgecaseOptions, resolveOptions } from './options.js';

export type {
  CloudFormationSource,
  DistributionConfigSource,
  DistributionSource,
  TerraformSource,
} from './fixtures/distribution-source.js';
export type { DistributionConfig, EdgecaseOptions } from './options.js';

/**
 * The setup file that registers the matchers in every test file: this package's `matchers` module
 * by path (`dist/matchers.js`, or `src/matchers.ts` when the plugin runs from source), so the setup
 * file and the tests load the same copy. Vitest resolves a bare `setupFiles` entry without the
 * project's resolve conditions.
 */
function matchersSetupFile(): string {
  return ownFile('matchers', '@edgecase/vitest/matchers');
}

/** This package's `name` module by path: `dist/<name>.js`, or `src/<name>.ts` when running from source. */
function ownFile(name: string, fallback: string): string {
  for (const file of [`./${name}.js`, `./${name}.ts`]) {
    const path = fileURLToPath(new URL(file, import.meta.url));
    if (existsSync(path)) return path;
  }
  return fallback;
}

/**
 * The Vitest plugin: `plugins: [edgecase()]` in vitest.config.ts (or in one of its `projects`).
 * Registers the matchers through `setupFiles` and hands the options to the fixtures through
 * `provide`; with `origin: 'minio'` also adds the global setup that starts one MinIO per run.
 * Options are validated here, so a mistake fails before any test runs.
 */
export function edgecase(options: EdgecaseOptions = {}): Plugin {
  const resolved = resolveOptions(options);
  let appServer: string | undefined;
  return {
    name: 'edgecase',
    config(config = {}) {
      // The app's msw module is checked here, where the root is known: one error before any test.
      const root = resolve(config.root ?? process.cwd());
      const msw = resolveMswOption(options.msw, root);
      appServer = typeof msw === 'object' ? msw.server : undefined;
      // The distribution the app deploys, read and loaded once here: one error naming the file.
      const source = isDistributionSource(options.distribution)
        ? readDistributionSource(options.distribution, root)
        : undefined;
      const userConfig = (distributionSource?: ResolvedDistributionSource) => ({
        test: {
          setupFiles: [matchersSetupFile()],
          ...(resolved.origin === 'minio'
            ? { globalSetup: [ownFile('minio/global-setup', '@edgecase/vitest/minio-global-setup')] }
            : {}),
          provide: {
            edgecase: {
              ...resolved,
              ...(msw !== 'own' ? { msw } : {}),
              ...(distributionSource ? { distributionSource } : {}),
            },
          },
        },
      });
      // Terraform's parser is WebAssembly: with a Terraform file the hook answers a promise (Vite awaits it).
      return source instanceof Promise ? source.then(userConfig) : userConfig(source);
    },
    // The app's setup file imports its server module (to listen); when Vite loads it, it is handed
    // to the fixtures. (Not a setup file itself: Vitest re-runs those, which would make a second server.)
    transform(code, id) {
      if (appServer === undefined || id.split('?')[0] !== appServer) return undefined;
      return { code: code + registrationCode(appServer), map: null };
    },
  };
}
