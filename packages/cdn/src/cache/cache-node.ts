import type { TierOutcome } from '../trace/trace.js';
import type { CacheEntry } from './cache-entry.js';

export type Tier = 'edge' | 'regional' | 'shield';

/** What a purge compares: an entry's path, key query and cache tags (an InvalidationEntryView). */
export type PurgeMatcher = (entry: Pick<CacheEntry, 'path' | 'keyQuery' | 'tags'>) => boolean;

/**
 * A fetch upstream under way at one node. The purges that reach the node meanwhile are kept on it,
 * so that the answer, which left the origin before them, is neither stored nor shared after them (§6).
 */
export interface PendingFill {
  readonly purges: PurgeMatcher[];
}

/**
 * One cache: an edge server, a regional edge cache or an Origin Shield. Entries live in a Map whose
 * insertion order doubles as LRU order when a byte capacity is set (§1.3 CFDG Expiration: rarely
 * requested objects may be evicted before they expire).
 */
export class CacheNode {
  readonly id: string;
  readonly tier: Tier;
  readonly pop: string | undefined;
  readonly server: number | undefined;
  readonly region: string;
  readonly capacityBytes: number;
  /** Upstream fetches in flight, by cache key, for request collapsing (§7). */
  readonly inflight = new Map<string, Promise<unknown>>();
  /** Keys whose last answer may not be collapsed (§7): later requests go upstream without waiting. */
  readonly uncollapsible = new Set<string>();
  /** The trace's tier list for a plain hit here, shared by every such request (never mutated). */
  readonly hitTiers: readonly TierOutcome[];
  #entries = new Map<string, CacheEntry>();
  readonly #pendingFills = new Set<PendingFill>();
  #bytes = 0;
  #evictions = 0;

  constructor(init: {
    id: string;
    tier: Tier;
    region: string;
    pop?: string;
    server?: number;
    capacityBytes?: number;
  }) {
    this.id = init.id;
    this.tier = init.tier;
    this.region = init.region;
    this.pop = init.pop;
    this.server = init.server;
    this.capacityBytes = init.capacityBytes ?? Number.POSITIVE_INFINITY;
    this.hitTiers = Object.freeze([
      Object.freeze({ tier: this.tier, node: this.id, outcome: 'hit' as const }),
    ]);
  }

  get size(): number {
    return this.#entries.size;
  }

  get bytes(): number {
    return this.#bytes;
  }

  get evictions(): number {
    return this.#evictions;
  }

  /** Reads an entry, marking it recently used when eviction is on. */
  get(key: string): CacheEntry | undefined {
    const entry = this.#entries.get(key);
    if (entry && this.capacityBytes !== Number.POSITIVE_INFINITY) {
      this.#entries.delete(key);
      this.#entries.set(key, entry);
    }
    return entry;
  }

  /** Reads an entry without touching LRU order (inspection). */
  peek(key: string): CacheEntry | undefined {
    return this.#entries.get(key);
  }

  set(entry: CacheEntry): void {
    this.delete(entry.key);
    if (entry.bytes > this.capacityBytes) return;
    this.#entries.set(entry.key, entry);
    this.#bytes += entry.bytes;
    while (this.#bytes > this.capacityBytes) {
      const oldest = this.#entries.keys().next().value as string;
      this.delete(oldest);
      this.#evictions++;
    }
  }

  delete(key: string): boolean {
    const entry = this.#entries.get(key);
    if (!entry) return false;
    this.#entries.delete(key);
    this.#bytes -= entry.bytes;
    return true;
  }

  /** Starts a fetch upstream: until `endFill`, every purge of this node is recorded on it. */
  startFill(): PendingFill {
    const fill: PendingFill = { purges: [] };
    this.#pendingFills.add(fill);
    return fill;
  }

  endFill(fill: PendingFill): void {
    this.#pendingFills.delete(fill);
  }

  /** Removes entries for which `matches` is true; returns how many. Fetches under way note the purge. */
  purge(matches: PurgeMatcher): number {
    for (const fill of this.#pendingFills) fill.purges.push(matches);
    let removed = 0;
    for (const entry of [...this.#entries.values()]) {
      if (matches(entry) && this.delete(entry.key)) removed++;
    }
    return removed;
  }

  entries(): IterableIterator<CacheEntry> {
    return this.#entries.values();
  }

  clear(): void {
    this.#entries.clear();
    this.#bytes = 0;
  }
}
