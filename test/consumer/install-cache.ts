import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// A warm start for the consumer app's install: the node_modules of the last install with the same
// registry dependencies, hard-linked into the new app before `npm install`, so npm only replaces what
// changed (the four tarballs, whose paths change every run) instead of unpacking ~200 packages.
// npm replaces a package by removing and writing files, never in place, so the cache stays intact.
// Kept under os.tmpdir()/edgecase-consumer-cache; EDGECASE_CONSUMER_CACHE=off installs from scratch.

const root = join(tmpdir(), 'edgecase-consumer-cache');

/** The cache entry for an app package.json, keyed by everything in it but the tarball paths. */
export function cacheEntry(packageJson: string): string | undefined {
  if (process.env.EDGECASE_CONSUMER_CACHE === 'off') return undefined;
  const key = createHash('sha256')
    .update(packageJson.replace(/"file:[^"]*"/g, '"file:"'))
    .digest('hex')
    .slice(0, 16);
  return join(root, key);
}

/** Hard-links the cached node_modules and lock file into `dir`; false when there is none. */
export function restoreInstall(entry: string | undefined, dir: string): boolean {
  if (entry === undefined || !existsSync(join(entry, 'node_modules'))) return false;
  execFileSync('cp', ['-al', join(entry, 'node_modules'), join(entry, 'package-lock.json'), dir]);
  const now = new Date();
  utimesSync(entry, now, now); // in use: pruning keeps it
  return true;
}

/** Saves `dir`'s fresh install as the entry (hard links; renamed into place, so readers see all or nothing). */
export function saveInstall(entry: string | undefined, dir: string): void {
  if (entry === undefined || existsSync(entry)) return;
  mkdirSync(root, { recursive: true });
  prune();
  const staging = mkdtempSync(join(root, 'staging-'));
  try {
    execFileSync('cp', ['-al', join(dir, 'node_modules'), join(dir, 'package-lock.json'), staging]);
    renameSync(staging, entry);
  } catch {
    rmSync(staging, { recursive: true, force: true }); // another run saved it first
  }
}

const WEEK_MS = 7 * 24 * 3600 * 1000;

/** Removes entries no run has used for a week (each is ~150 MB of links to files no longer shared). */
function prune(): void {
  for (const name of readdirSync(root)) {
    const path = join(root, name);
    if (Date.now() - statSync(path).mtimeMs > WEEK_MS) rmSync(path, { recursive: true, force: true });
  }
}
