import { describe, expect, test } from '@edgecase/vitest';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll } from 'vitest';

// The reported case: the app's suite starts its own msw server (in its setup file) and edgecase,
// by default, starts another in the same worker. Both share msw's interceptor.
const site = 'https://d111111abcdef8.cloudfront.net';
const app = setupServer(http.get('https://api.acme.test/users/42', () => HttpResponse.json({ id: 42 })));

describe("the app's own msw server beside edgecase's", () => {
  beforeAll(() => app.listen({ onUnhandledRequest: 'error' } as Parameters<typeof app.listen>[0]));
  afterAll(() => app.close());

  test('the first request to the distribution fails, naming the fix, instead of being answered twice', async ({
    origin,
    cdn,
    networkServer,
  }) => {
    await origin.put('a.txt', 'v1');
    const response = await fetch(`${site}/a.txt`);
    const [conflict, ...more] = networkServer.takeConflicts(); // else the test fails when it ends
    expect(more).toEqual([]);
    expect(conflict?.message).toContain('was refused: two msw servers intercept');
    expect(conflict?.message).toContain("edgecase({ msw: { server: './test/msw-server.ts' } })");
    expect(response.status).toBe(500); // msw's answer to a handler that throws
    expect(cdn.trace.all().filter((r) => r.type === 'request')).toHaveLength(0);
  });

  // Before, this test passed with 12 viewer records for 6 fetches.
  test.fails('a test that fetches through both servers fails when it ends', async ({ origin }) => {
    await origin.put('a.txt', 'v1');
    for (let i = 0; i < 6; i++) await fetch(`${site}/a.txt`);
  });
});
