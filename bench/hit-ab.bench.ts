import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

// Issue 11's goal, in the same run: the cached hit path of this tree's build against the builds
// before the change (0bb48b4, docs/performance.md's base, and cde53ee^, just before CloudFront
// Functions and signed URLs), sticky and random routing and a random server of 600 x 20. Each build
// runs in its own process, in interleaved rounds (bench/ab/hit-ab.ts); the base builds are made once
// into node_modules/.cache/edgecase-ab. Figures go in docs/performance.md, taken on a quiet machine.

const root = fileURLToPath(new URL('..', import.meta.url));

test('hit path against the builds before edge code (same run, interleaved)', { timeout: 600_000 }, () => {
  // This tree's build must be current: tsc -b does nothing when it is.
  execFileSync(fileURLToPath(new URL('../node_modules/.bin/tsc', import.meta.url)), ['-b', 'packages/cdn'], {
    cwd: root,
    stdio: 'inherit',
  });
  const out = execFileSync(process.execPath, ['bench/ab/hit-ab.ts', '--rounds', '3', '--json'], {
    cwd: root,
    encoding: 'utf8',
    timeout: 540_000,
  });
  const lines = out.trim().split('\n');
  console.log(lines.slice(0, -1).join('\n'));
  const results = JSON.parse(lines.at(-1)!) as { variant: string; base: string; ratio: number }[];
  expect(results.map((r) => `${r.variant} ${r.base}`)).toEqual([
    'sticky 0bb48b4',
    'sticky cde53ee^',
    'random 0bb48b4',
    'random cde53ee^',
    'random-600x20 0bb48b4',
    'random-600x20 cde53ee^',
  ]);
  for (const r of results) expect(r.ratio).toBeGreaterThan(0);
});
