// A tiny app, as users write it: plain fetch to the CDN and p-retry, nothing test-specific.
import pRetry, { AbortError, makeRetriable } from 'p-retry';

export const CDN = 'https://d111111abcdef8.cloudfront.net';

// #region app
/** Waits until a freshly uploaded avatar is served, retrying every second while the CDN says 404. */
export async function waitForAvatar(id: string, onRetry?: (delayMs: number) => void): Promise<Response> {
  return pRetry(
    async () => {
      const response = await fetch(`${CDN}/avatars/${id}.png`);
      if (response.status === 404) throw new Error(`avatar ${id} is not visible yet`);
      if (!response.ok) throw new AbortError(`avatar ${id}: ${response.status}`);
      return response;
    },
    { retries: 15, minTimeout: 1000, factor: 1, onFailedAttempt: ({ retryDelay }) => onRetry?.(retryDelay) },
  );
}
// #endregion

/** The same wait with p-retry's defaults (1 s, doubling) and a time budget. */
export const fetchVisible = makeRetriable(
  async (path: string) => {
    const response = await fetch(`${CDN}${path}`);
    if (response.status === 404) throw new Error(`${path} is not visible yet`);
    return response;
  },
  { retries: 10, maxRetryTime: 20_000 },
);
