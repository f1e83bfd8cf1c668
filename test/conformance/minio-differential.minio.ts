import { createHash } from 'node:crypto';
import { ManualClock, memoryOrigin, type OriginResponse, SeededRandom } from '@edgecase/cdn';
import { injectMinio } from '@edgecase/minio/vitest';
import { describe, expect, it } from 'vitest';
import { s3Driver } from './s3-driver.js';

const minio = injectMinio();

const KEYS = ['a.txt', 'b.txt', 'dir/c.txt', 'd e ü.txt'];
const CONTENT_TYPES = ['text/plain', 'application/json', undefined];
const CACHE_CONTROLS = ['max-age=60', 'no-cache', undefined];
const SEEDS = process.env.EDGECASE_DIFF_SEED ? [Number(process.env.EDGECASE_DIFF_SEED)] : [1, 2, 3];
const OPERATIONS_PER_SEED = 80;

type Operation =
  | { op: 'put'; key: string; body: string; contentType?: string; cacheControl?: string }
  | { op: 'putMultipart'; key: string; tail: string }
  | { op: 'delete'; key: string }
  | { op: 'read'; method: 'GET' | 'HEAD'; key: string; headers: Record<string, string> };

/** The seeded sequence: writes, deletes and reads with conditions and ranges, on a few keys. */
function operations(seed: number, etagsSeen: () => string[]): () => Operation {
  const random = new SeededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[random.int(items.length)] as T;
  const text = (max: number) =>
    Array.from({ length: random.int(max + 1) }, () => String.fromCharCode(97 + random.int(26))).join('');
  return () => {
    const key = pick(KEYS);
    const roll = random.int(100);
    if (roll < 25) {
      const contentType = pick(CONTENT_TYPES);
      const cacheControl = pick(CACHE_CONTROLS);
      return {
        op: 'put',
        key,
        body: text(40),
        ...(contentType ? { contentType } : {}),
        ...(cacheControl ? { cacheControl } : {}),
      };
    }
    if (roll < 27) return { op: 'putMultipart', key, tail: text(10) };
    if (roll < 37) return { op: 'delete', key };
    const headers: Record<string, string> = {};
    const seen = etagsSeen();
    const condition = random.int(6);
    if (condition === 1 && seen.length > 0) headers['if-none-match'] = pick(seen);
    if (condition === 2 && seen.length > 0) headers['if-match'] = pick(seen);
    if (condition === 3) headers['if-none-match'] = '"00000000000000000000000000000000"';
    if (condition === 4) {
      const start = random.int(50);
      headers.range =
        random.int(2) === 0 ? `bytes=${start}-${start + random.int(20)}` : `bytes=-${1 + random.int(30)}`;
    }
    return { op: 'read', method: random.int(4) === 0 ? 'HEAD' : 'GET', key, headers };
  };
}

/** What must be equal: status, validators, the object's headers, the body or S3 error code. */
function essence(response: OriginResponse) {
  const body = new TextDecoder().decode(response.body);
  const ok = response.status === 200 || response.status === 206;
  return {
    status: response.status,
    // Validators only where S3 defines them; MinIO also sends them on 412 (docs/origins.md).
    etag: ok || response.status === 304 ? response.headers.etag : undefined,
    contentType: ok ? response.headers['content-type'] : undefined,
    cacheControl: ok ? response.headers['cache-control'] : undefined,
    contentLength: ok ? response.headers['content-length'] : undefined,
    contentRange: response.status === 206 ? response.headers['content-range'] : undefined,
    body: ok
      ? createHash('md5').update(response.body).digest('hex')
      : (/<Code>(\w+)<\/Code>/.exec(body)?.[1] ?? ''),
  };
}

const path = (key: string) => `/${encodeURIComponent(key).replaceAll('%2F', '/')}`;
const FIVE_MIB = new Uint8Array(5 * 1024 * 1024).fill(120);

describe.skipIf(!minio)('differential: memoryOrigin and MinIO answer a seeded sequence alike', () => {
  for (const seed of SEEDS) {
    it(`seed ${seed}: ${OPERATIONS_PER_SEED} operations give the same statuses, ETags and bodies`, async () => {
      if (!minio) return;
      const clock = new ManualClock();
      const memory = memoryOrigin({ bucket: 'differential', clock });
      const bucket = await minio.createBucket();
      const writer = minio.s3Client();
      const reader = minio.s3Client(
        await minio.restrictedCredentials({ bucket, actions: ['s3:GetObject', 's3:ListBucket'] }),
        { maxAttempts: 1 },
      );
      const remote = s3Driver({ writer, reader, bucket, wait: async () => {} });
      const etags = new Set<string>();
      const next = operations(seed, () => [...etags]);
      const history: string[] = [];
      try {
        for (let index = 0; index < OPERATIONS_PER_SEED; index++) {
          const operation = next();
          history.push(`${index}: ${JSON.stringify(operation)}`);
          const where = `seed ${seed}, operation ${history.at(-1)}\n  after ${history.slice(-6, -1).join('\n  ')}`;
          if (operation.op === 'put') {
            const { op: _op, key, body, ...metadata } = operation;
            // What the SDK sends when no Content-Type is given (a blob payload's media type).
            const mine = await memory.put(key, body, {
              contentType: 'application/octet-stream',
              ...metadata,
            });
            const theirs = await remote.put(key, body, metadata);
            expect(theirs.etag, where).toBe(mine.etag);
            etags.add(mine.etag);
          } else if (operation.op === 'putMultipart') {
            const parts = [FIVE_MIB, new TextEncoder().encode(operation.tail)];
            const mine = await memory.putMultipart(operation.key, parts);
            const theirs = await remote.putMultipart(operation.key, parts);
            expect(theirs.etag, where).toBe(mine.etag);
            etags.add(mine.etag);
          } else if (operation.op === 'delete') {
            await memory.delete(operation.key);
            await remote.delete(operation.key);
          } else {
            const request = {
              method: operation.method,
              path: path(operation.key),
              query: '',
              headers: operation.headers,
            };
            const mine = essence(await memory.fetch(request, { clock }));
            const theirs = essence(await remote.fetch(request));
            expect(theirs, where).toEqual(mine);
          }
        }
      } finally {
        writer.destroy();
        reader.destroy();
      }
    });
  }
});
