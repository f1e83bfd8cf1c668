import { expect, test } from '@edgecase/vitest';

// A file of an app's suite that extends edgecase's `test`, as users do for their own fixtures.
const site = 'https://d111111abcdef8.cloudfront.net';
const withPage = test.extend('page', async ({ origin }) => {
  await origin.put('index.html', '<h1>home</h1>');
  return '/index.html';
});

withPage('the first file, on test.extend, fetches through the distribution', async ({ page, cdn }) => {
  const response = await fetch(`${site}${page}`);
  expect(response.status).toBe(200);
  expect(await response.text()).toBe('<h1>home</h1>');
  expect(cdn.trace.requests()).toHaveLength(1);
});
