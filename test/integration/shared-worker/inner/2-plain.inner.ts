import { expect, test } from '@edgecase/vitest';

// The next file in the same worker, on edgecase's `test` as it is.
const site = 'https://d111111abcdef8.cloudfront.net';

test('the second file, on test, fetches through the distribution', async ({ origin, cdn }) => {
  await origin.put('a.txt', 'v1');
  const response = await fetch(`${site}/a.txt`);
  expect(response.status).toBe(200);
  expect(await response.text()).toBe('v1');
  expect(cdn.trace.requests()).toHaveLength(1);
});
