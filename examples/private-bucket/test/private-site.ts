// The site's private bucket as the tests need it, on the in-memory origin (`npm test`) or on the run's
// MinIO (`npm run test:minio`): the deploy script's S3Client (the bucket owner) and the bucket as
// CloudFront's origin, which serves only what CloudFront reads through its origin access control.
import { S3Client } from '@aws-sdk/client-s3';
import { type Clock, memoryOrigin, type Origin } from '@edgecase/cdn';
import { injectMinio } from '@edgecase/minio/vitest';
import { mockS3Client, s3Origin } from '@edgecase/s3';

export interface PrivateSite {
  on: 'memory' | 'minio';
  bucket: string;
  /** The deploy script's client: the bucket owner's credentials. */
  s3: S3Client;
  /** The bucket as CloudFront's origin: anonymous reads are refused. */
  origin: Origin;
  /** Requests the bucket received from CloudFront for `path`. */
  requestCount(path: string): number;
  close(): void;
}

export async function privateSite(clock: Clock): Promise<PrivateSite> {
  const minio = injectMinio();
  if (minio !== undefined) {
    const bucket = await minio.createBucket();
    const s3 = minio.s3Client();
    // MinIO's bucket policies apply to anonymous requests only, so there CloudFront's principal is a
    // set of credentials allowed s3:GetObject on this bucket and nothing else (§18 over MinIO).
    const reader = minio.s3Client(await minio.restrictedCredentials({ bucket, actions: ['s3:GetObject'] }));
    const origin = s3Origin({ client: reader, bucket, access: 'private' });
    return {
      on: 'minio',
      bucket,
      s3,
      origin,
      requestCount: (path) => origin.requestCount(path),
      close: () => {
        s3.destroy();
        reader.destroy();
      },
    };
  }
  const origin = memoryOrigin({ clock, bucket: 'acme-site', access: 'private' });
  // The deploy script's S3Client reaches the in-memory bucket.
  const mock = mockS3Client(origin);
  const s3 = new S3Client({ region: 'us-east-1' });
  return {
    on: 'memory',
    bucket: origin.bucket,
    s3,
    origin,
    requestCount: (path) => origin.requestCount(path),
    close: () => {
      s3.destroy();
      mock.restore();
    },
  };
}
