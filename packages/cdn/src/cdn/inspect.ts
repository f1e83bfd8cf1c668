import {
  type CacheEntry,
  type EntryState,
  entryAgeMs,
  entryState,
  entryVaryAll,
  staleIfErrorAllows,
} from '../cache/cache-entry.js';
import type { CacheNode, Tier } from '../cache/cache-node.js';
import type { TtlRule } from '../cache/freshness.js';
import type { ChainLink } from '../tiers/exchange.js';
import type { ServedFrom, TierName } from '../trace/trace.js';

/** A read-only view of one cached entry at the moment of inspection. */
export interface EntryView {
  key: string;
  path: string;
  keyQuery: string;
  status: number;
  etag: string | undefined;
  lastModified: string | undefined;
  body: Uint8Array;
  storedAtMs: number;
  staleAtMs: number;
  expiresAtMs: number;
  ageMs: number;
  state: EntryState;
  rule: TtlRule;
  because: string;
  isError: boolean;
  /** While serving a stale copy after an origin failure, when it stops. 0 when not. */
  errorStaleUntilMs: number;
}

export interface NodeView {
  node: string;
  tier: Tier;
  pop: string | undefined;
  server: number | undefined;
  region: string;
  /** Entries for the inspected path, every cache-key variant (query, headers, encodings). */
  entries: EntryView[];
}

/** What a viewer routed to one edge server would get now, predicted without sending anything. */
export interface EdgeView {
  pop: string;
  server: number;
  node: string;
  /**
   * The version of the distribution's configuration this server's POP serves now (1 as created, one
   * more per `cdn.updateDistribution`), which the prediction used: during a rollout POPs differ (§13),
   * as the trace's `distributionVersion` does for requests.
   */
  distributionVersion: number;
  /** That version's ETag (what GetDistributionConfig returned for it; `cdn.deployment()` names the latest). */
  distributionEtag: string;
  /**
   * `cache`: answered from a tier's copy without asking further (fresh, stale-while-revalidate, or
   * stale after an origin error); `origin`: every tier would go to the origin (or revalidate there).
   */
  answer: 'cache' | 'origin';
  from: ServedFrom;
  /** The copy that would be served, when `answer` is `cache`. */
  entry: EntryView | undefined;
  /** Copies held along the way that would be revalidated (stale), nearest first. */
  stale: EntryView[];
}

export function entryView(entry: CacheEntry, nowMs: number): EntryView {
  return {
    key: entry.key,
    path: entry.path,
    keyQuery: entry.keyQuery,
    status: entry.status,
    etag: entry.etag,
    lastModified: entry.lastModified,
    body: entry.body,
    storedAtMs: entry.storedAtMs,
    staleAtMs: entry.staleAtMs,
    expiresAtMs: entry.expiresAtMs,
    ageMs: entryAgeMs(entry, nowMs),
    state: entryState(entry, nowMs),
    rule: entry.decision.rule,
    because: entry.decision.because,
    isError: entry.decision.isError,
    errorStaleUntilMs: entry.errorStaleUntilMs,
  };
}

/**
 * Edge servers that would be served alike: one server holding a copy of the key itself, or every
 * server of a Region that holds none (they all ask the same regional cache and shield). Matchers
 * walk these classes, so an untouched server costs nothing to inspect.
 */
export interface EdgeClass {
  /** What each of these servers would get now; its `pop`, `server` and `node` are the first one's. */
  view: EdgeView;
  /** How many edge servers are in the class. */
  count: number;
  /** Whether the servers hold a copy of the key themselves (else they hold none of it). */
  holds: boolean;
  /** The AWS Region of their POP (and so of their regional edge cache). */
  region: string;
  /** The servers, in topology order; `order` sorts servers of several classes into that order. */
  servers(): IterableIterator<EdgeServerId>;
}

export interface EdgeServerId {
  pop: string;
  server: number;
  node: string;
  order: number;
}

/** `node`'s copies of `path` (every key variant), read through the store's path index. */
export function nodeView(node: CacheNode, keys: readonly string[], nowMs: number): NodeView {
  const entries: EntryView[] = [];
  for (const key of keys) {
    const entry = node.peek(key);
    if (entry !== undefined) entries.push(entryView(entry, nowMs));
  }
  return { node: node.id, tier: node.tier, pop: node.pop, server: node.server, region: node.region, entries };
}

/** A server and the configuration version its POP serves, for `predictFrom`. */
export interface ServedEdge {
  pop: string;
  server: number;
  node: string;
  distributionVersion: number;
  distributionEtag: string;
}

/**
 * The prediction for server `id` along `chain` (its own link first when it holds a copy), with the
 * configuration version `id` names. Walks the chain as a request would, reading entries with `peek`
 * so nothing changes.
 */
export function predictFrom(
  id: ServedEdge,
  chain: readonly ChainLink[],
  key: string,
  nowMs: number,
  minTtlMs: number,
): EdgeView {
  const edge = id;
  const stale: EntryView[] = [];
  for (const link of chain) {
    const entry = link.node.peek(key);
    if (!entry) continue;
    const view = entryView(entry, nowMs);
    // Entries that always revalidate (§1.3 MinTTL > 0 with no-cache; `Vary: *` with MinTTL 0) are
    // only a fallback, as they are for requests (tiers/tier-fetch.ts).
    if (minTtlMs === 0 && entryVaryAll(entry)) {
      stale.push(view);
      continue;
    }
    // §2 the ErrorCachingMinTTL pause after an origin failure, bounded by stale-if-error=N (§3), as in tiers/.
    const pausedOnError = entry.errorStaleUntilMs > nowMs && staleIfErrorAllows(entry, nowMs);
    if ((view.state !== 'stale' && !entry.decision.revalidateAlways) || pausedOnError) {
      return { ...edge, answer: 'cache', from: link.tier as TierName, entry: view, stale };
    }
    stale.push(view);
  }
  return { ...edge, answer: 'origin', from: 'origin', entry: undefined, stale };
}
