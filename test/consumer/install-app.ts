import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cacheEntry, restoreInstall, saveInstall } from './install-cache.js';
import type { PackedPackage } from './pack-packages.js';
import { workspaceRoot } from './pack-packages.js';
import { runCommand } from './run-command.js';

// Creates the consumer app outside the workspace: a copy of test/consumer/app (its package.json,
// strict tsconfig, msw server, config, code and tests) whose @edgecase/* dependencies are the packed
// tarballs, and installs it with npm as a user would. Registry packages are pinned to the versions the
// workspace itself tests with, so `--prefer-offline` finds them in the npm cache.

export type MswMajor = 2 | 3;

export interface AppVariant {
  msw: MswMajor;
  /** Install @edgecase/minio too (an optional peer of @edgecase/vitest). */
  withMinio: boolean;
}

const appFixture = join(workspaceRoot, 'test/consumer/app');
const workspaceRequire = createRequire(join(workspaceRoot, 'package.json'));

function workspaceVersion(name: string): string {
  return (workspaceRequire(`${name}/package.json`) as { version: string }).version;
}

export function appPackageJson(packages: readonly PackedPackage[], variant: AppVariant): string {
  const app = JSON.parse(readFileSync(join(appFixture, 'package.json'), 'utf8')) as Record<string, unknown>;
  const pin = (deps: Record<string, string>): Record<string, string> => {
    const pinned: Record<string, string> = {};
    for (const name of Object.keys(deps)) {
      if (name === '@edgecase/minio' && !variant.withMinio) continue;
      const packed = packages.find((pkg) => pkg.name === name);
      if (packed) pinned[name] = `file:${packed.tarball}`;
      else if (name === 'msw') pinned[name] = workspaceVersion(variant.msw === 2 ? 'msw2' : 'msw');
      else pinned[name] = workspaceVersion(name);
    }
    return pinned;
  };
  const dependencies = pin(app.dependencies as Record<string, string>);
  const devDependencies = pin(app.devDependencies as Record<string, string>);
  // The tarballs stand in for the registry (they are not published yet) wherever the tree needs them.
  const overrides = Object.fromEntries(packages.map((pkg) => [pkg.name, `file:${pkg.tarball}`]));
  return `${JSON.stringify({ ...app, dependencies, devDependencies, overrides }, null, 2)}\n`;
}

export async function installApp(packages: readonly PackedPackage[], variant: AppVariant): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), `edgecase-consumer-msw${variant.msw}-`));
  cpSync(appFixture, dir, { recursive: true, filter: (source) => !source.includes('node_modules') });
  const packageJson = appPackageJson(packages, variant);
  writeFileSync(join(dir, 'package.json'), packageJson);
  const cache = cacheEntry(packageJson);
  const warm = restoreInstall(cache, dir);
  // The one app file that needs @edgecase/minio (the minio README's example, type-checked only).
  if (!variant.withMinio) rmSync(join(dir, 'src/readme/minio-example.ts'));
  const result = await runCommand('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], {
    cwd: dir,
    timeoutMs: 180_000,
  });
  if (result.code !== 0)
    throw new Error(`npm install in ${dir} failed (exit ${result.code}):\n${result.output}`);
  if (!warm) saveInstall(cache, dir);
  return dir;
}
