import { attachTraceReport, expect, test } from '@edgecase/vitest';

test('an edgecase matcher fails', async ({ origin, cdn }) => {
  await origin.put('a.png', 'v1');
  await cdn.fetch('/a.png', { pop: 'SFO5', server: 1 });
  await origin.put('a.png', 'v2');
  await cdn.fetch('/a.png', { pop: 'SFO5', server: 2 });
  await expect('/a.png').toServeOneVersion('v2');
});

test('any assertion fails', async ({ origin, cdn }) => {
  await origin.put('<b>.png', 'v1');
  const response = await cdn.fetch("/<b>'.png");
  expect(response.status).toBe(200);
});

test('a passing test attaches nothing', async ({ origin, cdn }) => {
  await origin.put('a.png', 'v1');
  expect((await cdn.fetch('/a.png')).status).toBe(200);
});

test('a failing test without requests attaches nothing', () => {
  expect(1).toBe(2);
});

test('a passing test attaches its own report', async ({ origin, cdn, annotate }) => {
  await origin.put('a.png', 'v1');
  await cdn.fetch('/a.png');
  await attachTraceReport(annotate, cdn.trace, { message: 'the upload', title: 'upload' });
});
