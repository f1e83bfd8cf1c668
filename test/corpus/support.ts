// The corpus's shared steps: read a config, compare what a loaded distribution accepted without
// modelling (cdn.distribution.ignoredFields) with the committed list, expect a refusal.
// To rewrite the committed lists after a classification change (review the diff):
//   EDGECASE_UPDATE_CORPUS=1 npx vitest run --project integration test/corpus
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { type Cdn, EdgecaseError, type fromDistributionConfig } from '@edgecase/cdn';
import { expect } from 'vitest';

/** A config of the corpus as text, by its path under test/corpus/configs/. */
export function corpusText(path: string): string {
  return readFileSync(new URL(`./configs/${path}`, import.meta.url), 'utf8');
}

/** A `get-distribution-config` JSON config of the corpus, parsed. */
export function corpusJson(path: string): Parameters<typeof fromDistributionConfig>[0] {
  return JSON.parse(corpusText(path));
}

/**
 * `cdn.distribution.ignoredFields` (path and class) equals test/corpus/expected/<name>.json, so a
 * field moved between classes shows as a diff of that file.
 */
export function expectIgnoredFields(cdn: Cdn, name: string): void {
  const actual = cdn.distribution.ignoredFields.map((field) => ({ path: field.path, class: field.class }));
  const file = new URL(`./expected/${name}.json`, import.meta.url);
  if (process.env.EDGECASE_UPDATE_CORPUS === '1') {
    writeFileSync(file, `${JSON.stringify(actual, null, 2)}\n`);
    return;
  }
  expect(
    existsSync(file),
    `test/corpus/expected/${name}.json exists (EDGECASE_UPDATE_CORPUS=1 writes it)`,
  ).toBe(true);
  expect(actual, `test/corpus/expected/${name}.json`).toEqual(JSON.parse(readFileSync(file, 'utf8')));
}

/** Loading throws `UnmodelledFeature` naming `path` (the field's full path). */
export function expectUnmodelled(load: () => unknown, path: string): void {
  let thrown: unknown;
  try {
    load();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(EdgecaseError);
  expect((thrown as EdgecaseError).code).toBe('UnmodelledFeature');
  expect((thrown as EdgecaseError).message).toContain(`${path}:`);
}

/** The `x-cache` header a viewer at one edge server sees for `path`. */
export async function xCache(
  cdn: Cdn,
  path: string,
  init: Parameters<Cdn['fetch']>[1] = {},
): Promise<string | null> {
  const response = await cdn.fetch(path, { pop: 'IAD89', server: 1, ...init });
  await response.arrayBuffer();
  return response.headers.get('x-cache');
}
