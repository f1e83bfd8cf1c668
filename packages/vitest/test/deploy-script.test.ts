import {
  CloudFrontClient,
  GetDistributionConfigCommand,
  UpdateDistributionCommand,
} from '@aws-sdk/client-cloudfront';
import { describe, expect, test } from '@edgecase/vitest';
import { vi } from 'vitest';
// The app's deploy script, imported as it is: its waitUntilDistributionDeployed is the mocked module's.
import { setRootObject } from './app/deploy.js';

// The SDK's waiters on the virtual clock (§13: waitUntilDistributionDeployed polls GetDistribution),
// for every module of the test, the app's deploy script included.
vi.mock('@aws-sdk/client-cloudfront', async (importOriginal) => {
  const { awsWaitersOnClock } = await import('@edgecase/vitest');
  return awsWaitersOnClock(await importOriginal<typeof import('@aws-sdk/client-cloudfront')>());
});

const distributionId = 'E2EXAMPLE';
const site = 'https://d111111abcdef8.cloudfront.net';

describe('a deploy script that updates the distribution and waits (§13)', () => {
  test.override('mockClients', ['cloudfront']);

  test('runs unchanged: the waiter polls GetDistribution on the clock until Deployed', async ({
    cdn,
    clock,
    origin,
  }) => {
    await origin.put('index.html', 'old home');
    await origin.put('home.html', 'new home');
    expect(await (await fetch(`${site}/`)).text()).not.toBe('new home');
    const start = clock.now();
    await setRootObject(distributionId, 'home.html');
    expect(cdn.deployment().status).toBe('Deployed');
    // The SDK polls at once, then after at least 60 s: the rollout took virtual minutes, no real time.
    expect(clock.now() - start).toBeGreaterThanOrEqual(60_000);
    expect(clock.now()).toBeGreaterThanOrEqual(cdn.deployment().deployedAtMs);
    expect(await (await fetch(`${site}/`)).text()).toBe('new home');
  });

  test("a stale ETag is the SDK's PreconditionFailed; a missing one InvalidIfMatchVersion", async ({
    cdn,
    origin,
  }) => {
    const client = new CloudFrontClient({ region: 'us-east-1' });
    const { DistributionConfig, ETag } = await client.send(
      new GetDistributionConfigCommand({ Id: distributionId }),
    );
    cdn.updateDistribution({ origin, defaultRootObject: 'a.html' });
    await expect(
      client.send(new UpdateDistributionCommand({ Id: distributionId, IfMatch: ETag, DistributionConfig })),
    ).rejects.toMatchObject({ name: 'PreconditionFailed', $metadata: { httpStatusCode: 412 } });
    await expect(
      client.send(new UpdateDistributionCommand({ Id: distributionId, DistributionConfig })),
    ).rejects.toMatchObject({ name: 'InvalidIfMatchVersion', $metadata: { httpStatusCode: 400 } });
  });
});
