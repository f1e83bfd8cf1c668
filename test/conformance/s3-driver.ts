import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  PutObjectCommand,
  type PutObjectCommandInput,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { ManualClock } from '@edgecase/cdn';
import { s3Origin } from '@edgecase/s3';
import type { BucketDriver, DriverPutOptions } from './bucket-driver.js';

/**
 * A BucketDriver that writes with an S3Client (PutObject, multipart upload, DeleteObject) and reads
 * through `s3Origin` over `reader` (the client CloudFront's principal would have). The same driver
 * serves memoryOrigin behind `mockS3Client` and a real MinIO.
 */
export function s3Driver(options: {
  writer: S3Client;
  reader: S3Client;
  bucket: string;
  /** Lets time pass as the server sees it: a ManualClock behind a mock, real time for MinIO. */
  wait: (ms: number) => Promise<void>;
  dispose?: () => Promise<void>;
}): BucketDriver {
  const { writer, bucket } = options;
  const origin = s3Origin({ client: options.reader, bucket });
  const clock = new ManualClock();
  return {
    async put(key, body, putOptions) {
      const output = await writer.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: body,
          ContentLength: typeof body === 'string' ? Buffer.byteLength(body) : body.length,
          ...metadata(putOptions),
        }),
      );
      return { etag: output.ETag as string };
    },
    async putMultipart(key, parts, putOptions) {
      const { UploadId } = await writer.send(
        new CreateMultipartUploadCommand({ Bucket: bucket, Key: key, ...metadata(putOptions) }),
      );
      const completed = [];
      for (const [index, part] of parts.entries()) {
        const { ETag } = await writer.send(
          new UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber: index + 1, Body: part }),
        );
        completed.push({ PartNumber: index + 1, ETag });
      }
      const output = await writer.send(
        new CompleteMultipartUploadCommand({
          Bucket: bucket,
          Key: key,
          UploadId,
          MultipartUpload: { Parts: completed },
        }),
      );
      return { etag: output.ETag as string };
    },
    async delete(key) {
      await writer.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },
    fetch: (request) => origin.fetch(request, { clock }),
    wait: options.wait,
    ...(options.dispose ? { dispose: options.dispose } : {}),
  };
}

function metadata(options: DriverPutOptions = {}): Partial<PutObjectCommandInput> {
  return {
    ...(options.contentType !== undefined ? { ContentType: options.contentType } : {}),
    ...(options.cacheControl !== undefined ? { CacheControl: options.cacheControl } : {}),
    ...(options.expires !== undefined ? { Expires: options.expires } : {}),
    ...(options.contentDisposition !== undefined ? { ContentDisposition: options.contentDisposition } : {}),
    ...(options.metadata !== undefined ? { Metadata: options.metadata } : {}),
  };
}
