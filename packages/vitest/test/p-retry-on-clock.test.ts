import { expect, test } from '@edgecase/vitest';
import { vi } from 'vitest';
import { CDN, fetchVisible, waitForAvatar } from './app/avatar.js';

// #region recipe
// The app's p-retry waits on the test's clock instead of real time. App code is unchanged.
vi.mock('p-retry', async (importOriginal) => {
  const { pRetryOnClock } = await import('@edgecase/vitest');
  return pRetryOnClock(await importOriginal<typeof import('p-retry')>());
});

test('the app retried until the negative-cache window closed, 10 s of simulated time', async ({
  origin,
  clock,
}) => {
  expect((await fetch(`${CDN}/avatars/42.png`)).status).toBe(404); // shown before the upload: 404 cached 10 s
  await origin.put('avatars/42.png', 'png-bytes');
  const started = clock.now();
  const wallStarted = performance.now();
  const delays: number[] = [];

  const response = await waitForAvatar('42', (delay) => delays.push(delay));

  expect(response.status).toBe(200);
  expect(clock.now() - started).toBe(10_000);
  expect(delays).toEqual(Array(10).fill(1000));
  expect(performance.now() - wallStarted).toBeLessThan(5_000); // no real waiting
  expect('/avatars/42.png').not.toBeNegativelyCached();
});
// #endregion

test('exponential backoff and maxRetryTime run on the clock too', async ({ origin, clock }) => {
  await fetch(`${CDN}/late.txt`); // 404 cached 10 s
  await origin.put('late.txt', 'here');
  const started = clock.now();
  // Attempts at 0, 1, 3, 7 and 15 s: the 404 expires at 10 s, so the fifth one succeeds.
  expect((await fetchVisible('/late.txt')).status).toBe(200);
  expect(clock.now() - started).toBe(15_000);

  const never = fetchVisible('/never.txt');
  await expect(never).rejects.toThrow('/never.txt is not visible yet');
  expect(clock.now() - started).toBe(35_000); // gave up after maxRetryTime (20 s) of simulated time
});
