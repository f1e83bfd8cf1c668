import {
  CloudFrontClient,
  CreateInvalidationCommand,
  waitUntilInvalidationCompleted,
} from '@aws-sdk/client-cloudfront';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { describe, expect, test } from '@edgecase/vitest';
import { HttpResponse, http } from 'msw';
import { vi } from 'vitest';

// The app's AWS setup as it is: its bucket names from its config, its own SDK clients, the SDK's
// waiter for its invalidation (on the virtual clock), its API behind the same distribution.
vi.mock('@aws-sdk/client-cloudfront', async (importOriginal) => {
  const { awsWaitersOnClock } = await import('@edgecase/vitest');
  return awsWaitersOnClock(await importOriginal<typeof import('@aws-sdk/client-cloudfront')>());
});

const config = { uploads: 'acme-uploads', assets: 'acme-assets', distributionId: 'E2EXAMPLE' };
const site = 'https://d111111abcdef8.cloudfront.net';

/** The app: uploads with its own client, as in production. */
async function upload(key: string, body: string): Promise<void> {
  await new S3Client({ region: 'eu-west-1' }).send(
    new PutObjectCommand({ Bucket: config.uploads, Key: key, Body: body }),
  );
}

/** The app's deploy script: invalidates and waits with the SDK's waiter. */
async function invalidateAndWait(paths: string[]): Promise<void> {
  const client = new CloudFrontClient({ region: 'us-east-1' });
  const { Invalidation } = await client.send(
    new CreateInvalidationCommand({
      DistributionId: config.distributionId,
      InvalidationBatch: { CallerReference: 'deploy-1', Paths: { Quantity: paths.length, Items: paths } },
    }),
  );
  await waitUntilInvalidationCompleted(
    { client, maxWaitTime: 600 },
    { DistributionId: config.distributionId, Id: Invalidation?.Id },
  );
}

describe('bucket names from the app config', () => {
  test.override('bucketOptions', [config.uploads]);

  test('the origin fixture is the bucket the app writes to', async ({ s3: _s3, origin }) => {
    expect(origin.bucket).toBe('acme-uploads');
    await upload('avatars/1.png', 'png');
    expect((await fetch(`${site}/avatars/1.png`)).status).toBe(200);
  });

  test('another bucket is NoSuchBucket, naming the ones there are', async ({ s3 }) => {
    await expect(s3.send(new GetObjectCommand({ Bucket: 'acme-upload', Key: 'a' }))).rejects.toThrow(
      'The specified bucket does not exist (mockS3Client: "acme-upload" is not one of its buckets: acme-uploads;',
    );
  });
});

describe('a private bucket without s3:ListBucket', () => {
  test.override('bucketOptions', [{ name: 'acme-private', listBucket: false }]);

  test('answers 403 for a missing key, which CloudFront caches as an error', async () => {
    const response = await fetch(`${site}/missing.png`);
    expect(response.status).toBe(403);
    expect(response).toHaveCacheResult('Error');
  });
});

describe('mockClients: the app clients answered without requesting the fixtures', () => {
  test.override('bucketOptions', [config.uploads]);
  test.override('mockClients', ['s3', 'cloudfront']);

  test("the app's S3Client and CloudFrontClient reach the test's simulator", async ({ clock }) => {
    await upload('a.txt', 'v1');
    expect((await fetch(`${site}/a.txt`)).status).toBe(200);
    await upload('a.txt', 'v2');
    const start = clock.now();
    await invalidateAndWait(['/a.txt']);
    // The SDK's waiter polled on the virtual clock: first at once, then after 20 s or more.
    expect(clock.now() - start).toBeGreaterThanOrEqual(20_000);
    await expect('/a.txt').toServeOneVersion('v2');
  });
});

describe('several origins: the bucket and the app API', () => {
  test.override('cdnOptions', {
    origins: { site: { bucket: config.assets }, api: { url: 'https://api.acme.test' } },
    defaultCacheBehavior: { targetOriginId: 'site' },
    cacheBehaviors: [{ pathPattern: '/api/*', targetOriginId: 'api', cachePolicy: 'CachingDisabled' }],
  });

  test('/api/* goes to the API origin, answered by an msw handler; the rest to the bucket', async ({
    buckets,
    network,
  }) => {
    network.use(http.get('https://api.acme.test/api/me', () => HttpResponse.json({ id: 42 })));
    await buckets.get(config.assets)?.put('index.html', '<h1>acme</h1>');
    expect(await (await fetch(`${site}/api/me`)).json()).toEqual({ id: 42 });
    expect(await (await fetch(`${site}/index.html`)).text()).toBe('<h1>acme</h1>');
  });
});

describe('an app client the test does not answer', () => {
  test('fails the test saying how to answer it, not only with CredentialsProviderError', async ({
    network,
  }) => {
    const error = await new S3Client({ region: 'eu-west-1' })
      .send(new GetObjectCommand({ Bucket: config.uploads, Key: 'a.png' }))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'CredentialsProviderError' }); // what the SDK says
    // What edgecase says when the test ends (network.reset runs then; called here to see it):
    expect(() => network.reset()).toThrow(
      /^\[edgecase\] An AWS SDK client of the app reached for real AWS \(PUT http:\/\/169\.254\.169\.254\/latest\/api\/token.*Answer the app's clients in every test with edgecase\(\{ mockClients: \['s3', 'cloudfront'\] \}\)/s,
    );
  });
});
