import { ManualClock } from '@edgecase/cdn';
import { describe, expect, test } from 'vitest';
import { awsWaitersOnClock, CLOUDFRONT_WAITERS } from './aws-waiters-on-clock.js';

// The client package as awsWaitersOnClock sees it: a command class and the waiters it replaces.
class GetInvalidationCommand {
  constructor(readonly input: unknown) {}
}
type Waiter = (params: { client: unknown; maxWaitTime: number }, input: unknown) => Promise<unknown>;
const real: Waiter = async () => ({ state: 'the real waiter ran' });
const sdk = {
  GetInvalidationCommand,
  waitForInvalidationCompleted: real,
  waitUntilInvalidationCompleted: real,
  CreateInvalidationCommand: class {},
};

/** A CloudFront client whose invalidation completes `doneAfterMs` after its creation on `clock`. */
function client(clock: ManualClock, doneAfterMs: number) {
  const start = clock.now();
  const askedAtMs: number[] = [];
  return {
    askedAtMs,
    send: async (command: unknown) => {
      expect(command).toBeInstanceOf(GetInvalidationCommand);
      askedAtMs.push(clock.now() - start);
      return { Invalidation: { Status: clock.now() - start >= doneAfterMs ? 'Completed' : 'InProgress' } };
    },
  };
}

describe('awsWaitersOnClock', () => {
  test('polls at once, then after delays the clock advances, until the invalidation completes', async () => {
    const clock = new ManualClock();
    const start = clock.now();
    const { waitUntilInvalidationCompleted } = awsWaitersOnClock(sdk, { clock });
    const c = client(clock, 60_000);
    const result = await waitUntilInvalidationCompleted({ client: c, maxWaitTime: 600 }, { Id: 'I1' });
    expect(result).toMatchObject({ state: 'SUCCESS' });
    expect(c.askedAtMs[0]).toBe(0);
    expect(c.askedAtMs[1]).toBe(20_000); // the first delay is minDelay (20 s), jitter has no room yet
    expect(clock.now() - start).toBeGreaterThanOrEqual(60_000);
  });

  test('a wait longer than maxWaitTime ends as the SDK says: TimeoutError, or state TIMEOUT with waitFor', async () => {
    const clock = new ManualClock();
    const waiters = awsWaitersOnClock(sdk, { clock, seed: 1 });
    const params = { client: client(clock, 3_600_000), maxWaitTime: 120 };
    await expect(waiters.waitUntilInvalidationCompleted(params, {})).rejects.toMatchObject({
      name: 'TimeoutError',
      message: expect.stringContaining('"reason":"Waiter has timed out"'),
    });
    expect(await waiters.waitForInvalidationCompleted(params, {})).toMatchObject({ state: 'TIMEOUT' });
  });

  test("the SDK's own rules for its options, and the other exports untouched", async () => {
    const clock = new ManualClock();
    const waiters = awsWaitersOnClock(sdk, { clock });
    await expect(
      waiters.waitUntilInvalidationCompleted({ client: client(clock, 0), maxWaitTime: 10 }, {}),
    ).rejects.toThrow('expected maxWaitTime > minDelay > 0');
    expect(waiters.CreateInvalidationCommand).toBe(sdk.CreateInvalidationCommand);
  });

  // The table's delays are the installed client's own: each waiter's source names its service
  // defaults (`{ minDelay: 60, maxDelay: 2100 }`); a new SDK that changes them fails here.
  test.each(Object.entries(CLOUDFRONT_WAITERS))(
    "%s waits with the installed SDK's default delays",
    async (name, spec) => {
      const sdk = (await import('@aws-sdk/client-cloudfront')) as unknown as Record<string, unknown>;
      const source = String(sdk[`waitFor${name}`]);
      const defaults = /minDelay:\s*(\d+),\s*maxDelay:\s*(\d+)/.exec(source);
      expect(defaults?.slice(1).map(Number)).toEqual([spec.minDelaySeconds, spec.maxDelaySeconds]);
      expect(typeof sdk[spec.command]).toBe('function');
    },
  );
});
