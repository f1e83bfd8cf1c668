import { config } from './config.js';

/** The URL the profile page shows for a user's avatar. */
export function avatarUrl(userId: number): string {
  return `${config.cdnUrl}/avatars/${userId}.png`;
}

/** What the profile page loads: the avatar's status and bytes. */
export async function loadAvatar(userId: number): Promise<{ status: number; body: string }> {
  const response = await fetch(avatarUrl(userId));
  return { status: response.status, body: await response.text() };
}
