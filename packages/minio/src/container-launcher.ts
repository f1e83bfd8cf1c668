import { EdgecaseError } from '@edgecase/cdn';
import { MinioContainer } from '@testcontainers/minio';
import { getContainerRuntimeClient, ImageName } from 'testcontainers';
import type { RunningServer } from './binary-launcher.js';

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
 * the environment, readiness on `/minio/health/live`). testcontainers removes the container on
 * `stop()`; with TESTCONTAINERS_RYUK_DISABLED=true nothing else would, so `stop()` must run.
 */
export async function startContainer(options: {
  image: string;
  accessKeyId: string;
  secretAccessKey: string;
  timeoutMs: number;
}): Promise<RunningServer> {
  let started: Awaited<ReturnType<MinioContainer['start']>>;
  try {
    started = await new MinioContainer(options.image)
      .withUsername(options.accessKeyId)
      .withPassword(options.secretAccessKey)
      .withEnvironment({ MINIO_BROWSER: 'off', MINIO_UPDATE: 'off' })
      .withStartupTimeout(options.timeoutMs)
      .start();
  } catch (error) {
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
  return {
    endpoint: started.getConnectionUrl(),
    stop: () => {
      stopping ??= started.stop({ remove: true, removeVolumes: true }).then(() => undefined);
      return stopping;
    },
  };
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}
