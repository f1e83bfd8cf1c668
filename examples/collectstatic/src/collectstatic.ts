// A static-files deploy as Django's `collectstatic` does it with django-storages: every file goes to
// S3 under its own name, overwriting the previous deploy's copy, and CloudFront caches it for a day.
import { type CloudFrontClient, CreateInvalidationCommand } from '@aws-sdk/client-cloudfront';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';

export interface StaticStorage {
  s3: S3Client;
  bucket: string;
}

const CONTENT_TYPES: Record<string, string> = { css: 'text/css', js: 'text/javascript', txt: 'text/plain' };

// #region collectstatic
/** Uploads every file to `static/<name>`, in place, cached for a day; returns the URL paths written. */
export async function collectstatic({ s3, bucket }: StaticStorage, files: Record<string, string>) {
  const paths: string[] = [];
  for (const [name, body] of Object.entries(files)) {
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: `static/${name}`,
        Body: body,
        ContentType: CONTENT_TYPES[name.split('.').pop() ?? ''] ?? 'application/octet-stream',
        CacheControl: 'max-age=86400',
      }),
    );
    paths.push(`/static/${name}`);
  }
  return paths;
}
// #endregion

// #region invalidate
/**
 * The fix: the same upload, then one CreateInvalidation of the paths it wrote. `deployId` (a commit
 * hash, say) is the CallerReference, so a retried deploy does not invalidate twice. Returns its id.
 */
export async function collectstaticAndInvalidate(
  storage: StaticStorage,
  cloudfront: CloudFrontClient,
  deploy: { distributionId: string; deployId: string },
  files: Record<string, string>,
) {
  const paths = await collectstatic(storage, files);
  const { Invalidation } = await cloudfront.send(
    new CreateInvalidationCommand({
      DistributionId: deploy.distributionId,
      InvalidationBatch: {
        CallerReference: deploy.deployId,
        Paths: { Quantity: paths.length, Items: paths },
      },
    }),
  );
  return Invalidation?.Id ?? '';
}
// #endregion
