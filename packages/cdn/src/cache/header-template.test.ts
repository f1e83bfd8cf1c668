import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCdn, ManualClock, type Origin } from '../index.js';
import { CompactEntry, heldHeaders, newEntry, type StoredEntry, sameCopy } from './cache-entry.js';
import type { CacheNode } from './cache-node.js';
import { setCompactAfter } from './cache-store.js';
import { answer, body, decision } from './fixtures/answers.js';
import { compactHeaders, HeaderTemplate } from './header-template.js';

function stored(headers: Record<string, string>): StoredEntry {
  return newEntry('d.example/a', '/a', '', 200, headers, true, body, decision, [], 0, 0);
}

/**
 * A one-server distribution in front of an S3 origin in its Region (no regional cache) whose n-th
 * answer is `answer(n)`; `answers()` says how many it gave.
 */
function generated() {
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
  const cdn = createCdn({ clock: new ManualClock(), origin, topology: { pops: ['SFO5'], serversPerPop: 1 } });
  return { cdn, answers: () => n };
}

describe('header templates (issue 13: bytes per cache entry)', () => {
  // A distribution's store compacts from thousands of keys: these small ones compact from the first.
  let compactAfter = 0;
  beforeEach(() => {
    compactAfter = setCompactAfter(0);
  });
  afterEach(() => {
    setCompactAfter(compactAfter);
  });

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

  it('never makes Vary an own value: a hit reads `Vary: *` from one bit of the entry', () => {
    stored(answer(40, { vary: 'accept' }));
    const other = stored(answer(41, { vary: '*' }));
    expect(other).not.toBeInstanceOf(CompactEntry);
    expect(other.varyAll).toBe(true);
    const compact = stored(answer(42, { vary: '*' }));
    expect(compact).toBeInstanceOf(CompactEntry);
    expect([compact.varyAll, stored(answer(43, { vary: 'accept' })).varyAll]).toEqual([true, false]);
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

  it('keeps answers as they came in a store of few keys, and compacts once it held `compactAfter`', async () => {
    /** What the edge server holds for each answer (an S3 origin in its Region: no regional cache). */
    const held = async () => {
      const { cdn } = generated();
      const paths = ['/a', '/b', '/c', '/d', '/e', '/f'];
      for (const path of paths) await cdn.fetch(path);
      const edge = cdn.nodes().find((node) => node.tier === 'edge') as CacheNode;
      return paths.map((path) =>
        heldHeaders(edge.get(`${cdn.distribution.domainName}${path}`) as StoredEntry) instanceof
        HeaderTemplate
          ? 'template'
          : 'object',
      );
    };
    setCompactAfter(compactAfter);
    expect(new Set(await held())).toEqual(new Set(['object']));
    // From the third key on: a template is learnt from two answers of the same shape.
    setCompactAfter(2);
    const late = await held();
    expect(late.slice(0, 2)).toEqual(['object', 'object']);
    expect(late.at(-1)).toBe('template');
  });

  it('serves a miss and the hits after it the headers the origin sent', async () => {
    const { cdn, answers } = generated();
    for (const path of ['/a', '/b', '/c']) {
      const miss = await cdn.fetch(path);
      const hit = await cdn.fetch(path);
      const n = answers();
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

  const HOP = { connection: 'keep-alive', trailer: 'expires' };
  const COOKIE = { 'set-cookie': 'id=1; Path=/' };
  it.each([
    ['hop-by-hop headers', HOP, ['connection', 'trailer'], 'us-east-1'],
    ['Set-Cookie without cookie forwarding', COOKIE, ['set-cookie'], 'us-east-1'],
    // Through a regional cache: the edge copies share its headers object (edge-answer.ts checks it once).
    ['hop-by-hop headers, through a regional cache,', HOP, ['connection', 'trailer'], 'eu-west-1'],
    ['Set-Cookie, through a regional cache,', COOKIE, ['set-cookie'], 'eu-west-1'],
  ])(
    'strips %s from copies kept as a template, on the miss and on every hit',
    async (_, extra, stripped, region) => {
      let n = 0;
      const origin: Origin = {
        kind: 's3',
        name: 'stripped',
        region,
        async fetch() {
          n++;
          return { status: 200, headers: answer(n, extra), body };
        },
      };
      const clock = new ManualClock();
      const cdn = createCdn({ clock, origin, topology: { pops: ['SFO5'], serversPerPop: 2 } });
      for (const path of ['/a', '/b', '/c', '/d']) {
        for (const server of [1, 2, 1, 2]) {
          const response = await cdn.fetch(path, { pop: 'SFO5', server });
          expect(response.headers.get('etag')).toMatch(/^"e\d+"$/);
          for (const name of stripped) expect(response.headers.get(name)).toBeNull();
        }
      }
      // The later paths' copies were kept as a template and their own values.
      const key = cdn.inspect('/d').key;
      const edges = cdn.nodes().filter((node) => node.tier === 'edge');
      expect(edges).toHaveLength(2);
      for (const node of edges)
        expect(node.get(key)).toBeInstanceOf(region === 'us-east-1' ? CompactEntry : Object);
      // Every request but the first at each server is a Hit; a regional cache answers the second server's first.
      const hits = cdn.trace.requests().filter((r) => r.xCache === 'Hit');
      expect(hits).toHaveLength(region === 'us-east-1' ? 8 : 12);
    },
  );

  it.each([
    ['a StoredEntry', '/first'],
    ['a CompactEntry', '/third'],
  ])(
    'serves a hit from the entry (%s) without building its headers; a response read after a revalidation or a purge shows the headers it was served with',
    async (kind, path) => {
      // An origin answering 304 to a request whose If-None-Match is the path's current ETag: the 304
      // renews the copy's Cache-Control (§3), so a revalidated copy serves other headers than before.
      let n = 0;
      let cacheControl = 'max-age=60';
      const version = new Map<string, number>();
      const origin: Origin = {
        kind: 's3',
        name: 'revalidated',
        region: 'us-east-1',
        async fetch(request) {
          n++;
          const etag = `"${request.path}-${version.get(request.path) ?? 0}"`;
          if (request.headers['if-none-match'] === etag)
            return { status: 304, headers: { etag, 'cache-control': cacheControl }, body: new Uint8Array(0) };
          // A header name of this case's own: its first answer is of a shape no template has.
          return {
            status: 200,
            headers: answer(n, {
              etag,
              'cache-control': cacheControl,
              [`x-${kind.slice(2).toLowerCase()}`]: 'y',
            }),
            body,
          };
        },
      };
      const clock = new ManualClock();
      const cdn = createCdn({ clock, origin, topology: { pops: ['SFO5'], serversPerPop: 1 } });
      const edge = () => cdn.nodes().find((node) => node.tier === 'edge') as CacheNode;
      // The origin's first answer of this shape is kept as it came (/first); the next ones fit a
      // template (/third: a CompactEntry).
      for (const each of ['/first', '/second', '/third']) await cdn.fetch(each);
      // The key of a GET without Accept-Encoding (cdn.inspect would build the headers it shows).
      const key = `${cdn.distribution.domainName}${path}`;
      const entry = edge().peek(key) as StoredEntry;
      expect(entry.constructor.name).toBe(kind.slice(2));
      const listed = (response: Response) => [...response.headers].filter(([name]) => name !== 'x-amz-cf-id');
      const served = await cdn.fetch(path);
      // The hit kept no headers object in a CompactEntry: it served the template and own values.
      if (entry instanceof CompactEntry) expect(heldHeaders(entry)).toBeInstanceOf(HeaderTemplate);
      // A hit at the same moment, read at once: what `served` must show, however late it is read.
      const expected = listed(await cdn.fetch(path));
      expect(expected).toContainEqual(['cache-control', 'max-age=60']);
      expect(expected).toContainEqual(['x-cache', 'Hit from cloudfront']);
      expect(cdn.trace.requests().at(-2)?.etag).toBe(`"${path}-0"`);

      // Revalidated: the origin answers 304 with another Cache-Control.
      cacheControl = 'max-age=120';
      await clock.advance('61s');
      const refreshed = await cdn.fetch(path);
      expect(refreshed.headers.get('x-cache')).toBe('RefreshHit from cloudfront');
      expect(refreshed.headers.get('cache-control')).toBe('max-age=120');
      expect(listed(served)).toEqual(expected);
      // A CompactEntry is renewed as a copy, so the one that served keeps its headers.
      if (entry instanceof CompactEntry) {
        expect(edge().peek(key)).not.toBe(entry);
        expect(entry.header('cache-control')).toBe('max-age=60');
      }
      const hitAfter = await cdn.fetch(path);
      expect(hitAfter.headers.get('x-cache')).toBe('Hit from cloudfront');

      // Purged, and the object changed: the responses served before still show what they were served.
      cdn.createInvalidation([path]);
      await clock.advance('2m');
      version.set(path, 1);
      const changed = await cdn.fetch(path);
      expect([changed.headers.get('x-cache'), changed.headers.get('etag')]).toEqual([
        'Miss from cloudfront',
        `"${path}-1"`,
      ]);
      expect(listed(served)).toEqual(expected);
      expect([hitAfter.headers.get('cache-control'), hitAfter.headers.get('etag')]).toEqual([
        'max-age=120',
        `"${path}-0"`,
      ]);
      expect(cdn.trace.requests().map((record) => record.etag)).toEqual([
        ...['/first', '/second', '/third'].map((each) => `"${each}-0"`),
        ...Array(4).fill(`"${path}-0"`),
        `"${path}-1"`,
      ]);
    },
  );
});
