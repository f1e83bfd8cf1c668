import { inject, type TestAPI, test } from 'vitest';
import { connectMinio, type MinioConnection } from '../connect-minio.js';
import type { ProvidedMinio } from './provided.js';

export type { ProvidedMinio } from './provided.js';

/**
 * The MinIO the global setup (`@edgecase/minio/global-setup`) started for this run, or `undefined`
 * when it could not start one (the setup has said why). Use it to skip: `describe.skipIf(!minio)`.
 */
export function injectMinio(): MinioConnection | undefined {
  const provided = inject('edgecaseMinio') as ProvidedMinio | undefined;
  if (provided === undefined || !provided.available) return undefined;
  return connectMinio(provided);
}

export interface MinioFixtures {
  /** The run's MinIO (set up once per worker). */
  minio: MinioConnection;
  /** A fresh, empty bucket on it, per test. */
  bucket: string;
}

/** `test` with `minio` (the run's MinIO, per worker) and `bucket` (a fresh bucket per test). */
export const minioTest: TestAPI<MinioFixtures> = test
  // Vitest reads a fixture's dependencies from its destructuring pattern, so an empty one is required.
  // biome-ignore lint/correctness/noEmptyPattern: no dependencies
  .extend('minio', { scope: 'worker' }, ({}) => {
    const minio = injectMinio();
    if (minio === undefined) {
      throw new Error(
        '[edgecase] minioTest needs the MinIO that @edgecase/minio/global-setup starts; skip the suite when injectMinio() is undefined.',
      );
    }
    return minio;
  })
  .extend('bucket', ({ minio }) => minio.createBucket()) as unknown as TestAPI<MinioFixtures>;
