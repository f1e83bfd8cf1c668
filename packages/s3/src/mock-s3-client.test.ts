import {
  AccessDenied,
  CopyObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { EdgecaseError, ManualClock, memoryOrigin } from '@edgecase/cdn';
import { afterEach, describe, expect, it } from 'vitest';
import { mockS3Client, type S3ClientMock } from './mock-s3-client.js';

const mocks: S3ClientMock[] = [];
afterEach(() => {
  for (const mock of mocks.splice(0)) mock.restore();
});

function setup(options: { listBucket?: boolean } = {}) {
  const clock = new ManualClock();
  const origin = memoryOrigin({ bucket: 'site', clock, ...options });
  mocks.push(mockS3Client(origin));
  const client = new S3Client({ region: 'us-east-1' });
  return { clock, origin, client };
}

async function rejection(promise: Promise<unknown>): Promise<S3ServiceException> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof S3ServiceException)) throw new Error(`expected an S3ServiceException, got ${error}`);
  return error;
}

describe('mockS3Client', () => {
  it("writes the app's PutObject into the memoryOrigin with its metadata", async () => {
    const { origin, client } = setup();
    const put = await client.send(
      new PutObjectCommand({
        Bucket: 'site',
        Key: 'index.html',
        Body: '<h1>hi</h1>',
        ContentType: 'text/html',
        CacheControl: 'max-age=60',
        Metadata: { Build: '7' },
      }),
    );
    const stored = await origin.get('index.html');
    expect(put.ETag).toBe(stored?.etag);
    expect(stored).toMatchObject({
      contentType: 'text/html',
      cacheControl: 'max-age=60',
      metadata: { build: '7' },
    });
    expect(new TextDecoder().decode(stored?.body)).toBe('<h1>hi</h1>');
  });

  it('reads objects back with GetObject and HeadObject as the SDK types them', async () => {
    const { origin, client } = setup();
    await origin.put('a.txt', 'hello', { contentType: 'text/plain', metadata: { owner: 'me' } });
    const get = await client.send(new GetObjectCommand({ Bucket: 'site', Key: 'a.txt' }));
    expect(await get.Body?.transformToString()).toBe('hello');
    expect(get).toMatchObject({ ContentType: 'text/plain', ContentLength: 5, Metadata: { owner: 'me' } });
    expect(get.$metadata.httpStatusCode).toBe(200);
    const head = await client.send(new HeadObjectCommand({ Bucket: 'site', Key: 'a.txt' }));
    expect(head.ETag).toBe(get.ETag);
    expect(head.LastModified).toEqual(get.LastModified);
  });

  it('answers Range with 206 and conditional reads with the exceptions a real endpoint causes', async () => {
    const { origin, client } = setup();
    const { etag } = await origin.put('r.txt', '0123456789');
    const range = await client.send(
      new GetObjectCommand({ Bucket: 'site', Key: 'r.txt', Range: 'bytes=2-4' }),
    );
    expect(await range.Body?.transformToString()).toBe('234');
    expect(range).toMatchObject({ ContentRange: 'bytes 2-4/10', $metadata: { httpStatusCode: 206 } });

    const notModified = await rejection(
      client.send(new GetObjectCommand({ Bucket: 'site', Key: 'r.txt', IfNoneMatch: etag })),
    );
    expect(notModified).toMatchObject({ name: 'Unknown', $metadata: { httpStatusCode: 304 } });
    const failed = await rejection(
      client.send(new GetObjectCommand({ Bucket: 'site', Key: 'r.txt', IfMatch: '"nope"' })),
    );
    expect(failed).toMatchObject({
      name: 'PreconditionFailed',
      Code: 'PreconditionFailed',
      $metadata: { httpStatusCode: 412 },
    });
  });

  it('makes a missing key NoSuchKey (GET) and NotFound (HEAD), or 403 without s3:ListBucket', async () => {
    const { client } = setup();
    const missing = await rejection(client.send(new GetObjectCommand({ Bucket: 'site', Key: 'nope' })));
    expect(missing).toBeInstanceOf(NoSuchKey);
    expect(missing).toMatchObject({ Key: 'nope', $metadata: { httpStatusCode: 404 } });
    const head = await rejection(client.send(new HeadObjectCommand({ Bucket: 'site', Key: 'nope' })));
    expect(head.name).toBe('NotFound');
    mocks.pop()?.restore();

    const denied = setup({ listBucket: false });
    const forbidden = await rejection(
      denied.client.send(new GetObjectCommand({ Bucket: 'site', Key: 'nope' })),
    );
    expect(forbidden).toBeInstanceOf(AccessDenied);
    expect(forbidden).toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    const head403 = await rejection(
      denied.client.send(new HeadObjectCommand({ Bucket: 'site', Key: 'nope' })),
    );
    expect(head403).toMatchObject({
      name: 'Unknown',
      message: 'UnknownError',
      $metadata: { httpStatusCode: 403 },
    });
  });

  it('answers another bucket with NoSuchBucket, naming the buckets it has', async () => {
    const { client, origin } = setup();
    const error = await rejection(client.send(new GetObjectCommand({ Bucket: 'other', Key: 'a' })));
    expect(error).toMatchObject({ name: 'NoSuchBucket', BucketName: 'other' });
    expect((error as Error).message).toBe(
      `The specified bucket does not exist (mockS3Client: "other" is not one of its buckets: ${origin.bucket}; each bucket is a memoryOrigin({ bucket }), with @edgecase/vitest edgecase({ buckets: [...] }))`,
    );
  });

  it('lists with prefix, delimiter and continuation tokens (ListObjectsV2)', async () => {
    const { origin, client } = setup();
    for (const key of ['a/1.txt', 'a/2.txt', 'a/sub/3.txt', 'b.txt']) await origin.put(key, key);
    const page1 = await client.send(new ListObjectsV2Command({ Bucket: 'site', Prefix: 'a/', MaxKeys: 2 }));
    expect(page1.Contents?.map((entry) => entry.Key)).toEqual(['a/1.txt', 'a/2.txt']);
    expect(page1.IsTruncated).toBe(true);
    const page2 = await client.send(
      new ListObjectsV2Command({
        Bucket: 'site',
        Prefix: 'a/',
        ContinuationToken: page1.NextContinuationToken,
      }),
    );
    expect(page2.Contents?.map((entry) => entry.Key)).toEqual(['a/sub/3.txt']);
    const folders = await client.send(new ListObjectsV2Command({ Bucket: 'site', Delimiter: '/' }));
    expect(folders.CommonPrefixes).toEqual([{ Prefix: 'a/' }]);
    expect(folders.Contents?.map((entry) => entry.Key)).toEqual(['b.txt']);
    expect(folders.KeyCount).toBe(2);
  });

  it('copies objects (metadata kept or replaced) and deletes in batches', async () => {
    const { origin, client } = setup();
    await origin.put('src.css', 'body{}', { contentType: 'text/css', cacheControl: 'max-age=1' });
    await client.send(new CopyObjectCommand({ Bucket: 'site', Key: 'dst.css', CopySource: 'site/src.css' }));
    expect(await origin.get('dst.css')).toMatchObject({ contentType: 'text/css', cacheControl: 'max-age=1' });
    await client.send(
      new CopyObjectCommand({
        Bucket: 'site',
        Key: 'src.css',
        CopySource: '/site/src.css',
        MetadataDirective: 'REPLACE',
        ContentType: 'text/css',
        CacheControl: 'max-age=31536000, immutable',
      }),
    );
    expect((await origin.get('src.css'))?.cacheControl).toBe('max-age=31536000, immutable');
    const deleted = await client.send(
      new DeleteObjectsCommand({
        Bucket: 'site',
        Delete: { Objects: [{ Key: 'src.css' }, { Key: 'dst.css' }] },
      }),
    );
    expect(deleted.Deleted).toHaveLength(2);
    expect(await origin.keys()).toEqual([]);
  });

  it('supports conditional writes (If-None-Match: *) with a 412', async () => {
    const { origin, client } = setup();
    await origin.put('once.txt', 'first');
    const error = await rejection(
      client.send(
        new PutObjectCommand({ Bucket: 'site', Key: 'once.txt', Body: 'second', IfNoneMatch: '*' }),
      ),
    );
    expect(error).toMatchObject({ name: 'PreconditionFailed', $metadata: { httpStatusCode: 412 } });
  });

  it("runs @aws-sdk/lib-storage's Upload as a multipart upload with an MD5-of-MD5s -N ETag", async () => {
    const { origin, client } = setup();
    const body = Buffer.alloc(5 * 1024 * 1024 * 2 + 10, 'x');
    const upload = new Upload({
      client,
      params: { Bucket: 'site', Key: 'video.mp4', Body: body, ContentType: 'video/mp4' },
      partSize: 5 * 1024 * 1024,
      queueSize: 1,
    });
    const result = await upload.done();
    const stored = await origin.get('video.mp4');
    expect(stored).toMatchObject({ partCount: 3, size: body.length, contentType: 'video/mp4' });
    expect(result.ETag).toBe(stored?.etag);
    expect(stored?.etag).toMatch(/^"[0-9a-f]{32}-3"$/);
  });

  it('runs a small Upload as one PutObject', async () => {
    const { origin, client } = setup();
    await new Upload({ client, params: { Bucket: 'site', Key: 'small.txt', Body: 'tiny' } }).done();
    expect((await origin.get('small.txt'))?.partCount).toBeUndefined();
  });

  it('names the commands it does not model', async () => {
    const { client } = setup();
    const error = await client.send(new ListBucketsCommand({})).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(EdgecaseError);
    expect((error as Error).message).toMatch(
      /mockS3Client: expected a command it models \(PutObjectCommand, GetObjectCommand, .*\), got ListBucketsCommand\./,
    );
  });

  it('rejects what is not a memoryOrigin', () => {
    expect(() => mockS3Client({} as never)).toThrow(
      'mockS3Client origins: expected a memoryOrigin or an array of them, got {}.',
    );
  });
});
