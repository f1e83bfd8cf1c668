import { PutObjectCommand } from '@aws-sdk/client-s3';
import { createCdn, ManualClock, type TraceOriginFetch } from '@edgecase/cdn';
import { s3Origin } from '@edgecase/s3';
import { describe, expect, inject, it } from 'vitest';
import { connectMinio } from './connect-minio.js';
import type { ProvidedMinio } from './vitest/provided.js';

// §18 over MinIO: MinIO's bucket policies apply to anonymous requests only, so CloudFront's principal
// is credentials restricted to s3:GetObject on the bucket (restrictedCredentials), and
// s3Origin({ access: 'private' }) signs with them only the requests CloudFront signs (OAC, OAI).
const required = process.env.EDGECASE_REQUIRE_MINIO === '1';
const provided = inject('edgecaseMinio') as ProvidedMinio | undefined;

async function privateBucket() {
  if (!provided?.available) throw new Error('MinIO is not available');
  const minio = connectMinio(provided);
  const bucket = await minio.createBucket();
  const owner = minio.s3Client();
  await owner.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: 'index.html',
      Body: '<h1>hi</h1>',
      ContentType: 'text/html',
    }),
  );
  owner.destroy();
  const reader = await minio.restrictedCredentials({ bucket, actions: ['s3:GetObject'] });
  const origin = s3Origin({ client: minio.s3Client(reader), bucket, access: 'private' });
  return { bucket, origin };
}

const fetches = (records: readonly { type: string }[]) =>
  records.filter((r): r is TraceOriginFetch => r.type === 'origin');

describe.skipIf(!provided?.available && !required)('private MinIO bucket behind an OAC (§18)', () => {
  it('without an OAC the request is anonymous: MinIO answers 403 AccessDenied', async () => {
    const { origin } = await privateBucket();
    const cdn = createCdn({ clock: new ManualClock(), origin });
    const response = await cdn.fetch('/index.html');
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('<Code>AccessDenied</Code>');
  });

  it('with an OAC the request is signed with the restricted credentials and served', async () => {
    const { origin } = await privateBucket();
    const cdn = createCdn({ clock: new ManualClock(), origin: { origin, originAccessControl: {} } });
    const response = await cdn.fetch('/index.html');
    expect([response.status, await response.text()]).toEqual([200, '<h1>hi</h1>']);
    expect(fetches(cdn.trace.all())[0]?.originAccess?.signedBy).toBe('origin-access-control');
    // MinIO differs from S3 here (§12, minio/minio#16781, observed): credentials without
    // s3:ListBucket get 404 NoSuchKey for a missing key, where S3 answers 403 AccessDenied.
    const missing = await cdn.fetch('/missing.html');
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('<Code>NoSuchKey</Code>');
  });

  it('signing behaviour never is anonymous; no-override sends the viewer Authorization as it came', async () => {
    const { origin } = await privateBucket();
    const clock = new ManualClock();
    const never = createCdn({
      clock,
      origin: { origin, originAccessControl: { signingBehavior: 'never' } },
    });
    expect((await never.fetch('/index.html')).status).toBe(403);
    const noOverride = createCdn({
      clock,
      origin: { origin, originAccessControl: { signingBehavior: 'no-override' } },
      defaultCacheBehavior: {
        cachePolicy: {
          name: 'with-authorization',
          minTTL: 0,
          defaultTTL: 0,
          maxTTL: 0,
          parametersInCacheKeyAndForwardedToOrigin: {
            headersConfig: { headerBehavior: 'whitelist', headers: ['Authorization'] },
          },
        },
      },
    });
    expect((await noOverride.fetch('/index.html')).status).toBe(200);
    const viewer = await noOverride.fetch('/index.html', {
      headers: {
        authorization: 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/s3/aws4_request',
      },
    });
    // MinIO checks the viewer's own signature, and this one lacks its x-amz-date: 400 AccessDenied.
    expect(viewer.status).toBe(400);
    expect(await viewer.text()).toContain('<Code>AccessDenied</Code>');
    expect(fetches(noOverride.trace.all()).map((f) => f.originAccess?.signedBy)).toEqual([
      'origin-access-control',
      'viewer',
    ]);
  });
});
