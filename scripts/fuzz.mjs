#!/usr/bin/env node
// npm run fuzz: the property suite (test/property) for a long run — 10,000,000 operations by default,
// from a fresh seed (printed, so a failure can be replayed), stopped after a time cap.
//   npm run fuzz                              10^7 operations, at most 40 minutes
//   npm run fuzz -- --ops 2000000 --seconds 600 --seed 42
import { randomInt } from 'node:crypto';
import { repo, runPropertySuite } from './property-suite.mjs';

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
const unknown = args.filter((a) => a.startsWith('--') && !['--ops', '--seconds', '--seed'].includes(a));
if (unknown.length > 0) {
  console.error(`fuzz: unknown option ${unknown[0]}; expected --ops, --seconds or --seed`);
  process.exit(2);
}
const ops = option('ops', 10_000_000);
const seconds = option('seconds', 2_400);
const seed = option('seed', randomInt(1, 2 ** 31));
console.log(`[fuzz] ${ops.toLocaleString('en')} operations, at most ${seconds} s, seed ${seed}`);
const result = runPropertySuite(repo, { ops, seconds, seed }, { stdio: 'inherit' });
process.exit(result.status ?? 1);
