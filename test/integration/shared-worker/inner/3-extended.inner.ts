import { expect, test } from '@edgecase/vitest';

// A third file that extends `test` again, after the plain file started the worker's server.
const site = 'https://d111111abcdef8.cloudfront.net';
const withAsset = test
  .extend('asset', async ({ origin }) => {
    await origin.put('app.js', 'console.log(1)');
    return '/app.js';
  })
  .extend('twice', () => 2);

withAsset(
  'the third file, on test.extend again, fetches through the distribution',
  async ({ asset, twice, cdn }) => {
    for (let i = 0; i < twice; i++) expect((await fetch(`${site}${asset}`)).status).toBe(200);
    expect(cdn.trace.requests()).toHaveLength(2);
  },
);
