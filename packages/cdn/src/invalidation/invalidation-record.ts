import type { PurgeScope } from '../cache/cache-node.js';
import { type InvalidationItem, invalidationMatcher, invalidationScope } from './invalidation-path.js';
import type { Invalidation, InvalidationHost, InvalidationStatus } from './types.js';

/** Each node's purge moment, computed on demand rather than stored per node. */
export interface Propagation {
  /** Node id -> its moment (epoch ms), for nodes of the topology. */
  reachMs(nodeId: string): number;
  /** Every node id at creation. */
  nodeIds(): Iterable<string>;
  /** Whether `nodeId` was a node of the topology at creation. */
  isNode(nodeId: string): boolean;
  /** The nodes that may hold what the batch covers now: each gets its purge on the clock. */
  existing(scope: PurgeScope): Iterable<string>;
  /** How many nodes, and the latest moment among them (when the last one purges). */
  size: number;
  latestMs: number;
}

export interface InvalidationRecordInit {
  id: string;
  callerReference: string;
  items: readonly InvalidationItem[];
  createTimeMs: number;
  /** Node id -> the moment that node purges (explicit), or the moments as a function of the node. */
  schedule: ReadonlyMap<string, number> | Propagation;
}

/**
 * One invalidation in flight. Each node's moment is a function of the node (a hash, see the
 * service), so nothing is stored per node: the nodes that may hold what it covers get their purge on
 * the clock, a node that starts fetching later gets its purge then (if its moment is still to come),
 * and the others hold nothing to purge: for them `hasReached` compares the clock with their moment. It cannot be cancelled (§6 "Timing", CFDG Invalidation #canceling-invalidations).
 */
export class InvalidationRecord implements Invalidation {
  readonly id: string;
  readonly callerReference: string;
  readonly createTime: Date;
  readonly paths: readonly string[];
  readonly items: readonly InvalidationItem[];
  readonly completesAtMs: number;
  readonly reachedAtMs: ReadonlyMap<string, number>;
  readonly completed: Promise<Invalidation>;
  readonly #propagation: Propagation;
  readonly #host: Pick<InvalidationHost, 'clock' | 'purge'>;
  readonly #matches: ReturnType<typeof invalidationMatcher> & {
    scope?: ReturnType<typeof invalidationScope>;
  };
  /** Node id -> entries it removed, for the nodes (that exist) the invalidation has reached. */
  readonly #removed = new Map<string, number>();
  /** Nodes with a purge on the clock, not yet run. */
  readonly #scheduled = new Set<string>();
  #done = false;
  /** Whether the clock has run its tasks due at `createTimeMs` since creation (for a 0 ms moment). */
  #startRan: boolean;

  constructor(init: InvalidationRecordInit, host: Pick<InvalidationHost, 'clock' | 'purge'>) {
    this.id = init.id;
    this.callerReference = init.callerReference;
    const createTimeMs = init.createTimeMs;
    this.createTime = new Date(createTimeMs);
    this.items = Object.freeze([...init.items]);
    this.paths = Object.freeze(init.items.map((item) => item.item));
    this.#host = host;
    const propagation =
      init.schedule instanceof Map ? explicit(init.schedule) : (init.schedule as Propagation);
    this.#propagation = propagation;
    const nodes = propagation.size;
    this.reachedAtMs = new ReachMap(propagation, nodes);
    const completesAtMs = Math.max(createTimeMs, propagation.latestMs);
    this.completesAtMs = completesAtMs;
    this.#startRan = host.clock.now() > createTimeMs;
    this.#matches = Object.assign(invalidationMatcher(this.items), { scope: invalidationScope(this.items) });

    const { promise, resolve } = Promise.withResolvers<Invalidation>();
    this.completed = promise;
    if (nodes === 0) {
      this.#done = true;
      resolve(this);
      return;
    }
    if (!this.#startRan) {
      host.clock.schedule(createTimeMs, () => (this.#startRan = true), { sync: true });
    }
    for (const nodeId of propagation.existing(this.#matches.scope!)) this.#schedule(nodeId);
    host.clock.schedule(completesAtMs, () => (this.#done = true), { sync: true });
    // Resolved by a task of its own, after the last purge: a sync task's continuations may run only
    // once the clock has moved on, and `await completed` must resume at `completesAtMs`.
    host.clock.schedule(completesAtMs, () => resolve(this));
  }

  /**
   * A node starts fetching upstream (so it may store something): it gets its purge if it has none
   * yet and its moment is still to come. Had its moment passed, it held nothing the batch covers then.
   */
  nodeActive(nodeId: string): void {
    if (this.#done || this.#removed.has(nodeId) || this.#scheduled.has(nodeId)) return;
    if (!this.#propagation.isNode(nodeId) || this.#virtuallyReached(nodeId)) return;
    this.#schedule(nodeId);
  }

  #schedule(nodeId: string): void {
    if (!this.#propagation.isNode(nodeId)) return;
    this.#scheduled.add(nodeId);
    // A purge is synchronous: the clock need not settle promises between two nodes' purges.
    this.#host.clock.schedule(
      this.#propagation.reachMs(nodeId),
      () => {
        this.#scheduled.delete(nodeId);
        // §6 "Scope": the purge removes what the node holds now; an entry cached on this node later
        // (even before the whole invalidation completes) stays.
        this.#removed.set(nodeId, this.#host.purge(nodeId, this.#matches));
      },
      { sync: true },
    );
  }

  /** Whether the clock has passed `nodeId`'s moment (its purge, had it been scheduled, has run). */
  #virtuallyReached(nodeId: string): boolean {
    const atMs = this.#propagation.reachMs(nodeId);
    const now = this.#host.clock.now();
    return atMs < now || (atMs === now && (atMs > this.createTime.getTime() || this.#startRan));
  }

  /** `Completed` once every node has purged, which happens as the clock reaches `completesAtMs`. */
  get status(): InvalidationStatus {
    return this.#done ? 'Completed' : 'InProgress';
  }

  /** Whether `nodeId` has purged; `false` for a node that was not in the topology at creation. */
  hasReached(nodeId: string): boolean {
    if (this.#removed.has(nodeId)) return true;
    if (this.#scheduled.has(nodeId) || !this.#propagation.isNode(nodeId)) return false;
    return this.#virtuallyReached(nodeId);
  }

  /** Node id -> how many entries the node removed, for the nodes reached so far that exist. */
  get removedByNode(): ReadonlyMap<string, number> {
    return this.#removed;
  }
}

function explicit(schedule: ReadonlyMap<string, number>): Propagation {
  return {
    size: schedule.size,
    latestMs: Math.max(Number.NEGATIVE_INFINITY, ...schedule.values()),
    reachMs: (nodeId) => schedule.get(nodeId) as number,
    nodeIds: () => schedule.keys(),
    isNode: (nodeId) => schedule.has(nodeId),
    existing: () => schedule.keys(),
  };
}

/** `reachedAtMs`: every node's moment, computed when asked (iterating it visits every node id). */
class ReachMap implements ReadonlyMap<string, number> {
  readonly #propagation: Propagation;
  readonly size: number;

  constructor(propagation: Propagation, size: number) {
    this.#propagation = propagation;
    this.size = size;
  }

  get(nodeId: string): number | undefined {
    return this.#propagation.isNode(nodeId) ? this.#propagation.reachMs(nodeId) : undefined;
  }

  has(nodeId: string): boolean {
    return this.#propagation.isNode(nodeId);
  }

  *entries(): MapIterator<[string, number]> {
    for (const nodeId of this.#propagation.nodeIds()) yield [nodeId, this.#propagation.reachMs(nodeId)];
  }

  *keys(): MapIterator<string> {
    yield* this.#propagation.nodeIds();
  }

  *values(): MapIterator<number> {
    for (const nodeId of this.#propagation.nodeIds()) yield this.#propagation.reachMs(nodeId);
  }

  forEach(callback: (value: number, key: string, map: ReadonlyMap<string, number>) => void): void {
    for (const [key, value] of this.entries()) callback(value, key, this);
  }

  [Symbol.iterator](): MapIterator<[string, number]> {
    return this.entries();
  }
}
