// A site published to S3 and served through CloudFront, as a static-site generator or a CMS does it.
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';

/** The site's address: the distribution's alternate domain name. */
export const SITE_URL = 'https://www.example.com';

export interface SiteBucket {
  s3: S3Client;
  bucket: string;
}

/** Publishes a page; CloudFront and browsers keep it for a minute unless told otherwise. */
export async function publishPage(
  { s3, bucket }: SiteBucket,
  key: string,
  html: string,
  cacheControl = 'max-age=60',
) {
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: html,
      ContentType: 'text/html',
      CacheControl: cacheControl,
    }),
  );
}

// #region outage-page
/**
 * Publishes the page CloudFront shows instead of an error, then loads it once through CloudFront:
 * CloudFront fetches an error page from the origin, which is down when it is needed, so a cache
 * (the Origin Shield) must already hold it.
 */
export async function publishOutagePage(site: SiteBucket) {
  const html = '<h1>We will be right back</h1>';
  await publishPage(site, 'errors/outage.html', html, 'max-age=31536000');
  const response = await fetch(`${SITE_URL}/errors/outage.html`);
  if (!response.ok) throw new Error(`outage page: ${response.status}`);
}
// #endregion
