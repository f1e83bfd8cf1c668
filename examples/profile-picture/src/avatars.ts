// The app's avatar code, as it runs in production: uploads go to S3 with @aws-sdk/client-s3, the
// profile page shows the picture through CloudFront. Nothing here knows about tests.
import { createHash } from 'node:crypto';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import pRetry, { AbortError } from 'p-retry';

/** The distribution's alternate domain name (CNAME). */
export const CDN_URL = 'https://img.example.com';

/** Where avatars are uploaded: the bucket behind the distribution. */
export interface AvatarBucket {
  s3: S3Client;
  bucket: string;
}

/** The URL the profile page shows: one fixed key per user. */
export function avatarUrl(userId: string): string {
  return `${CDN_URL}/avatars/${userId}.png`;
}

/** Uploads the avatar under the user's fixed key; resolves once S3 has stored it. */
export async function uploadAvatar({ s3, bucket }: AvatarBucket, userId: string, png: Uint8Array) {
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: `avatars/${userId}.png`,
      Body: png,
      ContentType: 'image/png',
    }),
  );
}

// #region fresh-key
/**
 * Uploads the avatar under a key named by its content and returns its URL: a URL nobody has asked
 * for yet, so no cached 404 (or older picture) can stand in for it.
 */
export async function uploadAvatarVersion({ s3, bucket }: AvatarBucket, userId: string, png: Uint8Array) {
  const key = `avatars/${userId}/${createHash('sha256').update(png).digest('hex').slice(0, 16)}.png`;
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: png,
      ContentType: 'image/png',
      CacheControl: 'public, max-age=31536000, immutable',
    }),
  );
  return `${CDN_URL}/${key}`;
}
// #endregion

// #region retry
/** Resolves once the CDN serves `url`, asking again every second while it answers 404. */
export function waitUntilVisible(url: string): Promise<Response> {
  return pRetry(
    async () => {
      const response = await fetch(url);
      if (response.status === 404) throw new Error(`${url} is not visible yet`);
      if (!response.ok) throw new AbortError(`${url}: ${response.status}`);
      return response;
    },
    { retries: 30, minTimeout: 1000, factor: 1 },
  );
}
// #endregion
