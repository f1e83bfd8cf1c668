import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { checkOptionKeys, EdgecaseError } from '@edgecase/cdn';
import { describeValue } from '../describe-value.js';

/**
 * The plugin's `msw` option: which msw server intercepts the app's `fetch`.
 * - absent: edgecase starts one per Vitest worker (refusing hosts that are not the distribution's
 *   nor passthrough);
 * - `{ server: './test/msw-server.ts' }`: the app's own server, from a module (relative to the Vitest
 *   root) that exports it as `server`. The app keeps listening and closing it, and its
 *   `onUnhandledRequest` applies; edgecase adds the distribution's handlers to it for each test;
 * - `false`: none. The app adds `interceptionHandlers(cdn)` to its own server by hand.
 */
export type MswOption = false | { server: string };

/** What the workers get: `own` (edgecase's server), `none`, or the absolute path of the app's module. */
export type ResolvedMsw = 'own' | 'none' | { server: string };

export function checkMswOption(value: unknown): void {
  if (value === undefined || value === false) return;
  checkOptionKeys(value, ['server'], 'edgecase() msw');
  const server = (value as { server?: unknown }).server;
  if (typeof server !== 'string' || server === '') {
    throw new EdgecaseError(
      'InvalidOption',
      `edgecase() msw.server: expected the path of a module exporting your msw server, such as './test/msw-server.ts', got ${describeValue(server)}.`,
      { value: server, hint: 'Use msw: false to wire interceptionHandlers(cdn) into your server by hand.' },
    );
  }
}

/** Resolves `msw.server` against the Vitest root; the file must exist. */
export function resolveMswOption(value: MswOption | undefined, root: string): ResolvedMsw {
  if (value === undefined) return 'own';
  if (value === false) return 'none';
  const path = isAbsolute(value.server) ? value.server : resolve(root, value.server);
  for (const candidate of [path, ...['.ts', '.mts', '.js', '.mjs'].map((ext) => `${path}${ext}`)]) {
    if (existsSync(candidate)) return { server: candidate };
  }
  throw new EdgecaseError(
    'InvalidOption',
    `edgecase() msw.server: expected a module exporting your msw server, got ${JSON.stringify(value.server)}, and ${path} does not exist.`,
    {
      value: value.server,
      hint: `The path is relative to the Vitest root (${root}); the module exports the server: export const server = setupServer(...handlers).`,
    },
  );
}

const KEY = Symbol.for('@edgecase/vitest app msw module');

/**
 * Code appended to the app's server module when Vite loads it: it hands the module's namespace to
 * the fixtures, which run in this package's own copy of the module graph (the package is external,
 * so it cannot import the app's TypeScript module itself). The import of the module by itself reads
 * its live exports, however they are declared.
 */
export function registrationCode(path: string): string {
  return `\nimport * as __edgecaseAppMsw from ${JSON.stringify(path)};\nglobalThis[Symbol.for(${JSON.stringify(KEY.description)})] = () => __edgecaseAppMsw;\n`;
}

/** The app's server, once Vitest has run its module (the app's setup file imports it). */
export function appMswServer(path: string): unknown {
  const namespace = (globalThis as { [KEY]?: () => Record<string, unknown> })[KEY]?.();
  if (namespace === undefined) {
    throw new EdgecaseError(
      'InvalidOption',
      `edgecase() msw.server: ${path} was not loaded in this worker, so edgecase cannot add the distribution's handlers to your server.`,
      {
        hint: "Import it from a setup file, where you start it: setupFiles: ['./test/setup.ts'] with import { server } from './msw-server'; beforeAll(() => server.listen()).",
      },
    );
  }
  const server = namespace.server as { use?: unknown; resetHandlers?: unknown } | undefined;
  if (typeof server?.use !== 'function' || typeof server.resetHandlers !== 'function') {
    throw new EdgecaseError(
      'InvalidOption',
      `edgecase() msw.server: expected ${path} to export \`server\` (msw's setupServer()), got ${describeValue(server)}.`,
      { value: server, hint: 'Export it by that name: export const server = setupServer(...handlers).' },
    );
  }
  return server;
}
