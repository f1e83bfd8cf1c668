// `npm run mutation` (scripts/mutation-run.mjs) plants each bug by replacing one line: when a refactor
// moves that line, the run stops at that bug. Found when four of the six had gone (2026-12-06).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MUTANTS } from '../../scripts/mutants.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('the mutation run’s planted bugs', () => {
  it.each([...MUTANTS])('$name: its line is in the code, once', (mutant) => {
    const source = readFileSync(`${root}/${mutant.file}`, 'utf8');
    expect(source.split(mutant.find).length - 1).toBe(1);
    expect(mutant.replace).not.toBe(mutant.find);
  });
});
