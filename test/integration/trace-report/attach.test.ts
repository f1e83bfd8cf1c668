import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TRACE_REPORT_TYPE } from '@edgecase/vitest';
import { afterAll, expect, test } from 'vitest';
import { innerDir, runInnerVitest } from '../inner-vitest.js';

// A failing test that uses the `cdn` fixture gets its trace attached as an HTML report, through
// Vitest's annotation API, so it opens from Vitest's HTML reporter and UI. Checked from the outside:
// an inner Vitest runs tests that fail on purpose and a reporter writes down their annotations.
const inner = innerDir(import.meta.url);
const work = mkdtempSync(join(tmpdir(), 'edgecase-attach-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Annotation {
  message: string;
  type: string;
  attachment?: { contentType?: string; path?: string; body?: string };
}

function runInner(): Record<string, { state: string; annotations: Annotation[] }> {
  const out = join(work, 'annotations.json');
  const run = runInnerVitest(inner, ['--attachmentsDir', join(work, 'attachments')], {
    EDGECASE_ANNOTATIONS_OUT: out,
  });
  expect(run.status, run.stderr + run.stdout).toBe(1); // the inner tests fail on purpose
  return JSON.parse(readFileSync(out, 'utf8'));
}

function htmlOf(annotation: Annotation): string {
  const { attachment } = annotation;
  if (attachment?.path) return readFileSync(attachment.path, 'utf8');
  return Buffer.from(attachment?.body ?? '', 'base64').toString('utf8');
}

// An inner Vitest starts in a few seconds; on a busy machine more.
test('a failing test with the cdn fixture gets the trace as an HTML attachment; others get none', {
  timeout: 120_000,
}, () => {
  const results = runInner();
  const matcher = results['an edgecase matcher fails']!;
  expect(matcher.state).toBe('failed');
  const reports = matcher.annotations.filter((a) => a.type === TRACE_REPORT_TYPE);
  expect(reports).toHaveLength(1);
  expect(reports[0]!.message).toBe('edgecase trace: 2 requests, 1 origin fetch (HTML report attached)');
  expect(reports[0]!.attachment?.contentType).toBe('text/html');
  const html = htmlOf(reports[0]!);
  expect(html).toMatch(/^<!DOCTYPE html>/);
  expect(html).toContain('data-row="SFO5-C1"');
  expect(html).toContain('data-row="SFO5-C2"');

  const assertion = results['any assertion fails']!;
  expect(assertion.state).toBe('failed');
  const [report] = assertion.annotations.filter((a) => a.type === TRACE_REPORT_TYPE);
  expect(htmlOf(report!)).toContain('/%3Cb%3E&#39;.png');

  const own = results['a passing test attaches its own report']!;
  expect(own.state).toBe('passed');
  expect(own.annotations.map((a) => [a.message, a.type])).toEqual([['the upload', TRACE_REPORT_TYPE]]);
  expect(htmlOf(own.annotations[0]!)).toContain('<title>upload</title>');

  expect(results['a passing test attaches nothing']).toEqual({ state: 'passed', annotations: [] });
  expect(results['a failing test without requests attaches nothing']).toEqual({
    state: 'failed',
    annotations: [],
  });
});
