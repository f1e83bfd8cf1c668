#!/usr/bin/env node
// npm run fuzz: the property suite (test/property) for a long run — 10,000,000 operations by default,
// from a fresh seed (printed, so a failure can be replayed), stopped after a time cap.
//   npm run fuzz                              10^7 operations, at most 40 minutes
//   npm run fuzz -- --ops 2000000 --seconds 600 --seed 42
import { spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = Number(args[i + 1]);
  if (!Number.isSafeInteger(value) || value < 0) {
    console.error(`fuzz: --${name} expects a whole number, got ${JSON.stringify(args[i + 1])}`);
    process.exit(2);
  }
  return value;
};
const unknown = args.filter(
  (a, i) => a.startsWith('--') && !['--ops', '--seconds', '--seed'].includes(a) && i >= 0,
);
if (unknown.length > 0) {
  console.error(`fuzz: unknown option ${unknown[0]}; expected --ops, --seconds or --seed`);
  process.exit(2);
}
const ops = option('ops', 10_000_000);
const seconds = option('seconds', 2_400);
const seed = option('seed', randomInt(1, 2 ** 31));
console.log(`[fuzz] ${ops.toLocaleString('en')} operations, at most ${seconds} s, seed ${seed}`);
const root = fileURLToPath(new URL('..', import.meta.url));
const result = spawnSync(
  'npx',
  [
    'vitest',
    'run',
    '--config',
    'test/property/vitest.config.ts',
    '--root',
    '.',
    'test/property/cdn.property.test.ts',
  ],
  {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      // The repo's pinned Node (its node_modules/.bin/node), whichever node runs this script.
      PATH: `${root}node_modules/.bin:${process.env.PATH}`,
      EDGECASE_PROPERTY_OPS: String(ops),
      EDGECASE_PROPERTY_SECONDS: String(seconds),
      EDGECASE_PROPERTY_SEED: String(seed),
    },
  },
);
process.exit(result.status ?? 1);
