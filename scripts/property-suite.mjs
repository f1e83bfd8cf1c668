// Runs the property suite (test/property) in `cwd` with the repo's pinned Node (its
// node_modules/.bin first on PATH, whichever node runs the caller) and the given budget.
// Shared by scripts/fuzz.mjs and scripts/mutation-run.mjs.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = fileURLToPath(new URL('..', import.meta.url));

/** `budget`: { ops, seconds, seed? } as the suite's EDGECASE_PROPERTY_* variables; `options` go to spawnSync. */
export function runPropertySuite(cwd, budget, options = {}) {
  return spawnSync(
    join(repo, 'node_modules', '.bin', 'vitest'),
    [
      'run',
      '--config',
      'test/property/vitest.config.ts',
      '--root',
      '.',
      'test/property/cdn.property.test.ts',
    ],
    {
      ...options,
      cwd,
      env: {
        ...process.env,
        PATH: `${join(repo, 'node_modules', '.bin')}:${process.env.PATH}`,
        EDGECASE_PROPERTY_OPS: String(budget.ops),
        EDGECASE_PROPERTY_SECONDS: String(budget.seconds),
        ...(budget.seed !== undefined ? { EDGECASE_PROPERTY_SEED: String(budget.seed) } : {}),
      },
    },
  );
}
