import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { S3Client } from '@aws-sdk/client-s3';
import {
  createCdn,
  EdgecaseError,
  ManualClock,
  memoryOrigin,
  type OriginRequest,
  OriginUnreachableError,
} from '@edgecase/cdn';
import { afterEach, describe, expect, it } from 'vitest';
import { mockS3Client, type S3ClientMock } from './mock-s3-client.js';
import { s3Origin } from './s3-origin.js';

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const request = (path: string, headers: Record<string, string> = {}, method = 'GET'): OriginRequest => ({
  method,
  path,
  query: '',
  headers,
});
const credentials = { accessKeyId: 'test', secretAccessKey: 'test-secret' };

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function overMemory(options: { listBucket?: boolean } = {}) {
  const clock = new ManualClock();
  const bucket = memoryOrigin({ bucket: 'site', clock, ...options });
  const mock: S3ClientMock = mockS3Client(bucket);
  cleanups.push(() => mock.restore());
  const client = new S3Client({ region: 'us-east-1', credentials });
  return { clock, bucket, origin: s3Origin({ client, bucket: 'site' }) };
}

/** A stand-in S3 endpoint on 127.0.0.1 that answers every request with `answer`. */
async function fakeEndpoint(answer: { status: number; headers: Record<string, string>; body: string }) {
  const server: Server = createServer((_request, response) => {
    response.writeHead(answer.status, answer.headers);
    response.end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => server.close(resolve)));
  const { port } = server.address() as AddressInfo;
  return new S3Client({
    region: 'us-east-1',
    endpoint: `http://127.0.0.1:${port}`,
    forcePathStyle: true,
    credentials,
    maxAttempts: 1,
  });
}

describe('s3Origin over a mocked S3Client (answers rebuilt from the parsed output)', () => {
  it("serves the object's status, headers and body", async () => {
    const { clock, bucket, origin } = overMemory();
    const { etag } = await bucket.put('a.css', 'body{}', {
      contentType: 'text/css',
      cacheControl: 'max-age=60',
      metadata: { v: '1' },
    });
    const response = await origin.fetch(request('/a.css'), { clock });
    expect(response.status).toBe(200);
    expect(text(response.body)).toBe('body{}');
    expect(response.headers).toMatchObject({
      'content-type': 'text/css',
      'cache-control': 'max-age=60',
      'content-length': '6',
      etag,
      'x-amz-meta-v': '1',
    });
    expect(response.headers['last-modified']).toBe(new Date(clock.now()).toUTCString());
  });

  it('answers 304, 404 with its XML body, and 403 without s3:ListBucket', async () => {
    const { clock, bucket, origin } = overMemory();
    const { etag } = await bucket.put('a.css', 'body{}');
    const notModified = await origin.fetch(request('/a.css', { 'if-none-match': etag }), { clock });
    expect(notModified).toMatchObject({ status: 304, headers: { etag } });
    expect(notModified.body).toHaveLength(0);
    const missing = await origin.fetch(request('/nope.css'), { clock });
    expect(missing.status).toBe(404);
    expect(text(missing.body)).toMatch(
      /<Error><Code>NoSuchKey<\/Code><Message>The specified key does not exist.<\/Message><Key>nope.css<\/Key>/,
    );
    expect((await origin.fetch(request('/nope.css', {}, 'HEAD'), { clock })).status).toBe(404);

    const denied = overMemory({ listBucket: false });
    expect((await denied.origin.fetch(request('/nope.css'), { clock: denied.clock })).status).toBe(403);
  });

  it('keeps a request log like memoryOrigin', async () => {
    const { clock, bucket, origin } = overMemory();
    await bucket.put('a.txt', 'a');
    await origin.fetch(request('/a.txt'), { clock });
    await origin.fetch(request('/b.txt'), { clock });
    expect(origin.requestCount()).toBe(2);
    expect(origin.requestCount('/a.txt')).toBe(1);
    expect(origin.requests.map((record) => record.status)).toEqual([200, 404]);
  });

  it('is an S3 origin for createCdn, with faults', async () => {
    const { clock, bucket, origin } = overMemory();
    await bucket.put('page.html', 'hello', { cacheControl: 'max-age=60' });
    const cdn = createCdn({ clock, origin });
    expect(await (await cdn.fetch('/page.html')).text()).toBe('hello');
    origin.faults.outage();
    await clock.advance('61s');
    expect((await cdn.fetch('/nope.html')).status).toBe(502);
  });
});

describe('s3Origin over HTTP (answers taken as sent)', () => {
  it("passes S3's own headers and XML error body through unchanged", async () => {
    const body =
      '<?xml version="1.0"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>';
    const client = await fakeEndpoint({
      status: 403,
      headers: { 'content-type': 'application/xml', server: 'AmazonS3', 'x-amz-request-id': 'R1' },
      body,
    });
    const response = await s3Origin({ client, bucket: 'site' }).fetch(request('/a.txt'), {
      clock: new ManualClock(),
    });
    expect(response.status).toBe(403);
    expect(text(response.body)).toBe(body);
    expect(response.headers).toMatchObject({ server: 'AmazonS3', 'x-amz-request-id': 'R1' });
  });

  it('answers 200 bodies byte for byte, and HEAD with an empty body', async () => {
    const client = await fakeEndpoint({
      status: 200,
      headers: { etag: '"abc"', 'content-type': 'text/plain', 'x-custom': 'kept' },
      body: 'payload',
    });
    const origin = s3Origin({ client, bucket: 'site' });
    const response = await origin.fetch(request('/a.txt'), { clock: new ManualClock() });
    expect(text(response.body)).toBe('payload');
    expect(response.headers).toMatchObject({ etag: '"abc"', 'x-custom': 'kept' });
    const head = await origin.fetch(request('/a.txt', {}, 'HEAD'), { clock: new ManualClock() });
    expect(head.body).toHaveLength(0);
  });

  it('rejects with OriginUnreachableError when nothing listens', async () => {
    const client = await fakeEndpoint({ status: 200, headers: {}, body: '' });
    const endpoint = await client.config.endpoint?.();
    await cleanups.pop()?.();
    const origin = s3Origin({
      client: new S3Client({
        region: 'us-east-1',
        endpoint: `http://127.0.0.1:${endpoint?.port}`,
        forcePathStyle: true,
        credentials,
        maxAttempts: 1,
      }),
      bucket: 'site',
    });
    const error = await origin
      .fetch(request('/a.txt'), { clock: new ManualClock() })
      .catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(OriginUnreachableError);
    expect((error as OriginUnreachableError).message).toMatch(/s3:site: GET \/a.txt failed \(ECONNREFUSED\)/);
  });

  it('answers methods other than GET and HEAD with 405, as memoryOrigin does', async () => {
    const { clock, origin } = overMemory();
    expect((await origin.fetch(request('/a.txt', {}, 'PUT'), { clock })).status).toBe(405);
  });
});

describe('s3Origin options', () => {
  it('says what it expected', () => {
    const client = new S3Client({ region: 'us-east-1', credentials });
    expect(() => s3Origin({ client, bucket: 'Not_A_Bucket' })).toThrow(
      's3Origin bucket: expected an S3 bucket name: 3-63 lower-case letters, digits, dots and hyphens, got "Not_A_Bucket".',
    );
    expect(() => s3Origin({ client: {} as S3Client, bucket: 'site' })).toThrow(EdgecaseError);
    expect(() => s3Origin({ client, bucket: 'site', region: 'Europe' })).toThrow(
      's3Origin region: expected an AWS Region such as \'us-east-1\', got "Europe".',
    );
    expect(s3Origin({ client, bucket: 'site', region: 'eu-west-1' })).toMatchObject({
      kind: 's3',
      name: 's3:site',
      region: 'eu-west-1',
    });
  });
});
