import { config } from './config.js';

export interface User {
  id: number;
  name: string;
}

/** The app's API, called directly. */
export async function getUser(id: number): Promise<User> {
  return (await fetch(`${config.apiUrl}/users/${id}`)).json() as Promise<User>;
}

/** The same API through the distribution (its /api/* behaviour), as the browser calls it. */
export async function getMe(): Promise<{ status: number; user: User; xCache: string | null }> {
  const response = await fetch(`${config.cdnUrl}/api/me`);
  return {
    status: response.status,
    user: (await response.json()) as User,
    xCache: response.headers.get('x-cache'),
  };
}
