// The example packages/minio/README.md shows (its `readme` region). Type-checked by the consumer app,
// not run there (it needs Docker or a MinIO binary; the repository's MinIO suites run startMinio).
// #region readme
import { createCdn, ManualClock } from '@edgecase/cdn';
import { startMinio } from '@edgecase/minio';
import { s3Origin } from '@edgecase/s3';

export async function cdnOverMinio() {
  const minio = await startMinio(); // a container (testcontainers) or a local `minio` binary
  const bucket = await minio.createBucket(); // a fresh, empty bucket: edgecase-<random>
  const client = minio.s3Client(); // path-style, root credentials
  const cdn = createCdn({ clock: new ManualClock(), origin: s3Origin({ client, bucket }) });
  return { cdn, client, bucket, stop: () => minio.stop() };
}
// #endregion
