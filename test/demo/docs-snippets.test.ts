import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

// The docs show code from executed files only: each block follows a marker
// `<!-- snippet: <file>#<region> -->` and must equal that `// #region` of the file. When the code
// changes, regenerate the blocks with EDGECASE_UPDATE_DOCS=1 npx vitest run test/demo/docs-snippets.

const root = fileURLToPath(new URL('../../', import.meta.url));
const guides = [
  'docs/README.md',
  'docs/getting-started.md',
  'docs/concepts.md',
  'docs/vitest.md',
  'docs/origins.md',
  'docs/performance.md',
  ...readdirSync(`${root}docs/recipes`).map((name) => `docs/recipes/${name}`),
];
const pages = [
  ...guides,
  'README.md',
  ...readdirSync(`${root}examples`).map((name) => `examples/${name}/README.md`),
];
const MARKER = /<!-- snippet: (\S+)#(\S+) -->\n```ts\n([\s\S]*?)```\n/g;

function region(file: string, name: string): string {
  const lines = readFileSync(`${root}${file}`, 'utf8').split('\n');
  const start = lines.findIndex((line) => line.trim() === `// #region ${name}`);
  if (start < 0) throw new Error(`${file} has no "// #region ${name}"`);
  const end = lines.findIndex((line, i) => i > start && line.trim() === '// #endregion');
  const body = lines.slice(start + 1, end);
  const indent = Math.min(...body.filter((l) => l.trim()).map((l) => l.length - l.trimStart().length));
  return `${body.map((l) => l.slice(indent)).join('\n')}\n`;
}

test.each(guides)('every code block in %s is a region of an executed file', (guide) => {
  const doc = readFileSync(`${root}${guide}`, 'utf8');
  const expected = doc.replace(
    MARKER,
    (_all, file: string, name: string) =>
      `<!-- snippet: ${file}#${name} -->\n\`\`\`ts\n${region(file, name)}\`\`\`\n`,
  );
  if (process.env.EDGECASE_UPDATE_DOCS === '1' && expected !== doc)
    writeFileSync(`${root}${guide}`, expected);
  else expect(doc).toBe(expected);
  // No TypeScript or JavaScript block without a marker: shell commands are the only other code.
  const blocks = doc.match(/^```(ts|js|typescript|javascript)\n/gm) ?? [];
  expect(blocks).toHaveLength([...doc.matchAll(MARKER)].length);
});

test.each(pages)('every relative link in %s resolves', (guide) => {
  const doc = readFileSync(`${root}${guide}`, 'utf8');
  const targets = [...doc.matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)]
    .map((match) => match[1] as string)
    .filter((target) => !/^[a-z]+:/.test(target));
  const missing = targets.filter((target) => !existsSync(resolve(dirname(`${root}${guide}`), target)));
  expect(missing).toEqual([]);
});
