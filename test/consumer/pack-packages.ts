import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCommand } from './run-command.js';

// Packs every public package of the workspace with `npm pack`, as `npm publish` would (its `prepack`
// builds it first), into a fresh directory outside the workspace.

export const workspaceRoot = fileURLToPath(new URL('../../', import.meta.url));
export const publicPackages = ['cdn', 's3', 'minio', 'vitest'] as const;

export interface PackedPackage {
  name: string;
  version: string;
  /** Absolute path of the .tgz. */
  tarball: string;
  /** Paths inside the tarball, relative to its `package/` folder, sorted. */
  files: string[];
}

export async function packPackages(): Promise<{ dir: string; packages: PackedPackage[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'edgecase-packs-'));
  const workspaces = publicPackages.flatMap((name) => ['-w', `packages/${name}`]);
  const result = await runCommand('npm', ['pack', ...workspaces, '--pack-destination', dir, '--json'], {
    cwd: workspaceRoot,
    timeoutMs: 120_000,
  });
  if (result.code !== 0) throw new Error(`npm pack failed (exit ${result.code}):\n${result.output}`);
  // stdout is the JSON array, after the prepack scripts' own output.
  const entries = JSON.parse(result.stdout.slice(result.stdout.indexOf('\n[') + 1)) as {
    name: string;
    version: string;
    filename: string;
    files: { path: string }[];
  }[];
  const packages = entries.map((entry) => ({
    name: entry.name,
    version: entry.version,
    tarball: join(dir, entry.filename),
    files: entry.files.map((file) => file.path).sort(),
  }));
  return { dir, packages };
}
