import { describe, expect, it } from 'vitest';
import { createCdn, ManualClock, type Origin } from '../index.js';
import {
  type CacheEntry,
  CompactEntry,
  heldHeaders,
  newEntry,
  type StoredEntry,
  sameCopy,
} from './cache-entry.js';
import { compactHeaders, HeaderTemplate } from './header-template.js';

const decision = {
  ttlMs: 1000,
  staleWhileRevalidateMs: 0,
  rule: 'max-age',
} as unknown as CacheEntry['decision'];
const body = new Uint8Array([1]);

/** An S3-like answer: the same eight names, its own ETag and request id. */
function answer(n: number, extra: Record<string, string> = {}): Record<string, string> {
  return {
    'accept-ranges': 'bytes',
    'content-length': '1',
    'content-type': 'text/plain',
    etag: `"e${n}"`,
    'last-modified': 'Thu, 01 Jan 2026 00:00:00 GMT',
    server: 'AmazonS3',
    'x-amz-request-id': `R${n}`,
    'cache-control': 'max-age=60',
    ...extra,
  };
}

function stored(headers: Record<string, string>): StoredEntry {
  return newEntry('d.example/a', '/a', '', 200, headers, true, body, decision, [], 0, 0);
}

describe('header templates (issue 13: bytes per cache entry)', () => {
  it('keeps an answer as a template and its own values, and builds the same headers when read', () => {
    stored(answer(1));
    const entries = [2, 3, 4].map((n) => stored(answer(n)));
    for (const [i, entry] of entries.entries()) {
      expect(entry).toBeInstanceOf(CompactEntry);
      expect(heldHeaders(entry)).toBeInstanceOf(HeaderTemplate);
      // Read without building the object.
      expect([entry.etag, entry.lastModified, entry.header('server')]).toEqual([
        `"e${i + 2}"`,
        'Thu, 01 Jan 2026 00:00:00 GMT',
        'AmazonS3',
      ]);
      expect(heldHeaders(entry)).toBeInstanceOf(HeaderTemplate);
      const headers = entry.headers;
      expect(Object.entries(headers)).toEqual(Object.entries(answer(i + 2)));
      expect(Object.getPrototypeOf(headers)).toBe(Object.prototype);
      // Built once: the entry holds the object from then on.
      expect(entry.headers).toBe(headers);
      expect(heldHeaders(entry)).toBe(headers);
    }
  });

  it('keeps as they came: other shapes, four values of their own, frozen or non-plain objects', () => {
    stored(answer(10));
    stored(answer(11));
    const four = answer(12);
    four['content-length'] = '2';
    four['last-modified'] = 'Fri, 02 Jan 2026 00:00:00 GMT';
    const four2 = answer(13);
    four2['content-length'] = '3';
    four2['last-modified'] = 'Sat, 03 Jan 2026 00:00:00 GMT';
    const plain = [
      four,
      four2,
      Object.freeze(answer(14)),
      Object.assign(Object.create(null) as Record<string, string>, answer(15)),
      { etag: '"x"' },
    ];
    for (const headers of plain) {
      const entry = stored(headers);
      expect(heldHeaders(entry)).toBe(headers);
      expect(entry.headers).toBe(headers);
    }
  });

  it('keeps a third value of its own: objects of other sizes', () => {
    const sized = (n: number) => answer(n, { 'content-length': String(n) });
    stored(sized(30));
    const entry = stored(sized(31));
    expect(entry).toBeInstanceOf(CompactEntry);
    expect([entry.ownA, entry.ownB, entry.ownC]).toEqual(['31', '"e31"', 'R31']);
    expect(entry.header('content-length')).toBe('31');
    expect(Object.entries(entry.headers)).toEqual(Object.entries(sized(31)));
  });

  it('keeps copies of one answer the same copy, and tells other answers apart', () => {
    stored(answer(20));
    const headers = answer(21);
    const a = stored(headers);
    const b = stored(headers);
    expect(heldHeaders(a)).toBe(heldHeaders(b));
    expect(sameCopy(a, b)).toBe(true);
    const copy = a.copy();
    expect(copy).toBeInstanceOf(CompactEntry);
    expect([heldHeaders(copy), copy.ownA, copy.ownB]).toEqual([heldHeaders(a), a.ownA, a.ownB]);
    expect(sameCopy(a, copy)).toBe(true);
    const other = stored(answer(22));
    expect(heldHeaders(other)).toBe(heldHeaders(a));
    expect(sameCopy(a, other)).toBe(false);
    const compact = compactHeaders(answer(23));
    expect(compact?.template.build(compact.a, compact.b, compact.c)).toEqual(answer(23));
    // Once built, a copy is made of the object.
    const built = a.headers;
    expect(heldHeaders(a.copy())).toBe(built);
    expect(a.copy().headers).toBe(built);
  });

  it('serves a miss and the hits after it the headers the origin sent', async () => {
    let n = 0;
    const origin: Origin = {
      kind: 's3',
      name: 'generated',
      region: 'us-east-1',
      async fetch() {
        n++;
        return { status: 200, headers: answer(n), body };
      },
    };
    const clock = new ManualClock();
    const cdn = createCdn({ clock, origin, topology: { pops: ['SFO5'], serversPerPop: 1 } });
    for (const path of ['/a', '/b', '/c']) {
      const miss = await cdn.fetch(path);
      const hit = await cdn.fetch(path);
      for (const response of [miss, hit]) {
        expect(response.headers.get('etag')).toBe(`"e${n}"`);
        expect(response.headers.get('x-amz-request-id')).toBe(`R${n}`);
        expect(response.headers.get('cache-control')).toBe('max-age=60');
      }
      expect([miss.headers.get('x-cache'), hit.headers.get('x-cache')]).toEqual([
        'Miss from cloudfront',
        'Hit from cloudfront',
      ]);
    }
  });
});
