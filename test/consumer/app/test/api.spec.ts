import { expect, test } from '@edgecase/vitest';
import { HttpResponse, http } from 'msw';
import { getMe, getUser } from '../src/api.js';
import { server } from './msw-server.js';

test('/api/* goes to the app’s API origin, answered by the app’s own msw server, once per fetch', async ({
  cdn,
}) => {
  expect(await getUser(7)).toEqual({ id: 7, name: 'Ada' }); // the API host itself: the app's handlers

  for (let i = 0; i < 3; i++) {
    expect(await getMe()).toEqual({
      status: 200,
      user: { id: 42, name: 'Ada' },
      xCache: 'Miss from cloudfront',
    });
  }
  expect('/api/me').toHaveBeenFetchedFromOriginTimes(3); // CachingDisabled: every request, and only once
  expect(cdn.trace.requests()).toHaveLength(3);
});

test('after the app’s resetHandlers, and under its own catch-all, the distribution answers its host', async ({
  origin,
}) => {
  // The app's setup reset its server after the previous test; this test adds a catch-all of its own.
  server.use(http.all('*', () => HttpResponse.text('catch-all', { status: 418 })));
  await origin.put('hello.txt', 'hi');
  expect(await (await fetch('https://cdn.acme.test/hello.txt')).text()).toBe('hi');
  expect((await fetch('https://api.acme.test/anything')).status).toBe(418);
});
