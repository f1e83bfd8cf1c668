import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { config } from './config.js';

const s3 = new S3Client({ region: 'us-east-1' });

/** The URL the profile page shows for a user's avatar. */
export function avatarUrl(userId: number): string {
  return `${config.cdnUrl}/avatars/${userId}.png`;
}

/** Stores a user's avatar in the app's bucket. */
export async function uploadAvatar(userId: number, png: string): Promise<void> {
  await s3.send(
    new PutObjectCommand({
      Bucket: config.bucket,
      Key: `avatars/${userId}.png`,
      Body: png,
      ContentType: 'image/png',
    }),
  );
}

/** What the profile page loads: the avatar's status and bytes. */
export async function loadAvatar(userId: number): Promise<{ status: number; body: string }> {
  const response = await fetch(avatarUrl(userId));
  return { status: response.status, body: await response.text() };
}
