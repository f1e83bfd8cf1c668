import { describe, expect, it } from 'vitest';
import { createCdn, ManualClock, memoryOrigin } from '../index.js';
import { type CacheEntry, StoredEntry } from './cache-entry.js';
import { CacheNode } from './cache-node.js';
import { CacheStore } from './cache-store.js';

const decision = { ttlMs: 1000, rule: 'max-age' } as unknown as CacheEntry['decision'];
const headers = { etag: '"e"' };
const body = new Uint8Array([1]);

function entry(key: string, path = key, storedAtMs = 0): CacheEntry {
  return {
    key,
    path,
    keyQuery: '',
    status: 200,
    headers,
    body,
    etag: '"e"',
    lastModified: undefined,
    storedAtMs,
    upstreamAgeMs: 0,
    staleAtMs: storedAtMs + 1000,
    expiresAtMs: storedAtMs + 1000,
    decision,
    errorStaleUntilMs: 0,
    tags: [],
    bytes: 257,
    holder: undefined,
    shared: false,
  };
}

function nodes(store: CacheStore, count: number): CacheNode[] {
  return Array.from(
    { length: count },
    (_, i) => new CacheNode({ id: `SFO5-C${i + 1}`, tier: 'edge', region: 'us-east-1', store }),
  );
}

describe('CacheStore', () => {
  it('finds each node its own copy of a key, however many nodes hold it', () => {
    const store = new CacheStore();
    const all = nodes(store, 20);
    for (const [i, node] of all.entries()) node.set(entry('k', '/a', i));
    expect(all.map((node) => node.get('k')?.storedAtMs)).toEqual(all.map((_, i) => i));
    expect(store.holders('k')).toHaveLength(20);
    expect(store.keysOf('/a')).toEqual(['k']);
  });

  it('forgets a key and its path when its last holder deletes it', () => {
    const store = new CacheStore();
    const [a, b] = nodes(store, 2) as [CacheNode, CacheNode];
    a.set(entry('k', '/a'));
    b.set(entry('k', '/a'));
    expect(a.delete('k')).toBe(true);
    expect([a.get('k'), b.get('k')?.key]).toEqual([undefined, 'k']);
    expect(b.delete('k')).toBe(true);
    expect([store.holders('k'), store.keysOf('/a'), [...store.paths()]]).toEqual([[], [], []]);
    expect([a.size, b.size]).toEqual([0, 0]);
  });

  it('keeps one object for equal copies on many nodes, which a node copies before changing', () => {
    const store = new CacheStore();
    const all = nodes(store, 12);
    for (const node of all) node.set(entry('k', '/a'));
    const objects = new Set(store.holders('k').map(([, held]) => held));
    expect(objects.size).toBeLessThan(12);
    const last = all.at(-1) as CacheNode;
    const shared = last.get('k') as CacheEntry;
    expect(shared.shared).toBe(true);
    const own = last.ownEntry(shared);
    own.errorStaleUntilMs = 5;
    expect(last.get('k')).toBe(own);
    expect(all.filter((node) => node.get('k')?.errorStaleUntilMs === 5)).toEqual([last]);
  });

  it('lists the entries a purge scope covers, by node, from the path index', () => {
    const store = new CacheStore();
    const [a, b] = nodes(store, 2) as [CacheNode, CacheNode];
    a.set(entry('k1', '/img/1.png'));
    b.set(entry('k2', '/img/2.png'));
    b.set(entry('k3', '/css/a.css'));
    const byNode = store.scopeEntries({ exact: [], prefixes: ['/img/'], any: false });
    expect([...byNode].map(([node, list]) => [node.id, list.map((e) => e.key)])).toEqual([
      ['SFO5-C1', ['k1']],
      ['SFO5-C2', ['k2']],
    ]);
    expect(
      [...store.holdersOf({ exact: ['/css/a.css'], prefixes: [], any: false })].map((n) => n.id),
    ).toEqual(['SFO5-C2']);
  });

  it("finds a path's keys without a path row for its only simple key, and every variant once one is added", async () => {
    const clock = new ManualClock();
    const origin = memoryOrigin({ clock });
    for (const name of ['a.txt', 'b.txt', 'c.txt'])
      await origin.put(name, 'x'.repeat(2000), { cacheControl: 'max-age=60' });
    const cdn = createCdn({ clock, origin, topology: { pops: ['SFO5'], serversPerPop: 1 } });
    const store = cdn.topology.store;
    const domain = cdn.distribution.domainName;
    await cdn.fetch('/a.txt');
    await cdn.fetch('/a.txt', { headers: { 'accept-encoding': 'gzip' } });
    await cdn.fetch('/b.txt', { headers: { 'accept-encoding': 'br' } });
    await cdn.fetch('/c.txt?v=1');
    expect(store.keysOf('/a.txt')).toEqual([`${domain}/a.txt`, `${domain}/a.txt\nae:gzip`]);
    expect(store.keysOf('/b.txt')).toEqual([`${domain}/b.txt\nae:br`]);
    expect(store.keysOf('/c.txt')).toEqual([`${domain}/c.txt`]);
    expect([...store.paths()].sort()).toEqual(['/a.txt', '/b.txt', '/c.txt']);
    const invalidation = cdn.createInvalidation(['/a.txt', '/b.txt']);
    await clock.advance('5m');
    expect(invalidation.status).toBe('Completed');
    expect([store.keysOf('/a.txt'), store.keysOf('/b.txt'), [...store.paths()]]).toEqual([
      [],
      [],
      ['/c.txt'],
    ]);
    await cdn.fetch('/b.txt');
    expect(store.keysOf('/b.txt')).toEqual([`${domain}/b.txt`]);
  });

  it('holds simple keys of its domain by path and mask, and every other key by its string', () => {
    const store = new CacheStore();
    const [a, b] = nodes(store, 2) as [CacheNode, CacheNode];
    a.set(entry('d.example/a', '/a'));
    b.set(entry('d.example/a\nae:gzip', '/a'));
    a.set(entry('d.example/b?x=1', '/b'));
    a.set(entry('OPTIONS d.example/b', '/b'));
    a.set(entry('e.example/c', '/c'));
    // A hand-built entry whose key names another path than its own.
    a.set(entry('d.example/x', '/y'));
    expect([a.get('d.example/a')?.path, b.get('d.example/a\nae:gzip')?.path, b.get('d.example/a')]).toEqual([
      '/a',
      '/a',
      undefined,
    ]);
    expect(store.keysOf('/a')).toEqual(['d.example/a', 'd.example/a\nae:gzip']);
    expect(store.keysOf('/b')).toEqual(['d.example/b?x=1', 'OPTIONS d.example/b']);
    expect([store.keysOf('/c'), store.keysOf('/x'), store.keysOf('/y')]).toEqual([
      ['e.example/c'],
      [],
      ['d.example/x'],
    ]);
    expect([...store.keys()].sort()).toEqual(
      [
        'd.example/a',
        'd.example/x',
        'd.example/a\nae:gzip',
        'd.example/b?x=1',
        'OPTIONS d.example/b',
        'e.example/c',
      ].sort(),
    );
    expect([...a.entries()].map((held) => held.key).sort()).toEqual(
      ['d.example/a', 'd.example/x', 'd.example/b?x=1', 'OPTIONS d.example/b', 'e.example/c'].sort(),
    );
    expect([a.delete('d.example/a'), a.delete('d.example/x'), b.delete('d.example/a\nae:gzip')]).toEqual([
      true,
      true,
      true,
    ]);
    expect([store.keysOf('/a'), store.keysOf('/y'), store.holders('d.example/a')]).toEqual([[], [], []]);
  });

  it('keeps no string for a simple key: a cache entry builds it when read', () => {
    const make = (key: string) => new StoredEntry(key, '/a', '', 200, headers, body, decision, [], 0, 0);
    const gzip = make('d.example/a\nae:gzip');
    expect([gzip.key, gzip.keyMask, gzip.keyDomain]).toEqual(['d.example/a\nae:gzip', 1, 'd.example']);
    expect([gzip.copy().key, gzip.copy().keyMask]).toEqual(['d.example/a\nae:gzip', 1]);
    for (const key of ['d.example/a?x=1', 'd.example/a\nh:x=1', 'OPTIONS d.example/a', 'd.example/b', 'k']) {
      expect([make(key).key, make(key).keyMask]).toEqual([key, -1]);
    }
    // Once a rare field is set, the record holding it keeps the key's string too.
    const tagged = make('d.example/a?x=1');
    tagged.tags = ['t'];
    gzip.upstreamAgeMs = 5;
    expect([tagged.key, tagged.tags, gzip.key, gzip.keyMask, gzip.upstreamAgeMs]).toEqual([
      'd.example/a?x=1',
      ['t'],
      'd.example/a\nae:gzip',
      1,
      5,
    ]);
    expect([tagged.copy().key, tagged.copy().tags, gzip.copy().key, gzip.copy().upstreamAgeMs]).toEqual([
      'd.example/a?x=1',
      ['t'],
      'd.example/a\nae:gzip',
      5,
    ]);
    expect(gzip.sameKey(make('d.example/a\nae:gzip'))).toBe(true);
    expect(gzip.sameKey(make('d.example/a'))).toBe(false);
  });
});
