import { expect, interceptionHandlers, test } from '@edgecase/vitest';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';

// Run by the `vitest-hand-wired` project: edgecase({ msw: false }) starts no msw server; the app adds
// the distribution's handlers to its own server by hand.
const server = setupServer(http.get('https://api.acme.test/users/42', () => HttpResponse.json({ id: 42 })));
beforeAll(() => server.listen());
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

test('interceptionHandlers(cdn) on the app server: one answer per request, the API answered', async ({
  origin,
  cdn,
}) => {
  server.use(...interceptionHandlers(cdn));
  await origin.put('a.txt', 'v1');
  for (let i = 0; i < 6; i++)
    expect((await fetch('https://d111111abcdef8.cloudfront.net/a.txt')).status).toBe(200);
  expect(cdn.trace.all().filter((record) => record.type === 'request')).toHaveLength(6);
  expect(await (await fetch('https://api.acme.test/users/42')).json()).toEqual({ id: 42 });
});

test('without them, the distribution is not intercepted by edgecase', async ({ network }) => {
  expect(() => network.server).toThrow('edgecase({ msw: false }) starts no msw server');
  // The app's server decides (msw's default for an unhandled request is to warn and let it through).
  server.use(
    http.all('https://d111111abcdef8.cloudfront.net/*', () => HttpResponse.text('app', { status: 418 })),
  );
  expect((await fetch('https://d111111abcdef8.cloudfront.net/a.txt')).status).toBe(418);
});
