import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, inject, test } from 'vitest';
import { workspaceRoot } from './pack-packages.js';
import { importedByReadme, installedByReadme, readmeSnippets, tsBlockCount } from './readme-checks.js';
import {
  exportTargets,
  incompleteModules,
  missingMapSources,
  unexpectedFiles,
  unpack,
} from './tarball-files.js';

// Each tarball `npm pack` makes, as `npm publish` would upload it (global-setup.ts packs them).

const packs = inject('edgecasePacks');
const versions = new Map(packs.map((pack) => [pack.name, pack.version]));

test('every public package is packed', () => {
  expect(packs.map((pack) => pack.name).sort()).toEqual([
    '@edgecase/cdn',
    '@edgecase/minio',
    '@edgecase/s3',
    '@edgecase/vitest',
  ]);
});

describe.each(packs.map((pack) => [pack.name, pack] as const))('%s', (_name, pack) => {
  const root = unpack(pack.tarball, dirname(pack.tarball)); // removed with the tarballs
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
  const readme = readFileSync(join(root, 'README.md'), 'utf8');

  test('holds dist, types, both maps and sources only: no tests, MinIO suites or fixtures', () => {
    expect(unexpectedFiles(pack.files)).toEqual([]);
    expect(incompleteModules(pack.files)).toEqual([]);
    expect(
      pack.files.filter((file) => file.startsWith('dist/') && file.endsWith('.js')).length,
    ).toBeGreaterThan(0);
  });

  test('holds every source its source and declaration maps point to', () => {
    // A map without its source is a dist file left from a deleted source: npm run clean && npm run build.
    expect(missingMapSources(root, pack.files)).toEqual([]);
  });

  test('every export (each condition) points to a file it holds', () => {
    const targets = exportTargets(manifest.exports);
    expect(targets.length).toBeGreaterThan(0);
    expect(targets.filter((target) => !pack.files.includes(target))).toEqual([]);
  });

  test('depends on the other edgecase packages by a range their packed version satisfies', () => {
    const ranges = ['dependencies', 'peerDependencies', 'devDependencies'].flatMap((field) =>
      Object.entries((manifest[field] ?? {}) as Record<string, string>)
        .filter(([name]) => versions.has(name))
        .map(([name, range]) => `${field} ${name} ${range}`),
    );
    expect(ranges).toEqual(
      ranges.map((entry) => entry.replace(/ \S+$/, ` ^${versions.get(entry.split(' ')[1] as string)}`)),
    );
  });

  test('has a README whose examples import only what its install line installs', () => {
    const installed = installedByReadme(readme);
    expect(installed).toContain(pack.name);
    expect(importedByReadme(readme).filter((name) => !installed.includes(name))).toEqual([]);
    // Links into the repository's docs (npm resolves relative links against the `repository` field).
    const docs = [...readme.matchAll(/\]\(\.\.\/\.\.\/(docs\/[^)#]+)/g)].map((match) => match[1] as string);
    expect(docs.length).toBeGreaterThan(0);
    expect(docs.filter((doc) => !existsSync(join(workspaceRoot, doc)))).toEqual([]);
  });

  test("has README examples that are regions of the consumer app's executed files", () => {
    const snippets = readmeSnippets(readme, workspaceRoot);
    expect(snippets).toHaveLength(tsBlockCount(readme));
    for (const snippet of snippets) expect(snippet.block, snippet.id).toBe(snippet.region);
  });
});
