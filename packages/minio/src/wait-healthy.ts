import pRetry, { AbortError } from 'p-retry';

/**
 * Polls MinIO's liveness endpoint (`GET /minio/health/live`, MinIO's documented health check) with
 * p-retry until it answers 200. `stopped()` ends the wait early when the server has already exited.
 */
export async function waitHealthy(
  endpoint: string,
  options: { timeoutMs: number; stopped?: () => string | undefined },
): Promise<void> {
  const url = `${endpoint}/minio/health/live`;
  await pRetry(
    async () => {
      const exited = options.stopped?.();
      if (exited !== undefined) throw new AbortError(exited);
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await response.body?.cancel();
      if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
    },
    {
      retries: Number.POSITIVE_INFINITY,
      minTimeout: 25,
      maxTimeout: 250,
      factor: 1.5,
      maxRetryTime: options.timeoutMs,
    },
  );
}
