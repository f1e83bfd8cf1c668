import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// options/ sits at the bottom of @edgecase/cdn (issue 12 item 2): the folders that read the shared
// config types and checks never come back into it, so the loaders cannot rebuild a folder cycle.
const src = join(import.meta.dirname, '..');

/** The `../folder/` each non-test file of `folder` imports from. */
function importedFolders(folder: string): Set<string> {
  const folders = new Set<string>();
  for (const file of readdirSync(join(src, folder))) {
    if (!file.endsWith('.ts') || file.endsWith('.test.ts')) continue;
    const text = readFileSync(join(src, folder, file), 'utf8');
    for (const match of text.matchAll(/from '\.\.\/([a-z-]+)\//g)) folders.add(match[1] as string);
  }
  return folders;
}

describe('folder rules', () => {
  it('options/ imports from no folder but origin/ (the Origin type)', () => {
    expect([...importedFolders('options')]).toEqual(['origin']);
  });

  it.each(['policy', 'origin', 'clock', 'trace'])('%s/ does not import distribution/', (folder) => {
    expect(importedFolders(folder).has('distribution')).toBe(false);
  });
});
