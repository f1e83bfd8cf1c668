import { type InvalidationItem, invalidationMatcher } from './invalidation-path.js';
import type { Invalidation, InvalidationHost, InvalidationStatus } from './types.js';

export interface InvalidationRecordInit {
  id: string;
  callerReference: string;
  items: readonly InvalidationItem[];
  createTimeMs: number;
  /** Node id -> the moment that node purges, in `nodeIds()` order. */
  schedule: ReadonlyMap<string, number>;
}

/**
 * One invalidation in flight: schedules each node's purge on the clock at creation and tracks which
 * nodes it has reached. It cannot be cancelled (§6 "Timing", CFDG Invalidation #canceling-invalidations).
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
  /** Node id -> entries it removed, for the nodes the invalidation has reached. */
  readonly #removed = new Map<string, number>();

  constructor(init: InvalidationRecordInit, host: Pick<InvalidationHost, 'clock' | 'purge'>) {
    this.id = init.id;
    this.callerReference = init.callerReference;
    this.createTime = new Date(init.createTimeMs);
    this.items = Object.freeze([...init.items]);
    this.paths = Object.freeze(init.items.map((item) => item.item));
    this.reachedAtMs = new Map(init.schedule);
    let completesAtMs = init.createTimeMs;
    for (const atMs of init.schedule.values()) completesAtMs = Math.max(completesAtMs, atMs);
    this.completesAtMs = completesAtMs;

    const { promise, resolve } = Promise.withResolvers<Invalidation>();
    this.completed = promise;
    if (init.schedule.size === 0) {
      resolve(this);
      return;
    }
    const matches = invalidationMatcher(this.items);
    for (const [nodeId, atMs] of init.schedule) {
      // A purge is synchronous: the clock need not settle promises between two nodes' purges.
      host.clock.schedule(
        atMs,
        () => {
          // §6 "Scope": the purge removes what the node holds now; an entry cached on this node later
          // (even before the whole invalidation completes) stays.
          this.#removed.set(nodeId, host.purge(nodeId, matches));
        },
        { sync: true },
      );
    }
    // Resolved by a task of its own, after the last purge: a sync task's continuations may run only
    // once the clock has moved on, and `await completed` must resume at `completesAtMs`.
    host.clock.schedule(completesAtMs, () => resolve(this));
  }

  /** `Completed` once every node has purged, which happens as the clock reaches `completesAtMs`. */
  get status(): InvalidationStatus {
    return this.#removed.size === this.reachedAtMs.size ? 'Completed' : 'InProgress';
  }

  /** Whether `nodeId` has purged; `false` for a node that was not in the topology at creation. */
  hasReached(nodeId: string): boolean {
    return this.#removed.has(nodeId);
  }

  /** Node id -> how many entries the node removed, for the nodes reached so far. */
  get removedByNode(): ReadonlyMap<string, number> {
    return this.#removed;
  }
}
