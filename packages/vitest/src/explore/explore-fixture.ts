import { relative } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { type Cdn, EdgecaseError, ManualClock, type MemoryOrigin } from '@edgecase/cdn';
import { bucketOwners, emptyBucket } from '../fixtures/minio-origin.js';
import { type ExploreBody, runExploration } from './explore.js';
import { type ExploreOptions, resolveExplore } from './options.js';

/** The `explore` fixture: `await explore({ runs: 200 }, async ({ draw }) => { ... })`. */
export type Explore = (options: ExploreOptions, body: ExploreBody) => Promise<void>;

interface FixtureParts {
  cdn: Cdn;
  clock: ManualClock;
  origin: MemoryOrigin;
  buckets: ReadonlyMap<string, MemoryOrigin>;
  task: { name: string; fullTestName?: string; file?: { filepath: string } };
}

/** Builds the `explore` fixture of a test from its `cdn`, `clock` and buckets. */
export function exploreFixture({ cdn, clock, origin, buckets, task }: FixtureParts): Explore {
  return async (options, body) => {
    if (typeof body !== 'function') {
      throw new EdgecaseError(
        'InvalidOption',
        `explore: expected the scenario as a function, got ${body === null ? 'null' : typeof body}.`,
        { hint: 'explore({ runs: 100 }, async ({ cdn, clock, draw }) => { ... })' },
      );
    }
    if (!(clock instanceof ManualClock)) {
      throw new EdgecaseError(
        'InvalidOption',
        'explore: expected the test’s clock to be a ManualClock, so every run starts at the same moment, got another clock.',
      );
    }
    const resolved = resolveExplore(options, task.fullTestName ?? task.name);
    // In memory each bucket is reset; on MinIO (s3Origins, without `reset`) each is emptied.
    const all = [...new Set([origin, ...buckets.values()])];
    await runExploration(
      {
        cdn,
        clock,
        origin,
        resetOrigins: async () => {
          for (const bucket of all) {
            if (typeof bucket.reset === 'function') bucket.reset();
            else await emptyMinioBucket(bucket);
          }
        },
      },
      resolved,
      body,
      { name: task.name, ...(task.file ? { file: relative(process.cwd(), task.file.filepath) } : {}) },
    );
  };
}

/** An `s3Origin` bucket (MinIO) emptied through its own client, with its faults cleared. */
async function emptyMinioBucket(origin: MemoryOrigin): Promise<void> {
  origin.faults.clear();
  const { client, bucket } = origin as unknown as { client: S3Client; bucket: string };
  // A private bucket's origin reads with credentials that cannot list or delete: empty it as its owner.
  await emptyBucket(bucketOwners.get(origin) ?? client, bucket);
}
