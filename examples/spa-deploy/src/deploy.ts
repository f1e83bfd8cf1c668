// The deploy script: S3 uploads with @aws-sdk/client-s3, then a CloudFront invalidation with
// @aws-sdk/client-cloudfront. Old assets are never deleted: tabs opened before a deploy still load them.
import { type CloudFrontClient, CreateInvalidationCommand } from '@aws-sdk/client-cloudfront';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Build } from './build.js';

export interface Site {
  s3: S3Client;
  bucket: string;
  cloudfront: CloudFrontClient;
  distributionId: string;
}

// #region deploy
/** Step 1: the assets, cached for a year: a new version has a new name. */
export async function uploadAssets({ s3, bucket }: Site, build: Build) {
  for (const [key, body] of Object.entries(build.files)) {
    if (key === 'index.html') continue;
    const CacheControl = 'public, max-age=31536000, immutable';
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: body,
        ContentType: 'text/javascript',
        CacheControl,
      }),
    );
  }
}

/** Step 2: index.html, which links this build's assets; CloudFront keeps it a day, browsers revalidate. */
export async function uploadIndex({ s3, bucket }: Site, build: Build) {
  const CacheControl = 's-maxage=86400, max-age=0';
  const Body = build.files['index.html'];
  await s3.send(
    new PutObjectCommand({ Bucket: bucket, Key: 'index.html', Body, ContentType: 'text/html', CacheControl }),
  );
}

/**
 * Step 3: invalidate index.html, the one file whose name stays (as `/` too: under which path CloudFront
 * keeps the default root object is not documented); returns the invalidation id.
 */
export async function invalidateIndex({ cloudfront, distributionId }: Site, deployId: string) {
  const { Invalidation } = await cloudfront.send(
    new CreateInvalidationCommand({
      DistributionId: distributionId,
      InvalidationBatch: { CallerReference: deployId, Paths: { Quantity: 2, Items: ['/', '/index.html'] } },
    }),
  );
  return Invalidation?.Id ?? '';
}

/** The deploy, in the order that never shows a page without its script. */
export async function deploy(site: Site, build: Build, deployId: string) {
  await uploadAssets(site, build);
  await uploadIndex(site, build);
  return invalidateIndex(site, deployId);
}
// #endregion

// #region steps
/**
 * The deploy as the steps CI runs one after another: `assets-first` (what `deploy` does) or
 * `index-first`, the order a hand-written script often has (`aws s3 cp index.html` before `sync`).
 */
export function deploySteps(
  site: Site,
  build: Build,
  deployId: string,
  order: 'assets-first' | 'index-first' = 'assets-first',
) {
  const assets = () => uploadAssets(site, build);
  const index = () => uploadIndex(site, build);
  const invalidate = () => invalidateIndex(site, deployId);
  return order === 'assets-first' ? [assets, index, invalidate] : [index, assets, invalidate];
}
// #endregion
