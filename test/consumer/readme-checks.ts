import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// What a package README promises a user: its install lines, the packages its examples import, and its
// TypeScript examples, each a `// #region` of a file the consumer app type-checks or runs
// (`<!-- snippet: <file>#<region> -->` before the block, as in docs/).

const MARKER = /<!-- snippet: (\S+)#(\S+) -->\n```ts\n([\s\S]*?)```\n/g;

/** Package names installed by the README's `npm install` lines (versions and flags dropped). */
export function installedByReadme(readme: string): string[] {
  return [...readme.matchAll(/^npm (?:install|i) (.+)$/gm)].flatMap((match) =>
    (match[1] as string)
      .replace(/#.*$/, '')
      .split(/\s+/)
      .filter((word) => word && !word.startsWith('-'))
      .map((word) => word.replace(/(.)@.*$/, '$1')),
  );
}

/** Packages the README's TypeScript blocks import (bare specifiers, subpaths folded to the package). */
export function importedByReadme(readme: string): string[] {
  const code = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]).join('\n');
  const specifiers = [...code.matchAll(/(?:from|import) '([^']+)'/g)].map((match) => match[1] as string);
  const packages = specifiers
    .filter((specifier) => !specifier.startsWith('.') && !specifier.startsWith('node:'))
    .map((specifier) =>
      specifier
        .split('/')
        .slice(0, specifier.startsWith('@') ? 2 : 1)
        .join('/'),
    );
  return [...new Set(packages)].sort();
}

export function tsBlockCount(readme: string): number {
  return (readme.match(/^```ts\n/gm) ?? []).length;
}

/** Each marked block against the region it names: [file#region, block, region text]. */
export function readmeSnippets(
  readme: string,
  root: string,
): { id: string; block: string; region: string }[] {
  return [...readme.matchAll(MARKER)].map((match) => {
    const [, file, name, block] = match as unknown as [string, string, string, string];
    return { id: `${file}#${name}`, block, region: region(join(root, file), name) };
  });
}

function region(file: string, name: string): string {
  const lines = readFileSync(file, 'utf8').split('\n');
  const start = lines.findIndex((line) => line.trim() === `// #region ${name}`);
  if (start < 0) return `(${file} has no "// #region ${name}")`;
  const end = lines.findIndex((line, i) => i > start && line.trim() === '// #endregion');
  const body = lines.slice(start + 1, end);
  while (body.at(-1)?.trim() === '') body.pop(); // the formatter's blank line before `// #endregion`
  const indent = Math.min(...body.filter((l) => l.trim()).map((l) => l.length - l.trimStart().length));
  return `${body.map((l) => l.slice(indent)).join('\n')}\n`;
}
