// The site's deploy script: it uploads the pages to a private bucket and sets the bucket policy that
// lets the site's CloudFront distribution read them through its origin access control (OAC).
import { PutBucketPolicyCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';

export const PAGES: Readonly<Record<string, string>> = {
  'index.html': '<h1>Acme</h1>',
  'pricing.html': '<h1>Pricing</h1>',
};

/** Uploads the pages; CloudFront keeps them for an hour. */
export async function publishSite(s3: S3Client, bucket: string): Promise<void> {
  for (const [key, html] of Object.entries(PAGES)) {
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: html,
        ContentType: 'text/html',
        CacheControl: 'max-age=3600',
      }),
    );
  }
}

/**
 * The bucket policy AWS documents for an OAC: the CloudFront service principal may read the objects,
 * on condition that the request comes from this distribution.
 */
export function cloudFrontReadPolicy(bucket: string, distributionArn: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AllowCloudFrontServicePrincipalReadOnly',
        Effect: 'Allow',
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Action: 's3:GetObject',
        Resource: `arn:aws:s3:::${bucket}/*`,
        Condition: { StringEquals: { 'AWS:SourceArn': distributionArn } },
      },
    ],
  });
}

/** Sets the bucket policy for the distribution with this ARN. */
export async function allowDistribution(
  s3: S3Client,
  bucket: string,
  distributionArn: string,
): Promise<void> {
  await s3.send(
    new PutBucketPolicyCommand({ Bucket: bucket, Policy: cloudFrontReadPolicy(bucket, distributionArn) }),
  );
}
