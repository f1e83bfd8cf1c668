import {
  CloudFrontClient,
  CreateInvalidationCommand,
  GetInvalidationCommand,
  ListInvalidationsCommand,
  NoSuchInvalidation,
} from '@aws-sdk/client-cloudfront';
import { createCdn, ManualClock, memoryOrigin } from '@edgecase/cdn';
import { afterEach, describe, expect, it } from 'vitest';
import { type CloudFrontClientMock, mockCloudFrontClient } from './mock-cloudfront-client.js';

const mocks: CloudFrontClientMock[] = [];
afterEach(() => {
  for (const mock of mocks.splice(0)) mock.restore();
});

function setup(options: { distributionId?: string } = {}) {
  const clock = new ManualClock();
  const origin = memoryOrigin({ clock });
  const cdn = createCdn({ clock, origin });
  mocks.push(mockCloudFrontClient(cdn, options));
  return { clock, origin, cdn, client: new CloudFrontClient({ region: 'us-east-1' }) };
}

/** A deploy script's invalidation step, as an app would write it with the real SDK. */
async function invalidate(client: CloudFrontClient, paths: string[], callerReference: string) {
  const created = await client.send(
    new CreateInvalidationCommand({
      DistributionId: 'E2EXAMPLE',
      InvalidationBatch: {
        Paths: { Quantity: paths.length, Items: paths },
        CallerReference: callerReference,
      },
    }),
  );
  return created.Invalidation?.Id as string;
}

describe('mockCloudFrontClient', () => {
  it("runs a deploy script's CreateInvalidation against the simulator, InProgress until Completed", async () => {
    const { clock, origin, cdn, client } = setup();
    await origin.put('index.html', 'v1', { cacheControl: 'max-age=86400' });
    await cdn.fetch('/index.html', { pop: 'SFO5', server: 1 });
    await origin.put('index.html', 'v2', { cacheControl: 'max-age=86400' });

    const id = await invalidate(client, ['/index.html'], 'deploy-42');
    const get = () => client.send(new GetInvalidationCommand({ DistributionId: 'E2EXAMPLE', Id: id }));
    expect((await get()).Invalidation).toMatchObject({
      Id: id,
      Status: 'InProgress',
      InvalidationBatch: { Paths: { Quantity: 1, Items: ['/index.html'] }, CallerReference: 'deploy-42' },
    });
    await clock.advance('5m');
    expect((await get()).Invalidation?.Status).toBe('Completed');
    expect(await (await cdn.fetch('/index.html', { pop: 'SFO5', server: 1 })).text()).toBe('v2');
  });

  it('returns the same invalidation for a repeated CallerReference and lists the newest first', async () => {
    const { client } = setup();
    const first = await invalidate(client, ['/a.css'], 'ref-1');
    expect(await invalidate(client, ['/a.css'], 'ref-1')).toBe(first);
    const second = await invalidate(client, ['/b/*'], 'ref-2');
    const listed = await client.send(new ListInvalidationsCommand({ DistributionId: 'E2EXAMPLE' }));
    expect(listed.InvalidationList?.Items?.map((item) => item.Id)).toEqual([second, first]);
    expect(listed.InvalidationList).toMatchObject({ Quantity: 2, IsTruncated: false });
    const page = await client.send(
      new ListInvalidationsCommand({ DistributionId: 'E2EXAMPLE', MaxItems: 1 }),
    );
    expect(page.InvalidationList).toMatchObject({ Quantity: 1, IsTruncated: true, NextMarker: second });
  });

  it("raises CloudFront's errors as the SDK's exceptions", async () => {
    const { client } = setup({ distributionId: 'E2EXAMPLE' });
    const send = (command: object) =>
      (client.send as (command: object) => Promise<unknown>)(command).then(
        () => undefined,
        (error: Error) => error,
      );
    expect(
      await send(new GetInvalidationCommand({ DistributionId: 'E2EXAMPLE', Id: 'I0000000000000' })),
    ).toBeInstanceOf(NoSuchInvalidation);
    expect(
      await send(
        new CreateInvalidationCommand({
          DistributionId: 'E2EXAMPLE',
          InvalidationBatch: { Paths: { Quantity: 1, Items: ['no-slash.html'] }, CallerReference: 'x' },
        }),
      ),
    ).toMatchObject({ name: 'InvalidArgument', $metadata: { httpStatusCode: 400 } });
    expect(
      await send(
        new CreateInvalidationCommand({
          DistributionId: 'E2EXAMPLE',
          InvalidationBatch: { Paths: { Quantity: 2, Items: ['/a'] }, CallerReference: 'y' },
        }),
      ),
    ).toMatchObject({ name: 'InconsistentQuantities' });
    expect(await send(new ListInvalidationsCommand({ DistributionId: 'EOTHER' }))).toMatchObject({
      name: 'NoSuchDistribution',
      $metadata: { httpStatusCode: 404 },
    });
  });
});
