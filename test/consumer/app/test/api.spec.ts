import { expect, test } from '@edgecase/vitest';
import { getMe, getUser } from '../src/api.js';

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
