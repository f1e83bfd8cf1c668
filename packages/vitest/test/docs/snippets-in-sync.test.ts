import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

// docs/vitest.md shows code from the executed tests in this folder. Each block follows a marker
// `<!-- snippet: <file>#<region> -->` and must equal that `// #region` of the file. When a test
// changes, regenerate the blocks with EDGECASE_UPDATE_DOCS=1 npx vitest run --project vitest snippets.

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const docPath = `${root}docs/vitest.md`;
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

test('every snippet in docs/vitest.md is the code of an executed test', () => {
  const doc = readFileSync(docPath, 'utf8');
  const markers = [...doc.matchAll(MARKER)];
  expect(markers.length).toBeGreaterThanOrEqual(10);
  const expected = doc.replace(
    MARKER,
    (_all, file: string, name: string) =>
      `<!-- snippet: ${file}#${name} -->\n\`\`\`ts\n${region(file, name)}\`\`\`\n`,
  );
  if (process.env.EDGECASE_UPDATE_DOCS === '1' && expected !== doc) writeFileSync(docPath, expected);
  else expect(doc).toBe(expected);
});
