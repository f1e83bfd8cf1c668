#!/usr/bin/env node
// Mutation run for the property suite: plants realistic bugs in @edgecase/cdn, one at a time, in a
// temporary git worktree of HEAD (never in this tree), runs the property suite against each, and
// prints a table of which were caught. A bug the suite misses is a hole in its invariants.
//   node scripts/mutation-run.mjs [--ops 300000]
import { execFileSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MUTANTS } from './mutants.mjs';
import { repo, runPropertySuite } from './property-suite.mjs';

// Terminal colour codes in Vitest's output.
const ESC = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

const args = process.argv.slice(2);
const opsArg = args.indexOf('--ops');
const ops = opsArg >= 0 ? Number(args[opsArg + 1]) : 300_000;
const tree = mkdtempSync(join(tmpdir(), 'edgecase-mutation-'));
const git = (...a) => execFileSync('git', a, { cwd: repo, encoding: 'utf8' });

git('worktree', 'add', '--detach', tree, 'HEAD');
try {
  // The worktree's packages, everything else from this checkout's node_modules.
  mkdirSync(join(tree, 'node_modules', '@edgecase'), { recursive: true });
  for (const entry of readdirSync(join(repo, 'node_modules'))) {
    if (entry !== '@edgecase')
      symlinkSync(join(repo, 'node_modules', entry), join(tree, 'node_modules', entry));
  }
  for (const pkg of ['cdn', 's3', 'minio', 'vitest']) {
    symlinkSync(join(tree, 'packages', pkg), join(tree, 'node_modules', '@edgecase', pkg));
  }
  const rows = [];
  const run = () => runPropertySuite(tree, { ops, seconds: 300 }, { encoding: 'utf8' });
  const baseline = run();
  if (baseline.status !== 0)
    throw new Error(`the unmutated tree fails the property suite:\n${baseline.stdout}${baseline.stderr}`);
  for (const mutant of MUTANTS) {
    const path = join(tree, mutant.file);
    const original = readFileSync(path, 'utf8');
    if (original.split(mutant.find).length !== 2)
      throw new Error(`${mutant.file}: "${mutant.find}" is not there exactly once`);
    writeFileSync(path, original.replace(mutant.find, mutant.replace));
    const started = Date.now();
    const result = run();
    writeFileSync(path, original);
    const out = `${result.stdout}${result.stderr}`.replace(ESC, '');
    const violation = /property violated: (.*)/.exec(out)?.[1] ?? '';
    const seconds = ((Date.now() - started) / 1000).toFixed(0);
    rows.push(
      `| ${mutant.name} | \`${mutant.file.replace('packages/cdn/src/', '')}\` | ${result.status !== 0 ? 'caught' : '**missed**'} | ${violation.replace(/\|/g, '\\|').slice(0, 160)} | ${seconds} s |`,
    );
    console.log(rows.at(-1));
  }
  console.log(
    [
      '',
      '| planted bug | file | result | first violation reported (after shrinking) | time |',
      '| --- | --- | --- | --- | --- |',
      ...rows,
    ].join('\n'),
  );
  if (rows.some((r) => r.includes('**missed**'))) process.exitCode = 1;
} finally {
  git('worktree', 'remove', '--force', tree);
  rmSync(tree, { recursive: true, force: true });
}
