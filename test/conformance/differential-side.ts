import { createHash } from 'node:crypto';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import type { OriginRequest, OriginResponse } from '@edgecase/cdn';
import { conditionHeaders, type Operation } from './differential-operations.js';

/** One side of the differential: an S3Client on a bucket, and the read CloudFront's origin fetch makes. */
export interface Side {
  client: S3Client;
  bucket: string;
  fetch(request: OriginRequest): Promise<OriginResponse>;
}

const FIVE_MIB = new Uint8Array(5 * 1024 * 1024).fill(120);
const md5 = (bytes: Uint8Array) => createHash('md5').update(bytes).digest('hex');
const path = (key: string) => `/${encodeURIComponent(key).replaceAll('%2F', '/')}`;

/** What must be equal on both sides for an operation; `etags` collects the ETags written. */
export async function apply(side: Side, operation: Operation, etags: readonly string[]): Promise<unknown> {
  const { client, bucket: Bucket } = side;
  const sdk = async (run: () => Promise<unknown>) => {
    try {
      return await run();
    } catch (error) {
      const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
      return { error: e.name, status: e.$metadata?.httpStatusCode };
    }
  };
  switch (operation.op) {
    case 'put':
      return sdk(async () => {
        const output = await client.send(
          new PutObjectCommand({
            Bucket,
            Key: operation.key,
            Body: operation.body,
            ContentLength: Buffer.byteLength(operation.body),
            // What the SDK would send for a string body without one, made explicit for both sides.
            ContentType: operation.contentType ?? 'application/octet-stream',
            ...(operation.cacheControl ? { CacheControl: operation.cacheControl } : {}),
            ...(operation.meta !== undefined ? { Metadata: { note: operation.meta } } : {}),
          }),
        );
        return { etag: output.ETag };
      });
    case 'multipart':
      return sdk(async () => {
        const Key = operation.key;
        const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket, Key }));
        const parts = [FIVE_MIB, new TextEncoder().encode(operation.tail)];
        const Parts = [];
        for (const [index, Body] of parts.entries()) {
          const PartNumber = index + 1;
          const { ETag } = await client.send(
            new UploadPartCommand({ Bucket, Key, UploadId, PartNumber, Body }),
          );
          Parts.push({ PartNumber, ETag });
        }
        const output = await client.send(
          new CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: { Parts } }),
        );
        return { etag: output.ETag, parts: Parts.map((part) => part.ETag) };
      });
    case 'delete':
      return sdk(async () => {
        await client.send(new DeleteObjectCommand({ Bucket, Key: operation.key }));
        return { deleted: true };
      });
    case 'deleteObjects':
      return sdk(async () => {
        const output = await client.send(
          new DeleteObjectsCommand({ Bucket, Delete: { Objects: operation.keys.map((Key) => ({ Key })) } }),
        );
        return {
          deleted: (output.Deleted ?? []).map((d) => d.Key).sort(),
          errors: (output.Errors ?? []).map((e) => `${e.Key}: ${e.Code}`).sort(),
        };
      });
    case 'copy':
      return sdk(async () => {
        const { replace } = operation;
        const output = await client.send(
          new CopyObjectCommand({
            Bucket,
            Key: operation.to,
            CopySource: `${Bucket}/${encodeURIComponent(operation.from)}`,
            ...(replace
              ? {
                  MetadataDirective: 'REPLACE',
                  ContentType: replace.contentType ?? 'application/octet-stream',
                  ...(replace.cacheControl ? { CacheControl: replace.cacheControl } : {}),
                }
              : {}),
          }),
        );
        return { etag: output.CopyObjectResult?.ETag };
      });
    case 'head':
      return sdk(async () => {
        const output = await client.send(new HeadObjectCommand({ Bucket, Key: operation.key }));
        return {
          etag: output.ETag,
          contentType: output.ContentType,
          cacheControl: output.CacheControl,
          contentLength: output.ContentLength,
          metadata: output.Metadata,
        };
      });
    case 'list':
      return sdk(async () => {
        const pages = [];
        let ContinuationToken: string | undefined;
        do {
          const output = await client.send(
            new ListObjectsV2Command({
              Bucket,
              Prefix: operation.prefix,
              MaxKeys: operation.maxKeys,
              ...(operation.delimiter ? { Delimiter: operation.delimiter } : {}),
              ...(ContinuationToken ? { ContinuationToken } : {}),
            }),
          );
          pages.push({
            objects: (output.Contents ?? []).map((o) => `${o.Key} ${o.ETag} ${o.Size}`),
            prefixes: (output.CommonPrefixes ?? []).map((p) => p.Prefix),
            truncated: output.IsTruncated ?? false,
            keyCount: output.KeyCount,
          });
          ContinuationToken = output.IsTruncated ? output.NextContinuationToken : undefined;
        } while (ContinuationToken && pages.length < 20);
        return pages;
      });
    case 'read': {
      const headers = conditionHeaders(operation.condition, etags);
      const request = { method: operation.method, path: path(operation.key), query: '', headers };
      return essence(await side.fetch(request));
    }
  }
}

/** What must be equal in an origin answer: status, validators, the object's headers, body or S3 error code. */
function essence(response: OriginResponse) {
  const ok = response.status === 200 || response.status === 206;
  return {
    status: response.status,
    // Validators only where S3 defines them; MinIO also sends them on 412 (docs/origins.md).
    etag: ok || response.status === 304 ? response.headers.etag : undefined,
    contentType: ok ? response.headers['content-type'] : undefined,
    cacheControl: ok ? response.headers['cache-control'] : undefined,
    contentLength: ok ? response.headers['content-length'] : undefined,
    contentRange: response.status === 206 ? response.headers['content-range'] : undefined,
    meta: ok ? response.headers['x-amz-meta-note'] : undefined,
    body: ok
      ? md5(response.body)
      : (/<Code>(\w+)<\/Code>/.exec(new TextDecoder().decode(response.body))?.[1] ?? ''),
  };
}
