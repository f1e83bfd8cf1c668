// A streaming site: HLS segments in S3 under videos/, served through CloudFront to members only. After
// sign-in the app sets CloudFront signed cookies; the player then fetches the playlist and its segments.
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { type CloudfrontSignedCookiesOutput, getSignedCookies } from '@aws-sdk/cloudfront-signer';

export const STREAM_URL = 'https://stream.example.com';
export const SEGMENTS = 6;

/** Publishes a show: its playlist and segments, cached for a day. */
export async function publishShow(s3: S3Client, bucket: string, show: string): Promise<void> {
  const playlist = Array.from({ length: SEGMENTS }, (_, i) => `seg-${i + 1}.ts`).join('\n');
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: `videos/${show}/playlist.m3u8`,
      Body: playlist,
      CacheControl: 'max-age=86400',
    }),
  );
  for (let i = 1; i <= SEGMENTS; i++) {
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: `videos/${show}/seg-${i}.ts`,
        Body: `segment ${i} of ${show}`,
        CacheControl: 'max-age=86400',
      }),
    );
  }
}

export interface Signer {
  keyPairId: string;
  privateKey: string;
}

/** The trap: cookies signed for the URL the player opens first — the playlist — with a canned policy. */
export function cookiesForPlaylist(signer: Signer, show: string, now: number): string {
  return cookieHeader(
    getSignedCookies({
      ...signer,
      url: `${STREAM_URL}/videos/${show}/playlist.m3u8`,
      dateLessThan: new Date(now + 6 * 3600_000),
    }),
  );
}

/** The fix: a custom policy for every object under /videos/*, valid for six hours from sign-in. */
export function cookiesForVideos(signer: Signer, now: number): string {
  const policy = {
    Statement: [
      {
        Resource: `${STREAM_URL}/videos/*`,
        Condition: { DateLessThan: { 'AWS:EpochTime': Math.floor(now / 1000) + 6 * 3600 } },
      },
    ],
  };
  return cookieHeader(getSignedCookies({ ...signer, policy: JSON.stringify(policy) }));
}

function cookieHeader(cookies: CloudfrontSignedCookiesOutput): string {
  return Object.entries(cookies)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `${name}=${value}`)
    .join('; ');
}

/** What the player does: the playlist, then every segment it lists. Returns each response's status. */
export async function play(show: string, cookie: string): Promise<number[]> {
  const statuses: number[] = [];
  const playlist = await fetch(`${STREAM_URL}/videos/${show}/playlist.m3u8`, { headers: { cookie } });
  statuses.push(playlist.status);
  if (!playlist.ok) return statuses;
  for (const segment of (await playlist.text()).split('\n')) {
    const response = await fetch(`${STREAM_URL}/videos/${show}/${segment}`, { headers: { cookie } });
    await response.arrayBuffer();
    statuses.push(response.status);
  }
  return statuses;
}
