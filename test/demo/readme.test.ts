import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');

test("README.md's example is the code test/demo runs", () => {
  const source = read('./download-before-upload.test.ts');
  const example = /\/\/ readme-example-start\n([\s\S]*?)\/\/ readme-example-end/.exec(source)?.[1];
  const readme = read('../../README.md');
  const shown = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(example).toBeDefined();
  expect(shown).toBe(example);
});
