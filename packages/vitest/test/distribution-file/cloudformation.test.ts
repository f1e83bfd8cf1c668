// The plugin's distribution is the CDK app's synthesized template, loaded by path:
// edgecase({ distribution: { cloudFormation: './…/site.template.json', region, origins } }).
// Each test gets a cdn of that template over its own buckets (acme-site-assets, acme-api).
import { expect, test } from '@edgecase/vitest';

test('a fingerprinted asset is cached for a year by the template’s own cache policy', async ({
  cdn,
  buckets,
  clock,
}) => {
  const site = buckets.get('acme-site-assets');
  await site?.put('assets/app.1a2b.js', 'v1', { cacheControl: 'max-age=60' });
  const at = { pop: 'IAD89', server: 1 }; // one edge server, whose cache we watch
  await cdn.fetch('/assets/app.1a2b.js', at);
  await clock.advance('364d');
  expect((await cdn.fetch('/assets/app.1a2b.js', at)).headers.get('x-cache')).toBe('Hit from cloudfront');
});

test('a client-side route is the app shell (the template’s error response), and the API is not cached', async ({
  cdn,
  buckets,
}) => {
  await buckets.get('acme-site-assets')?.put('index.html', '<div id="app"></div>');
  const route = await cdn.fetch('/account/settings');
  expect(route.status).toBe(200);
  expect(await route.text()).toBe('<div id="app"></div>');
  await buckets.get('acme-api')?.put('api/me', '{}');
  await cdn.fetch('/api/me');
  await cdn.fetch('/api/me');
  expect(buckets.get('acme-api')?.requestCount()).toBe(2);
});

test("the app's own fetch to its domain reaches the same distribution", async ({ buckets }) => {
  await buckets.get('acme-site-assets')?.put('index.html', 'home');
  const response = await fetch('https://www.acme.example/');
  expect(await response.text()).toBe('home');
  expect(response.headers.get('x-cache')).toBe('Miss from cloudfront');
});
