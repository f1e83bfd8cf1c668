import {
  DeleteBucketPolicyCommand,
  GetBucketPolicyCommand,
  PutBucketPolicyCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { createCdn, ManualClock, memoryOrigin } from '@edgecase/cdn';
import { afterEach, describe, expect, it } from 'vitest';
import { mockS3Client, type S3ClientMock } from './mock-s3-client.js';

let mock: S3ClientMock | undefined;
afterEach(() => mock?.restore());

describe('mockS3Client: the bucket policy (§18)', () => {
  it("the deploy script's PutBucketPolicy lets the distribution's OAC read a private bucket", async () => {
    const clock = new ManualClock();
    const origin = memoryOrigin({ bucket: 'site', clock, access: 'private' });
    mock = mockS3Client(origin);
    const s3 = new S3Client({ region: 'us-east-1' });
    await origin.put('index.html', 'hello');
    const cdn = createCdn({ clock, origin: { origin, originAccessControl: {} } });
    expect((await cdn.fetch('/index.html')).status).toBe(403);
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'cloudfront.amazonaws.com' },
          Action: 's3:GetObject',
          Resource: 'arn:aws:s3:::site/*',
          Condition: { StringEquals: { 'AWS:SourceArn': cdn.arn } },
        },
      ],
    });
    await s3.send(new PutBucketPolicyCommand({ Bucket: 'site', Policy: policy }));
    expect((await s3.send(new GetBucketPolicyCommand({ Bucket: 'site' }))).Policy).toBe(policy);
    expect((await cdn.fetch('/index.html')).status).toBe(200);

    await s3.send(new DeleteBucketPolicyCommand({ Bucket: 'site' }));
    const missing = await s3.send(new GetBucketPolicyCommand({ Bucket: 'site' })).catch((e: Error) => e);
    expect(missing).toMatchObject({ name: 'NoSuchBucketPolicy', $metadata: { httpStatusCode: 404 } });
  });

  it('a policy S3 would refuse is a 400 MalformedPolicy', async () => {
    mock = mockS3Client(memoryOrigin({ bucket: 'site' }));
    const s3 = new S3Client({ region: 'us-east-1' });
    const refused = await s3
      .send(
        new PutBucketPolicyCommand({
          Bucket: 'site',
          Policy: JSON.stringify({
            Statement: {
              Effect: 'Allow',
              Principal: '*',
              Action: 's3:GetObject',
              Resource: 'arn:aws:s3:::other/*',
            },
          }),
        }),
      )
      .catch((e: Error) => e);
    expect(refused).toMatchObject({ name: 'MalformedPolicy', $metadata: { httpStatusCode: 400 } });
    expect((refused as Error).message).toContain('arn:aws:s3:::other/*');
  });
});
