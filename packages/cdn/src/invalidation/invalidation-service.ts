import { hash32, type SeededRandom, unitFromHash } from '../clock/random.js';
import { describe, EdgecaseError, invalid } from '../errors.js';
import { checkOptionKeys } from '../options/strict-keys.js';
import { billingMonthUtc, invalidationCostUsd } from './invalidation-cost.js';
import { checkInvalidationLimits } from './invalidation-limits.js';
import { type InvalidationItem, parseInvalidationItem } from './invalidation-path.js';
import { InvalidationRecord, type Propagation } from './invalidation-record.js';
import type { CreateInvalidationOptions, Invalidation, InvalidationHost } from './types.js';

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** CreateInvalidation, GetInvalidation and ListInvalidations for one distribution. */
export class InvalidationService {
  readonly #host: InvalidationHost;
  readonly #minMs: number;
  readonly #maxMs: number;
  /** Ids and default caller references: a stream of their own, so they never shift the schedule. */
  readonly #ids: SeededRandom;
  /** In creation order, oldest first. */
  readonly #records: InvalidationRecord[] = [];
  readonly #byId = new Map<string, InvalidationRecord>();
  readonly #byCallerReference = new Map<string, InvalidationRecord>();
  /** Invalidations not yet completed: a node created meanwhile gets its purge from each. */
  readonly #inFlight = new Set<InvalidationRecord>();
  readonly #isNode: (nodeId: string) => boolean;
  #nodeTable:
    | { listed: Iterable<string>; ids: readonly string[]; hashes: Uint32Array; upstreamAt: Uint8Array }
    | undefined;

  constructor(host: InvalidationHost) {
    const { minMs, maxMs } = host.propagation;
    if (typeof minMs !== 'number' || !Number.isFinite(minMs) || minMs < 0) {
      invalid(
        'InvalidOption',
        'invalidation propagation minMs',
        'a finite number of milliseconds >= 0',
        minMs,
      );
    }
    if (typeof maxMs !== 'number' || !Number.isFinite(maxMs) || maxMs < minMs) {
      invalid(
        'InvalidOption',
        'invalidation propagation maxMs',
        `a finite number of milliseconds >= minMs (${minMs})`,
        maxMs,
        'CloudFront typically takes 10–100 s; e.g. { minMs: 10_000, maxMs: 100_000 }.',
      );
    }
    this.#host = host;
    this.#minMs = Math.round(minMs);
    this.#maxMs = Math.round(maxMs);
    this.#ids = host.random.fork('invalidation-ids');
    this.#isNode = host.hasNode?.bind(host) ?? ((nodeId) => [...host.nodeIds()].includes(nodeId));
    host.onNodeActive?.((nodeId) => {
      for (const record of this.#inFlight) record.nodeActive(nodeId);
    });
  }

  /** CreateInvalidation: validates the batch, then schedules each node's purge on the clock. */
  create(paths: readonly string[], options: CreateInvalidationOptions = {}): Invalidation {
    const items = this.#parse(paths);
    checkOptionKeys(options, ['callerReference'], 'createInvalidation options', 'InvalidArgument');
    const { callerReference } = options;
    if (callerReference !== undefined && (typeof callerReference !== 'string' || callerReference === '')) {
      invalid('InvalidArgument', 'createInvalidation callerReference', 'a non-empty string', callerReference);
    }
    if (callerReference !== undefined) {
      const existing = this.#byCallerReference.get(callerReference);
      if (existing) return this.#sameBatch(existing, items);
    }

    const nowMs = this.#host.clock.now();
    checkInvalidationLimits(
      [...this.#inFlight].filter((record) => record.status === 'InProgress'),
      items,
      nowMs,
    );
    const id = this.#newId();
    const record = new InvalidationRecord(
      {
        id,
        callerReference: callerReference ?? this.#newCallerReference(),
        items,
        createTimeMs: nowMs,
        schedule: this.#propagation(id, nowMs),
      },
      this.#host,
    );
    if (record.status === 'InProgress') this.#inFlight.add(record);
    void record.completed.then(() => this.#inFlight.delete(record));
    this.#records.push(record);
    this.#byId.set(record.id, record);
    this.#byCallerReference.set(record.callerReference, record);
    return record;
  }

  /** GetInvalidation. */
  get(id: string): Invalidation {
    if (typeof id !== 'string')
      invalid('InvalidArgument', 'getInvalidation id', "a string like 'I2J0I21PCUYOIK'", id);
    const record = this.#byId.get(id);
    if (record) return record;
    const known = this.#records.map((r) => r.id);
    throw new EdgecaseError(
      'NoSuchInvalidation',
      `GetInvalidation id: expected the id of an invalidation of this distribution (it has ${known.length === 0 ? 'none' : `${known.length}: ${known.slice(-5).join(', ')}`}), got ${describe(id)}.`,
      { value: id, hint: 'Use the id that createInvalidation returned, or list() to see them.' },
    );
  }

  /** ListInvalidations: newest first. */
  list(): readonly Invalidation[] {
    return [...this.#records].reverse();
  }

  /**
   * Paths billed in the UTC calendar month of `nowMs` (default: now): every item of every invalidation
   * created that month, a wildcard or tag as one (§6 "Cost"). A CallerReference replay bills nothing.
   */
  pathsBilledThisMonth(nowMs: number = this.#host.clock.now()): number {
    if (typeof nowMs !== 'number' || !Number.isFinite(nowMs)) {
      invalid('InvalidDate', 'pathsBilledThisMonth nowMs', 'finite epoch milliseconds', nowMs);
    }
    const { startMs, endMs } = billingMonthUtc(nowMs);
    let paths = 0;
    for (const record of this.#records) {
      const createdMs = record.createTime.getTime();
      if (createdMs >= startMs && createdMs < endMs) paths += record.paths.length;
    }
    return paths;
  }

  /** What this month's paths cost in US dollars: the first 1,000 free, then $0.005 each (§6 "Cost"). */
  estimatedCostUsd(nowMs: number = this.#host.clock.now()): number {
    return invalidationCostUsd(this.pathsBilledThisMonth(nowMs));
  }

  #parse(paths: readonly string[]): InvalidationItem[] {
    if (!Array.isArray(paths)) {
      invalid(
        'InvalidArgument',
        'createInvalidation paths',
        "an array of paths such as ['/index.html']",
        paths,
      );
    }
    if (paths.length === 0) {
      invalid(
        'InvalidArgument',
        'createInvalidation paths',
        'at least one path',
        paths,
        'Pass the paths to invalidate, e.g. ["/index.html"], or ["/*"] for everything.',
      );
    }
    const cacheTagsEnabled = this.#host.cacheTagHeader !== undefined && this.#host.cacheTagHeader !== '';
    return paths.map((item, i) =>
      parseInvalidationItem(item, { cacheTagsEnabled, what: `createInvalidation paths[${i}]` }),
    );
  }

  // API_InvalidationBatch: the same CallerReference with the same paths returns the existing
  // invalidation and creates nothing; with other paths it is InvalidationBatchAlreadyExists (§6).
  #sameBatch(existing: InvalidationRecord, items: readonly InvalidationItem[]): Invalidation {
    const before = new Set(existing.paths);
    const now = new Set(items.map((item) => item.item));
    if (before.size === now.size && [...now].every((path) => before.has(path))) return existing;
    throw new EdgecaseError(
      'InvalidationBatchAlreadyExists',
      `CreateInvalidation: callerReference ${describe(existing.callerReference)} was already used by invalidation ${existing.id} for paths ${describe(existing.paths)}, got paths ${describe([...now])}.`,
      {
        value: existing.callerReference,
        hint: 'Use a new callerReference for a different batch, or omit it to get a fresh one.',
      },
    );
  }

  // §6 "Timing" (re:Post cloudfront-serving-outdated-content-s3: typically 10–100 s): each edge node
  // gets its own moment, createTime + uniform(minMs, maxMs), the uniform draw a hash of (seed,
  // invalidation id, node id): the same seed repeats the schedule, and which nodes exist (they are
  // created on first use) or the order they are listed in changes nothing. §6 "Scope": RECs are
  // covered (CFDG HowCloudFrontWorks); Origin Shield coverage is UNCONFIRMED and included here, since a
  // shield is a REC (CFDG origin-shield) and is one of the nodes. Upstream nodes (host.isUpstream)
  // purge first, at createTime + minMs: the order is UNCONFIRMED, but otherwise an edge could refill
  // from a regional cache not yet reached and keep the old object after `Completed`, which
  // CloudFront's own "Completed" rules out.
  #propagation(id: string, nowMs: number): Propagation {
    const host = this.#host;
    const minMs = this.#minMs;
    const span = this.#maxMs - minMs + 1;
    const base = hash32(`${host.random.seed}:${id}`);
    const upstream = host.isUpstream;
    const table = this.#table();
    const edgeMs = (nodeHash: number) =>
      nowMs + minMs + Math.floor(unitFromHash(base ^ Math.imul(nodeHash, 0x9e3779b1)) * span);
    let latestMs = Number.NEGATIVE_INFINITY;
    const { hashes, upstreamAt } = table;
    for (let i = 0; i < hashes.length; i++) {
      latestMs = Math.max(latestMs, upstreamAt[i] === 1 ? nowMs + minMs : edgeMs(hashes[i] as number));
    }
    const upstreamIds = host.upstreamNodeIds?.() ?? table.ids.filter((nodeId) => upstream?.(nodeId));
    const known = new Set(upstreamIds);
    const isNode = this.#isNode;
    return {
      size: hashes.length,
      latestMs,
      reachMs: (nodeId) => (upstream?.(nodeId) ? nowMs + minMs : edgeMs(hash32(nodeId))),
      nodeIds: () => host.nodeIds(),
      // Upstream nodes as they were at creation (a shield added later is not in this invalidation).
      isNode: (nodeId) => (upstream?.(nodeId) ? known.has(nodeId) : isNode(nodeId)),
      existing: (scope) => host.nodesToPurge?.(scope) ?? host.nodeIds(),
    };
  }

  /** Every node id with its hash, kept while the host lists the same ids (the same array). */
  #table(): { ids: readonly string[]; hashes: Uint32Array; upstreamAt: Uint8Array } {
    const listed = this.#host.nodeIds();
    if (this.#nodeTable?.listed === listed) return this.#nodeTable;
    const ids = [...listed];
    const hashes = new Uint32Array(ids.length);
    const upstreamAt = new Uint8Array(ids.length);
    for (const [i, nodeId] of ids.entries()) {
      hashes[i] = hash32(nodeId);
      upstreamAt[i] = this.#host.isUpstream?.(nodeId) ? 1 : 0;
    }
    this.#nodeTable = { listed, ids, hashes, upstreamAt };
    return this.#nodeTable;
  }

  #newId(): string {
    for (;;) {
      let id = 'I';
      for (let i = 0; i < 13; i++) id += ID_ALPHABET[this.#ids.int(ID_ALPHABET.length)];
      if (!this.#byId.has(id)) return id;
    }
  }

  #newCallerReference(): string {
    for (;;) {
      let reference = 'edgecase-';
      for (let i = 0; i < 4; i++) reference += this.#ids.int(0x10000).toString(16).padStart(4, '0');
      if (!this.#byCallerReference.has(reference)) return reference;
    }
  }
}
