import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

// What a tarball must hold, as rules over its file list and contents: the built ESM with its .d.ts,
// source maps and declaration maps, the sources those maps point to, README and package.json; nothing
// else (no tests, type tests, MinIO suites or fixtures).

const ALLOWED = [
  /^package\.json$/,
  /^README\.md$/,
  /^CHANGELOG\.md$/,
  /^dist\/.+\.(js|js\.map|d\.ts|d\.ts\.map)$/,
  /^src\/.+\.ts$/,
];
const FORBIDDEN = [/\.test\./, /\.test-d\./, /\.minio\./, /\/fixtures\/.+\.json$/, /__snapshots__/];

/** Files the rules refuse: not a kind a package ships, or a test or fixture. */
export function unexpectedFiles(files: readonly string[]): string[] {
  return files.filter(
    (file) => !ALLOWED.some((rule) => rule.test(file)) || FORBIDDEN.some((rule) => rule.test(file)),
  );
}

/** dist modules missing one of .js, .js.map, .d.ts, .d.ts.map. */
export function incompleteModules(files: readonly string[]): string[] {
  const shipped = new Set(files);
  const modules = new Set(
    files
      .filter((file) => file.startsWith('dist/'))
      .map((file) => file.replace(/\.(js|js\.map|d\.ts|d\.ts\.map)$/, '')),
  );
  return [...modules].flatMap((module) =>
    ['.js', '.js.map', '.d.ts', '.d.ts.map']
      .filter((extension) => !shipped.has(`${module}${extension}`))
      .map((extension) => `${module}${extension}`),
  );
}

/** Unpacks a tarball into a fresh directory and returns its `package/` folder. */
export function unpack(tarball: string, into: string): string {
  const dir = mkdtempSync(join(into, 'unpacked-'));
  execFileSync('tar', ['-xzf', tarball, '-C', dir]);
  return join(dir, 'package');
}

/** Sources named by the maps (source and declaration maps) that the tarball does not hold. */
export function missingMapSources(root: string, files: readonly string[]): string[] {
  return files
    .filter((file) => file.endsWith('.map'))
    .flatMap((map) => {
      const { sources } = JSON.parse(readFileSync(join(root, map), 'utf8')) as { sources: string[] };
      return sources
        .map((source) => resolve(root, dirname(map), source))
        .filter((source) => !existsSync(source))
        .map((source) => `${map} → ${source.slice(root.length + 1)}`);
    });
}

/** Every file an `exports` entry points to (under every condition), relative to the package root. */
export function exportTargets(exports: unknown): string[] {
  if (typeof exports === 'string') return [exports.replace(/^\.\//, '')];
  if (exports && typeof exports === 'object') return Object.values(exports).flatMap(exportTargets);
  return [];
}
