import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCdn, ManualClock, memoryOrigin } from '../index.js';
import { type CacheEntry, CompactEntry, heldHeaders, newEntry, StoredEntry } from './cache-entry.js';
import { CacheNode } from './cache-node.js';
import { CacheStore, setPackAfter } from './cache-store.js';
import { answer, body, decision } from './fixtures/answers.js';
import { HeaderTemplate } from './header-template.js';
import { hashOf, PackedRows } from './packed-rows.js';

function stored(path: string, n: number | string, storedAtMs = 0): StoredEntry {
  return newEntry(`d.example${path}`, path, '', 200, answer(n), true, body, decision, [], storedAtMs, 0);
}

/** What a user could see of an entry: every field a node or an inspection reads. */
function fields(entry: CacheEntry | undefined) {
  if (entry === undefined) return undefined;
  const { key, path, keyQuery, status, etag, lastModified, storedAtMs, upstreamAgeMs, staleAtMs } = entry;
  return {
    key,
    path,
    keyQuery,
    status,
    etag,
    lastModified,
    storedAtMs,
    upstreamAgeMs,
    staleAtMs,
    expiresAtMs: entry.expiresAtMs,
    body: entry.body,
    decision: entry.decision,
    headers: { ...entry.headers },
    bytes: entry.bytes,
    tags: entry.tags,
  };
}

function nodes(store: CacheStore, count: number): CacheNode[] {
  return Array.from(
    { length: count },
    (_, i) => new CacheNode({ id: `SFO5-C${i + 1}`, tier: 'edge', region: 'us-east-1', store }),
  );
}

describe('packed rows (issue 13: 1 M entries RSS)', () => {
  let before: number;
  beforeEach(() => {
    // Every new key of a store is packed when it can be (the default waits for 32,768 keys).
    before = setPackAfter(0);
    stored('/warm', 'warm'); // the header template is learned from two answers
  });
  afterEach(() => setPackAfter(before));

  it('holds a new key as a row and gives back the same entry, one object from its first read', () => {
    const store = new CacheStore();
    const [node] = nodes(store, 1) as [CacheNode];
    const originals = [1, 2, 3].map((n) => stored(`/p/${n}`, n, n * 10));
    for (const entry of originals) node.set(entry);
    expect(store.packedCount).toBe(3);
    expect(node.size).toBe(3);
    const read = node.get('d.example/p/2');
    expect(read).toBeInstanceOf(CompactEntry);
    expect(heldHeaders(read as CacheEntry)).toBeInstanceOf(HeaderTemplate);
    expect(fields(read)).toEqual(fields(originals[1]));
    expect(read?.holder).toBe(node);
    expect(store.packedCount).toBe(2);
    expect(node.get('d.example/p/2')).toBe(read);
    expect(store.getLike(node, read as CacheEntry)).toBe(read);
  });

  it('answers every question about the store as before: keys, paths, holders, purge scopes, entries', () => {
    const store = new CacheStore();
    const [a, b] = nodes(store, 2) as [CacheNode, CacheNode];
    for (const n of [1, 2, 3]) a.set(stored(`/p/${n}`, n));
    b.set(stored('/q/1', 'q'));
    expect(store.packedCount).toBe(4);
    expect([...store.keys()].sort()).toEqual([
      'd.example/p/1',
      'd.example/p/2',
      'd.example/p/3',
      'd.example/q/1',
    ]);
    expect([...store.paths()].sort()).toEqual(['/p/1', '/p/2', '/p/3', '/q/1']);
    expect(store.keysOf('/p/3')).toEqual(['d.example/p/3']);
    expect(store.packedCount).toBe(4);
    expect(store.holders('d.example/q/1').map(([node, entry]) => [node, entry.etag])).toEqual([[b, '"eq"']]);
    const scope = { any: false, prefixes: ['/p/'], exact: [], tags: [] } as never;
    const byNode = store.scopeEntries(scope);
    expect([...byNode.keys()]).toEqual([a]);
    expect(
      byNode
        .get(a)
        ?.map((entry) => entry.etag)
        .sort(),
    ).toEqual(['"e1"', '"e2"', '"e3"']);
    expect([...store.holdersOf(scope)]).toEqual([a]);
    expect([...a.entries()].map((entry) => entry.path).sort()).toEqual(['/p/1', '/p/2', '/p/3']);
    expect([...b.entries()].map((entry) => entry.etag)).toEqual(['"eq"']);
    expect(store.packedCount).toBe(0);
  });

  it('removes, replaces and shares a packed copy as it would an object', () => {
    const store = new CacheStore();
    const [a, b] = nodes(store, 2) as [CacheNode, CacheNode];
    a.set(stored('/p/1', 1));
    a.set(stored('/p/2', 2));
    expect(a.delete('d.example/p/1')).toBe(true);
    expect([a.get('d.example/p/1'), a.size, store.keysOf('/p/1')]).toEqual([undefined, 1, []]);
    // Replaced by a newer copy on the same node.
    a.set(stored('/p/2', 'two', 50));
    expect([a.get('d.example/p/2')?.etag, a.get('d.example/p/2')?.storedAtMs, a.size]).toEqual([
      '"etwo"',
      50,
      1,
    ]);
    // A second node storing the key: both copies held, each its own.
    a.set(stored('/p/3', 3));
    b.set(stored('/p/3', 'b3'));
    expect(store.holders('d.example/p/3').map(([node, entry]) => [node.id, entry.etag])).toEqual([
      ['SFO5-C1', '"e3"'],
      ['SFO5-C2', '"eb3"'],
    ]);
    expect(b.get('d.example/p/3')?.holder).toBe(b);
  });

  it("keeps an edge server's and its regional cache's copies of a key as rows; a third holder makes them objects", () => {
    const store = new CacheStore();
    const [edge, regional, other] = nodes(store, 3) as [CacheNode, CacheNode, CacheNode];
    regional.set(stored('/p/1', 'r'));
    edge.set(stored('/p/1', 'e'));
    expect([store.packedCount, edge.size, regional.size]).toEqual([2, 1, 1]);
    expect(store.keysOf('/p/1')).toEqual(['d.example/p/1']);
    expect([...store.keys()]).toEqual(['d.example/p/1']);
    // A copy replaced on one node, and one deleted: the key's other row stays.
    edge.set(stored('/p/1', 'e2'));
    expect(store.packedCount).toBe(2);
    expect(regional.delete('d.example/p/1')).toBe(true);
    expect([store.packedCount, regional.size, store.keysOf('/p/1')]).toEqual([1, 0, ['d.example/p/1']]);
    regional.set(stored('/p/1', 'r2'));
    other.set(stored('/p/1', 'o'));
    expect(store.packedCount).toBe(0);
    // (In the order of their rows: a row freed by a replaced or deleted copy is reused.)
    const held = store.holders('d.example/p/1').map(([node, entry]) => [node.id, entry.etag]);
    expect(held.sort()).toEqual([
      [edge.id, '"ee2"'],
      [regional.id, '"er2"'],
      [other.id, '"eo"'],
    ]);
  });

  it('lists the copies a purge scope covers when the rows of one key are the last ones held', () => {
    const store = new CacheStore();
    const [edge, regional] = nodes(store, 2) as [CacheNode, CacheNode];
    regional.set(stored('/p/1', 'r'));
    edge.set(stored('/p/1', 'e'));
    const scope = { any: false, prefixes: ['/p/'], exact: [], tags: [] } as never;
    const byNode = store.scopeEntries(scope);
    expect(
      [...byNode].map(([node, entries]) => [node.id, entries.map((entry) => entry.etag)]).sort(),
    ).toEqual([
      [edge.id, ['"ee"']],
      [regional.id, ['"er"']],
    ]);
    expect(store.packedCount).toBe(0);
  });

  it('makes every copy of a key an object when one is read', () => {
    const store = new CacheStore();
    const [edge, regional] = nodes(store, 2) as [CacheNode, CacheNode];
    regional.set(stored('/p/1', 'r'));
    edge.set(stored('/p/1', 'e'));
    // A node holding no copy reads nothing and makes nothing an object.
    const [other] = nodes(store, 1) as [CacheNode];
    expect([other.get('d.example/p/1'), store.packedCount]).toEqual([undefined, 2]);
    const read = edge.get('d.example/p/1');
    expect([read?.etag, read?.holder, store.packedCount]).toEqual(['"ee"', edge, 0]);
    expect(regional.get('d.example/p/1')?.etag).toBe('"er"');
    expect(edge.get('d.example/p/1')).toBe(read);
  });

  it('keeps as objects what a row cannot hold: values not Latin-1, rare fields, keys not simple', () => {
    const store = new CacheStore();
    const [node] = nodes(store, 1) as [CacheNode];
    node.set(stored('/p/1', '✓'));
    const tagged = stored('/p/2', 2);
    tagged.tags = ['t'];
    node.set(tagged);
    const query = newEntry(
      'd.example/p/3?v=1',
      '/p/3',
      'v=1',
      200,
      answer(3),
      true,
      body,
      decision,
      [],
      0,
      0,
    );
    node.set(query);
    expect(store.packedCount).toBe(0);
    expect(node.get('d.example/p/1')?.etag).toBe('"e✓"');
    expect(node.get('d.example/p/2')).toBe(tagged);
    expect(node.get('d.example/p/3?v=1')).toBe(query);
  });

  it('packs in a store holding many keys, and serves the same answers through a distribution', async () => {
    const pack = vi.spyOn(PackedRows.prototype, 'pack');
    const clock = new ManualClock();
    const origin = memoryOrigin();
    const cdn = createCdn({ clock, origin, topology: { pops: ['SFO5'], serversPerPop: 1 } });
    const paths = Array.from({ length: 40 }, (_, i) => `/k/${i}`);
    for (const path of paths) await origin.put(path.slice(1), `body ${path}`);
    const first = await Promise.all(paths.map(async (path) => (await cdn.fetch(path)).headers.get('etag')));
    // Every answer, or all but the first when this worker has not yet learned the origin's header
    // template (it is learned from two answers of the same names).
    const packed = pack.mock.results.filter((result) => (result.value as number) >= 0).length;
    expect(packed).toBeGreaterThanOrEqual(39);
    pack.mockRestore();
    await clock.advance('5s');
    const again = await Promise.all(
      paths.map(async (path) => {
        const response = await cdn.fetch(path);
        return [
          response.headers.get('x-cache'),
          response.headers.get('etag'),
          response.headers.get('age'),
          await response.text(),
        ];
      }),
    );
    expect(again).toEqual(paths.map((path, i) => ['Hit from cloudfront', first[i], '5', `body ${path}`]));
    cdn.createInvalidation(['/k/1*']);
    await clock.advance('2m');
    const afterPurge = await Promise.all(
      ['/k/1', '/k/2'].map(async (path) => (await cdn.fetch(path)).headers.get('x-cache')),
    );
    expect(afterPurge).toEqual(['Miss from cloudfront', 'Hit from cloudfront']);
  });
});

describe('PackedRows', () => {
  /** A packed row's entry: an origin answer's `CompactEntry` of a simple key (Accept-Encoding mask 0). */
  function compact(path: string, n: string): [CompactEntry, number] {
    stored('/warm', 'warm');
    const entry = stored(path, n, 7);
    expect(entry).toBeInstanceOf(CompactEntry);
    return [entry as CompactEntry, StoredEntry.packedBits(entry)];
  }

  it('finds, removes and reuses rows as a Map would, whatever the collisions and the order', () => {
    // 2,000 paths, four masks: the table grows, probe runs are long, rows are removed in the middle of
    // them and reused, and the text is moved together once most of it is of removed rows.
    const op = fc.record({
      add: fc.boolean(),
      path: fc.integer({ min: 0, max: 1999 }),
      mask: fc.integer({ min: 0, max: 3 }),
    });
    const LONG = 'x'.repeat(40);
    const entries = new Map<string, [CompactEntry, number]>();
    const entryOf = (path: string, n: number) => {
      const key = `${path} ${n}`;
      let made = entries.get(key);
      if (made === undefined) {
        made = compact(path, `${n}`);
        entries.set(key, made);
      }
      return made;
    };
    fc.assert(
      fc.property(fc.array(op, { minLength: 1000, maxLength: 20_000, size: 'max' }), (ops) => {
        const rows = new PackedRows();
        const model = new Map<string, number>();
        const fail = (what: string) => {
          throw new Error(what);
        };
        for (const [i, { add, path, mask }] of ops.entries()) {
          // Long paths: 50 bytes a row, so that text chunks (64 KiB) fill and are compacted.
          const at = `/p${path}/${LONG}`;
          const id = `${mask}${at}`;
          const row = rows.find(at, mask);
          if (row >= 0 !== model.has(id)) fail(`op ${i}: find(${at}, ${mask}) gave ${row}`);
          if (add && row < 0) {
            const n = i % 7;
            if (rows.pack(at, mask, ...entryOf(at, n), mask) < 0) fail(`op ${i}: not packed`);
            model.set(id, n);
          } else if (!add && row >= 0) {
            if (rows.pathOf(row) !== at || rows.maskOf(row) !== mask || rows.holderOf(row) !== mask)
              fail(`op ${i}: row ${row} holds ${rows.pathOf(row)} ${rows.maskOf(row)} ${rows.holderOf(row)}`);
            if (rows.entry(row, at, 'd.example').ownB !== `R${model.get(id)}`) fail(`op ${i}: wrong entry`);
            rows.remove(row);
            model.delete(id);
          }
          if (rows.live !== model.size) fail(`op ${i}: ${rows.live} rows, ${model.size} expected`);
        }
        for (const [id, n] of model) {
          const row = rows.find(id.slice(1), Number(id[0]));
          const entry = rows.entry(row, id.slice(1), 'd.example');
          expect([entry.key, entry.etag, entry.ownB, entry.storedAtMs]).toEqual([
            `d.example${id.slice(1)}`,
            `"e${n}"`,
            `R${n}`,
            7,
          ]);
        }
        expect(rows.rows()).toHaveLength(model.size);
      }),
      { numRuns: 10, endOnFailure: true },
    );
  });

  it('keeps finding a row whose run wrapped past the end of the table when a row before it is removed', () => {
    // Rows at home slots 1022, 1023 and 0 of the first table (1,024 slots): removing the first leaves
    // the others where they are, the last one found from slot 0 again.
    const home = (slot: number) => {
      for (let n = 0; ; n++) if ((hashOf(`/x${n}`, 0) & 1023) === slot) return `/x${n}`;
    };
    const [first, second, wrapped] = [home(1022), home(1023), home(0)];
    const rows = new PackedRows();
    for (const path of [first, second, wrapped]) rows.pack(path, 0, ...compact(path, path), 0);
    rows.remove(rows.find(first, 0));
    expect([
      rows.find(first, 0),
      rows.pathOf(rows.find(second, 0)),
      rows.pathOf(rows.find(wrapped, 0)),
    ]).toEqual([-1, second, wrapped]);
  });

  it('keeps strings longer than a row holds as objects', () => {
    const rows = new PackedRows();
    const long = `/${'x'.repeat(255)}`;
    expect(rows.pack(long, 0, ...compact(long, '1'), 0)).toBe(-1);
    expect([rows.live, rows.find(long, 0)]).toEqual([0, -1]);
  });

  it('moves the text of the rows it holds together once most of it is of removed rows, and finds them all', () => {
    const rows = new PackedRows();
    const path = (n: number) => `/t${n}/${'y'.repeat(40)}`;
    const held = new Set<number>();
    // 3,000 rows of ~50 bytes (three chunks of text), 2,500 of them removed, then 1,500 more: the new
    // rows need a chunk, and the text of removed rows (125 KB) is more than that of held ones.
    for (let n = 0; n < 3000; n++) {
      rows.pack(path(n), 0, ...compact(path(n), `${n}`), 1);
      held.add(n);
    }
    for (let n = 0; n < 3000; n++) {
      if (n % 6 === 0) continue;
      rows.remove(rows.find(path(n), 0));
      held.delete(n);
    }
    for (let n = 3000; n < 4500; n++) {
      rows.pack(path(n), 0, ...compact(path(n), `${n}`), 1);
      held.add(n);
    }
    expect(rows.live).toBe(held.size);
    // 2,000 rows of ~50 bytes in two chunks of 64 KiB, where five were written.
    expect(rows.textBytes).toBe(2 * 65_536);
    const found = [...held].map((n) => {
      const row = rows.find(path(n), 0);
      return row < 0 ? undefined : [rows.pathOf(row), rows.entry(row, path(n), 'd.example').ownB];
    });
    expect(found).toEqual([...held].map((n) => [path(n), `R${n}`]));
  });
});
