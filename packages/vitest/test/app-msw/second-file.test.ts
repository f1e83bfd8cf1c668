import { expect, test } from '@edgecase/vitest';
import { server } from './msw-server.js';

// A second file of the same project: Vitest runs the app's server module again for it, and the
// distribution's handlers go on this file's server, not the previous file's.
test("the distribution's handlers are on this file's server", async ({ origin, network }) => {
  expect(network.server).toBe(server);
  await origin.put('b.txt', 'v1');
  expect((await fetch('https://d111111abcdef8.cloudfront.net/b.txt')).status).toBe(200);
});
