import { rmSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { type PackedPackage, packPackages } from './pack-packages.js';

// Packs every public package once for the whole `consumer` project (its prepack builds it first) and
// gives the tarballs to its test files; removes them after the run (EDGECASE_KEEP_CONSUMER=1 keeps them).

declare module 'vitest' {
  export interface ProvidedContext {
    edgecasePacks: PackedPackage[];
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const { dir, packages } = await packPackages();
  project.provide('edgecasePacks', packages);
  return () => {
    if (process.env.EDGECASE_KEEP_CONSUMER !== '1') rmSync(dir, { recursive: true, force: true });
  };
}
