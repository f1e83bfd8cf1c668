// Writes every docs page's code blocks as files under .cache/docs-snippets/<page>/ (git-ignored), with
// a tsconfig that type-checks them as a user's strict project would. Files are rewritten only when
// their text changed, and files of blocks that no longer exist are removed.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractSnippets, type Snippet } from './extract.js';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const snippetsDir = join(repoRoot, '.cache/docs-snippets');

/** The pages whose blocks are checked: every Markdown file under docs/. */
export function docPages(root = repoRoot): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory()
        ? walk(`${dir}/${entry.name}`)
        : entry.name.endsWith('.md')
          ? [`${dir}/${entry.name}`]
          : [],
    );
  return walk('docs').sort();
}

export interface WrittenSnippet extends Snippet {
  /** Absolute path of the written file. */
  readonly path: string;
}

const TSCONFIG = {
  extends: '../../tsconfig.base.json',
  compilerOptions: {
    composite: false,
    declaration: false,
    declarationMap: false,
    sourceMap: false,
    noEmit: true,
    noUnusedLocals: true,
    noUnusedParameters: true,
  },
  include: ['**/*.ts'],
};

export interface WrittenSnippets {
  readonly snippets: WrittenSnippet[];
  /** A page that breaks the rule is skipped, and said here (never thrown: the config loads anyway). */
  readonly problems: string[];
}

/** Extracts the blocks of `pages` and writes them under `out`; returns them with their paths. */
export function writeSnippets(pages = docPages(), out = snippetsDir, root = repoRoot): WrittenSnippets {
  const written: WrittenSnippet[] = [];
  const problems: string[] = [];
  for (const page of pages) {
    const dir = join(out, page.replace(/\.md$/, ''));
    try {
      const blocks = extractSnippets(page, readFileSync(join(root, page), 'utf8'));
      const names = blocks.map((snippet) => snippet.file);
      const twice = names.find((name, i) => names.indexOf(name) !== i);
      if (twice) throw new Error(`${page}: expected one block per file name, got two named ${twice}`);
      written.push(...blocks.map((snippet) => ({ ...snippet, path: join(dir, snippet.file) })));
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  const files = new Map(written.map((snippet) => [snippet.path, snippet.code]));
  // `file` blocks are written as they are, never type-checked (a CDK app needs aws-cdk-lib).
  const exclude = written
    .filter((snippet) => snippet.kind === 'file')
    .map((snippet) => relative(out, snippet.path).split('\\').join('/'));
  files.set(
    join(out, 'tsconfig.json'),
    `${JSON.stringify({ ...TSCONFIG, extends: tsconfigBase(out, root), ...(exclude.length > 0 ? { exclude } : {}) }, null, 2)}\n`,
  );
  for (const [path, text] of files) writeIfChanged(path, text);
  for (const path of listFiles(out)) if (!files.has(path)) rmSync(path);
  return { snippets: written, problems };
}

function tsconfigBase(out: string, root: string): string {
  return relative(out, join(root, 'tsconfig.base.json')).split('\\').join('/');
}

/** Writes through a temporary file and a rename, so a concurrent reader never sees half a file. */
function writeIfChanged(path: string, text: string): void {
  if (existsSync(path) && readFileSync(path, 'utf8') === text) return;
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && !entry.name.endsWith('.tmp'))
    .map((entry) => join(entry.parentPath, entry.name));
}
