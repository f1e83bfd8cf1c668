import type { TierOutcome } from '../trace/trace.js';
import { type CacheEntry, CompactEntry, copyEntry } from './cache-entry.js';
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
  /** A shared empty list until the first purge (most fills see none): replaced, never pushed to then. */
  purges: readonly PurgeMatcher[];
  /** The cache key fetched. */
  readonly key: string;
  /**
   * The answer of a fill answered at once (no clock time, nothing awaited) that may be shared, kept
   * until its synchronous step ends, when the fill ends: requests made meanwhile collapse onto it
   * (tier-fetch.ts, `endAtStepEnd`).
   */
  answer: object | undefined;
}

/** The purges of a fill that has seen none (frozen: a purge replaces it with a list of the fill's own). */
const NO_PURGES: readonly PurgeMatcher[] = Object.freeze([]);

/** What a node tells its topology. */
export interface NodeEvents {
  /**
   * The node starts fetching upstream with no other fetch under way (it may store something); returns
   * the moment's number in the topology's sequence of such starts (`CacheNode.fillingSince`).
   */
  fillsStarted(node: CacheNode): number;
}

/** LRU bookkeeping, only for nodes with a byte capacity. */
interface Lru {
  readonly capacityBytes: number;
  /** Bytes held (body sizes plus overhead), against the capacity. */
  bytes: number;
  /** Insertion order is LRU order. */
  readonly order: Map<string, CacheEntry>;
  evictions: number;
}

/** Bits of `CacheNode.#numbers` for the server number (servers are 1 to 100 per POP). */
const SERVER_BITS = 7;
const SERVER_MASK = (1 << SERVER_BITS) - 1;

function checkedServer(server: number): number {
  if (!(server >= 0 && server <= SERVER_MASK)) throw new RangeError(`server number ${server} out of range`);
  return server;
}

/**
 * What the nodes of one place share (the servers of a POP, or one regional cache): tier, Region,
 * POP, store, events and capacity, held once instead of in every node (§ issue 13: 12,000 servers).
 */
export interface NodeHome {
  /** The node's id when it has its own home (a regional cache); edge servers build theirs. */
  readonly id?: string | undefined;
  readonly tier: Tier;
  readonly region: string;
  readonly pop: string | undefined;
  readonly store: CacheStore;
  readonly events: NodeEvents | undefined;
  readonly capacityBytes: number;
}

/** A node's rarely used state, made on first use: most servers never need any of it. */
interface NodeExtra {
  lru: Lru | undefined;
  /**
   * Upstream fetches in flight, for request collapsing (§7): the first key and its fetch in
   * `inflightKey` / `inflightWork`, any other key in `inflight` (made only when a node fetches two
   * keys at once). A Map per miss, and its shrink when emptied, cost more than the rest of the
   * bookkeeping.
   */
  inflightKey: string | undefined;
  inflightWork: Promise<unknown> | undefined;
  inflight: Map<string, Promise<unknown>> | undefined;
  /** Keys whose last answer may not be collapsed (§7). */
  uncollapsible: Set<string> | undefined;
  /** Fetches upstream under way: one in `fill`, any more in `fills` (a Set only when two overlap). */
  fill: PendingFill | undefined;
  fills: Set<PendingFill> | undefined;
  /** While `fill` or `fills` is set: the topology's number for the moment the first of them started. */
  fillingSince: number;
  hitTiers: readonly TierOutcome[] | undefined;
}

/**
 * One cache: an edge server, a regional edge cache or an Origin Shield. Its entries live in the
 * topology's `CacheStore`, indexed by key, so an unused node holds no Map of its own. A node is a
 * small record (what its POP's servers share is one `NodeHome`; maps for fetches in flight, the LRU
 * order and the hit tiers are made on first use), and an edge server's id is built from its POP and
 * number when read, not stored: at 600 POPs x 20 servers each server costs a few dozen bytes. With a
 * byte capacity, an LRU order is kept (§1.3 CFDG Expiration: rarely requested objects may be evicted
 * before they expire).
 */
export class CacheNode {
  readonly #home: NodeHome;
  /**
   * The server number (0 for none) and, above it, 1 + this node's number in its store: one small
   * integer for both. The class has no private methods, whose brand would cost every node a slot.
   */
  #numbers: number;
  #extra: NodeExtra | undefined;
  #size = 0;

  constructor(
    init:
      | {
          id: string;
          tier: Tier;
          region: string;
          pop?: string;
          server?: number;
          capacityBytes?: number;
          store?: CacheStore;
          events?: NodeEvents;
        }
      | { home: NodeHome; server: number },
  ) {
    if ('home' in init) {
      this.#home = init.home;
      this.#numbers = checkedServer(init.server);
    } else {
      this.#home = {
        id: init.id,
        tier: init.tier,
        region: init.region,
        pop: init.pop,
        store: init.store ?? new CacheStore(),
        events: init.events,
        capacityBytes: init.capacityBytes ?? Number.POSITIVE_INFINITY,
      };
      this.#numbers = checkedServer(init.server ?? 0);
    }
    this.#extra = undefined;
    if (this.#home.capacityBytes !== Number.POSITIVE_INFINITY)
      this.more().lru = { capacityBytes: this.#home.capacityBytes, bytes: 0, order: new Map(), evictions: 0 };
  }

  /** The edge server's number in its POP (1-based); `undefined` for a regional cache or shield. */
  get server(): number | undefined {
    const server = this.#numbers & SERVER_MASK;
    return server === 0 ? undefined : server;
  }

  /** This node's number in its store, given on its first store; -1 before (internal: `CacheStore`). */
  get serial(): number {
    return (this.#numbers >> SERVER_BITS) - 1;
  }

  set serial(serial: number) {
    this.#numbers = ((serial + 1) << SERVER_BITS) | (this.#numbers & SERVER_MASK);
  }

  /** `SFO5-C2` or `REC-us-east-1`: an edge server's is built from its POP and number on each read. */
  get id(): string {
    return this.#home.id ?? `${this.#home.pop}-C${this.#numbers & SERVER_MASK}`;
  }

  get tier(): Tier {
    return this.#home.tier;
  }

  get region(): string {
    return this.#home.region;
  }

  get pop(): string | undefined {
    return this.#home.pop;
  }

  private more(): NodeExtra {
    this.#extra ??= {
      lru: undefined,
      inflightKey: undefined,
      inflightWork: undefined,
      inflight: undefined,
      uncollapsible: undefined,
      fill: undefined,
      fills: undefined,
      fillingSince: 0,
      hitTiers: undefined,
    };
    return this.#extra;
  }

  /** Drops the extra state once nothing is in it (a fill ended, a fetch settled). */
  private trim(): void {
    const extra = this.#extra;
    if (
      extra !== undefined &&
      extra.lru === undefined &&
      extra.inflightWork === undefined &&
      extra.inflight === undefined &&
      extra.uncollapsible === undefined &&
      extra.fill === undefined &&
      extra.fills === undefined &&
      extra.hitTiers === undefined
    )
      this.#extra = undefined;
  }

  /** Whether an answer from the origin stored here is kept as a header template (`CacheStore.compacts`). */
  get compactsHeaders(): boolean {
    return this.#home.store.compacts;
  }

  get capacityBytes(): number {
    return this.#home.capacityBytes;
  }

  /** The trace's tier list for a plain hit here, shared by every such request (never mutated). */
  get hitTiers(): readonly TierOutcome[] {
    // Kept this small: the hit path inlines it, and TurboFan's inlining budget there is shared.
    return this.#extra?.hitTiers ?? this.newHitTiers();
  }

  private newHitTiers(): readonly TierOutcome[] {
    const tiers = Object.freeze([Object.freeze({ tier: this.tier, node: this.id, outcome: 'hit' as const })]);
    this.more().hitTiers = tiers;
    return tiers;
  }

  get size(): number {
    return this.#size;
  }

  /** Bytes held: kept with a byte capacity, else summed when asked (no field in every node). */
  get bytes(): number {
    const lru = this.#extra?.lru;
    if (lru !== undefined) return lru.bytes;
    let bytes = 0;
    for (const entry of this.entries()) bytes += entry.bytes;
    return bytes;
  }

  get evictions(): number {
    return this.#extra?.lru?.evictions ?? 0;
  }

  /** Reads an entry, marking it recently used when eviction is on. */
  get(key: string): CacheEntry | undefined {
    const entry = this.#home.store.get(this, key);
    const lru = this.#extra?.lru;
    if (entry !== undefined && lru !== undefined) {
      lru.order.delete(key);
      lru.order.set(key, entry);
    }
    return entry;
  }

  /** Reads an entry without touching LRU order (inspection). */
  peek(key: string): CacheEntry | undefined {
    return this.#home.store.get(this, key);
  }

  /**
   * Stores `entry`; `share: false` keeps this very object (not an equal copy other nodes hold).
   * `holdsNone`: the caller read no copy of the key here in this synchronous step.
   */
  set(entry: CacheEntry, share = true, holdsNone = false): void {
    const lru = this.#extra?.lru;
    // With `holdsNone` (a fill that stores at once) there is no copy to remove first: one store
    // lookup a miss less (issue 13).
    if (holdsNone) {
      // Nothing to remove.
    } else if (lru === undefined) {
      // As delete(entry.key), without building a derived key's string.
      if (this.#home.store.deleteLike(this, entry) !== undefined) this.#size--;
    } else this.delete(entry.key);
    if (lru !== undefined && entry.bytes > lru.capacityBytes) return;
    // A copy replaced in place (none, unless `holdsNone` was wrong) leaves the count as it was.
    if (this.#home.store.set(this, entry, share && lru === undefined) === undefined) this.#size++;
    if (lru === undefined) return;
    lru.bytes += entry.bytes;
    lru.order.set(entry.key, entry);
    while (lru.bytes > lru.capacityBytes) {
      const oldest = lru.order.keys().next().value as string;
      this.delete(oldest);
      lru.evictions++;
    }
  }

  /**
   * `entry` (held here) as an object this node alone holds, so a tier may change it: a copy shared
   * with other nodes is replaced here by a copy of its own first. With `newHeaders` (a revalidation
   * about to renew its headers), a `CompactEntry` is copied too (held here if it was), as a hit may
   * have served it as its headers: responses keep the headers they were served with (`HeaderSource`).
   */
  ownEntry(entry: CacheEntry, newHeaders = false): CacheEntry {
    if (newHeaders && entry instanceof CompactEntry) {
      const own = copyEntry(entry, true);
      if (this.#home.store.getLike(this, entry) === entry) this.set(own, false);
      return own;
    }
    if (entry.shared !== true || this.#home.store.getLike(this, entry) !== entry) return entry;
    const own = copyEntry(entry);
    this.set(own, false);
    return own;
  }

  delete(key: string): boolean {
    const entry = this.#home.store.delete(this, key);
    if (entry === undefined) return false;
    const lru = this.#extra?.lru;
    if (lru !== undefined) {
      lru.order.delete(key);
      lru.bytes -= entry.bytes;
    }
    this.#size--;
    return true;
  }

  /** The upstream fetch in flight for `key`, if any (§7 request collapsing). */
  inflight(key: string): Promise<unknown> | undefined {
    const extra = this.#extra;
    if (extra === undefined) return undefined;
    return extra.inflightKey === key ? extra.inflightWork : extra.inflight?.get(key);
  }

  /** Tracks `work` as the fetch in flight for `key` until it settles. */
  trackInflight(key: string, work: Promise<unknown>): void {
    this.trackFill(key, work);
    const done = () => this.settled(key, work);
    work.then(done, done);
  }

  /**
   * Tracks `work` as the fetch in flight for `key` until `settled(key, work)`, which the caller
   * awaiting `work` calls first thing when it resumes (no reaction of its own on the promise).
   */
  trackFill(key: string, work: Promise<unknown>): void {
    const extra = this.more();
    if (extra.inflightWork === undefined || extra.inflightKey === key) {
      extra.inflightKey = key;
      extra.inflightWork = work;
      if (extra.inflight?.delete(key) === true && extra.inflight.size === 0) extra.inflight = undefined;
    } else {
      extra.inflight ??= new Map();
      extra.inflight.set(key, work);
    }
  }

  /** `work` for `key` settled: no longer in flight (unless another fetch of `key` took its place). */
  settled(key: string, work: Promise<unknown>): void {
    const extra = this.#extra;
    if (extra === undefined) return;
    if (extra.inflightKey === key) {
      if (extra.inflightWork !== work) return;
      extra.inflightKey = undefined;
      extra.inflightWork = undefined;
    } else {
      const more = extra.inflight;
      if (more === undefined || more.get(key) !== work) return;
      more.delete(key);
      if (more.size === 0) extra.inflight = undefined;
    }
    if (extra.inflightWork === undefined && extra.inflight === undefined) this.trim();
  }

  /** Whether the last answer for `key` here may not be collapsed (§7). */
  isUncollapsible(key: string): boolean {
    return this.#extra?.uncollapsible?.has(key) === true;
  }

  setCollapsible(key: string, collapsible: boolean): void {
    if (collapsible) {
      const extra = this.#extra;
      if (extra?.uncollapsible?.delete(key) && extra.uncollapsible.size === 0) {
        extra.uncollapsible = undefined;
        this.trim();
      }
    } else {
      const extra = this.more();
      extra.uncollapsible ??= new Set();
      extra.uncollapsible.add(key);
    }
  }

  /** Starts a fetch of `key` upstream: until `endFill`, every purge of this node is recorded on it. */
  startFill(key: string): PendingFill {
    const fill: PendingFill = { purges: NO_PURGES, key, answer: undefined };
    const extra = this.more();
    if (extra.fill === undefined && extra.fills === undefined) {
      extra.fillingSince = this.#home.events?.fillsStarted(this) ?? 0;
      extra.fill = fill;
    } else if (extra.fill === undefined) extra.fill = fill;
    else {
      extra.fills ??= new Set();
      extra.fills.add(fill);
    }
    return fill;
  }

  /**
   * A fetch upstream that starts and ends in one synchronous step (nothing can purge the node
   * meanwhile: purges wait on the clock): the topology hears of it as of any fill's start (an
   * invalidation in flight schedules this node's purge then), without a `PendingFill`.
   */
  fillAtOnce(): void {
    const extra = this.#extra;
    if (extra === undefined || (extra.fill === undefined && extra.fills === undefined))
      this.#home.events?.fillsStarted(this);
  }

  endFill(fill: PendingFill): void {
    const extra = this.#extra;
    if (extra === undefined) return;
    if (extra.fill === fill) extra.fill = undefined;
    else if (extra.fills?.delete(fill) === true) {
      if (extra.fills.size === 0) extra.fills = undefined;
    } else return;
    if (extra.fill === undefined && extra.fills === undefined) this.trim();
  }

  /**
   * The open fill of `key` here that was answered at once and may be shared (its synchronous step
   * has not ended), if any.
   */
  answeredAtOnce(key: string): PendingFill | undefined {
    const extra = this.#extra;
    if (extra === undefined) return undefined;
    const fill = extra.fill;
    if (fill !== undefined && fill.answer !== undefined && fill.key === key) return fill;
    if (extra.fills !== undefined)
      for (const other of extra.fills) if (other.answer !== undefined && other.key === key) return other;
    return undefined;
  }

  /** While `filling`: the number `NodeEvents.fillsStarted` gave when this node's fetches began. */
  get fillingSince(): number {
    return this.#extra?.fillingSince ?? 0;
  }

  /** Whether a fetch upstream is under way here. */
  get filling(): boolean {
    const extra = this.#extra;
    return extra !== undefined && (extra.fill !== undefined || extra.fills !== undefined);
  }

  /** Removes entries for which `matches` is true; returns how many. Fetches under way note the purge. */
  purge(matches: PurgeMatcher): number {
    const extra = this.#extra;
    if (extra?.fill !== undefined) notePurge(extra.fill, matches);
    if (extra?.fills !== undefined) for (const fill of extra.fills) notePurge(fill, matches);
    if (this.#size === 0) return 0;
    let removed = 0;
    for (const entry of this.candidates(matches.scope)) {
      if (matches(entry) && this.delete(entry.key)) removed++;
    }
    return removed;
  }

  /**
   * This node's entries that a purge of `scope` may remove: its exact paths looked up by path; for
   * prefixes and tags, the store's list for the whole scope (built once for every node it reaches).
   */
  private candidates(scope: PurgeScope | undefined): CacheEntry[] {
    if (scope === undefined) return [...this.entries()];
    const store = this.#home.store;
    const found: CacheEntry[] = [];
    if (scope.any || scope.prefixes.length > 0) {
      for (const entry of store.scopeEntries(scope).get(this) ?? []) {
        if (store.getLike(this, entry) === entry) found.push(entry);
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
    const lru = this.#extra?.lru;
    if (lru !== undefined) return lru.order.values();
    return this.#home.store.entriesOf(this);
  }

  clear(): void {
    for (const entry of [...this.entries()]) this.delete(entry.key);
  }
}

/** Notes `matches` on a fill under way (its first purge gives it a list of its own). */
function notePurge(fill: PendingFill, matches: PurgeMatcher): void {
  if (fill.purges === NO_PURGES) fill.purges = [matches];
  else (fill.purges as PurgeMatcher[]).push(matches);
}
