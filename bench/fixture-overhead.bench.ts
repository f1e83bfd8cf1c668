import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

// Issue 13's goal "fixture overhead per edgecase test ≤ 0.2 ms" (plain Vitest ≈ 0.05 ms): files of
// 1,000 trivial tests with the `cdn` fixture against 1,000 plain Vitest tests, run by Vitest's Node
// API on the built packages (bench/suite/fixture-overhead.ts says how). Prints the `goal:` line for
// docs/performance.md; figures are taken on a quiet machine.

const root = fileURLToPath(new URL('..', import.meta.url));

test('fixture overhead per edgecase test', { timeout: 300_000 }, () => {
  // The generated files run on the built packages, as an app has them: the build must be current.
  execFileSync(fileURLToPath(new URL('../node_modules/.bin/tsc', import.meta.url)), ['-b'], {
    cwd: root,
    stdio: 'inherit',
  });
  const out = execFileSync(process.execPath, ['bench/suite/fixture-overhead.ts', '--json'], {
    cwd: root,
    encoding: 'utf8',
    timeout: 280_000,
  });
  const lines = out.trim().split('\n');
  console.log(lines.slice(0, -1).join('\n'));
  const result = JSON.parse(lines.at(-1)!) as { wall: { figure: number }; cpu: { figure: number } };
  expect(result.wall.figure).toBeGreaterThan(0);
  expect(result.cpu.figure).toBeTypeOf('number');
});
