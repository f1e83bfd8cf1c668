import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { expect, test } from 'vitest';
import { extractSnippets } from './snippets/extract.js';
import { docPages, repoRoot, snippetsDir, type WrittenSnippet, writeSnippets } from './snippets/write.js';

// Every ```ts block of docs/ is a file of its own (the rule: test/demo/snippets/extract.ts). This file
// type-checks them all as a strict project would, loads the config and module blocks, and runs the
// test blocks of each page that has a `// vitest.config.ts` block under that config; the `docs` Vitest
// project (test/demo/vitest.config.ts) runs the other pages' test blocks.

const pages = docPages();
const { snippets, problems } = writeSnippets(pages);
const tsc = join(repoRoot, 'node_modules/.bin/tsc');

/**
 * Type-checks the project at `tsconfig`; each error in a block is given as `<page>:<line>: <message>`.
 * Errors inside the packages the blocks import are left to the packages' own type check.
 */
function typeErrors(tsconfig: string, written: readonly WrittenSnippet[]): string[] {
  const run = spawnSync(tsc, ['-p', tsconfig, '--pretty', 'false'], { encoding: 'utf8', cwd: repoRoot });
  const byPath = new Map(written.map((snippet) => [snippet.path, snippet]));
  const errors: string[] = [];
  let inBlock = false;
  for (const line of `${run.stdout}${run.stderr}`.split('\n')) {
    const at = /^(\S.*?)\((\d+),(\d+)\): (.*)$/.exec(line);
    if (at) {
      const snippet = byPath.get(resolve(repoRoot, at[1] as string));
      inBlock = snippet !== undefined;
      if (snippet) errors.push(`${snippet.doc}:${snippet.line + Number(at[2]) - 1}: ${at[4]}`);
    } else if (inBlock && line.trim()) errors[errors.length - 1] += `\n${line}`;
    else if (!/^\s/.test(line) && line.trim()) errors.push(line); // not about a file: a broken tsconfig
  }
  return errors;
}

test('every TypeScript block of docs/ type-checks on its own, with its imports', () => {
  expect(problems).toEqual([]);
  expect(snippets.length).toBeGreaterThan(20);
  expect(typeErrors(join(snippetsDir, 'tsconfig.json'), snippets)).toEqual([]);
}, 60_000);

test('a block that uses a name from elsewhere fails, pointing at its page and line', () => {
  const out = join(snippetsDir, '..', 'docs-snippets-self-test');
  const written = writeSnippets(['test/demo/snippets/incomplete.fixture.md'], out).snippets;
  expect(written.map(({ file, kind }) => [file, kind])).toEqual([
    ['test/line-6.test.ts', 'test'],
    ['vitest.config.ts', 'config'],
  ]);
  expect(typeErrors(join(out, 'tsconfig.json'), written)).toEqual([
    "test/demo/snippets/incomplete.fixture.md:9: error TS2304: Cannot find name 'avatarUrl'.",
    "test/demo/snippets/incomplete.fixture.md:10: error TS2304: Cannot find name 'uploadAvatar'.",
    "test/demo/snippets/incomplete.fixture.md:10: error TS2304: Cannot find name 'PNG'.",
    "test/demo/snippets/incomplete.fixture.md:19: error TS2304: Cannot find name 'edgecase'.",
  ]);
}, 60_000);

const vitest = join(repoRoot, 'node_modules/vitest/vitest.mjs');
const childEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^VITEST/.test(key)));

test.each(snippets.filter((snippet) => snippet.file === 'vitest.config.ts'))(
  '$doc: its test blocks pass under its own vitest.config.ts block, on the built packages',
  ({ path }) => {
    const page = dirname(path);
    const run = spawnSync(
      process.execPath,
      [vitest, 'run', '--root', page, '--config', path, '--passWithNoTests'],
      {
        cwd: page,
        encoding: 'utf8',
        env: childEnv,
      },
    );
    const output = stripVTControlCharacters(`${run.stdout}${run.stderr}`);
    expect(run.status, output.split('\n').slice(-60).join('\n')).toBe(0);
    expect(output).toMatch(/Tests\s+\d+ passed/);
  },
  120_000,
);

test.each(snippets.filter((snippet) => snippet.kind === 'config'))(
  '$doc:$line is a vitest.config.ts that loads, its plugin options valid',
  async ({ path }) => {
    const config = (await import(path)).default;
    const plugins = (config.plugins ?? []).flat();
    expect(plugins.map((plugin: { name: string }) => plugin.name)).toContain('edgecase');
  },
);

test.each(snippets.filter((snippet) => snippet.kind === 'module'))(
  '$doc:$line is a module that loads',
  async ({ path }) => {
    await expect(import(path)).resolves.toBeDefined();
  },
);

test('each block with tests runs in the docs project; the old region markers are refused', () => {
  for (const snippet of snippets.filter(({ kind }) => kind === 'test'))
    expect(snippet.file).toMatch(snippet.minio ? /\.minio\.ts$/ : /\.test\.ts$/);
  expect(() => extractSnippets('x.md', '<!-- snippet: a.ts#region -->\n```ts\nconst a = 1;\n```\n')).toThrow(
    'x.md:1: expected the marker <!-- snippet: minio -->, <!-- snippet: unchecked -->, <!-- snippet: file <path> --> or none, got <!-- snippet: a.ts#region -->',
  );
  // Unchecked blocks are a debt: only origins.md has some (its MinIO and SDK excerpts), to convert.
  const unchecked = pages.filter((page) =>
    /^<!-- snippet: unchecked -->$/m.test(readFileSync(`${repoRoot}${page}`, 'utf8')),
  );
  expect(unchecked.filter((page) => page !== 'docs/origins.md')).toEqual([]);
  expect(extractSnippets('x.md', '<!-- snippet: unchecked -->\n```ts\nsite;\n```\n')).toEqual([]);
  expect(extractSnippets('x.md', '```sh\nnpm test\n```\n\n```\nt+0s GET\n```\n')).toEqual([]);
});

const linked = [
  ...pages,
  'README.md',
  ...readdirSync(`${repoRoot}examples`).map((name) => `examples/${name}/README.md`),
];

test.each(linked)('every relative link in %s resolves', (page) => {
  const doc = readFileSync(`${repoRoot}${page}`, 'utf8');
  const targets = [...doc.matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)]
    .map((match) => match[1] as string)
    .filter((target) => !/^[a-z]+:/.test(target));
  const missing = targets.filter((target) => !existsSync(resolve(dirname(`${repoRoot}${page}`), target)));
  expect(missing).toEqual([]);
});
