import { existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

/**
 * The MinIO edgecase pins (scripts/provision-minio.sh): the community edition's last commit, which
 * is RELEASE.2025-10-15T17-29-55Z plus four bug fixes. MinIO publishes no image for it, so the
 * default image is the one `scripts/provision-minio.sh --image` builds locally.
 */
export const MINIO_VERSION = 'v0.0.0-20260212201848-7aac2a2c5b7c';
export const DEFAULT_MINIO_IMAGE = `edgecase/minio:${MINIO_VERSION}`;
export const DEFAULT_ACCESS_KEY_ID = 'edgecase';
export const DEFAULT_SECRET_ACCESS_KEY = 'edgecase-secret';
/** MinIO's default Region; buckets and signatures use it. */
export const MINIO_REGION = 'us-east-1';

/** Where scripts/provision-minio.sh caches the binary: `${EDGECASE_CACHE_DIR:-~/.cache/edgecase}/minio/<version>/minio`. */
export function cachedBinaryPath(env: NodeJS.ProcessEnv = process.env): string {
  const root = env.EDGECASE_CACHE_DIR || join(homedir(), '.cache', 'edgecase');
  return join(root, 'minio', MINIO_VERSION, 'minio');
}

function isExecutable(path: string): boolean {
  try {
    const stats = statSync(path);
    return stats.isFile() && (stats.mode & 0o111) !== 0;
  } catch {
    return false;
  }
}

/** The binary to run: EDGECASE_MINIO_BINARY, then the provisioned cache, then `minio` on PATH. */
export function findMinioBinary(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.EDGECASE_MINIO_BINARY) return env.EDGECASE_MINIO_BINARY;
  const cached = cachedBinaryPath(env);
  if (isExecutable(cached)) return cached;
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, 'minio');
    if (dir !== '' && existsSync(candidate) && isExecutable(candidate)) return candidate;
  }
  return undefined;
}

export { isExecutable };
