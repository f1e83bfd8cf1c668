import {
  CloudFrontClient,
  CreateInvalidationCommand,
  waitUntilInvalidationCompleted,
} from '@aws-sdk/client-cloudfront';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { config } from './config.js';

const s3 = new S3Client({ region: 'us-east-1' });
const cloudfront = new CloudFrontClient({ region: 'us-east-1' });

/** Writes one file of the site to the bucket, in place (the deploy overwrites). */
export async function uploadFile(key: string, body: string): Promise<void> {
  await s3.send(
    new PutObjectCommand({ Bucket: config.bucket, Key: key, Body: body, CacheControl: 'max-age=3600' }),
  );
}

/** Invalidates the paths and waits, with the SDK's waiter, until CloudFront says Completed. */
export async function invalidate(paths: string[]): Promise<string> {
  const { Invalidation } = await cloudfront.send(
    new CreateInvalidationCommand({
      DistributionId: config.distributionId,
      InvalidationBatch: {
        CallerReference: `deploy-${paths.join(',')}`,
        Paths: { Quantity: paths.length, Items: paths },
      },
    }),
  );
  const id = Invalidation?.Id ?? '';
  await waitUntilInvalidationCompleted(
    { client: cloudfront, maxWaitTime: 600 },
    { DistributionId: config.distributionId, Id: id },
  );
  return id;
}
