import { EdgecaseError } from '@edgecase/cdn';
import { getContainerRuntimeClient, ImageName } from 'testcontainers';
import type { RunningServer } from './binary-launcher.js';
import { removeOrphans, startContainerGuard } from './container-guard.js';
import { isLoopbackHost, LoopbackMinioContainer } from './loopback-container.js';
import { waitHealthy } from './wait-healthy.js';

/** Whether a Docker engine answers, and if not, why (testcontainers' own runtime detection). */
export async function dockerStatus(): Promise<{ ok: true } | { ok: false; reason: string }> {
  try {
    await getContainerRuntimeClient();
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: `no Docker engine answers (${firstLine(error)})` };
  }
}

/** Whether `image` is present in the local engine (no registry is asked). */
export async function imageIsLocal(image: string): Promise<boolean> {
  const client = await getContainerRuntimeClient();
  return client.image.exists(ImageName.fromString(image));
}

/**
 * Starts `image` with `@testcontainers/minio` (its defaults: `server /data` on 9000, credentials from
 * the environment, readiness on `/minio/health/live`), its ports published on 127.0.0.1 only when
 * the engine is on this machine. testcontainers removes the container on `stop()`; for every other
 * end of this process (a crash, SIGKILL, a forgotten `stop()`), with or without Ryuk, a guard process
 * removes the containers labelled with its session as soon as this process is gone; and each start
 * removes this host's containers whose owner process is gone (a guard killed with its owner).
 */
export async function startContainer(options: {
  image: string;
  accessKeyId: string;
  secretAccessKey: string;
  timeoutMs: number;
  /** Extra server environment (MINIO_API_CORS_ALLOW_ORIGIN). */
  environment?: Record<string, string>;
}): Promise<RunningServer> {
  const guard = startContainerGuard();
  let started: Awaited<ReturnType<LoopbackMinioContainer['start']>>;
  let local = false;
  try {
    const client = await getContainerRuntimeClient();
    await removeOrphans(client);
    local = isLoopbackHost(client.info.containerRuntime.host);
    started = await new LoopbackMinioContainer(options.image)
      .withLoopbackPorts(local)
      .withLabels(guard.labels)
      .withUsername(options.accessKeyId)
      .withPassword(options.secretAccessKey)
      .withEnvironment({ MINIO_BROWSER: 'off', MINIO_UPDATE: 'off', ...options.environment })
      .withStartupTimeout(options.timeoutMs)
      .start();
    if (local)
      await waitHealthy(`http://127.0.0.1:${started.getPort()}`, options).catch(stopAndThrow(started));
  } catch (error) {
    await guard.release();
    const ryuk =
      process.env.TESTCONTAINERS_RYUK_DISABLED === 'true'
        ? ''
        : ' testcontainers also starts its Ryuk image, which needs a registry: without one, set TESTCONTAINERS_RYUK_DISABLED=true.';
    throw new EdgecaseError(
      'MinioUnavailable',
      `startMinio: the container ${options.image} did not start (${firstLine(error)}).${ryuk}`,
      {
        cause: error,
        hint: 'Build the default image with scripts/provision-minio.sh --image, or name any MinIO-compatible image.',
      },
    );
  }
  let stopping: Promise<void> | undefined;
  // A port published on this machine is bound to 127.0.0.1: the endpoint names that address, not
  // `localhost` (which may resolve to ::1) nor the bridge gateway testcontainers resolves in a container.
  const endpoint = local ? `http://127.0.0.1:${started.getPort()}` : started.getConnectionUrl();
  return {
    endpoint,
    stop: () => {
      stopping ??= started
        .stop({ remove: true, removeVolumes: true })
        .then(() => undefined)
        .finally(() => guard.release());
      return stopping;
    },
  };
}

/** Stops a started container whose health check never passed, then rethrows why. */
function stopAndThrow(started: { stop(options: { remove: boolean }): Promise<unknown> }) {
  return async (error: unknown): Promise<never> => {
    await started.stop({ remove: true }).catch(() => undefined);
    throw error;
  };
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}
