import { createHash } from 'node:crypto';
import type { OriginRequest, OriginResponse } from '@edgecase/cdn';
import { afterEach, describe, expect, it, type TestContext } from 'vitest';
import type { BucketDriver, BucketDriverOptions, MakeBucketDriver } from './bucket-driver.js';

const md5 = (bytes: Uint8Array | string) => createHash('md5').update(bytes).digest();
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const IMF_FIXDATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/**
 * Where an S3-compatible server is known to answer otherwise than S3 (docs/origins.md lists them).
 * For each one declared, the suite asserts the server's own answer instead, so a change in either
 * direction fails.
 */
export type KnownDifference =
  /** A reader with s3:GetObject but without s3:ListBucket gets 404 NoSuchKey, not 403 AccessDenied. */
  | 'missing-key-404-without-list-bucket'
  /** A 416 answer carries no `Content-Range: bytes *\/size`. */
  | 'no-content-range-on-416'
  /** If-None-Match not matching with If-Modified-Since not modified gives 304 (the date decides), not 200. */
  | 'if-modified-since-checked-despite-if-none-match';

export interface ConformanceOptions {
  knownDifferences?: readonly KnownDifference[];
}

/**
 * Registers the S3-origin conformance tests (cloudfront-behaviour.md §11) for one origin
 * implementation. Every test writes through `BucketDriver` and reads through the origin's `fetch`.
 */
export function describeOriginConformance(
  name: string,
  makeDriver: MakeBucketDriver,
  options: ConformanceOptions = {},
): void {
  const differs = (difference: KnownDifference) => options.knownDifferences?.includes(difference) ?? false;
  describe(`origin conformance: ${name}`, () => {
    const drivers: BucketDriver[] = [];
    afterEach(async () => {
      for (const driver of drivers.splice(0)) await driver.dispose?.();
    });
    const bucket = async (context: TestContext, options: BucketDriverOptions = { listBucket: true }) => {
      const driver = await makeDriver(options);
      if (driver === undefined) {
        context.skip(`${name} cannot run with listBucket: ${options.listBucket}`);
        throw new Error('unreachable');
      }
      drivers.push(driver);
      return {
        driver,
        get: (
          path: string,
          headers: Record<string, string> = {},
          method = 'GET',
        ): Promise<OriginResponse> => {
          const request: OriginRequest = { method, path, query: '', headers };
          return driver.fetch(request);
        },
      };
    };

    describe('read-after-write (§11 consistency)', () => {
      it('serves an object right after it is put', async (context) => {
        const { driver, get } = await bucket(context);
        await driver.put('hello.txt', 'hello', { contentType: 'text/plain' });
        const response = await get('/hello.txt');
        expect(response.status).toBe(200);
        expect(text(response.body)).toBe('hello');
        expect(response.headers['content-length']).toBe('5');
        expect(response.headers['content-type']).toBe('text/plain');
      });

      it('serves the new object right after an overwrite', async (context) => {
        const { driver, get } = await bucket(context);
        const first = await driver.put('a.txt', 'one');
        const second = await driver.put('a.txt', 'two');
        const response = await get('/a.txt');
        expect(text(response.body)).toBe('two');
        expect(response.headers.etag).toBe(second.etag);
        expect(second.etag).not.toBe(first.etag);
      });

      it('answers 404 right after a delete, and deleting twice is fine', async (context) => {
        const { driver, get } = await bucket(context);
        await driver.put('gone.txt', 'x');
        await driver.delete('gone.txt');
        await driver.delete('gone.txt');
        expect((await get('/gone.txt')).status).toBe(404);
      });

      it('finds keys with spaces and non-ASCII characters by their percent-encoded path', async (context) => {
        const { driver, get } = await bucket(context);
        await driver.put('dir/a b ü.txt', 'spaced');
        const response = await get(`/${encodeURIComponent('dir/a b ü.txt').replaceAll('%2F', '/')}`);
        expect(response.status).toBe(200);
        expect(text(response.body)).toBe('spaced');
      });
    });

    describe('ETag (§11 ETag)', () => {
      it('is the quoted hex MD5 of the data for a single-part object', async (context) => {
        const { driver, get } = await bucket(context);
        const { etag } = await driver.put('e.txt', 'etag me');
        const expected = `"${md5('etag me').toString('hex')}"`;
        expect(etag).toBe(expected);
        expect((await get('/e.txt')).headers.etag).toBe(expected);
      });

      it('is MD5(concatenated part MD5s)-<parts> for a multipart object', async (context) => {
        const { driver, get } = await bucket(context);
        const first = new Uint8Array(5 * 1024 * 1024).fill(97);
        const parts = [first, new TextEncoder().encode('tail')];
        const { etag } = await driver.putMultipart('big.bin', parts);
        const expected = `"${md5(Buffer.concat(parts.map((part) => md5(part)))).toString('hex')}-2"`;
        expect(etag).toBe(expected);
        const response = await get('/big.bin', {}, 'HEAD');
        expect(response.headers.etag).toBe(expected);
        expect(response.headers['content-length']).toBe(String(first.length + 4));
      });

      it('does not change when only the time changes (content only)', async (context) => {
        const { driver } = await bucket(context);
        const first = await driver.put('same.txt', 'same');
        await driver.wait(1100);
        const second = await driver.put('same.txt', 'same', { cacheControl: 'max-age=1' });
        expect(second.etag).toBe(first.etag);
      });
    });

    describe('Last-Modified (§11, 1-second resolution)', () => {
      it('is an IMF-fixdate that an If-Modified-Since of the same value treats as not modified', async (context) => {
        const { driver, get } = await bucket(context);
        await driver.put('lm.txt', 'x');
        const lastModified = (await get('/lm.txt')).headers['last-modified'] as string;
        expect(lastModified).toMatch(IMF_FIXDATE);
        expect((await get('/lm.txt', { 'if-modified-since': lastModified })).status).toBe(304);
      });

      it('moves forward when an object is overwritten a second later', async (context) => {
        const { driver, get } = await bucket(context);
        await driver.put('lm.txt', 'one');
        const before = Date.parse((await get('/lm.txt')).headers['last-modified'] as string);
        await driver.wait(1100);
        await driver.put('lm.txt', 'two');
        const after = Date.parse((await get('/lm.txt')).headers['last-modified'] as string);
        expect(after).toBeGreaterThan(before);
      });
    });

    describe('metadata (§11 Last-Modified and metadata)', () => {
      it('round-trips system metadata and lower-cased user metadata', async (context) => {
        const { driver, get } = await bucket(context);
        await driver.put('m.html', '<p>m</p>', {
          contentType: 'text/html; charset=utf-8',
          cacheControl: 'public, max-age=300, stale-while-revalidate=60',
          contentDisposition: 'attachment; filename="m.html"',
          expires: new Date(Date.UTC(2030, 0, 1)),
          metadata: { Owner: 'web-team', build: '42' },
        });
        const { headers } = await get('/m.html');
        expect(headers).toMatchObject({
          'content-type': 'text/html; charset=utf-8',
          'cache-control': 'public, max-age=300, stale-while-revalidate=60',
          'content-disposition': 'attachment; filename="m.html"',
          expires: 'Tue, 01 Jan 2030 00:00:00 GMT',
          'x-amz-meta-owner': 'web-team',
          'x-amz-meta-build': '42',
        });
      });

      it('sends no Cache-Control or Expires when none were stored', async (context) => {
        const { driver, get } = await bucket(context);
        await driver.put('plain.txt', 'x');
        const { headers } = await get('/plain.txt');
        expect(headers['cache-control']).toBeUndefined();
        expect(headers.expires).toBeUndefined();
      });
    });

    describe('conditional GET and HEAD (§11)', () => {
      const setup = async (context: TestContext) => {
        const { driver, get } = await bucket(context);
        const { etag } = await driver.put('c.txt', 'conditional');
        const lastModified = (await get('/c.txt')).headers['last-modified'] as string;
        const earlier = new Date(Date.parse(lastModified) - 60_000).toUTCString();
        const later = new Date(Date.parse(lastModified) + 60_000).toUTCString();
        return { get, etag, lastModified, earlier, later };
      };

      it('If-None-Match matching gives 304 with ETag and Last-Modified and no body', async (context) => {
        const { get, etag, lastModified } = await setup(context);
        const response = await get('/c.txt', { 'if-none-match': etag });
        expect(response.status).toBe(304);
        expect(response.body).toHaveLength(0);
        expect(response.headers.etag).toBe(etag);
        expect(response.headers['last-modified']).toBe(lastModified);
      });

      it('If-None-Match not matching gives 200', async (context) => {
        const { get } = await setup(context);
        expect((await get('/c.txt', { 'if-none-match': '"0123456789abcdef0123456789abcdef"' })).status).toBe(
          200,
        );
      });

      it('If-Modified-Since: 304 when not modified since, 200 when modified since', async (context) => {
        const { get, later, earlier } = await setup(context);
        expect((await get('/c.txt', { 'if-modified-since': later })).status).toBe(304);
        expect((await get('/c.txt', { 'if-modified-since': earlier })).status).toBe(200);
      });

      it('If-Match failing gives 412, matching gives 200', async (context) => {
        const { get, etag } = await setup(context);
        expect((await get('/c.txt', { 'if-match': '"0123456789abcdef0123456789abcdef"' })).status).toBe(412);
        expect((await get('/c.txt', { 'if-match': etag })).status).toBe(200);
      });

      it('If-Unmodified-Since failing gives 412', async (context) => {
        const { get, earlier, later } = await setup(context);
        expect((await get('/c.txt', { 'if-unmodified-since': earlier })).status).toBe(412);
        expect((await get('/c.txt', { 'if-unmodified-since': later })).status).toBe(200);
      });

      it('If-Match true with If-Unmodified-Since false gives 200 (the ETag decides)', async (context) => {
        const { get, etag, earlier } = await setup(context);
        expect((await get('/c.txt', { 'if-match': etag, 'if-unmodified-since': earlier })).status).toBe(200);
      });

      it('If-None-Match false with If-Modified-Since true gives 304 (the ETag decides)', async (context) => {
        const { get, etag, earlier } = await setup(context);
        expect((await get('/c.txt', { 'if-none-match': etag, 'if-modified-since': earlier })).status).toBe(
          304,
        );
      });

      if (!differs('if-modified-since-checked-despite-if-none-match')) {
        it('If-None-Match true with If-Modified-Since false gives 200 (the ETag decides)', async (context) => {
          const { get, later } = await setup(context);
          const other = '"0123456789abcdef0123456789abcdef"';
          expect((await get('/c.txt', { 'if-none-match': other, 'if-modified-since': later })).status).toBe(
            200,
          );
        });
      } else {
        it('If-None-Match true with If-Modified-Since false gives 304 [known difference: the date decides]', async (context) => {
          const { get, later } = await setup(context);
          const other = '"0123456789abcdef0123456789abcdef"';
          expect((await get('/c.txt', { 'if-none-match': other, 'if-modified-since': later })).status).toBe(
            304,
          );
        });
      }

      it('answers HEAD the same way', async (context) => {
        const { get, etag } = await setup(context);
        expect((await get('/c.txt', { 'if-none-match': etag }, 'HEAD')).status).toBe(304);
        expect(
          (await get('/c.txt', { 'if-match': '"0123456789abcdef0123456789abcdef"' }, 'HEAD')).status,
        ).toBe(412);
      });
    });

    describe('Range (§11, CFDG RangeGETs)', () => {
      const setup = async (context: TestContext) => {
        const { driver, get } = await bucket(context);
        await driver.put('r.txt', '0123456789');
        return get;
      };

      it('answers bytes=a-b with 206 and Content-Range', async (context) => {
        const get = await setup(context);
        const response = await get('/r.txt', { range: 'bytes=2-4' });
        expect(response.status).toBe(206);
        expect(text(response.body)).toBe('234');
        expect(response.headers['content-range']).toBe('bytes 2-4/10');
        expect(response.headers['content-length']).toBe('3');
      });

      it('answers bytes=a- and bytes=-n', async (context) => {
        const get = await setup(context);
        expect(text((await get('/r.txt', { range: 'bytes=7-' })).body)).toBe('789');
        const suffix = await get('/r.txt', { range: 'bytes=-3' });
        expect(suffix.status).toBe(206);
        expect(text(suffix.body)).toBe('789');
        expect(suffix.headers['content-range']).toBe('bytes 7-9/10');
      });

      if (!differs('no-content-range-on-416')) {
        it('answers a range past the end with 416 and Content-Range bytes */size', async (context) => {
          const get = await setup(context);
          const response = await get('/r.txt', { range: 'bytes=10-' });
          expect(response.status).toBe(416);
          expect(response.headers['content-range']).toBe('bytes */10');
        });
      } else {
        it('answers a range past the end with 416 [known difference: no Content-Range]', async (context) => {
          const get = await setup(context);
          const response = await get('/r.txt', { range: 'bytes=10-' });
          expect(response.status).toBe(416);
          expect(text(response.body)).toContain('<Code>InvalidRange</Code>');
          expect(response.headers['content-range']).toBeUndefined();
        });
      }

      it('answers multiple ranges with the whole object', async (context) => {
        const get = await setup(context);
        const response = await get('/r.txt', { range: 'bytes=0-1,4-5' });
        expect(response.status).toBe(200);
        expect(text(response.body)).toBe('0123456789');
      });
    });

    describe('missing keys: 403 vs 404 (§11)', () => {
      it('answers 404 NoSuchKey when the reader has s3:ListBucket', async (context) => {
        const { get } = await bucket(context, { listBucket: true });
        const response = await get('/nope.txt');
        expect(response.status).toBe(404);
        expect(text(response.body)).toContain('<Code>NoSuchKey</Code>');
        expect((await get('/nope.txt', {}, 'HEAD')).status).toBe(404);
      });

      if (!differs('missing-key-404-without-list-bucket')) {
        it('answers 403 AccessDenied when the reader lacks s3:ListBucket', async (context) => {
          const { get } = await bucket(context, { listBucket: false });
          const response = await get('/nope.txt');
          expect(response.status).toBe(403);
          expect(text(response.body)).toContain('<Code>AccessDenied</Code>');
          expect((await get('/nope.txt', {}, 'HEAD')).status).toBe(403);
        });
      } else {
        it('answers 404 NoSuchKey when the reader lacks s3:ListBucket [known difference: S3 answers 403]', async (context) => {
          const { get } = await bucket(context, { listBucket: false });
          const response = await get('/nope.txt');
          expect(response.status).toBe(404);
          expect(text(response.body)).toContain('<Code>NoSuchKey</Code>');
          expect((await get('/nope.txt', {}, 'HEAD')).status).toBe(404);
          // The reader really lacks s3:ListBucket: listing the bucket is denied.
          expect((await get('/')).status).toBe(403);
        });
      }
    });
  });
}
