import { describe, expect, test } from '@edgecase/vitest';
import { HttpResponse, http } from 'msw';
import { server, users } from './msw-server.js';

// Run by the `vitest-app-msw` and `vitest-app-msw2` projects:
// edgecase({ msw: { server: './packages/vitest/test/app-msw/msw-server.ts' } }) and the app's setup.ts.
const site = 'https://d111111abcdef8.cloudfront.net';

describe("edgecase({ msw: { server } }): the app's msw server, the distribution's handlers on it", () => {
  test('six fetches are six trace records, and the app API its handlers answer is not refused', async ({
    origin,
    cdn,
  }) => {
    await origin.put('a.txt', 'v1');
    for (let i = 0; i < 6; i++) expect((await fetch(`${site}/a.txt`)).status).toBe(200);
    expect(cdn.trace.all().filter((r) => r.type === 'request')).toHaveLength(6);
    expect('/a.txt').toHaveBeenFetchedFromOriginTimes(1);
    expect(await (await fetch('https://api.acme.test/users/42')).json()).toEqual({ id: 42, name: 'Ada' });
  });

  test("the app's resetHandlers() in its beforeEach and during the test keeps the distribution's handlers", async ({
    origin,
  }) => {
    server.resetHandlers(); // as the app's setup.ts does before each test
    await origin.put('a.txt', 'v1');
    expect((await fetch(`${site}/a.txt`)).headers.get('x-cache')).toBe('Miss from cloudfront');
  });

  test("an app catch-all does not shadow the distribution's hosts", async ({ origin }) => {
    server.use(http.all('*', () => HttpResponse.text('catch-all', { status: 418 })));
    await origin.put('a.txt', 'v1');
    const response = await fetch(`${site}/a.txt`);
    expect(response.status).toBe(200);
    await expect(response).toServeVersion('v1');
    expect((await fetch('https://elsewhere.test/')).status).toBe(418);
  });

  test("a catch-all among the server's own handlers does not shadow them either", async ({ origin }) => {
    server.resetHandlers(http.all('*', () => HttpResponse.text('catch-all', { status: 418 })));
    try {
      await origin.put('a.txt', 'v1');
      expect((await fetch(`${site}/a.txt`)).status).toBe(200);
      expect((await fetch('https://api.acme.test/users/42')).status).toBe(418);
    } finally {
      server.resetHandlers(users); // the app's own handlers again, for the next tests
    }
  });

  test('handlers a test adds through `network` go when it ends; the app keeps its own', async ({
    network,
  }) => {
    network.use(http.get('https://api.acme.test/teams/1', () => HttpResponse.json({ team: 1 })));
    expect((await fetch('https://api.acme.test/teams/1')).status).toBe(200);
    expect(network.server).toBe(server);
  });

  test('the next test starts without them', async () => {
    // The app's onUnhandledRequest: 'error' applies: msw answers an unhandled request with a network error.
    await expect(fetch('https://api.acme.test/teams/1')).rejects.toThrow();
  });
});
