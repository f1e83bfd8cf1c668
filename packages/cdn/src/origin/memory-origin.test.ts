import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock/clock.js';
import { EdgecaseError } from '../errors.js';
import { md5, multipartEtag } from './etag.js';
import { memoryOrigin } from './memory-origin.js';
import { type OriginRequest, OriginUnreachableError } from './types.js';

const text = (value: string) => new TextEncoder().encode(value);
const decode = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes);
const START = Date.UTC(2026, 0, 1, 0, 0, 0, 400);

function setup(options: { listBucket?: boolean } = {}) {
  const clock = new ManualClock({ start: START });
  const origin = memoryOrigin({ bucket: 'site', clock, ...options });
  const get = (path: string, headers: Record<string, string> = {}, method = 'GET') => {
    const request: OriginRequest = { method, path, query: '', headers };
    return origin.fetch(request, { clock });
  };
  return { clock, origin, get };
}

async function rejection(promise: Promise<unknown>): Promise<EdgecaseError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (error instanceof EdgecaseError) return error;
  throw new Error(`expected an EdgecaseError, got ${String(error)}`);
}

describe('memoryOrigin', () => {
  it('is an s3 origin named memory:<bucket>, with defaults edgecase and listBucket true', () => {
    const origin = memoryOrigin();
    expect(origin).toMatchObject({
      kind: 's3',
      name: 'memory:edgecase',
      bucket: 'edgecase',
      listBucket: true,
    });
    expect(setup().origin.name).toBe('memory:site');
  });

  it('rejects bad options', () => {
    expect(() => memoryOrigin({ bucket: 'Bad_Bucket' })).toThrow(/an S3 bucket name/);
    expect(() => memoryOrigin({ listBucket: 'no' as unknown as boolean })).toThrow(/true or false, got "no"/);
  });
});

describe('memoryOrigin direct API', () => {
  it('puts objects with MD5 ETags and Last-Modified truncated to the second', async () => {
    const { origin } = setup();
    const result = await origin.put('index.html', '<h1>hi</h1>', { contentType: 'text/html' });
    expect(result).toEqual({
      etag: `"${md5(text('<h1>hi</h1>')).toString('hex')}"`,
      lastModified: new Date(Date.UTC(2026, 0, 1)),
    });
    const object = await origin.get('index.html');
    expect(object).toMatchObject({
      key: 'index.html',
      size: 11,
      contentType: 'text/html',
      etag: result.etag,
      partCount: undefined,
    });
    expect(decode(object?.body)).toBe('<h1>hi</h1>');
    expect(await origin.head('index.html')).toMatchObject({ etag: result.etag });
    expect(await origin.get('other')).toBeUndefined();
  });

  it('gives a copy of the bytes: writing into it changes no object, even one put with the same string', async () => {
    const { origin, get } = setup();
    await origin.put('a.txt', 'same text');
    await origin.put('b.txt', 'same text');
    const a = await origin.get('a.txt');
    a?.body.fill(0x21);
    expect(decode((await origin.get('a.txt'))?.body)).toBe('same text');
    expect(decode((await origin.get('b.txt'))?.body)).toBe('same text');
    expect(decode((await get('/b.txt')).body)).toBe('same text');
  });

  it('rejects bad keys and bodies as rejected promises', async () => {
    const { origin } = setup();
    expect((await rejection(origin.put('/a.txt', 'x'))).code).toBe('InvalidKey');
    expect((await rejection(origin.put('a', 5 as unknown as string))).code).toBe('InvalidBody');
  });

  it('overwrites and deletes with immediate visibility; delete is idempotent', async () => {
    const { origin, get } = setup();
    await origin.put('a', 'v1');
    await origin.put('a', 'v2');
    expect(decode((await get('/a')).body)).toBe('v2');
    await origin.delete('a');
    await origin.delete('a');
    expect((await get('/a')).status).toBe(404);
    expect(await origin.keys()).toEqual([]);
  });

  it('serves the old object until an upload with uploadDuration completes', async () => {
    const { origin, clock, get } = setup();
    await origin.put('a', 'old');
    const upload = origin.put('a', 'new', { uploadDuration: '5s' });
    await clock.advance('4s');
    expect(decode((await get('/a')).body)).toBe('old');
    await clock.advance('1s');
    const result = await upload;
    expect(decode((await get('/a')).body)).toBe('new');
    expect(result.lastModified).toEqual(new Date(Date.UTC(2026, 0, 1, 0, 0, 5)));
  });

  it('makes an upload with uploadDuration 0 visible at once, like one without it', async () => {
    const { origin, get } = setup();
    await origin.put('a', 'zero', { uploadDuration: 0 });
    expect(decode((await get('/a')).body)).toBe('zero');
    expect((await rejection(origin.put('a', 'x', { uploadDuration: -1 }))).code).toBe('InvalidDuration');
  });

  it('lets the upload that completes last win, whenever it started (§11 concurrent PUTs)', async () => {
    const { origin, clock } = setup();
    const slow = origin.put('a', 'slow', { uploadDuration: '10s' });
    await clock.advance('1s');
    const fast = origin.put('a', 'fast', { uploadDuration: '1s' });
    await clock.advance('2s');
    await fast;
    expect(decode((await origin.get('a'))?.body)).toBe('fast');
    await clock.advance('10s');
    await slow;
    expect(decode((await origin.get('a'))?.body)).toBe('slow');
  });

  it("ifNoneMatch '*' gives PreconditionFailed when the key exists, at start or at completion", async () => {
    const { origin, clock } = setup();
    await origin.put('a', 'first', { ifNoneMatch: '*' });
    expect((await rejection(origin.put('a', 'second', { ifNoneMatch: '*' }))).code).toBe(
      'PreconditionFailed',
    );
    const racing = origin.put('b', 'slow', { ifNoneMatch: '*', uploadDuration: '2s' });
    await origin.put('b', 'quick');
    const failure = rejection(racing);
    await clock.advance('2s');
    expect((await failure).message).toContain(`put "b": ifNoneMatch '*' failed, the key exists.`);
    expect(decode((await origin.get('b'))?.body)).toBe('quick');
  });

  it('ifMatch writes only over the given ETag', async () => {
    const { origin } = setup();
    const first = await origin.put('a', 'v1');
    await origin.put('a', 'v2', { ifMatch: first.etag });
    expect((await rejection(origin.put('a', 'v3', { ifMatch: first.etag }))).code).toBe('PreconditionFailed');
    expect((await rejection(origin.put('missing', 'x', { ifMatch: first.etag }))).code).toBe(
      'PreconditionFailed',
    );
  });

  it('putMultipart stores the concatenation with an MD5-of-MD5s-N ETag (§11 ETag)', async () => {
    const { origin, get } = setup();
    const result = await origin.putMultipart('big.bin', ['hello ', text('world')], {
      contentType: 'application/zip',
    });
    expect(result.etag).toBe(multipartEtag([md5(text('hello ')), md5(text('world'))]));
    expect(result.etag).toMatch(/^"[0-9a-f]{32}-2"$/);
    const response = await get('/big.bin');
    expect(decode(response.body)).toBe('hello world');
    expect(response.headers.etag).toBe(result.etag);
    expect((await origin.get('big.bin'))?.partCount).toBe(2);
    expect((await rejection(origin.putMultipart('x', []))).code).toBe('InvalidPart');
  });

  it('maps the low-level multipart calls onto the bucket', async () => {
    const { origin } = setup();
    const uploadId = await origin.createMultipartUpload('k', { cacheControl: 'no-cache' });
    const e1 = await origin.uploadPart(uploadId, 1, 'a');
    const e2 = await origin.uploadPart(uploadId, 2, 'b');
    expect(await origin.get('k')).toBeUndefined();
    const done = await origin.completeMultipartUpload(uploadId, [
      { partNumber: 1, etag: e1 },
      { partNumber: 2, etag: e2 },
    ]);
    expect(done.etag).toMatch(/-2"$/);
    expect((await origin.get('k'))?.cacheControl).toBe('no-cache');
    expect((await rejection(origin.uploadPart(uploadId, 3, 'c'))).code).toBe('NoSuchUpload');
    const aborted = await origin.createMultipartUpload('k2');
    await origin.abortMultipartUpload(aborted);
    expect(
      (await rejection(origin.completeMultipartUpload(aborted, [{ partNumber: 1, etag: e1 }]))).code,
    ).toBe('NoSuchUpload');
  });

  it('copy keeps the MD5 ETag, takes a new Last-Modified, and COPY/REPLACE decides the metadata', async () => {
    const { origin, clock } = setup();
    const original = await origin.put('a', 'x', { contentType: 'text/plain', metadata: { v: '1' } });
    await clock.advance('3s');
    const copied = await origin.copy('a', 'b');
    expect(copied.etag).toBe(original.etag);
    expect(copied.lastModified.getTime()).toBe(original.lastModified.getTime() + 3000);
    expect(await origin.get('b')).toMatchObject({ contentType: 'text/plain', metadata: { v: '1' } });
    await origin.copy('a', 'a', { metadataDirective: 'REPLACE', cacheControl: 'max-age=60' });
    expect(await origin.get('a')).toMatchObject({
      contentType: 'binary/octet-stream',
      cacheControl: 'max-age=60',
      metadata: {},
      etag: original.etag,
    });
  });

  it('copy of a multipart object gets the MD5 of its data', async () => {
    const { origin } = setup();
    await origin.putMultipart('m', ['ab', 'c']);
    const copied = await origin.copy('m', 'n');
    expect(copied.etag).toBe(`"${md5(text('abc')).toString('hex')}"`);
  });

  it('copy rejects a missing source and a no-op copy onto itself', async () => {
    const { origin } = setup();
    expect((await rejection(origin.copy('nope', 'b'))).code).toBe('NoSuchKey');
    await origin.put('a', 'x');
    expect((await rejection(origin.copy('a', 'a'))).message).toContain(
      "expected metadataDirective 'REPLACE'",
    );
  });

  it('lists keys lexicographically with prefix and continuation', async () => {
    const { origin } = setup();
    for (const key of ['b', 'a/2', 'a/1']) await origin.put(key, key);
    expect(await origin.keys()).toEqual(['a/1', 'a/2', 'b']);
    const page = await origin.list({ prefix: 'a/', maxKeys: 1 });
    expect(page.contents.map((entry) => entry.key)).toEqual(['a/1']);
    const next = await origin.list({
      prefix: 'a/',
      maxKeys: 1,
      continuationToken: page.nextContinuationToken as string,
    });
    expect(next.contents.map((entry) => entry.key)).toEqual(['a/2']);
  });

  it('does not let the caller change a stored body by mutating what it passed', async () => {
    const { origin } = setup();
    const bytes = text('abc');
    await origin.put('a', bytes);
    bytes[0] = 0;
    expect(decode((await origin.get('a'))?.body)).toBe('abc');
  });
});

describe('memoryOrigin clock binding', () => {
  it('throws ClockNotBound for a put before any clock is bound', async () => {
    const origin = memoryOrigin();
    const error = await rejection(origin.put('a', 'x'));
    expect(error.code).toBe('ClockNotBound');
    expect(error.message).toContain('Pass `clock` when creating the origin, or create the CDN');
  });

  it('adopts the first clock bound and rejects a different one with ClockMismatch', async () => {
    const origin = memoryOrigin();
    const clock = new ManualClock();
    origin.bindClock(clock);
    origin.bindClock(clock);
    await origin.put('a', 'x');
    expect(() => origin.bindClock(new ManualClock())).toThrow(
      expect.objectContaining({ code: 'ClockMismatch' }),
    );
    const request = { method: 'GET', path: '/a', query: '', headers: {} };
    expect((await rejection(origin.fetch(request, { clock: new ManualClock() }))).code).toBe('ClockMismatch');
  });

  it('rejects a clock other than the one given at creation', () => {
    const origin = memoryOrigin({ clock: new ManualClock() });
    expect(() => origin.bindClock(new ManualClock())).toThrow(/already bound to another clock/);
  });
});

describe('memoryOrigin fetch', () => {
  it('decodes the key from the path', async () => {
    const { origin, get } = setup();
    await origin.put('a b.txt', 'spaced');
    expect(decode((await get('/a%20b.txt')).body)).toBe('spaced');
  });

  it('answers 404 NoSuchKey with listBucket and 403 AccessDenied without', async () => {
    expect((await setup().get('/missing')).status).toBe(404);
    expect((await setup({ listBucket: false }).get('/missing')).status).toBe(403);
  });

  it('logs each request with its arrival time and status, and counts them', async () => {
    const { origin, get, clock } = setup();
    await origin.put('a', 'x');
    await get('/a');
    await clock.advance('1s');
    await get('/b', {}, 'HEAD');
    expect(origin.requests).toEqual([
      { atMs: START, method: 'GET', path: '/a', query: '', status: 200 },
      { atMs: START + 1000, method: 'HEAD', path: '/b', query: '', status: 404 },
    ]);
    expect(origin.requestCount()).toBe(2);
    expect(origin.requestCount('/a')).toBe(1);
    expect(origin.requestCount('/c')).toBe(0);
  });

  it('keeps the last 1,000 requests', async () => {
    const { origin, get } = setup();
    for (let i = 0; i < 1005; i++) await get(`/k${i}`);
    expect(origin.requests).toHaveLength(1000);
    expect(origin.requests[0]?.path).toBe('/k5');
    expect(origin.requestCount()).toBe(1005);
  });

  it('has the fault controller built in; faulted requests are logged with their outcome', async () => {
    const { origin, get } = setup();
    await origin.put('a', 'x');
    const outage = origin.faults.outage();
    await expect(get('/a')).rejects.toBeInstanceOf(OriginUnreachableError);
    outage.clear();
    origin.faults.respond(503, { times: 1 });
    expect((await get('/a')).status).toBe(503);
    expect((await get('/a')).status).toBe(200);
    expect(origin.requests.map((record) => record.status)).toEqual([0, 503, 200]);
  });

  it('answers a slow read with the object as it was when the request arrived', async () => {
    const { origin, get, clock } = setup();
    await origin.put('a', 'old');
    origin.faults.latency('5s');
    const slow = get('/a');
    await origin.put('a', 'new');
    await clock.advance('5s');
    expect(decode((await slow).body)).toBe('old');
  });

  it('calls onConnect before answering', async () => {
    const { origin, clock } = setup();
    const events: string[] = [];
    const response = await origin.fetch(
      { method: 'GET', path: '/a', query: '', headers: {} },
      { clock, onConnect: () => events.push('connect') },
    );
    events.push(`answer ${response.status}`);
    expect(events).toEqual(['connect', 'answer 404']);
  });
});
