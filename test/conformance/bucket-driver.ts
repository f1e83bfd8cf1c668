import type { OriginRequest, OriginResponse } from '@edgecase/cdn';

/**
 * The small surface the origin conformance suite needs from a bucket: write through the bucket's own
 * API, read through the origin under test. memoryOrigin implements it directly; an S3-SDK origin over
 * MinIO implements it with PutObject / multipart upload / DeleteObject and its `fetch`.
 */
export interface BucketDriver {
  put(key: string, body: string | Uint8Array, options?: DriverPutOptions): Promise<{ etag: string }>;
  /** A multipart upload with one part per entry, in order. Parts but the last must be >= 5 MiB on S3. */
  putMultipart(
    key: string,
    parts: readonly (string | Uint8Array)[],
    options?: DriverPutOptions,
  ): Promise<{ etag: string }>;
  delete(key: string): Promise<void>;
  /** A request to the origin under test (what CloudFront would send), answered as the origin answers. */
  fetch(request: OriginRequest): Promise<OriginResponse>;
  /** Lets at least `ms` pass as the origin sees time: advance a ManualClock, or sleep for a real server. */
  wait(ms: number): Promise<void>;
  /** Releases what the driver holds (a bucket, a server). */
  dispose?(): Promise<void>;
}

/** System and user metadata, as S3's PutObject takes them. */
export interface DriverPutOptions {
  contentType?: string;
  cacheControl?: string;
  expires?: Date;
  contentDisposition?: string;
  /** User metadata; S3 serves it as `x-amz-meta-<lower-cased name>`. */
  metadata?: Record<string, string>;
}

export interface BucketDriverOptions {
  /**
   * Whether the principal the origin reads with has s3:ListBucket, which decides 404 NoSuchKey vs
   * 403 AccessDenied for missing keys.
   */
  listBucket: boolean;
}

/**
 * Makes a fresh, empty bucket for one test. Return `undefined` when the implementation cannot provide
 * that configuration (e.g. MinIO with root credentials always has ListBucket): those tests are skipped.
 */
export type MakeBucketDriver = (
  options: BucketDriverOptions,
) => BucketDriver | undefined | Promise<BucketDriver | undefined>;
