import { ManualClock } from '@edgecase/cdn';
import * as pRetryModule from 'p-retry';
import { describe, expect, test } from 'vitest';
import { outcome } from '../../test/support/outcome.js';
import { pRetryOnClock } from './p-retry-on-clock.js';

function failing(times: number) {
  let calls = 0;
  return async () => {
    if (++calls <= times) throw new Error(`attempt ${calls} failed`);
    return calls;
  };
}

describe('pRetryOnClock', () => {
  test('waits on the given clock with p-retry’s backoff', async () => {
    const clock = new ManualClock();
    const { default: pRetry } = pRetryOnClock(pRetryModule, { clock });
    const delays: number[] = [];
    const result = await pRetry(failing(3), {
      minTimeout: 100,
      factor: 3,
      maxTimeout: 500,
      onFailedAttempt: ({ retryDelay }) => {
        delays.push(retryDelay);
      },
    });
    expect(result).toBe(4);
    expect(delays).toEqual([100, 300, 500]);
    expect(clock.now() - ManualClock.DEFAULT_START).toBe(900);
  });

  test('randomize draws from a seeded generator, so runs repeat', async () => {
    const run = async () => {
      const clock = new ManualClock();
      const { default: pRetry } = pRetryOnClock(pRetryModule, { clock, seed: 7 });
      await pRetry(failing(2), { randomize: true });
      return clock.now();
    };
    const first = await run();
    expect(await run()).toBe(first);
    expect(first - ManualClock.DEFAULT_START).toBeGreaterThan(3000);
    expect(first - ManualClock.DEFAULT_START).toBeLessThan(6000);
  });

  test('keeps AbortError, retries: 0 and shouldRetry as p-retry has them', async () => {
    const clock = new ManualClock();
    const { default: pRetry, AbortError } = pRetryOnClock(pRetryModule, { clock });
    await expect(pRetry(() => Promise.reject(new AbortError('stop')))).rejects.toThrow('stop');
    await expect(pRetry(failing(1), { retries: 0 })).rejects.toThrow('attempt 1 failed');
    await expect(pRetry(failing(1), { shouldRetry: () => false })).rejects.toThrow('attempt 1 failed');
    expect(clock.now()).toBe(ManualClock.DEFAULT_START);
  });

  test('without a clock and outside a cdn test it says how to give one', async () => {
    const { default: pRetry } = pRetryOnClock(pRetryModule);
    expect(await outcome(() => pRetry(failing(0)))).toMatchInlineSnapshot(
      `"EdgecaseError(InvalidOption): [edgecase] pRetryOnClock: expected a clock, got none: this test has no \`cdn\` fixture. Use the \`cdn\` fixture in the test, or pass one: pRetryOnClock(module, { clock: () => myClock })."`,
    );
  });
});
