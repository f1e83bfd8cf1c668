import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { innerDir, runInnerVitest } from '../inner-vitest.js';

// Files that share a Vitest worker (isolate: false), some on `test.extend(...)` of edgecase's `test`:
// the worker has one msw server whichever `test` asks for it. Checked from the outside: an inner
// Vitest runs three files in one worker (inner/vitest.config.ts) and writes its JSON report.
const inner = innerDir(import.meta.url);
const work = mkdtempSync(join(tmpdir(), 'edgecase-shared-worker-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface JsonReport {
  testResults: { assertionResults: { title: string; status: string; failureMessages: string[] }[] }[];
}

// An inner Vitest starts in a few seconds; on a busy machine more.
test('test.extend in files sharing a worker: one msw server, every file fetches through the cdn', {
  timeout: 120_000,
}, () => {
  const out = join(work, 'report.json');
  const run = runInnerVitest(inner, ['--reporter=json', '--outputFile', out]);
  const report = JSON.parse(readFileSync(out, 'utf8')) as JsonReport;
  const results = report.testResults
    .flatMap((file) => file.assertionResults)
    .map(({ title, status, failureMessages }) => ({
      title,
      status,
      failures: failureMessages.map((message) => message.split('\n')[0]),
    }));
  expect(results).toEqual([
    {
      title: 'the first file, on test.extend, fetches through the distribution',
      status: 'passed',
      failures: [],
    },
    { title: 'the second file, on test, fetches through the distribution', status: 'passed', failures: [] },
    {
      title: 'the third file, on test.extend again, fetches through the distribution',
      status: 'passed',
      failures: [],
    },
  ]);
  expect(run.status, run.stderr).toBe(0);
});
