// A shop's front end: static assets published to S3, and the browser code that loads them. Signed-in
// users carry a session cookie and an API token, and the app's fetch wrapper sends both with every
// request to its own domain — the assets included.
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';

export const SHOP_URL = 'https://shop.example.com';

/** The assets every page loads. */
export const ASSETS = ['/static/app.js', '/static/app.css', '/static/logo.svg'] as const;

export interface ShopBucket {
  s3: S3Client;
  bucket: string;
}

/** Publishes the assets, cached by CloudFront for a day (they are fingerprinted by the build). */
export async function publishAssets({ s3, bucket }: ShopBucket) {
  for (const path of ASSETS) {
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: path.slice(1),
        Body: `/* ${path} */ ${'x'.repeat(2000)}`,
        CacheControl: 'max-age=86400',
      }),
    );
  }
}

/** A signed-in user: their session cookie and API token. */
export interface User {
  session: string;
  token: string;
}

/**
 * What the app's fetch wrapper does: every request to the shop carries the user's cookie and
 * `Authorization` header (the browser sends cookies to its own domain anyway).
 */
export function shopFetch(user: User, path: string) {
  return fetch(`${SHOP_URL}${path}`, {
    headers: { cookie: `session=${user.session}`, authorization: `Bearer ${user.token}` },
  });
}

/** A user opens a page: the browser loads every asset it links. */
export async function openPage(user: User) {
  for (const path of ASSETS) {
    const response = await shopFetch(user, path);
    if (!response.ok) throw new Error(`${path}: ${response.status}`);
    await response.arrayBuffer();
  }
}
