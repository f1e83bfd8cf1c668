import type { TierOutcome } from '../trace/trace.js';
import { type CacheEntry, copyEntry } from './cache-entry.js';
import { CacheStore } from './cache-store.js';

export type Tier = 'edge' | 'regional' | 'shield';

/** What a purge compares: an entry's path, key query and cache tags (an InvalidationEntryView). */
export type PurgeMatcher = ((entry: Pick<CacheEntry, 'path' | 'keyQuery' | 'tags'>) => boolean) & {
  /**
   * Which paths it can match, so a node looks up those instead of scanning its entries: exact paths
   * and path prefixes; `any` (cache tags) scans.
   */
  scope?: PurgeScope;
};

export interface PurgeScope {
  exact: readonly string[];
  prefixes: readonly string[];
  any: boolean;
}

/**
 * A fetch upstream under way at one node. The purges that reach the node meanwhile are kept on it,
 * so that the answer, which left the origin before them, is neither stored nor shared after them (§6).
 */
export interface PendingFill {
  readonly purges: PurgeMatcher[];
}

/** What a node tells its topology. */
export interface NodeEvents {
  /** The node starts fetching upstream with no other fetch under way (it may store something). */
  fillsStarted(node: CacheNode): void;
  /** Its last fetch upstream ended. */
  fillsEnded(node: CacheNode): void;
}

/** LRU bookkeeping, only for nodes with a byte capacity. */
interface Lru {
  readonly capacityBytes: number;
  /** Insertion order is LRU order. */
  readonly order: Map<string, CacheEntry>;
  evictions: number;
}

/**
 * One cache: an edge server, a regional edge cache or an Origin Shield. Its entries live in the
 * topology's `CacheStore`, indexed by key, so an unused node holds no Map of its own; the maps for
 * fetches in flight exist only while there are some. With a byte capacity, an LRU order is kept
 * (§1.3 CFDG Expiration: rarely requested objects may be evicted before they expire).
 */
export class CacheNode {
  readonly id: string;
  readonly tier: Tier;
  readonly pop: string | undefined;
  readonly server: number | undefined;
  readonly region: string;
  readonly #store: CacheStore;
  readonly #events: NodeEvents | undefined;
  readonly #lru: Lru | undefined;
  /** Upstream fetches in flight, by cache key, for request collapsing (§7); absent when none. */
  #inflight: Map<string, Promise<unknown>> | undefined;
  /** Keys whose last answer may not be collapsed (§7); absent when none. */
  #uncollapsible: Set<string> | undefined;
  #pendingFills: Set<PendingFill> | undefined;
  #hitTiers: readonly TierOutcome[] | undefined;
  #size = 0;
  #bytes = 0;

  constructor(init: {
    id: string;
    tier: Tier;
    region: string;
    pop?: string;
    server?: number;
    capacityBytes?: number;
    store?: CacheStore;
    events?: NodeEvents;
  }) {
    this.id = init.id;
    this.tier = init.tier;
    this.region = init.region;
    this.pop = init.pop;
    this.server = init.server;
    this.#store = init.store ?? new CacheStore();
    this.#events = init.events;
    const capacity = init.capacityBytes ?? Number.POSITIVE_INFINITY;
    this.#lru =
      capacity === Number.POSITIVE_INFINITY
        ? undefined
        : { capacityBytes: capacity, order: new Map(), evictions: 0 };
  }

  get capacityBytes(): number {
    return this.#lru?.capacityBytes ?? Number.POSITIVE_INFINITY;
  }

  /** The trace's tier list for a plain hit here, shared by every such request (never mutated). */
  get hitTiers(): readonly TierOutcome[] {
    this.#hitTiers ??= Object.freeze([
      Object.freeze({ tier: this.tier, node: this.id, outcome: 'hit' as const }),
    ]);
    return this.#hitTiers;
  }

  get size(): number {
    return this.#size;
  }

  get bytes(): number {
    return this.#bytes;
  }

  get evictions(): number {
    return this.#lru?.evictions ?? 0;
  }

  /** Reads an entry, marking it recently used when eviction is on. */
  get(key: string): CacheEntry | undefined {
    const entry = this.#store.get(this, key);
    if (entry !== undefined && this.#lru !== undefined) {
      this.#lru.order.delete(key);
      this.#lru.order.set(key, entry);
    }
    return entry;
  }

  /** Reads an entry without touching LRU order (inspection). */
  peek(key: string): CacheEntry | undefined {
    return this.#store.get(this, key);
  }

  /** Stores `entry`; `share: false` keeps this very object (not an equal copy other nodes hold). */
  set(entry: CacheEntry, share = true): void {
    this.delete(entry.key);
    const lru = this.#lru;
    if (lru !== undefined && entry.bytes > lru.capacityBytes) return;
    this.#store.set(this, entry, share && lru === undefined);
    this.#size++;
    this.#bytes += entry.bytes;
    if (lru === undefined) return;
    lru.order.set(entry.key, entry);
    while (this.#bytes > lru.capacityBytes) {
      const oldest = lru.order.keys().next().value as string;
      this.delete(oldest);
      lru.evictions++;
    }
  }

  /**
   * `entry` (held here) as an object this node alone holds, so a tier may change it: a copy shared
   * with other nodes is replaced here by a copy of its own first.
   */
  ownEntry(entry: CacheEntry): CacheEntry {
    if (entry.shared !== true || this.#store.get(this, entry.key) !== entry) return entry;
    const own = copyEntry(entry);
    this.set(own, false);
    return own;
  }

  delete(key: string): boolean {
    const entry = this.#store.delete(this, key);
    if (entry === undefined) return false;
    this.#lru?.order.delete(key);
    this.#size--;
    this.#bytes -= entry.bytes;
    return true;
  }

  /** The upstream fetch in flight for `key`, if any (§7 request collapsing). */
  inflight(key: string): Promise<unknown> | undefined {
    return this.#inflight?.get(key);
  }

  /** Tracks `work` as the fetch in flight for `key` until it settles. */
  trackInflight(key: string, work: Promise<unknown>): void {
    this.#inflight ??= new Map();
    this.#inflight.set(key, work);
    const done = () => {
      if (this.#inflight?.get(key) !== work) return;
      this.#inflight.delete(key);
      if (this.#inflight.size === 0) this.#inflight = undefined;
    };
    work.then(done, done);
  }

  /** Whether the last answer for `key` here may not be collapsed (§7). */
  isUncollapsible(key: string): boolean {
    return this.#uncollapsible?.has(key) === true;
  }

  setCollapsible(key: string, collapsible: boolean): void {
    if (collapsible) {
      if (this.#uncollapsible?.delete(key) && this.#uncollapsible.size === 0) this.#uncollapsible = undefined;
    } else {
      this.#uncollapsible ??= new Set();
      this.#uncollapsible.add(key);
    }
  }

  /** Starts a fetch upstream: until `endFill`, every purge of this node is recorded on it. */
  startFill(): PendingFill {
    const fill: PendingFill = { purges: [] };
    if (this.#pendingFills === undefined) {
      this.#pendingFills = new Set();
      this.#events?.fillsStarted(this);
    }
    this.#pendingFills.add(fill);
    return fill;
  }

  endFill(fill: PendingFill): void {
    if (this.#pendingFills?.delete(fill) && this.#pendingFills.size === 0) {
      this.#pendingFills = undefined;
      this.#events?.fillsEnded(this);
    }
  }

  /** Whether a fetch upstream is under way here. */
  get filling(): boolean {
    return this.#pendingFills !== undefined;
  }

  /** Removes entries for which `matches` is true; returns how many. Fetches under way note the purge. */
  purge(matches: PurgeMatcher): number {
    if (this.#pendingFills !== undefined) for (const fill of this.#pendingFills) fill.purges.push(matches);
    if (this.#size === 0) return 0;
    let removed = 0;
    for (const entry of this.#candidates(matches.scope)) {
      if (matches(entry) && this.delete(entry.key)) removed++;
    }
    return removed;
  }

  /**
   * This node's entries that a purge of `scope` may remove: its exact paths looked up by path; for
   * prefixes and tags, the store's list for the whole scope (built once for every node it reaches).
   */
  #candidates(scope: PurgeScope | undefined): CacheEntry[] {
    if (scope === undefined) return [...this.entries()];
    const store = this.#store;
    const found: CacheEntry[] = [];
    if (scope.any || scope.prefixes.length > 0) {
      for (const entry of store.scopeEntries(scope).get(this) ?? []) {
        if (store.get(this, entry.key) === entry) found.push(entry);
      }
    }
    for (const path of scope.exact) {
      for (const key of store.keysOf(path)) {
        const entry = store.get(this, key);
        if (entry !== undefined && !found.includes(entry)) found.push(entry);
      }
    }
    return found;
  }

  /** Every entry of this node (a scan of the store: for inspection, not the request path). */
  entries(): IterableIterator<CacheEntry> {
    if (this.#lru !== undefined) return this.#lru.order.values();
    return this.#store.entriesOf(this);
  }

  clear(): void {
    for (const entry of [...this.entries()]) this.delete(entry.key);
  }
}
