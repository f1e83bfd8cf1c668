import type { PurgeScope } from '../cache/cache-node.js';
import type { Clock } from '../clock/clock.js';
import type { SeededRandom } from '../clock/random.js';

/** What an invalidation sees of one cached entry when deciding whether to remove it. */
export interface InvalidationEntryView {
  /** URL path as cached (percent-encoded as on the wire), starting with `/`. */
  path: string;
  /** The query string that is part of the cache key, without `?`; `''` when none. */
  keyQuery: string;
  /** Cache tags read from the `cacheTagHeader` response header, as the origin sent them. */
  tags: readonly string[];
}

/** What the engine lends the invalidation service. */
export interface InvalidationHost {
  clock: Clock;
  /**
   * Already forked for propagation: each node's moment is a hash of its seed, the invalidation's id
   * and the node id, so it does not depend on which nodes exist or in what order they are listed.
   */
  random: SeededRandom;
  /** Every cache node (edge servers, regional edge caches, shields), in a stable order. */
  nodeIds(): Iterable<string>;
  /**
   * The nodes that may hold entries the batch covers (`scope`: its exact paths, path prefixes, or any
   * path for tags) or have a fetch upstream under way. Without it every node of `nodeIds()` is purged
   * at its moment; with it only these are, plus the nodes that start fetching later
   * (`onNodeActive`): a node that stores nothing the batch covers costs the invalidation nothing.
   */
  nodesToPurge?(scope: PurgeScope): Iterable<string>;
  /** Calls `listener` with a node's id when it starts fetching upstream (before it can store anything). */
  onNodeActive?(listener: (nodeId: string) => void): void;
  /** The upstream nodes (regional caches, shields); default: those of `nodeIds()` that `isUpstream`. */
  upstreamNodeIds?(): Iterable<string>;
  /** Whether `nodeId` is a node of the topology (created or not); default: one of `nodeIds()`. */
  hasNode?(nodeId: string): boolean;
  /** Removes the entries of one node for which `matches` is true; returns how many were removed. */
  purge(nodeId: string, matches: (entry: InvalidationEntryView) => boolean): number;
  propagation: { minMs: number; maxMs: number };
  /** Regional caches and shields: purged first, at the start of the window, so edges cannot refill old copies. */
  isUpstream?(nodeId: string): boolean;
  /** Lower-case response header carrying cache tags (CacheTagConfig.HeaderName), if configured. */
  cacheTagHeader?: string;
}

export type InvalidationStatus = 'InProgress' | 'Completed';

export interface CreateInvalidationOptions {
  /** CloudFront's idempotency token. Default: derived from the seeded random, so never reused. */
  callerReference?: string;
}

/** One CreateInvalidation batch, as GetInvalidation would describe it, plus its propagation schedule. */
export interface Invalidation {
  /** `'I'` followed by 13 upper-case letters and digits, drawn from the seeded random. */
  readonly id: string;
  /** `Completed` once every node has purged. */
  readonly status: InvalidationStatus;
  readonly createTime: Date;
  readonly callerReference: string;
  /** The items as given (paths and `#tags`). */
  readonly paths: readonly string[];
  /** When the last node has it (epoch ms). */
  readonly completesAtMs: number;
  /** Node id -> the moment (epoch ms) that node purges. */
  readonly reachedAtMs: ReadonlyMap<string, number>;
  /** Resolves when the invalidation completes on the clock. */
  readonly completed: Promise<Invalidation>;
  /** Whether the invalidation has reached `nodeId` at the current clock time. */
  hasReached(nodeId: string): boolean;
}
