// The cached-hit path of the working tree's @edgecase/cdn against builds of earlier commits, measured
// in interleaved rounds (the order rotates every round), so all builds see the same machine in the
// same minutes. Issue 11's goal: a distribution with no functions and no key groups stays within 3 %
// of the hit path before edge code. The default bases: 0bb48b4 (docs/performance.md's base, before
// lazy topologies, viewer attributes, rollouts, policies and edge code) and cde53ee^ (just before
// CloudFront Functions and signed URLs landed). Each build runs in a process of its own
// (bench/ab/hit-child.ts), counted against CPU time: two builds in one process measured the second
// one loaded 5–20 % slower even when both were the same code.
//
//   npm run build && node bench/ab/hit-ab.ts [--base 0bb48b4,cde53ee^] [--head worktree] \
//     [--variants sticky,random,random-600x20] [--rounds 6] [--ms 200] [--reps 3] [--json]
//
// `--base` (comma-separated) and `--head` take git refs or `worktree` (packages/cdn/dist). Prints,
// per variant and base, each build's median hits per CPU-second, the median of the per-round ratios
// head ÷ base, and whether it is within 3 %. Compare one commit with another for a bisection:
// `node bench/ab/hit-ab.ts --base 0bb48b4 --head <commit> --variants random`.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

// Builds of other commits: a commit's packages/cdn (with tsconfig.base.json) is extracted with
// `git archive` into node_modules/.cache/edgecase-ab/<commit>/ and compiled there with tsc, once; its
// dependencies resolve from the repository's node_modules (Node walks up from the cache folder).
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const cacheRoot = join(repoRoot, 'node_modules', '.cache', 'edgecase-ab');

/** The full commit id of a ref (`0bb48b4`, `cde53ee^`, `main`). */
function commitOf(ref: string): string {
  return execFileSync('git', ['rev-parse', '--verify', `${ref}^{commit}`], {
    cwd: repoRoot,
    encoding: 'utf8',
  }).trim();
}

/**
 * The file URL of @edgecase/cdn's entry built at `ref`; `worktree` is the working tree's own build
 * (packages/cdn/dist, made by `npm run build`).
 */
function cdnBuild(ref: string): string {
  if (ref === 'worktree') {
    const entry = join(repoRoot, 'packages/cdn/dist/index.js');
    if (!existsSync(entry)) throw new Error(`${entry} is missing: run \`npm run build\` first.`);
    return pathToFileURL(entry).href;
  }
  const commit = commitOf(ref);
  const dir = join(cacheRoot, commit);
  const entry = join(dir, 'packages/cdn/dist/index.js');
  const done = join(dir, '.built');
  if (!existsSync(done)) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const archive = execFileSync('git', ['archive', commit, 'packages/cdn', 'tsconfig.base.json'], {
      cwd: repoRoot,
      maxBuffer: 1 << 30,
    });
    execFileSync('tar', ['-x', '-C', dir], { input: archive });
    execFileSync(join(repoRoot, 'node_modules/.bin/tsc'), ['-p', 'packages/cdn/tsconfig.json'], {
      cwd: dir,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    writeFileSync(done, `${commit}\n`);
  }
  return pathToFileURL(entry).href;
}

const { values } = parseArgs({
  options: {
    base: { type: 'string', default: '0bb48b4,cde53ee^' },
    head: { type: 'string', default: 'worktree' },
    variants: { type: 'string', default: 'sticky,random,random-600x20' },
    rounds: { type: 'string', default: '6' },
    reps: { type: 'string', default: '3' },
    ms: { type: 'string', default: '200' },
    json: { type: 'boolean', default: false },
  },
});
const rounds = Number(values.rounds);
const roundMs = Number(values.ms);
const reps = Number(values.reps);
if (!(rounds >= 1 && rounds <= 100) || !(roundMs >= 10 && roundMs <= 5000) || !(reps >= 1 && reps <= 20))
  throw new Error('--rounds must be 1–100, --ms 10–5000 and --reps 1–20');

type Variant = 'sticky' | 'random' | 'random-600x20';
const childScript = fileURLToPath(new URL('./hit-child.ts', import.meta.url));
const VARIANTS = ['sticky', 'random', 'random-600x20'] as const;
const variants = values.variants.split(',') as Variant[];
for (const v of variants) if (!VARIANTS.includes(v)) throw new Error(`unknown variant ${v}`);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

const label = (ref: string) => (ref === 'worktree' ? 'worktree' : `${ref} (${commitOf(ref).slice(0, 7)})`);
const bases = values.base.split(',').filter((ref) => ref !== '');
/** builds[0] is the head; the others are the bases. */
const builds = [values.head, ...bases];
const urls = builds.map(cdnBuild); // every build made before anything is timed

/** One child process: the build's hits per CPU-second, the median of `reps` runs after a warm-up. */
function child(url: string, variant: Variant): number {
  const out = execFileSync(process.execPath, [childScript, url, variant, String(roundMs), String(reps)], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  return Number(out.trim().split('\n').at(-1));
}

console.log(
  `hit path A/B: head ${label(values.head)} against ${bases.map(label).join(', ')}; ${rounds} interleaved rounds, a process per build per round, median of ${reps} × ${roundMs} ms of CPU time each`,
);
const mps = (x: number) => `${(x / 1e6).toFixed(2)} M/s`;
const results = [];
for (const variant of variants) {
  const rates: number[][] = builds.map(() => []);
  const ratios: number[][] = bases.map(() => []);
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < builds.length; k++) {
      const i = (round + k) % builds.length;
      rates[i]!.push(child(urls[i]!, variant));
    }
    for (let b = 0; b < bases.length; b++) ratios[b]!.push(rates[0]!.at(-1)! / rates[b + 1]!.at(-1)!);
  }
  const head = Math.round(median(rates[0]!));
  for (let b = 0; b < bases.length; b++) {
    const ratio = median(ratios[b]!);
    const result = {
      variant,
      base: bases[b]!,
      baseRate: Math.round(median(rates[b + 1]!)),
      headRate: head,
      ratio: Number(ratio.toFixed(3)),
      ratioMin: Number(Math.min(...ratios[b]!).toFixed(3)),
      ratioMax: Number(Math.max(...ratios[b]!).toFixed(3)),
      met: ratio >= 0.97,
    };
    results.push(result);
    console.log(
      `${variant.padEnd(14)} head ${mps(head)}  ${bases[b]!.padEnd(9)} ${mps(result.baseRate)}  head ÷ base ${result.ratio.toFixed(3)} (rounds ${result.ratioMin.toFixed(3)}–${result.ratioMax.toFixed(3)})  within 3 %: ${result.met ? 'met' : 'not met'}`,
    );
  }
}
if (values.json) console.log(JSON.stringify(results));
