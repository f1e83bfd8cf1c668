import { GetObjectCommand, HeadBucketCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, test } from '@edgecase/vitest';

// Run in the `vitest-minio` project: edgecase({ origin: 'minio' }). The plugin's `buckets` (here the
// `bucketOptions` override) are real MinIO buckets, one per name and per test.

const created: string[] = [];

describe("named buckets on origin: 'minio'", () => {
  test.override('bucketOptions', ['acme-assets', 'acme-uploads']);

  test('each name is a MinIO bucket of its own; the s3 fixture reaches it by the name', async ({
    buckets,
    origin,
    s3,
  }) => {
    const assets = buckets.get('acme-assets');
    const uploads = buckets.get('acme-uploads');
    if (!assets || !uploads) throw new Error('a bucket is missing');
    expect([...buckets.keys()]).toEqual(['acme-assets', 'acme-uploads']);
    expect(assets.bucket).toMatch(/^acme-assets-[0-9a-f]{12}$/);
    expect(uploads.bucket).toMatch(/^acme-uploads-[0-9a-f]{12}$/);
    expect(origin).toBe(assets); // the first, as in memory
    created.push(assets.bucket, uploads.bucket);

    // The app writes by its bucket names; the objects land in the test's buckets.
    await s3.send(new PutObjectCommand({ Bucket: 'acme-assets', Key: 'a.png', Body: 'png' }));
    await s3.send(new PutObjectCommand({ Bucket: 'acme-uploads', Key: 'u.txt', Body: 'upload' }));
    const read = await s3.send(new GetObjectCommand({ Bucket: uploads.bucket, Key: 'u.txt' }));
    expect(await read.Body?.transformToString()).toBe('upload');
    // The CDN's origin is the first bucket on MinIO.
    expect(await fetch('https://img.example.com/a.png')).toHaveCacheResult('Miss');
    expect(assets.requestCount('/a.png')).toBe(1);
    expect(uploads.requestCount()).toBe(0);
  });

  test('the buckets of the test before are deleted, objects and all; this test has new ones', async ({
    buckets,
    s3,
  }) => {
    expect(created).toHaveLength(2);
    for (const bucket of created) {
      await expect(s3.send(new HeadBucketCommand({ Bucket: bucket }))).rejects.toMatchObject({
        $metadata: { httpStatusCode: 404 },
      });
    }
    expect([...buckets.values()].map((b) => b.bucket)).not.toContain(created[0]);
  });
});

describe("distribution origins on origin: 'minio'", () => {
  test.override('cdnOptions', {
    origins: { site: { bucket: 'acme-site' }, replica: { bucket: 'acme-replica' } },
    originGroups: { failover: { members: ['site', 'replica'], failoverStatusCodes: [503] } },
    defaultCacheBehavior: { targetOriginId: 'failover' },
  });

  test("an origin group over two MinIO buckets fails over when the primary's faults say so", async ({
    buckets,
    s3,
    cdn,
  }) => {
    const site = buckets.get('acme-site');
    const replica = buckets.get('acme-replica');
    if (!site || !replica) throw new Error('a bucket is missing');
    expect(replica.name).toMatch(/^s3:acme-replica-[0-9a-f]{12}$/);
    await s3.send(new PutObjectCommand({ Bucket: 'acme-replica', Key: 'p.html', Body: 'from the replica' }));
    site.faults.respond(503);
    const response = await cdn.fetch('/p.html');
    expect([response.status, await response.text()]).toEqual([200, 'from the replica']);
    const fetches = cdn.trace.all().filter((record) => record.type === 'origin');
    expect(fetches.map((f) => [f.origin, f.result])).toEqual([
      ['site', 503],
      ['replica', 200],
    ]);
    expect(replica.requestCount('/p.html')).toBe(1);
  });
});

describe("a private bucket on origin: 'minio'", () => {
  test.override('bucketOptions', [{ name: 'acme-site', access: 'private' }]);

  test('CloudFront reads it only through its origin access: anonymous 403, signed with the restricted credentials 200', async ({
    buckets,
    cdn,
    clock,
    origin,
    s3,
  }) => {
    expect(buckets.get('acme-site')).toBe(origin);
    expect(origin.bucket).toMatch(/^acme-site-[0-9a-f]{12}$/);
    // The app (the bucket owner) writes by its name; CloudFront without an OAC reads anonymously.
    await s3.send(new PutObjectCommand({ Bucket: 'acme-site', Key: 'index.html', Body: '<h1>Acme</h1>' }));
    const refused = await cdn.fetch('/index.html');
    expect([refused.status, refused.headers.get('x-cache')]).toEqual([403, 'Error from cloudfront']);

    cdn.updateDistribution({ origin: { origin, originAccessControl: {} } });
    await clock.advance(cdn.deployment().deployedAtMs - clock.now());
    const served = await cdn.fetch('/index.html');
    expect([served.status, await served.text()]).toEqual([200, '<h1>Acme</h1>']);
    // The credentials may read objects, not list: MinIO still answers 404 for a missing key (S3: 403).
    expect((await cdn.fetch('/missing.html')).status).toBe(404);
  });

  test("explore empties it between runs as its owner (CloudFront's credentials may not list or delete)", async ({
    explore,
    s3,
  }) => {
    let runs = 0;
    await explore({ runs: 2 }, async () => {
      runs++;
      await expect(
        s3.send(new HeadObjectCommand({ Bucket: 'acme-site', Key: 'run.txt' })),
      ).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
      await s3.send(new PutObjectCommand({ Bucket: 'acme-site', Key: 'run.txt', Body: String(runs) }));
    });
    expect(runs).toBe(2);
  });
});
