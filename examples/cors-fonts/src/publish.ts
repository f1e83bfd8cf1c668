import { PutBucketCorsCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';

/** Where the site is served from: the only origin allowed to use the fonts. */
export const SITE_ORIGIN = 'https://www.example.com';

/** Uploads a font as a build does: long-lived, content type set. */
export async function publishFont(s3: S3Client, bucket: string, key: string, body: string): Promise<void> {
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: body,
      ContentType: 'font/woff2',
      CacheControl: 'public, max-age=31536000, immutable',
    }),
  );
}

/**
 * The bucket's CORS rule: the site may load the fonts. S3 keeps it per bucket (PutBucketCors).
 * Community MinIO does not implement PutBucketCors (501 NotImplemented): its CORS is the
 * server-wide MINIO_API_CORS_ALLOW_ORIGIN, whose default `*` already echoes the site's Origin, so
 * there this step is skipped (docs/origins.md).
 */
export async function allowSiteOrigin(s3: S3Client, bucket: string): Promise<void> {
  try {
    await s3.send(
      new PutBucketCorsCommand({
        Bucket: bucket,
        CORSConfiguration: {
          CORSRules: [
            { AllowedMethods: ['GET', 'HEAD'], AllowedOrigins: [SITE_ORIGIN], MaxAgeSeconds: 3000 },
          ],
        },
      }),
    );
  } catch (error) {
    if ((error as Error).name !== 'NotImplemented') throw error;
  }
}
