import { expect, test } from '@edgecase/vitest';
import { vi } from 'vitest';
import { invalidate, uploadFile } from '../src/deploy.js';

// The SDK's waiters poll on the test's virtual clock (the app's deploy code stays as it is).
vi.mock('@aws-sdk/client-cloudfront', async (importOriginal) => {
  const { awsWaitersOnClock } = await import('@edgecase/vitest');
  return awsWaitersOnClock(await importOriginal<typeof import('@aws-sdk/client-cloudfront')>());
});

test('servers disagree after an overwrite until the app’s invalidation completes', async ({ cdn, clock }) => {
  const refreshes = async () => {
    const bodies: string[] = [];
    for (const server of [1, 2, 3, 4])
      bodies.push(await (await cdn.fetch('/site.css', { pop: 'SFO5', server })).text());
    return bodies;
  };
  await uploadFile('site.css', 'test 1');
  await cdn.fetch('/site.css', { pop: 'SFO5', server: 1 }); // SFO5-C1 keeps test 1 for an hour
  await uploadFile('site.css', 'test 2');
  expect(await refreshes()).toEqual(['test 1', 'test 2', 'test 2', 'test 2']);
  await expect('/site.css').not.toServeOneVersion();

  const started = clock.now();
  await invalidate(['/site.css']); // CreateInvalidation, then waitUntilInvalidationCompleted
  expect(clock.now() - started).toBeGreaterThanOrEqual(20_000); // the waiter's first delay: 20 s
  await expect('/site.css').toServeOneVersion('test 2');
  expect(await refreshes()).toEqual(['test 2', 'test 2', 'test 2', 'test 2']);
});
