// Issue 13's goal "this repo's `npm test` (MinIO skipped) ≤ 15 s" for the unit, integration, vitest
// and example projects; the consumer (≤ 60 s) and property (≤ 20 s) suites keep their own budgets,
// and the docs and types projects are reported beside them. `npm run bench:suite` runs this after a
// build (npm test builds, type-checks and lints first; those steps are not timed here).
//
// Each group is one `vitest run` with EDGECASE_MINIO=off (the MinIO suites skip with one line), timed
// in wall-clock seconds and in CPU seconds of the run and its children (bash's `times`), which is the
// steadier figure on a busy machine. Options: --rounds N (default 1), --only goal (just the goal row).
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { rounds: { type: 'string', default: '1' }, only: { type: 'string' } },
});
const ROUNDS = Number(values.rounds);
const root = fileURLToPath(new URL('../..', import.meta.url));

interface Group {
  what: string;
  projects: string[];
  goalS?: number;
}

const groups: Group[] = [
  {
    what: "this repo's npm test (MinIO skipped): unit, integration, vitest and example projects",
    projects: ['unit', 'integration', 'vitest*', 'example-*'],
    goalS: 15,
  },
  { what: 'property suite', projects: ['property'], goalS: 20 },
  { what: 'consumer suite (npm pack, install, run)', projects: ['consumer'], goalS: 60 },
  {
    what: 'docs projects (the blocks of docs/ and the pages checker) and type tests',
    projects: ['docs', 'docs-pages', 'types'],
  },
];

function run(projects: readonly string[]): { command: string; wallS: number; cpuS: number; ok: boolean } {
  const args = ['run', ...projects.flatMap((p) => ['--project', p])];
  const command = `EDGECASE_MINIO=off vitest ${args.map((a) => (a.includes('*') ? `'${a}'` : a)).join(' ')}`;
  const started = performance.now();
  // `times` prints the shell's and then its children's user and system time: the second line is Vitest's.
  const out = spawnSync(
    'bash',
    [
      '-c',
      `node_modules/.bin/vitest ${args.map((a) => `'${a}'`).join(' ')} >/dev/null 2>&1; status=$?; times; exit $status`,
    ],
    { cwd: root, encoding: 'utf8', env: { ...process.env, EDGECASE_MINIO: 'off' } },
  );
  const wallS = (performance.now() - started) / 1000;
  const children = out.stdout.trim().split('\n').at(-1) ?? '';
  const seconds = [...children.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
  return { command, wallS, cpuS: seconds.reduce((a, b) => a + b, 0), ok: out.status === 0 };
}

console.log(
  `${cpus().length} cores, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} at the start`,
);
for (const group of groups.filter((g) => values.only !== 'goal' || g.goalS === 15)) {
  const results = Array.from({ length: ROUNDS }, () => run(group.projects));
  const walls = results.map((r) => r.wallS).sort((a, b) => a - b);
  const wall = walls[Math.floor(walls.length / 2)]!;
  const cpu = results.map((r) => r.cpuS).sort((a, b) => a - b)[Math.floor(results.length / 2)]!;
  const failed = results.some((r) => !r.ok) ? " (a run FAILED: see the command's own output)" : '';
  const verdict =
    group.goalS === undefined ? '' : ` (goal ≤ ${group.goalS} s): ${wall <= group.goalS ? 'met' : 'NOT met'}`;
  console.log(
    `goal: ${group.what}: ${wall.toFixed(1)} s${verdict}; CPU ${cpu.toFixed(1)} s; ` +
      `${ROUNDS > 1 ? `median of ${ROUNDS} runs (${walls.map((w) => w.toFixed(1)).join(', ')} s); ` : ''}` +
      `command: ${results[0]!.command}${failed}`,
  );
}
console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} at the end`,
);
