import { checkOptionKeys, EdgecaseError } from '@edgecase/cdn';
import { DEFAULT_STOP_GRACE_MS, type RunningServer, startBinary } from './binary-launcher.js';
import { connectMinio, type MinioConnection } from './connect-minio.js';
import { dockerStatus, imageIsLocal, startContainer } from './container-launcher.js';
import {
  cachedBinaryPath,
  DEFAULT_ACCESS_KEY_ID,
  DEFAULT_MINIO_IMAGE,
  DEFAULT_SECRET_ACCESS_KEY,
  findMinioBinary,
} from './defaults.js';

export type MinioLauncher = 'auto' | 'container' | 'binary';

export interface StartMinioOptions {
  /**
   * `container` (testcontainers), `binary` (a local `minio` executable) or `auto` (default, or
   * EDGECASE_MINIO_LAUNCHER): the container when a Docker engine answers and the image is usable,
   * else the binary.
   */
  launcher?: MinioLauncher;
  /** Any MinIO-compatible image. Default EDGECASE_MINIO_IMAGE, else the locally built `edgecase/minio:<version>`. */
  image?: string;
  /** Path to a MinIO server binary. Default EDGECASE_MINIO_BINARY, the provisioned cache, then `minio` on PATH. */
  binary?: string;
  /** Root credentials. Default `edgecase` / `edgecase-secret`. */
  accessKeyId?: string;
  secretAccessKey?: string;
  /** How long to wait for `/minio/health/live`, in ms. Default 60,000. */
  startupTimeoutMs?: number;
  /**
   * Binary launcher: how long the server gets to exit after SIGTERM before SIGKILL, in ms (whole
   * seconds, rounded up), also when this process was killed. Default 10,000.
   */
  stopGraceMs?: number;
  /**
   * The server-wide CORS setting (`MINIO_API_CORS_ALLOW_ORIGIN`): the origins MinIO answers CORS
   * requests for, or `['*']`. Community MinIO has no per-bucket CORS (PutBucketCors is 501
   * NotImplemented): this stands in for the bucket's CORS configuration. Default MinIO's own (`*`:
   * every `Origin` echoed, with `Access-Control-Allow-Credentials: true`).
   */
  corsAllowOrigin?: readonly string[];
}

const OPTION_KEYS = [
  'launcher',
  'image',
  'binary',
  'accessKeyId',
  'secretAccessKey',
  'startupTimeoutMs',
  'stopGraceMs',
  'corsAllowOrigin',
] as const satisfies readonly (keyof StartMinioOptions)[];

export interface StartedMinio extends MinioConnection, AsyncDisposable {
  /** Which launcher started it. */
  readonly launcher: 'container' | 'binary';
  /** What `auto` tried and passed over before this launcher, if anything. */
  readonly notes: readonly string[];
  /** Wall time from the start call to a healthy server, in ms. */
  readonly startupMs: number;
  /** Stops the server and removes its container or data directory. Idempotent. */
  stop(): Promise<void>;
}

const LAUNCHERS = ['auto', 'container', 'binary'];

/**
 * Starts a MinIO server for tests, as a container or a local binary, and returns a handle with its
 * endpoint, root credentials, `createBucket()` and `stop()` (also `await using`). If nothing can be
 * started it says what is missing and how to get it.
 */
export async function startMinio(options: StartMinioOptions = {}): Promise<StartedMinio> {
  checkOptionKeys(options, OPTION_KEYS, 'startMinio options');
  const launcher =
    options.launcher ?? (process.env.EDGECASE_MINIO_LAUNCHER as MinioLauncher | undefined) ?? 'auto';
  if (!LAUNCHERS.includes(launcher)) invalid('launcher', "'auto', 'container' or 'binary'", launcher);
  const accessKeyId = options.accessKeyId ?? DEFAULT_ACCESS_KEY_ID;
  const secretAccessKey = options.secretAccessKey ?? DEFAULT_SECRET_ACCESS_KEY;
  // MinIO refuses a root user under 3 or a password under 8 characters.
  if (typeof accessKeyId !== 'string' || accessKeyId.length < 3)
    invalid('accessKeyId', 'at least 3 characters', accessKeyId);
  if (typeof secretAccessKey !== 'string' || secretAccessKey.length < 8) {
    invalid('secretAccessKey', 'at least 8 characters', secretAccessKey);
  }
  const timeoutMs = options.startupTimeoutMs ?? 60_000;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0)
    invalid('startupTimeoutMs', 'a number of ms > 0', timeoutMs);
  const stopGraceMs = options.stopGraceMs ?? DEFAULT_STOP_GRACE_MS;
  if (!Number.isFinite(stopGraceMs) || stopGraceMs <= 0 || stopGraceMs > 3_600_000) {
    invalid('stopGraceMs', 'a number of ms > 0 and at most 3,600,000', stopGraceMs);
  }
  const explicitImage = options.image ?? process.env.EDGECASE_MINIO_IMAGE;
  const image = explicitImage ?? DEFAULT_MINIO_IMAGE;
  const binary = options.binary ?? findMinioBinary();
  const environment = corsEnvironment(options.corsAllowOrigin);
  const credentials = { accessKeyId, secretAccessKey, timeoutMs, environment };

  const startedAt = performance.now();
  const notes: string[] = [];
  let server: RunningServer | undefined;
  let used: 'container' | 'binary' = 'container';

  if (launcher === 'container') {
    server = await startContainer({ image, ...credentials });
  } else if (launcher === 'binary') {
    if (binary === undefined) throw unavailable([noBinary()]);
    server = await startBinary({ binary, ...credentials, stopGraceMs });
    used = 'binary';
  } else {
    const docker = await dockerStatus();
    if (!docker.ok) notes.push(docker.reason);
    else if (explicitImage === undefined && !(await imageIsLocal(image))) {
      notes.push(`the image ${image} is not built (scripts/provision-minio.sh --image builds it)`);
    } else {
      try {
        server = await startContainer({ image, ...credentials });
      } catch (error) {
        notes.push((error as Error).message.replace(/^\[edgecase\] startMinio: /, ''));
      }
    }
    if (server === undefined) {
      if (binary === undefined) throw unavailable([...notes, noBinary()]);
      server = await startBinary({ binary, ...credentials, stopGraceMs });
      used = 'binary';
    }
  }

  const running = server;
  const connection = connectMinio({ endpoint: running.endpoint, accessKeyId, secretAccessKey });
  let stopped = false;
  const stop = () => {
    stopped = true;
    return running.stop();
  };
  // After stop(), a typed error naming the server instead of the SDK's raw ECONNREFUSED.
  const live = () => {
    if (stopped) throw stoppedError(running.endpoint, used);
  };
  return {
    ...connection,
    launcher: used,
    notes,
    startupMs: Math.round(performance.now() - startedAt),
    createBucket: async (name) => {
      live();
      return connection.createBucket(name);
    },
    s3Client: (credentials, config) => {
      live();
      return connection.s3Client(credentials, config);
    },
    restrictedCredentials: async (request) => {
      live();
      return connection.restrictedCredentials(request);
    },
    info: () => {
      live();
      return connection.info();
    },
    stop,
    [Symbol.asyncDispose]: stop,
  };
}

function corsEnvironment(origins: unknown): Record<string, string> {
  if (origins === undefined) return {};
  const ok =
    Array.isArray(origins) &&
    origins.length > 0 &&
    origins.every((o) => typeof o === 'string' && (o === '*' || /^https?:\/\/[^\s,/]+$/.test(o)));
  if (!ok)
    invalid('corsAllowOrigin', 'a non-empty list of origins such as "https://app.example" or ["*"]', origins);
  return { MINIO_API_CORS_ALLOW_ORIGIN: (origins as string[]).join(',') };
}

function stoppedError(endpoint: string, launcher: 'container' | 'binary'): EdgecaseError {
  return new EdgecaseError(
    'MinioUnavailable',
    `startMinio: MinIO at ${endpoint} was stopped: expected a running server, got one whose stop() was called ` +
      `(its ${launcher === 'binary' ? 'process and data directory are' : 'container is'} gone).`,
    {
      value: endpoint,
      hint: 'Call stop() (or leave the `await using` block) only after the last use, or start another with startMinio().',
    },
  );
}

function noBinary(): string {
  return `no minio binary (EDGECASE_MINIO_BINARY is unset, ${cachedBinaryPath()} does not exist, none on PATH)`;
}

function unavailable(reasons: string[]): EdgecaseError {
  return new EdgecaseError(
    'MinioUnavailable',
    `startMinio: MinIO cannot be started here: ${reasons.join('; ')}.`,
    {
      value: reasons,
      hint:
        'Build the binary with scripts/provision-minio.sh (needs Go >= 1.24; ~15 min cold), or start Docker and ' +
        'build the image with scripts/provision-minio.sh --image, or set EDGECASE_MINIO_IMAGE to a MinIO image you can pull.',
    },
  );
}

function invalid(what: string, expected: string, got: unknown): never {
  throw new EdgecaseError(
    'InvalidOption',
    `startMinio ${what}: expected ${expected}, got ${JSON.stringify(got)}.`,
    {
      value: got,
    },
  );
}
