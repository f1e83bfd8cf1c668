import {
  DeleteBucketCorsCommand,
  GetBucketCorsCommand,
  PutBucketCorsCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { createCdn, ManualClock, memoryOrigin } from '@edgecase/cdn';
import { afterEach, describe, expect, it } from 'vitest';
import { mockS3Client, type S3ClientMock } from './mock-s3-client.js';

let mock: S3ClientMock | undefined;
afterEach(() => mock?.restore());

describe('mockS3Client: the bucket CORS configuration (§19)', () => {
  it('PutBucketCors makes the origin behind the CDN answer CORS; Get and Delete read and remove it', async () => {
    const clock = new ManualClock();
    const origin = memoryOrigin({ bucket: 'assets', clock });
    mock = mockS3Client(origin);
    const s3 = new S3Client({ region: 'us-east-1' });
    const rules = [{ AllowedMethods: ['GET' as const], AllowedOrigins: ['https://app.example'] }];
    await s3.send(new PutBucketCorsCommand({ Bucket: 'assets', CORSConfiguration: { CORSRules: rules } }));
    expect((await s3.send(new GetBucketCorsCommand({ Bucket: 'assets' }))).CORSRules).toEqual(rules);
    await origin.put('font.woff2', 'font');
    const cdn = createCdn({
      clock,
      origin,
      defaultCacheBehavior: { cachePolicy: 'CachingDisabled', originRequestPolicy: 'CORS-S3Origin' },
    });
    const response = await cdn.fetch('/font.woff2', { headers: { origin: 'https://app.example' } });
    expect(response.headers.get('access-control-allow-origin')).toBe('https://app.example');
    await s3.send(new DeleteBucketCorsCommand({ Bucket: 'assets' }));
    const missing = await s3.send(new GetBucketCorsCommand({ Bucket: 'assets' })).catch((e: Error) => e);
    expect(missing).toMatchObject({ name: 'NoSuchCORSConfiguration', $metadata: { httpStatusCode: 404 } });
  });

  it('a configuration S3 would refuse is a 400 InvalidRequest', async () => {
    mock = mockS3Client(memoryOrigin({ bucket: 'assets' }));
    const s3 = new S3Client({ region: 'us-east-1' });
    const refused = await s3
      .send(
        new PutBucketCorsCommand({
          Bucket: 'assets',
          CORSConfiguration: { CORSRules: [{ AllowedMethods: ['PATCH'], AllowedOrigins: ['*'] }] },
        }),
      )
      .catch((e: Error) => e);
    expect(refused).toMatchObject({ name: 'InvalidRequest', $metadata: { httpStatusCode: 400 } });
    expect((refused as Error).message).toContain('one of GET, PUT, POST, DELETE, HEAD');
  });
});
