import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock/clock.js';
import { BucketStore } from './bucket-store.js';
import { ClockBinding } from './clock-binding.js';
import { singlePartEtag } from './etag.js';
import { normalizeMetadata, type ObjectMetadataOptions } from './object-options.js';
import { serveS3Request } from './s3-rest.js';
import type { OriginRequest } from './types.js';

const text = (value: string) => new TextEncoder().encode(value);
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

function setup(listBucket = true) {
  const clock = new ManualClock({ start: Date.UTC(2026, 0, 1, 12) });
  const store = new BucketStore(new ClockBinding('test', clock));
  let ids = 0;
  const settings = { bucket: 'bkt', listBucket, nextRequestId: () => `REQ${++ids}` };
  const put = (key: string, value: string, options: ObjectMetadataOptions = {}) =>
    store.commit(
      {
        key,
        body: text(value),
        etag: singlePartEtag(text(value)),
        metadata: normalizeMetadata(options),
        partCount: undefined,
      },
      {},
      'put',
    );
  const serve = (request: Partial<OriginRequest>) =>
    serveS3Request(store, { method: 'GET', path: '/', query: '', headers: {}, ...request }, settings);
  return { clock, store, put, serve };
}

describe('serveS3Request: GET and HEAD of an object', () => {
  it('answers 200 with the object, its metadata and S3 headers', () => {
    const { put, serve } = setup();
    put('a b.txt', 'hello', {
      contentType: 'text/plain',
      cacheControl: 'max-age=60',
      expires: 'Fri, 02 Jan 2026 00:00:00 GMT',
      contentDisposition: 'inline',
      contentEncoding: 'identity',
      metadata: { Owner: 'ada' },
    });
    const response = serve({ path: '/a%20b.txt' });
    expect(response.status).toBe(200);
    expect(decode(response.body)).toBe('hello');
    expect(response.headers).toEqual({
      'accept-ranges': 'bytes',
      'cache-control': 'max-age=60',
      'content-disposition': 'inline',
      'content-encoding': 'identity',
      'content-length': '5',
      'content-type': 'text/plain',
      etag: '"5d41402abc4b2a76b9719d911017c592"',
      expires: 'Fri, 02 Jan 2026 00:00:00 GMT',
      'last-modified': 'Thu, 01 Jan 2026 12:00:00 GMT',
      server: 'AmazonS3',
      'x-amz-meta-owner': 'ada',
      'x-amz-request-id': 'REQ1',
    });
  });

  it('omits system metadata that was not stored', () => {
    const { put, serve } = setup();
    put('a', 'x');
    const { headers } = serve({ path: '/a' });
    expect(headers['content-type']).toBe('binary/octet-stream');
    expect(Object.keys(headers)).not.toContain('cache-control');
    expect(Object.keys(headers)).not.toContain('expires');
  });

  it('answers HEAD with the same headers and an empty body', () => {
    const { put, serve } = setup();
    put('a', 'hello');
    const response = serve({ method: 'HEAD', path: '/a' });
    expect(response.status).toBe(200);
    expect(response.body).toHaveLength(0);
    expect(response.headers['content-length']).toBe('5');
  });

  it('shares the stored body instead of copying it', () => {
    const { put, serve, store } = setup();
    put('a', 'hello');
    expect(serve({ path: '/a' }).body).toBe(store.get('a')?.body);
  });
});

describe('serveS3Request: missing keys (§11 403 vs 404)', () => {
  it('answers 404 NoSuchKey with the key in the XML when the caller may list the bucket', () => {
    const { serve } = setup(true);
    const response = serve({ path: '/missing%20file.txt' });
    expect(response.status).toBe(404);
    expect(response.headers['content-type']).toBe('application/xml');
    expect(decode(response.body)).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?><Error><Code>NoSuchKey<\/Code><Message>The specified key does not exist.<\/Message><Key>missing file.txt<\/Key><RequestId>REQ1<\/RequestId>/,
    );
  });

  it('answers 403 AccessDenied without s3:ListBucket', () => {
    const { serve } = setup(false);
    const response = serve({ path: '/missing' });
    expect(response.status).toBe(403);
    expect(decode(response.body)).toContain('<Code>AccessDenied</Code><Message>Access Denied</Message>');
    expect(decode(response.body)).not.toContain('missing');
  });

  it('answers HEAD of a missing key with a bare 404 or 403', () => {
    expect(setup(true).serve({ method: 'HEAD', path: '/x' })).toMatchObject({
      status: 404,
      body: new Uint8Array(),
    });
    expect(setup(false).serve({ method: 'HEAD', path: '/x' })).toMatchObject({
      status: 403,
      body: new Uint8Array(),
    });
  });
});

describe('serveS3Request: the bucket root, methods and bad paths', () => {
  it('lists the bucket for GET / with s3:ListBucket, honouring prefix and max-keys', () => {
    const { put, serve } = setup(true);
    put('a/1', 'x');
    put('b', 'y');
    const all = decode(serve({ path: '/' }).body);
    expect(all).toContain('<ListBucketResult');
    expect(all).toContain('<Key>a/1</Key>');
    expect(all).toContain('<Key>b</Key>');
    const some = decode(serve({ path: '/', query: 'prefix=a%2F&max-keys=1' }).body);
    expect(some).not.toContain('<Key>b</Key>');
    expect(some).toContain('<MaxKeys>1</MaxKeys>');
  });

  it('answers GET / with 403 AccessDenied without s3:ListBucket', () => {
    expect(setup(false).serve({ path: '/' }).status).toBe(403);
  });

  it('answers other methods with 405 MethodNotAllowed', () => {
    const { put, serve } = setup();
    put('a', 'x');
    const response = serve({ method: 'POST', path: '/a' });
    expect(response.status).toBe(405);
    expect(decode(response.body)).toContain('<Code>MethodNotAllowed</Code>');
    expect(decode(response.body)).toContain('<Method>POST</Method>');
  });

  it('answers a path with broken percent-encoding with 400 InvalidURI', () => {
    const response = setup().serve({ path: '/a%zz' });
    expect(response.status).toBe(400);
    expect(decode(response.body)).toContain('<Code>InvalidURI</Code>');
  });

  it('treats + in a path as a literal plus', () => {
    const { put, serve } = setup();
    put('a+b', 'x');
    expect(serve({ path: '/a+b' }).status).toBe(200);
  });
});

describe('serveS3Request: conditional requests (§11)', () => {
  it('answers 304 with ETag and Last-Modified and no body when If-None-Match matches', () => {
    const { put, serve } = setup();
    const { etag } = put('a', 'x', { cacheControl: 'max-age=1' });
    const response = serve({ path: '/a', headers: { 'if-none-match': etag } });
    expect(response).toEqual({
      status: 304,
      headers: {
        etag,
        'last-modified': 'Thu, 01 Jan 2026 12:00:00 GMT',
        server: 'AmazonS3',
        'x-amz-request-id': 'REQ1',
      },
      body: new Uint8Array(),
    });
  });

  it('answers 412 PreconditionFailed naming the condition', () => {
    const { put, serve } = setup();
    put('a', 'x');
    const response = serve({ path: '/a', headers: { 'if-match': '"nope"' } });
    expect(response.status).toBe(412);
    expect(decode(response.body)).toContain('<Condition>If-Match</Condition>');
    expect(serve({ method: 'HEAD', path: '/a', headers: { 'if-match': '"nope"' } })).toMatchObject({
      status: 412,
      body: new Uint8Array(),
    });
  });

  it('evaluates preconditions before Range', () => {
    const { put, serve } = setup();
    const { etag } = put('a', 'hello');
    expect(serve({ path: '/a', headers: { 'if-none-match': etag, range: 'bytes=0-1' } }).status).toBe(304);
  });
});

describe('serveS3Request: Range', () => {
  it('answers 206 with Content-Range and a view of the stored body', () => {
    const { put, serve, store } = setup();
    put('a', 'hello world');
    const response = serve({ path: '/a', headers: { range: 'bytes=6-' } });
    expect(response.status).toBe(206);
    expect(decode(response.body)).toBe('world');
    expect(response.headers['content-range']).toBe('bytes 6-10/11');
    expect(response.headers['content-length']).toBe('5');
    expect(response.body.buffer).toBe(store.get('a')?.body.buffer);
  });

  it('answers 416 with Content-Range bytes */size when unsatisfiable', () => {
    const { put, serve } = setup();
    put('a', 'hello');
    const response = serve({ path: '/a', headers: { range: 'bytes=5-' } });
    expect(response.status).toBe(416);
    expect(response.headers['content-range']).toBe('bytes */5');
    expect(decode(response.body)).toContain('<Code>InvalidRange</Code>');
    expect(decode(response.body)).toContain('<ActualObjectSize>5</ActualObjectSize>');
  });

  it('answers 200 with the whole object for multiple ranges', () => {
    const { put, serve } = setup();
    put('a', 'hello');
    const response = serve({ path: '/a', headers: { range: 'bytes=0-0,2-3' } });
    expect(response.status).toBe(200);
    expect(decode(response.body)).toBe('hello');
  });

  it('answers HEAD with a range as 206 with no body', () => {
    const { put, serve } = setup();
    put('a', 'hello');
    const response = serve({ method: 'HEAD', path: '/a', headers: { range: 'bytes=0-1' } });
    expect(response).toMatchObject({ status: 206, body: new Uint8Array() });
    expect(response.headers['content-length']).toBe('2');
  });
});
