import type { HeaderMap } from '../origin/types.js';
import { SUFFIX_BY_MASK, simpleKeyDomain } from '../policy/cache-key.js';
import { type CacheEntry, sameCopy } from './cache-entry.js';
import type { CacheNode, PurgeScope } from './cache-node.js';

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
  readonly copies = new Map<HeaderMap, CacheEntry>();

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
 * Every node's entries of one topology, indexed by cache key and by path, so that a node costs
 * nothing until it stores something and inspection reads the holders of a key instead of scanning
 * every node's every entry. A node's own `get` is one Map lookup plus a check of the holder.
 */
export class CacheStore {
  readonly #byKey = new Map<string, Slot>();
  /** The nodes that stored something here, by number (`CacheNode.serial`). */
  readonly #nodes: CacheNode[] = [];
  /**
   * Path -> the keys of its copies anywhere (query, header, cookie and encoding variants), in the
   * order they were stored; no row for a path whose only key is derivable from it (`#derivable`):
   * that key is found by trying the few it can be (most paths, one Map entry less each).
   */
  readonly #keysByPath = new Map<string, string | Set<string>>();
  /**
   * The distribution domain of the derivable keys: learnt from the first key stored that is a domain,
   * the path and an Accept-Encoding ending (`computeCacheKey`'s simple key of a GET or HEAD).
   */
  #domain: string | undefined;
  /** Bumped by every store, so a scope's entry list is rebuilt only when something was added. */
  #version = 0;
  #scopeMemo: { scope: PurgeScope; version: number; byNode: Map<CacheNode, CacheEntry[]> } | undefined;

  get(node: CacheNode, key: string): CacheEntry | undefined {
    const slot = this.#byKey.get(key);
    if (slot === undefined) return undefined;
    if ((slot as CacheEntry).holder === node) return slot as CacheEntry;
    if (Array.isArray(slot)) {
      for (let i = 0; i < slot.length; i++) if (slot[i]!.holder === node) return slot[i];
      return undefined;
    }
    if (slot instanceof ByNumber) return node.serial < 0 ? undefined : slot.get(node.serial);
    return slot instanceof Map ? slot.get(node) : undefined;
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
  readonly #lastStored = new WeakMap<Map<CacheNode, CacheEntry>, CacheEntry>();

  /**
   * Stores `entry` at `node`; returns the entry it replaced there, if any. Once many nodes hold a
   * key, a copy equal to the last one stored is not kept: the node holds that one (`shared`).
   * `share: false` (nodes keeping an LRU order of their own entries) stores `entry` itself.
   */
  set(node: CacheNode, entry: CacheEntry, share = true): CacheEntry | undefined {
    this.#version++;
    const key = entry.key;
    const slot = this.#byKey.get(key);
    if (slot === undefined) {
      entry.holder = node;
      this.#addPath(entry.path, key);
      this.#byKey.set(key, entry);
      return undefined;
    }
    if (slot instanceof ByNumber) {
      const serial = this.#serial(node);
      const previous = slot.get(serial);
      const copies = slot.copies;
      if (share) {
        const copy = copies.get(entry.headers);
        if (copy !== undefined && copy !== previous && sameCopy(copy, entry)) {
          copy.shared = true;
          slot.put(serial, copy, this.#nodes.length);
          return previous;
        }
      }
      slot.put(serial, entry, this.#nodes.length);
      if (copies.size >= RECENT_COPIES) copies.clear();
      copies.set(entry.headers, entry);
      return previous;
    }
    if (slot instanceof Map) {
      const previous = slot.get(node);
      const last = this.#lastStored.get(slot);
      if (share && last !== undefined && last !== previous && sameCopy(last, entry)) {
        last.shared = true;
        slot.set(node, last);
      } else {
        slot.set(node, entry);
        this.#lastStored.set(slot, entry);
      }
      if (previous === undefined && slot.size * BY_NUMBER_SHARE >= this.#nodes.length)
        this.#byKey.set(key, this.#byNumber(slot));
      return previous;
    }
    entry.holder = node;
    if (!Array.isArray(slot)) {
      if (slot.holder === node) {
        this.#byKey.set(key, entry);
        return slot;
      }
      this.#byKey.set(key, [slot, entry]);
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
      this.#byKey.set(key, many);
    }
    return undefined;
  }

  /** A many-holder Map's copies by node number (its last stored copy stays the one shared). */
  #byNumber(many: Map<CacheNode, CacheEntry>): ByNumber {
    const slot = new ByNumber(this.#nodes.length);
    for (const [node, entry] of many) slot.put(this.#serial(node), entry, this.#nodes.length);
    const last = this.#lastStored.get(many);
    if (last !== undefined) slot.copies.set(last.headers, last);
    return slot;
  }

  /** Removes `node`'s copy of `key`; returns it. */
  delete(node: CacheNode, key: string): CacheEntry | undefined {
    const slot = this.#byKey.get(key);
    if (slot === undefined) return undefined;
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
      const at = slot.findIndex((held) => held.holder === node);
      if (at < 0) return undefined;
      removed = slot[at]!;
      slot.splice(at, 1);
      if (slot.length > 1) return removed;
      if (slot.length === 1) {
        this.#byKey.set(key, slot[0]!);
        return removed;
      }
    } else {
      if (slot.holder !== node) return undefined;
      removed = slot;
    }
    this.#byKey.delete(key);
    this.#removePath(removed.path, key);
    return removed;
  }

  /** The nodes holding a copy of `key`, with their copies. */
  holders(key: string): [CacheNode, CacheEntry][] {
    const slot = this.#byKey.get(key);
    if (slot === undefined) return [];
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

  /**
   * Whether `key` is the domain, `path` and an Accept-Encoding ending (`SUFFIX_BY_MASK`), so that
   * `#derivedKey(path)` finds it without a row in the path index: `computeCacheKey`'s memoised key
   * of `path`, compared by identity (`simpleKeyDomain`: the key's characters are not read). The
   * first such key names the domain; keys of any other domain get rows.
   */
  #derivable(key: string, path: string): boolean {
    const domain = simpleKeyDomain(key, path);
    if (domain === undefined) return false;
    this.#domain ??= domain;
    return domain === this.#domain;
  }

  /** The key of `path` held without a row in the path index, if any (at most one: see `#addPath`). */
  #derivedKey(path: string): string | undefined {
    const domain = this.#domain;
    if (domain === undefined) return undefined;
    for (const suffix of SUFFIX_BY_MASK) {
      const key = domain + path + suffix;
      if (this.#byKey.has(key)) return key;
    }
    return undefined;
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
   * pass over the path index for all the nodes an invalidation reaches, until something new is stored.
   * Entries removed since are still listed: check them against the node.
   */
  scopeEntries(scope: PurgeScope): Map<CacheNode, CacheEntry[]> {
    const memo = this.#scopeMemo;
    if (memo !== undefined && memo.scope === scope && memo.version === this.#version) return memo.byNode;
    const byNode = new Map<CacheNode, CacheEntry[]>();
    for (const [key, slot] of this.#byKey) {
      if (!scope.any) {
        const path = this.#slotPath(slot);
        if (!scope.prefixes.some((prefix) => path.startsWith(prefix))) continue;
      }
      for (const [node, entry] of this.holders(key)) {
        const list = byNode.get(node);
        if (list === undefined) byNode.set(node, [entry]);
        else list.push(entry);
      }
    }
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
    for (const [key, slot] of this.#byKey) {
      const path = this.#slotPath(slot);
      const keys = this.#keysByPath.get(path);
      if (keys === undefined || keys === key) yield path;
      else if (typeof keys !== 'string' && keys.values().next().value === key) yield path;
    }
  }

  /** Every key with a copy somewhere. */
  keys(): IterableIterator<string> {
    return this.#byKey.keys();
  }

  /** `node`'s entries: a scan of every key (for inspection of a whole node, not the request path). */
  *entriesOf(node: CacheNode): IterableIterator<CacheEntry> {
    for (const slot of this.#byKey.values()) {
      if (slot instanceof ByNumber) {
        const entry = node.serial < 0 ? undefined : slot.get(node.serial);
        if (entry !== undefined) yield entry;
      } else if (slot instanceof Map) {
        const entry = slot.get(node);
        if (entry !== undefined) yield entry;
      } else if (Array.isArray(slot)) {
        for (const held of slot) if (held.holder === node) yield held;
      } else if (slot.holder === node) yield slot;
    }
  }

  /** Notes a new key of `path` (called before the key is in `#byKey`). */
  #addPath(path: string, key: string): void {
    const keys = this.#keysByPath.get(path);
    if (keys === undefined) {
      // Without a row, the path holds no key or one derivable key: a second key gives it a row.
      const held = this.#derivedKey(path);
      if (held !== undefined) this.#keysByPath.set(path, new Set([held, key]));
      else if (!this.#derivable(key, path)) this.#keysByPath.set(path, key);
    } else if (typeof keys === 'string') {
      if (keys !== key) this.#keysByPath.set(path, new Set([keys, key]));
    } else keys.add(key);
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
