// A documentation site in S3 behind CloudFront, and the members' area under /account/.
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';

/** Publishes `docs/index.html` for a release; pages are cached for a day (the links carry ?v=). */
export async function publishDocs(s3: S3Client, bucket: string, release: number): Promise<void> {
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: 'docs/index.html',
      Body: `<h1>Docs, release ${release}</h1>`,
      ContentType: 'text/html',
      CacheControl: 'max-age=86400',
    }),
  );
}

/** The members' page. Its object carries no Cache-Control: CloudFront's default TTL (a day) applies. */
export async function publishAccount(s3: S3Client, bucket: string): Promise<void> {
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: 'account/index.html',
      Body: '<h1>Your invoices</h1>',
      ContentType: 'text/html',
    }),
  );
}

/** A link to the docs of a release: the query string busts the cached page after a deploy. */
export const docsLink = (release: number): string => `/docs/?v=${release}`;

/** A member's session cookie, as the sign-in sets it. */
export const MEMBER_COOKIE = 'session=member-42';
