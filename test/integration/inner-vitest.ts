import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const vitest = fileURLToPath(new URL('../../node_modules/vitest/vitest.mjs', import.meta.url));

/**
 * Runs `vitest run` on the inner suite in `root` (its own vitest.config.ts) in a child process, with
 * `args` after the root and `env` over this process's (CI unset, so the inner reporters print as
 * locally). An inner Vitest starts in a few seconds; on a busy machine more: 120 s at most.
 */
export function runInnerVitest(
  root: string,
  args: readonly string[],
  env: Record<string, string> = {},
): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [vitest, 'run', '--root', root, ...args], {
    encoding: 'utf8',
    env: { ...process.env, CI: '', ...env },
    timeout: 120_000,
  });
}

/** Where an inner suite's directory is, beside the test file at `url`. */
export function innerDir(url: string): string {
  return join(fileURLToPath(new URL('.', url)), 'inner');
}
