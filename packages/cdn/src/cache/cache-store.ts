import { lastSimple, SUFFIX_BY_MASK, simpleKeyParts } from '../policy/cache-key.js';
import { type CacheEntry, type CompactEntry, copiesKey, StoredEntry, sameCopy } from './cache-entry.js';
import type { CacheNode, PurgeScope } from './cache-node.js';
import { PackedRows } from './packed-rows.js';

/**
 * A key held by a large share of the store's nodes (an object on every server): its copies by node
 * number (`CacheNode.serial`), one pointer per node, where a Map cost ~38 B per holder (its table).
 */
class ByNumber {
  /** Copies at their node's number; holes for nodes without one. */
  entries: (CacheEntry | undefined)[];
  size = 0;
  /**
   * Recent distinct copies by their headers object (equal copies have the same one): a new copy equal
   * to one of them shares it. More than the last one, because neighbouring POPs get their copies from
   * different regional caches, and a POP's servers after another POP's would otherwise start anew.
   */
  readonly copies = new Map<unknown, CacheEntry>();

  constructor(length: number) {
    this.entries = new Array<CacheEntry | undefined>(length);
  }

  get(serial: number): CacheEntry | undefined {
    return this.entries[serial];
  }

  put(serial: number, entry: CacheEntry, nodes: number): void {
    let entries = this.entries;
    if (serial > entries.length) {
      // Writing far past the end would turn the array into a dictionary: grow it to the store's
      // node count at once.
      const grown = new Array<CacheEntry | undefined>(Math.max(serial + 1, nodes));
      for (let i = 0; i < entries.length; i++) grown[i] = entries[i];
      this.entries = entries = grown;
    }
    if (entries[serial] === undefined) this.size++;
    entries[serial] = entry;
  }

  remove(serial: number): void {
    if (this.entries[serial] === undefined) return;
    this.entries[serial] = undefined;
    this.size--;
  }
}

/**
 * One key's copies: a single entry (its `holder` says where), a few in an array (an edge server and
 * its regional cache, the usual case), a Map once many nodes hold it, or copies by node number once
 * a large share of the store's nodes hold it (an object on every server).
 */
type Slot = CacheEntry | CacheEntry[] | Map<CacheNode, CacheEntry> | ByNumber;

/** The Accept-Encoding masks of simple keys: `CacheStore`'s `#byPath` has one Map each. */
const MASKS = 4;
if (SUFFIX_BY_MASK.length !== MASKS)
  throw new Error(
    `cache-store.ts: ${SUFFIX_BY_MASK.length} Accept-Encoding masks, #byPath has ${MASKS} Maps`,
  );

/** Beyond this many holders a key's copies move from an array to a Map. */
const ARRAY_HOLDERS = 8;
/**
 * A Map of holders moves to copies by node number once holders x BY_NUMBER_SHARE reach the store's
 * node count: a pointer per node (8 B) against ~38 B per holder in the Map's table.
 */
const BY_NUMBER_SHARE = 4;
/** How many distinct recent copies a key held by number remembers for sharing. */
const RECENT_COPIES = 1024;

/**
 * Once the store holds this many simple keys, a new key's copies are kept as packed rows when they can
 * be (`PackedRows`): a store of a few entries, as most tests have, never packs one.
 */
let packAfter = 1 << 15;

/** At most this many nodes' copies of one key are packed rows (an edge server and its regional cache). */
const PACKED_HOLDERS = 2;

/**
 * Once the store has held this many keys (or `packAfter`, when lower), an answer from the origin is
 * kept as a header template and its own values (`CompactEntry`): ~64 B less per entry, which matters
 * from thousands of entries, and costs every miss a template match (a small store, as an explored
 * run's, keeps the answer's headers object).
 */
let compactAfter = 4096;

/** Sets how many keys a store holds before it compacts answers; returns the setting before (tests). */
export function setCompactAfter(keys: number): number {
  const before = compactAfter;
  compactAfter = keys;
  return before;
}

/** Sets how many simple keys a store holds before it packs new ones; returns the setting before (tests). */
export function setPackAfter(keys: number): number {
  const before = packAfter;
  packAfter = keys;
  return before;
}

/**
 * Every node's entries of one topology, indexed by cache key and by path, so that a node costs
 * nothing until it stores something and inspection reads the holders of a key instead of scanning
 * every node's every entry. A node's own `get` is one Map lookup plus a check of the holder.
 *
 * A simple key of the store's domain (the domain, a path and an Accept-Encoding ending:
 * `simpleKeyParts`, most keys) is held by its path in one Map per ending (`#byPath`), so no key
 * string is kept for it (32 B each); any other key by its string (`#byKey`).
 */
export class CacheStore {
  readonly #byKey = new Map<string, Slot>();
  /**
   * Slots of the domain's simple keys, by path, one Map per Accept-Encoding mask. Written out, not
   * `SUFFIX_BY_MASK.map(...)`: a store is made for every explored run, and the closure and `map` cost
   * a third of it (issue 13). `MASKS` checks the count at load.
   */
  readonly #byPath: Map<string, Slot>[] = [new Map(), new Map(), new Map(), new Map()];
  /** The nodes that stored something here, by number (`CacheNode.serial`). */
  readonly #nodes: CacheNode[] = [];
  /**
   * Path -> the keys of its copies anywhere (query, header, cookie and encoding variants), in the
   * order they were stored; no row for a path whose only key is a simple key of that path held in
   * `#byPath`: that key is found by trying the four Maps (most paths, one Map entry less each).
   */
  readonly #keysByPath = new Map<string, string | Set<string>>();
  /** The distribution domain of the keys held by path: the domain of the first simple key stored. */
  #domain: string | undefined;
  /** The string `#mapOf` last found a slot's Map entry under (a path or a key). */
  #at = '';
  /** Bumped by every store, so a scope's entry list is rebuilt only when something was added. */
  #version = 0;
  #scopeMemo: { scope: PurgeScope; version: number; byNode: Map<CacheNode, CacheEntry[]> } | undefined;
  /**
   * Simple keys' copies held as rows rather than objects, once the store is large (`packAfter`), at
   * most `PACKED_HOLDERS` a key: a key is in `#byPath` or here, never both.
   */
  #packed: PackedRows | undefined;
  /** How many keys were new when stored (never lowered): `compacts`. */
  #newKeys = 0;

  /** Whether an answer from the origin stored here is kept as a header template (`compactAfter`). */
  get compacts(): boolean {
    return this.#newKeys >= (packAfter < compactAfter ? packAfter : compactAfter);
  }

  get(node: CacheNode, key: string): CacheEntry | undefined {
    // The key just made by computeCacheKey (the hit path) is found by identity, without parsing.
    const last = lastSimple;
    const slot =
      key === last.key && last.domain === this.#domain
        ? (this.#byPath[last.mask] as Map<string, Slot>).get(last.path)
        : this.#mapOf(key).get(this.#at);
    if (slot === undefined) return this.#packed === undefined ? undefined : this.#getPacked(node, key);
    if ((slot as CacheEntry).holder === node) return slot as CacheEntry;
    return this.#held(slot, node);
  }

  /**
   * `get` of a key not in its Map in a store with packed rows: `node`'s row, if any, made an entry
   * (with the key's other rows). A node with no row of the key unpacks nothing.
   */
  #getPacked(node: CacheNode, key: string): CacheEntry | undefined {
    const map = this.#mapOf(key);
    if (map === this.#byKey) return undefined;
    const at = this.#at;
    const mask = this.#byPath.indexOf(map);
    if (this.#ownRow((this.#packed as PackedRows).rowsOf(at, mask), node) === undefined) return undefined;
    const slot = this.#unpack(mask, at);
    return slot === undefined ? undefined : this.#held(slot, node);
  }

  #slotOf(key: string): Slot | undefined {
    return this.#slotAt(this.#mapOf(key), this.#at);
  }

  /** The slot held under `at` in `map`, a key's packed copies made objects held there from now on. */
  #slotAt(map: Map<string, Slot>, at: string): Slot | undefined {
    const slot = map.get(at);
    if (slot !== undefined || this.#packed === undefined || map === this.#byKey) return slot;
    return this.#unpack(this.#byPath.indexOf(map), at);
  }

  /**
   * The copies of `path` under Accept-Encoding `mask` held as rows, made again (`PackedRows.entry`)
   * and held as objects from now on: the key's slot, or undefined when it has no row.
   */
  #unpack(mask: number, path: string): Slot | undefined {
    const packed = this.#packed as PackedRows;
    const rows = packed.rowsOf(path, mask);
    if (rows.length === 0) return undefined;
    const entries = rows.map((row) => this.#rowEntry(row, path));
    for (const row of rows) packed.remove(row);
    const slot = entries.length === 1 ? (entries[0] as CacheEntry) : entries;
    (this.#byPath[mask] as Map<string, Slot>).set(path, slot);
    return slot;
  }

  /** Of a key's `rows`, the one `node` holds. */
  #ownRow(rows: readonly number[], node: CacheNode): number | undefined {
    const packed = this.#packed as PackedRows;
    return rows.find((row) => packed.holderOf(row) === node.serial);
  }

  /** `row`'s entry, a new object, its holder set (the row stays). */
  #rowEntry(row: number, path: string): CompactEntry {
    const packed = this.#packed as PackedRows;
    const entry = packed.entry(row, path, this.#domain as string);
    entry.holder = this.#nodes[packed.holderOf(row)];
    return entry;
  }

  /** Makes the keys with a packed copy `which` accepts (a row, its path) objects held from now on. */
  #unpackWhere(which: (row: number, path: string) => boolean): void {
    const packed = this.#packed;
    if (packed === undefined) return;
    for (const row of packed.rows()) {
      // A row of a key unpacked for an earlier row of it is gone (nothing is packed meanwhile); once
      // none is left, the rows' arrays are let go.
      if (packed.live === 0) return;
      if (packed.holderOf(row) === -1) continue;
      const path = packed.pathOf(row);
      if (which(row, path)) this.#unpack(packed.maskOf(row), path);
    }
  }

  /** How many copies are held as packed rows (`PackedRows`; tests and the memory bench). */
  get packedCount(): number {
    return this.#packed?.live ?? 0;
  }

  /** `node`'s copy of `entry`'s key (found without building a derived key's string). */
  getLike(node: CacheNode, entry: CacheEntry): CacheEntry | undefined {
    const map = this.#mapOfEntry(entry);
    const slot = this.#slotAt(map, this.#at);
    return slot === undefined ? undefined : this.#held(slot, node);
  }

  #held(slot: Slot, node: CacheNode): CacheEntry | undefined {
    if ((slot as CacheEntry).holder === node) return slot as CacheEntry;
    if (Array.isArray(slot)) {
      for (let i = 0; i < slot.length; i++) if (slot[i]!.holder === node) return slot[i];
      return undefined;
    }
    if (slot instanceof ByNumber) return node.serial < 0 ? undefined : slot.get(node.serial);
    return slot instanceof Map ? slot.get(node) : undefined;
  }

  /**
   * The Map holding `key`'s slot; `#at` is then the string it is held under there: its path for a
   * simple key of the store's domain, else the key.
   */
  #mapOf(key: string): Map<string, Slot> {
    const domain = this.#domain;
    if (domain !== undefined) {
      const parts = simpleKeyParts(key);
      if (parts !== undefined && parts.domain === domain) {
        this.#at = parts.path;
        return this.#byPath[parts.mask] as Map<string, Slot>;
      }
    }
    this.#at = key;
    return this.#byKey;
  }

  /** `#mapOf(entry.key)`, without building the key of an entry that derives it. */
  #mapOfEntry(entry: CacheEntry): Map<string, Slot> {
    if (entry instanceof StoredEntry) {
      const mask = entry.keyMask;
      if (mask >= 0 && entry.keyDomain === this.#domain) {
        this.#at = entry.path;
        return this.#byPath[mask] as Map<string, Slot>;
      }
    }
    return this.#mapOf(entry.key);
  }

  /** `node`'s number in this store, given on its first store here. */
  #serial(node: CacheNode): number {
    if (node.serial < 0) {
      node.serial = this.#nodes.length;
      this.#nodes.push(node);
    }
    return node.serial;
  }

  /** The copy last stored in each many-holder slot, which equal copies share. */
  #lastStored: WeakMap<Map<CacheNode, CacheEntry>, CacheEntry> | undefined;

  /**
   * Stores `entry` at `node`; returns the entry it replaced there, if any. Once many nodes hold a
   * key, a copy equal to the last one stored is not kept: the node holds that one (`shared`).
   * `share: false` (nodes keeping an LRU order of their own entries) stores `entry` itself.
   */
  set(node: CacheNode, entry: CacheEntry, share = true): CacheEntry | undefined {
    this.#version++;
    if (this.#domain === undefined) {
      // The first simple key names the domain whose simple keys are held by path.
      const domain =
        entry instanceof StoredEntry
          ? entry.keyMask >= 0
            ? entry.keyDomain
            : simpleKeyParts(entry.key)?.domain
          : simpleKeyParts(entry.key)?.domain;
      if (domain !== undefined) this.#domain = domain;
    }
    const map = this.#mapOfEntry(entry);
    const at = this.#at;
    let slot = map.get(at);
    if (slot === undefined && this.#packed !== undefined && map !== this.#byKey) {
      // Copies of the key held as rows: this one is a row too while the key has few holders.
      const packed = this.#packed;
      const mask = this.#byPath.indexOf(map);
      const rows = packed.rowsOf(at, mask);
      if (rows.length > 0) {
        const own = this.#ownRow(rows, node);
        const others = own === undefined ? rows.length : rows.length - 1;
        if (share && at === entry.path && others < PACKED_HOLDERS && this.#pack(entry, node, map, at, true)) {
          entry.holder = node;
          if (own === undefined) return undefined;
          const previous = this.#rowEntry(own, at);
          packed.remove(own);
          return previous;
        }
        slot = this.#unpack(mask, at);
      }
    }
    if (slot === undefined) {
      entry.holder = node;
      this.#newKeys++;
      this.#addPath(entry, map, at);
      if (!share || map === this.#byKey || at !== entry.path || !this.#pack(entry, node, map, at, false))
        map.set(at, entry);
      return undefined;
    }
    if (slot instanceof ByNumber) {
      const serial = this.#serial(node);
      const previous = slot.get(serial);
      const copies = slot.copies;
      if (share) {
        const copy = copies.get(copiesKey(entry));
        if (copy !== undefined && copy !== previous && sameCopy(copy, entry)) {
          copy.shared = true;
          slot.put(serial, copy, this.#nodes.length);
          return previous;
        }
      }
      slot.put(serial, entry, this.#nodes.length);
      if (copies.size >= RECENT_COPIES) copies.clear();
      copies.set(copiesKey(entry), entry);
      return previous;
    }
    if (slot instanceof Map) {
      const previous = slot.get(node);
      // Made on first use: an explored run's store (one per run) rarely has a key with many holders.
      this.#lastStored ??= new WeakMap();
      const last = this.#lastStored.get(slot);
      if (share && last !== undefined && last !== previous && sameCopy(last, entry)) {
        last.shared = true;
        slot.set(node, last);
      } else {
        slot.set(node, entry);
        this.#lastStored.set(slot, entry);
      }
      if (previous === undefined && slot.size * BY_NUMBER_SHARE >= this.#nodes.length)
        map.set(at, this.#byNumber(slot));
      return previous;
    }
    entry.holder = node;
    if (!Array.isArray(slot)) {
      if (slot.holder === node) {
        map.set(at, entry);
        return slot;
      }
      map.set(at, [slot, entry]);
      return undefined;
    }
    for (let i = 0; i < slot.length; i++) {
      if (slot[i]!.holder === node) {
        const previous = slot[i];
        slot[i] = entry;
        return previous;
      }
    }
    if (slot.length < ARRAY_HOLDERS) slot.push(entry);
    else {
      const many = new Map<CacheNode, CacheEntry>();
      for (const held of slot) many.set(held.holder as CacheNode, held);
      many.set(node, entry);
      map.set(at, many);
    }
    return undefined;
  }

  /**
   * Holds `entry` (a copy at `node`, under `at` in `map`: of a new key, or of a key `held` as rows)
   * as a packed row, once the store holds `packAfter` simple keys; false when it is not packed (a
   * small store, an entry `StoredEntry.packedBits` refuses, a path or value not Latin-1).
   */
  #pack(entry: CacheEntry, node: CacheNode, map: Map<string, Slot>, at: string, held: boolean): boolean {
    const byPath = this.#byPath;
    if (!held) {
      let keys = this.#packed?.live ?? 0;
      for (let mask = 0; mask < byPath.length; mask++) keys += (byPath[mask] as Map<string, Slot>).size;
      if (keys < packAfter) return false;
    }
    const bits = StoredEntry.packedBits(entry);
    if (bits < 0) return false;
    this.#packed ??= new PackedRows();
    return this.#packed.pack(at, byPath.indexOf(map), entry as CompactEntry, bits, this.#serial(node)) >= 0;
  }

  /** A many-holder Map's copies by node number (its last stored copy stays the one shared). */
  #byNumber(many: Map<CacheNode, CacheEntry>): ByNumber {
    const slot = new ByNumber(this.#nodes.length);
    for (const [node, entry] of many) slot.put(this.#serial(node), entry, this.#nodes.length);
    const last = this.#lastStored?.get(many);
    if (last !== undefined) slot.copies.set(copiesKey(last), last);
    return slot;
  }

  /** Removes `node`'s copy of `key`; returns it. */
  delete(node: CacheNode, key: string): CacheEntry | undefined {
    return this.#delete(node, this.#mapOf(key));
  }

  /** Removes `node`'s copy of `entry`'s key (found without building a derived key's string); returns it. */
  deleteLike(node: CacheNode, entry: CacheEntry): CacheEntry | undefined {
    return this.#delete(node, this.#mapOfEntry(entry));
  }

  #delete(node: CacheNode, map: Map<string, Slot>): CacheEntry | undefined {
    const at = this.#at;
    const slot = map.get(at);
    if (slot === undefined)
      return this.#packed === undefined || map === this.#byKey ? undefined : this.#deleteRow(node, map, at);
    let removed: CacheEntry | undefined;
    if (slot instanceof ByNumber) {
      removed = node.serial < 0 ? undefined : slot.get(node.serial);
      if (removed === undefined) return undefined;
      slot.remove(node.serial);
      if (slot.size > 0) return removed;
    } else if (slot instanceof Map) {
      removed = slot.get(node);
      if (removed === undefined) return undefined;
      slot.delete(node);
      if (slot.size > 0) return removed;
    } else if (Array.isArray(slot)) {
      const index = slot.findIndex((held) => held.holder === node);
      if (index < 0) return undefined;
      removed = slot[index]!;
      slot.splice(index, 1);
      if (slot.length > 1) return removed;
      if (slot.length === 1) {
        map.set(at, slot[0]!);
        return removed;
      }
    } else {
      if (slot.holder !== node) return undefined;
      removed = slot;
    }
    map.delete(at);
    this.#removePath(removed.path, this.#keyAt(map, at));
    return removed;
  }

  /**
   * Removes `node`'s packed copy of the key held under `at` in `map` (a store's Map of simple keys),
   * leaving the key's other rows packed; returns it.
   */
  #deleteRow(node: CacheNode, map: Map<string, Slot>, at: string): CacheEntry | undefined {
    const packed = this.#packed as PackedRows;
    const rows = packed.rowsOf(at, this.#byPath.indexOf(map));
    const own = this.#ownRow(rows, node);
    if (own === undefined) return undefined;
    const removed = this.#rowEntry(own, at);
    packed.remove(own);
    if (rows.length === 1) this.#removePath(at, this.#keyAt(map, at));
    return removed;
  }

  /** The key of the slot held under `at` in `map`. */
  #keyAt(map: Map<string, Slot>, at: string): string {
    if (map === this.#byKey) return at;
    return (this.#domain as string) + at + (SUFFIX_BY_MASK[this.#byPath.indexOf(map)] as string);
  }

  /** The nodes holding a copy of `key`, with their copies. */
  holders(key: string): [CacheNode, CacheEntry][] {
    const slot = this.#slotOf(key);
    return slot === undefined ? [] : this.#slotHolders(slot);
  }

  #slotHolders(slot: Slot): [CacheNode, CacheEntry][] {
    if (slot instanceof ByNumber) {
      const found: [CacheNode, CacheEntry][] = [];
      const entries = slot.entries;
      for (let i = 0; i < entries.length; i++) {
        const entry = entries[i];
        if (entry !== undefined) found.push([this.#nodes[i] as CacheNode, entry]);
      }
      return found;
    }
    if (slot instanceof Map) return [...slot];
    if (Array.isArray(slot)) return slot.map((held) => [held.holder as CacheNode, held]);
    return [[slot.holder as CacheNode, slot]];
  }

  /** The keys of `path` held anywhere. */
  keysOf(path: string): string[] {
    const keys = this.#keysByPath.get(path);
    if (keys === undefined) {
      const key = this.#derivedKey(path);
      return key === undefined ? [] : [key];
    }
    return typeof keys === 'string' ? [keys] : [...keys];
  }

  /** The key of `path` held by path without a row in the path index, if any (at most one: `#addPath`). */
  #derivedKey(path: string): string | undefined {
    const byPath = this.#byPath;
    for (let mask = 0; mask < byPath.length; mask++) {
      const slot = (byPath[mask] as Map<string, Slot>).get(path);
      // (A hand-built entry may be held under its key's path while its own path is another.)
      if (
        slot !== undefined
          ? this.#slotPath(slot) === path
          : this.#packed !== undefined && this.#packed.find(path, mask) >= 0
      )
        return (this.#domain as string) + path + (SUFFIX_BY_MASK[mask] as string);
    }
    return undefined;
  }

  /** Every key held with the path of its copies, simple keys' by path first, packed ones last. */
  *#slots(): IterableIterator<[string, string]> {
    const domain = this.#domain as string;
    for (const [mask, map] of this.#byPath.entries()) {
      for (const [at, slot] of map)
        yield [domain + at + (SUFFIX_BY_MASK[mask] as string), this.#slotPath(slot)];
    }
    for (const [key, slot] of this.#byKey) yield [key, this.#slotPath(slot)];
    const packed = this.#packed;
    if (packed === undefined) return;
    for (const row of packed.rows()) {
      const path = packed.pathOf(row);
      const mask = packed.maskOf(row);
      // A key with rows of several holders, once: at its oldest row.
      if (packed.rowsOf(path, mask)[0] === row)
        yield [domain + path + (SUFFIX_BY_MASK[mask] as string), path];
    }
  }

  /** A path of the slot's copies (every copy of a key has the same path). */
  #slotPath(slot: Slot): string {
    if (slot instanceof ByNumber) {
      for (const entry of slot.entries) if (entry !== undefined) return entry.path;
      return '';
    }
    if (slot instanceof Map) return (slot.values().next().value as CacheEntry).path;
    if (Array.isArray(slot)) return (slot[0] as CacheEntry).path;
    return slot.path;
  }

  /**
   * The entries of the paths a purge scope covers (its prefixes; every path for tags), by node: one
   * pass over the key index for all the nodes an invalidation reaches, until something new is stored.
   * Entries removed since are still listed: check them against the node.
   */
  scopeEntries(scope: PurgeScope): Map<CacheNode, CacheEntry[]> {
    const memo = this.#scopeMemo;
    if (memo !== undefined && memo.scope === scope && memo.version === this.#version) return memo.byNode;
    const byNode = new Map<CacheNode, CacheEntry[]>();
    const add = (slot: Slot) => {
      for (const [node, entry] of this.#slotHolders(slot)) {
        const list = byNode.get(node);
        if (list === undefined) byNode.set(node, [entry]);
        else list.push(entry);
      }
    };
    const covers = (path: string) => scope.any || scope.prefixes.some((prefix) => path.startsWith(prefix));
    this.#unpackWhere((_, path) => covers(path));
    for (const map of this.#byPath) for (const [path, slot] of map) if (covers(path)) add(slot);
    for (const slot of this.#byKey.values()) if (covers(this.#slotPath(slot))) add(slot);
    this.#scopeMemo = { scope, version: this.#version, byNode };
    return byNode;
  }

  /** The nodes holding entries of the paths `scope` covers. */
  holdersOf(scope: PurgeScope): Set<CacheNode> {
    const nodes = new Set<CacheNode>();
    if (scope.any || scope.prefixes.length > 0)
      for (const node of this.scopeEntries(scope).keys()) nodes.add(node);
    for (const path of scope.exact) {
      for (const key of this.keysOf(path)) for (const [node] of this.holders(key)) nodes.add(node);
    }
    return nodes;
  }

  /** Every path with a copy somewhere (each once: at its first key still held). */
  *paths(): IterableIterator<string> {
    for (const [key, path] of this.#slots()) {
      const keys = this.#keysByPath.get(path);
      if (keys === undefined || keys === key) yield path;
      else if (typeof keys !== 'string' && keys.values().next().value === key) yield path;
    }
  }

  /** Every key with a copy somewhere. */
  *keys(): IterableIterator<string> {
    for (const [key] of this.#slots()) yield key;
  }

  /** `node`'s entries: a scan of every key (for inspection of a whole node, not the request path). */
  *entriesOf(node: CacheNode): IterableIterator<CacheEntry> {
    const packed = this.#packed;
    this.#unpackWhere((row) => (packed as PackedRows).holderOf(row) === node.serial);
    for (const map of [...this.#byPath, this.#byKey]) {
      for (const slot of map.values()) {
        const entry = this.#held(slot, node);
        if (entry !== undefined) yield entry;
      }
    }
  }

  /**
   * Notes a new key (held under `at` in `map`) of `entry`'s path, before the slot is in `map`: a
   * simple key held by the entry's own path needs no row while it is the path's only key.
   */
  #addPath(entry: CacheEntry, map: Map<string, Slot>, at: string): void {
    const path = entry.path;
    const rowless = map !== this.#byKey && at === path;
    const keys = this.#keysByPath.get(path);
    if (keys === undefined) {
      // Without a row, the path holds no key or one rowless key: a second key gives it a row.
      const held = this.#derivedKey(path);
      if (held !== undefined) this.#keysByPath.set(path, new Set([held, this.#keyAt(map, at)]));
      else if (!rowless) this.#keysByPath.set(path, this.#keyAt(map, at));
    } else if (typeof keys === 'string') {
      const key = this.#keyAt(map, at);
      if (keys !== key) this.#keysByPath.set(path, new Set([keys, key]));
    } else keys.add(this.#keyAt(map, at));
  }

  #removePath(path: string, key: string): void {
    const keys = this.#keysByPath.get(path);
    if (keys === undefined) return;
    if (typeof keys === 'string') {
      if (keys === key) this.#keysByPath.delete(path);
    } else {
      keys.delete(key);
      if (keys.size === 0) this.#keysByPath.delete(path);
    }
  }
}
