// The docs' code blocks as files: each ```ts block of a page becomes a file of its own, so a block
// that needs code from elsewhere (an undefined name, a missing import) fails as it would when pasted.
//
// The rule, for anyone writing docs:
// - A ```ts block is complete: its imports and every name it uses. It runs as it is.
// - A block that holds tests (`test(`, `describe(`) runs in the `docs` Vitest project, which has the
//   plugin options docs/getting-started.md shows (`edgecase({ domains: ['img.example.com'] })`);
//   on a page with a `// vitest.config.ts` block, under that config instead, on the built packages,
//   as a user who pasted the page's files has them (docs-snippets.test.ts runs a Vitest for it).
// - A block with `defineConfig(` is a vitest.config.ts: type-checked, and loaded (its plugin options
//   are validated as when Vitest loads it).
// - Any other block is a module: type-checked and imported.
// - A block whose first line is a path comment (`// src/avatars.ts`, `// test/upload.test.ts`) is
//   written under that path, beside the other blocks of its page, so a test block can import it.
// - `<!-- snippet: minio -->` just before a block: it needs a running MinIO, so it is type-checked
//   only (`*.minio.ts`), not run.
// - `<!-- snippet: file <path> -->` just before a block of any language: the block is a file the page's
//   code reads (a CloudFormation template, a JSON config) or source for a tool the repository does not
//   install (a CDK app), written verbatim under <path> beside the page's other blocks; it is neither
//   type-checked nor run, and the page's tests fail if it is not what they expect.
// - `<!-- snippet: unchecked -->` just before a block: an excerpt, neither type-checked nor run. A debt:
//   only docs/origins.md has such blocks today, and docs-snippets.test.ts refuses them elsewhere.
// - Shell, output and other languages are not checked.

export type SnippetKind = 'test' | 'config' | 'module' | 'file';

export interface Snippet {
  /** The page, relative to the repo: `docs/vitest.md`. */
  readonly doc: string;
  /** The 1-based line of the block's first code line in the page. */
  readonly line: number;
  /** Where the block is written, relative to its page's directory of snippets. */
  readonly file: string;
  readonly kind: SnippetKind;
  /** True for a `<!-- snippet: minio -->` block: type-checked, not run. */
  readonly minio: boolean;
  readonly code: string;
}

const FENCE = /^```(ts|typescript|js|javascript)\s*$/;
const MARKER = /^<!-- snippet: (.*) -->$/;
const FILE_MARKER = /^file ((?:[\w.-]+\/)*[\w.-]+)$/;
const PATH_COMMENT = /^\/\/ ((?:[\w.-]+\/)*[\w.-]+\.(?:ts|mts|js|mjs))$/;
const TESTS = /^\s*(?:test|it|describe)(?:\.\w+)*\(/m;
const CONFIG = /\bdefineConfig\(|\bdefineProject\(/;

/** Every TypeScript or JavaScript block of `markdown` (the page at `doc`), as files of their own. */
export function extractSnippets(doc: string, markdown: string): Snippet[] {
  const lines = markdown.split('\n');
  const snippets: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    const marker = MARKER.exec(lines[i - 1] ?? '')?.[1];
    const fileName = FILE_MARKER.exec(marker ?? '')?.[1];
    if (fileName !== undefined && /^```/.test(lines[i] as string)) {
      const end = closingFence(lines, i, doc);
      const code = `${lines.slice(i + 1, end).join('\n')}\n`;
      snippets.push({ doc, line: i + 2, file: fileName, kind: 'file', minio: false, code });
      i = end;
      continue;
    }
    if (!FENCE.test(lines[i] as string)) {
      if (/^```/.test(lines[i] as string)) i = closingFence(lines, i, doc);
      continue;
    }
    const end = closingFence(lines, i, doc);
    const code = `${lines.slice(i + 1, end).join('\n')}\n`;
    if (marker === 'unchecked') {
      i = end;
      continue;
    }
    if (marker !== undefined && marker !== 'minio')
      throw new Error(
        `${doc}:${i}: expected the marker <!-- snippet: minio -->, <!-- snippet: unchecked -->, <!-- snippet: file <path> --> or none, got <!-- snippet: ${marker} -->: ` +
          'a block is no longer a region of another file; make it complete (its imports and every name it uses).',
      );
    snippets.push(snippet(doc, i + 2, code, marker === 'minio'));
    i = end;
  }
  return snippets;
}

function closingFence(lines: readonly string[], open: number, doc: string): number {
  for (let j = open + 1; j < lines.length; j++) if ((lines[j] as string).trimEnd() === '```') return j;
  throw new Error(`${doc}:${open + 1}: expected a closing \`\`\` for this block, got the end of the page`);
}

function snippet(doc: string, line: number, code: string, minio: boolean): Snippet {
  const named = PATH_COMMENT.exec(code.split('\n', 1)[0] as string)?.[1];
  const kind: SnippetKind = CONFIG.test(code) ? 'config' : TESTS.test(code) ? 'test' : 'module';
  const base = `line-${line}`;
  let file =
    named ??
    (kind === 'test' ? `test/${base}.test.ts` : kind === 'config' ? `${base}.config.ts` : `${base}.ts`);
  if (minio && kind === 'test') file = file.replace(/(\.test)?\.ts$/, '.minio.ts');
  if (kind === 'test' && !minio && !/\.test\.ts$/.test(file))
    throw new Error(
      `${doc}:${line}: a block with tests is named ${file}: expected a name ending in .test.ts`,
    );
  return { doc, line, file, kind, minio, code };
}
