import { readFileSync } from 'node:fs';
import {
  CloudFrontClient,
  CreateInvalidationCommand,
  GetDistributionCommand,
  GetDistributionConfigCommand,
  GetInvalidationCommand,
  ListInvalidationsCommand,
  NoSuchInvalidation,
  UpdateDistributionCommand,
} from '@aws-sdk/client-cloudfront';
import { createCdn, fromDistributionConfig, ManualClock, memoryOrigin } from '@edgecase/cdn';
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

describe('GetDistribution, GetDistributionConfig and UpdateDistribution (§13)', () => {
  it('returns a loaded config as it was loaded, and loads the edited copy the same way', async () => {
    const realConfig = JSON.parse(
      readFileSync(
        new URL('../../cdn/src/distribution/fixtures/get-distribution-config.json', import.meta.url),
        'utf8',
      ),
    );
    const clock = new ManualClock();
    const origin = memoryOrigin({ clock });
    const cdn = createCdn({ clock, ...fromDistributionConfig(realConfig, { 'site-bucket': origin }) });
    mocks.push(mockCloudFrontClient(cdn));
    const client = new CloudFrontClient({ region: 'us-east-1' });
    const { DistributionConfig, ETag } = await client.send(new GetDistributionConfigCommand({ Id: 'E1' }));
    expect(DistributionConfig).toEqual(realConfig.DistributionConfig);
    if (!DistributionConfig) throw new Error('no config');
    DistributionConfig.DefaultRootObject = 'home.html';
    const updated = await client.send(
      new UpdateDistributionCommand({ Id: 'E1', IfMatch: ETag, DistributionConfig }),
    );
    expect(updated.Distribution?.Status).toBe('InProgress');
    expect(updated.ETag).not.toBe(ETag);
    expect(cdn.distribution.defaultRootObject).toBe('home.html');
    const got = await client.send(new GetDistributionCommand({ Id: 'E1' }));
    expect(got.Distribution?.DistributionConfig?.DefaultRootObject).toBe('home.html');
    await clock.advance(cdn.deployment().deployedAtMs - clock.now());
    expect((await client.send(new GetDistributionCommand({ Id: 'E1' }))).Distribution?.Status).toBe(
      'Deployed',
    );
    // API_UpdateDistribution: CallerReference cannot change.
    const again = await client.send(new GetDistributionConfigCommand({ Id: 'E1' }));
    await expect(
      client.send(
        new UpdateDistributionCommand({
          Id: 'E1',
          IfMatch: again.ETag,
          DistributionConfig: { ...again.DistributionConfig, CallerReference: 'other' } as never,
        }),
      ),
    ).rejects.toMatchObject({ name: 'IllegalUpdate' });
  });

  it('writes a createCdn distribution out in the API shape, and Id is required', async () => {
    const { client } = setup({ distributionId: 'E2EXAMPLE' });
    const { DistributionConfig } = await client.send(new GetDistributionConfigCommand({ Id: 'E2EXAMPLE' }));
    expect(DistributionConfig).toMatchObject({
      Enabled: true,
      DefaultRootObject: '',
      Origins: { Quantity: 1, Items: [{ Id: 'origin' }] },
      DefaultCacheBehavior: {
        TargetOriginId: 'origin',
        CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6',
      },
    });
    await expect(client.send(new GetDistributionCommand({ Id: 'E9' }))).rejects.toMatchObject({
      name: 'NoSuchDistribution',
    });
  });
});
