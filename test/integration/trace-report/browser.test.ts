import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCdn, ManualClock, memoryOrigin, type TraceRequest } from '@edgecase/cdn';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

// The HTML report in a real browser: headless Chromium from Debian's packages, driven by
// playwright-core with the system browser. It counts the rendered rows and marks against the trace,
// hovers a mark, and saves a screenshot to .artifacts/trace-report/ (gitignored). Where Chromium is
// missing the test is skipped, saying so; CI sets EDGECASE_REQUIRE_CHROMIUM=1 (.ci/run installs it
// with scripts/install-chromium.sh), which turns the skip into a failure.
const executablePath = process.env.EDGECASE_CHROMIUM ?? '/usr/bin/chromium';
const required = process.env.EDGECASE_REQUIRE_CHROMIUM === '1';
const available = existsSync(executablePath);
const missing = `no Chromium at ${executablePath}: scripts/install-chromium.sh installs Debian's chromium (EDGECASE_REQUIRE_CHROMIUM=1 makes this a failure)`;
const artifacts = join(dirname(fileURLToPath(import.meta.url)), '../../../.artifacts/trace-report');

/** A deploy seen from two POPs: v1 cached, v2 uploaded, an invalidation, a 404 cached as an error. */
async function scenario() {
  const clock = new ManualClock();
  const origin = memoryOrigin({ clock });
  const cdn = createCdn({
    clock,
    origin,
    seed: 7,
    topology: { pops: ['SFO5', { id: 'FRA56', region: 'eu-central-1' }], serversPerPop: 2 },
  });
  await origin.put('index.html', '<p>v1</p>', { cacheControl: 'max-age=60' });
  await cdn.fetch('/index.html', { pop: 'SFO5', server: 1 });
  await cdn.fetch('/index.html', { pop: 'SFO5', server: 2 });
  await cdn.fetch('/index.html', { pop: 'FRA56', server: 1 });
  await clock.advance('10s');
  await origin.put('index.html', '<p>v2</p>', { cacheControl: 'max-age=60' });
  cdn.createInvalidation(['/index.html']);
  await clock.advance('2m');
  await cdn.fetch('/index.html', { pop: 'SFO5', server: 1 });
  await cdn.fetch('/index.html', { pop: 'FRA56', server: 2 });
  await cdn.fetch('/app.js', { pop: 'FRA56', server: 2 });
  return cdn;
}

/** The rows the report must show: every node a record names, and one per origin. */
function expectedRows(requests: readonly TraceRequest[], origins: readonly { origin: string }[]): string[] {
  const rows = new Set<string>();
  for (const r of requests) {
    rows.add(r.node);
    for (const t of r.tiers) if (t.tier !== 'edge') rows.add(t.node);
  }
  for (const o of origins) rows.add(`origin ${o.origin}`);
  return [...rows].sort();
}

/** Skips, saying why; under EDGECASE_REQUIRE_CHROMIUM=1 (CI) fails instead. */
function noBrowser(skip: (note: string) => never): never {
  if (required) throw new Error(`EDGECASE_REQUIRE_CHROMIUM=1 but ${missing}`);
  return skip(missing);
}

describe('the HTML report in headless Chromium', () => {
  let browser: Browser | undefined;
  beforeAll(async () => {
    if (available)
      browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  test('renders a row per node and a mark per request and origin fetch, with hover details', {
    timeout: 60_000,
  }, async ({ skip }) => {
    if (!browser) return noBrowser(skip);
    const cdn = await scenario();
    const html = cdn.trace.toHtml({ title: 'deploy seen from two POPs' });
    const requests = cdn.trace.requests();
    const origins = cdn.trace.originFetches();
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const network: string[] = [];
    page.on('request', (request) => network.push(request.url()));
    try {
      await page.setContent(html, { waitUntil: 'load' });
      expect(await page.title()).toBe('deploy seen from two POPs');
      const rows = await page
        .locator('.row')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-row')));
      expect([...rows].sort()).toEqual(expectedRows(requests, origins));
      expect(await page.locator('.mark.req').count()).toBe(requests.length);
      expect(await page.locator('.mark.origin').count()).toBe(origins.length);
      // Each request's mark sits on its server's row.
      for (const node of new Set(requests.map((r) => r.node))) {
        const onRow = await page.locator(`.row[data-row="${node}"] .mark.req`).count();
        expect(onRow, node).toBe(requests.filter((r) => r.node === node).length);
      }
      // Two versions served, two colours (plus grey for the 404, which has no ETag).
      const colours = await page
        .locator('.mark.req')
        .evaluateAll((els) => [...new Set(els.map((e) => getComputedStyle(e).backgroundColor))]);
      expect(colours).toHaveLength(new Set(requests.map((r) => r.etag)).size);
      // Every mark is drawn inside its lane, with a size.
      const outside = await page.locator('.mark').evaluateAll(
        (els) =>
          els.filter((e) => {
            const box = e.getBoundingClientRect();
            const lane = e.parentElement!.getBoundingClientRect();
            return box.width === 0 || box.left < lane.left - 8 || box.right > lane.right + 8;
          }).length,
      );
      expect(outside).toBe(0);
      expect(await page.locator('.bar.ttl').count()).toBeGreaterThan(0);
      expect(await page.locator('.bar.error-ttl').count()).toBeGreaterThan(0);
      expect(await page.locator('.inv').count()).toBeGreaterThan(0);
      // Hover details: X-Cache, Age and the rule that set the TTL.
      await page.locator('.row[data-row="SFO5-C2"] .mark.req').first().hover();
      const detail = await page.locator('#detail').textContent();
      expect(detail).toContain('X-Cache: Hit from cloudfront');
      expect(detail).toContain('Age: 0');
      expect(detail).toMatch(/stored by \w/);
      // The statistics as the trace counts them.
      const stats = cdn.trace.stats();
      const all = await page.locator('#stats tr').nth(1).locator('td').allTextContents();
      expect(all[0]).toBe(String(stats.totalRequests));
      expect(all[8]).toBe(String(stats.originRequests));
      expect(network).toEqual([]); // self-contained: nothing fetched
      mkdirSync(artifacts, { recursive: true });
      writeFileSync(join(artifacts, 'report.html'), html);
      await page.screenshot({ path: join(artifacts, 'report.png'), fullPage: true });
      expect(existsSync(join(artifacts, 'report.png'))).toBe(true);
    } finally {
      await page.close();
    }
  });

  test('a hostile path stays text', { timeout: 60_000 }, async ({ skip }) => {
    if (!browser) return noBrowser(skip);
    const clock = new ManualClock();
    const cdn = createCdn({ clock, origin: memoryOrigin({ clock }) });
    await cdn.fetch("/'-alert(1)-'<img src=x onerror=alert(1)>", { viewer: '<script>alert(2)</script>' });
    const page = await browser.newPage();
    const dialogs: string[] = [];
    page.on('dialog', async (dialog) => {
      dialogs.push(dialog.message());
      await dialog.dismiss();
    });
    try {
      await page.setContent(cdn.trace.toHtml(), { waitUntil: 'load' });
      await page.locator('.mark.req').first().hover();
      expect(await page.locator('#detail').textContent()).toContain('viewer <script>alert(2)</script>');
      expect(await page.locator('img, body script').count()).toBe(1); // the report's own script only
      expect(dialogs).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
