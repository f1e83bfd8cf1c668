import type { TtlRule } from '../cache/freshness.js';
import { invalid } from '../errors.js';
import { checkOptionKeys, optionKeys } from '../options/strict-keys.js';

export type TierName = 'edge' | 'regional' | 'shield';

/** What one cache tier did for one request. */
export type TierOutcomeKind =
  | 'hit'
  | 'miss'
  | 'refresh-hit'
  | 'stale-while-revalidate'
  | 'stale-if-error'
  | 'collapsed'
  | 'error-hit'
  | 'pass-through';

export interface TierOutcome {
  tier: TierName;
  node: string;
  outcome: TierOutcomeKind;
  /** Set when this tier stored (or renewed) the response: how long, and which rule decided. */
  stored?: { ttlMs: number; rule: TtlRule; because: string };
  /** Set when this tier decided not to store the response. */
  notStored?: { rule: TtlRule; because: string };
}

export type ServedFrom = TierName | 'origin' | 'cloudfront';

export interface TraceRequest {
  type: 'request';
  seq: number;
  atMs: number;
  /** X-Amz-Cf-Id of the response. */
  id: string;
  viewer: string;
  method: string;
  url: string;
  path: string;
  pop: string;
  server: number;
  /** `SFO5-C2` style id of the edge server that answered. */
  node: string;
  behavior: string;
  cacheKey: string;
  status: number;
  /** The X-Cache value without " from cloudfront": Hit, Miss, RefreshHit, Error, Redirect. */
  xCache: string;
  servedFrom: ServedFrom;
  tiers: readonly TierOutcome[];
  etag: string | undefined;
  ageSeconds: number | undefined;
  /** When a custom error response replaced the answer. */
  customError?: { errorCode: number; responsePagePath: string | undefined };
  /** Why CloudFront itself answered (redirect, forbidden method, origin failure...). */
  note?: string;
}

export interface TraceOriginFetch {
  type: 'origin';
  seq: number;
  atMs: number;
  completedAtMs: number;
  /** The cache node that asked (or `SFO5-C1` for a pass-through). */
  node: string;
  origin: string;
  method: string;
  path: string;
  query: string;
  conditional: boolean;
  /** HTTP status, or what went wrong: `timeout`, `unreachable`. */
  result: number | 'timeout' | 'unreachable';
  etag: string | undefined;
  attempts: number;
  /** Background refresh for stale-while-revalidate. */
  background: boolean;
}

export type TraceRecord = TraceRequest | TraceOriginFetch;

export interface TraceOptions {
  /** Records kept; older ones are dropped first. Default 10,000. */
  limit?: number;
}

/**
 * Every viewer request and origin fetch, in order, in a bounded ring so a long suite stays flat in
 * memory. Matchers read it; failure messages print it as a timeline.
 */
export class Trace {
  readonly limit: number;
  /** A ring: `#ring[(#head + i) % limit]` is the i-th oldest record. */
  readonly #ring: TraceRecord[] = [];
  #head = 0;
  #seq = 0;
  #dropped = 0;

  constructor(options: TraceOptions = {}) {
    checkOptionKeys(options, optionKeys<TraceOptions>()(['limit']), 'trace');
    const limit = options.limit ?? 10_000;
    if (!Number.isInteger(limit) || limit < 1)
      invalid('InvalidOption', 'trace.limit', 'a whole number >= 1', limit);
    this.limit = limit;
  }

  /** Records dropped because the ring was full. */
  get dropped(): number {
    return this.#dropped;
  }

  get size(): number {
    return this.#ring.length;
  }

  nextSeq(): number {
    return ++this.#seq;
  }

  add(record: TraceRecord): void {
    if (this.#ring.length < this.limit) {
      this.#ring.push(record);
      return;
    }
    this.#ring[this.#head] = record;
    this.#head = (this.#head + 1) % this.limit;
    this.#dropped++;
  }

  /** All records, oldest first. */
  all(): TraceRecord[] {
    return this.#head === 0
      ? this.#ring.slice()
      : [...this.#ring.slice(this.#head), ...this.#ring.slice(0, this.#head)];
  }

  requests(filter?: { path?: string }): TraceRequest[] {
    checkFilter(filter, 'trace.requests() filter');
    return this.all().filter(
      (r): r is TraceRequest =>
        r.type === 'request' && (filter?.path === undefined || r.path === filter.path),
    );
  }

  originFetches(filter?: { path?: string }): TraceOriginFetch[] {
    checkFilter(filter, 'trace.originFetches() filter');
    return this.all().filter(
      (r): r is TraceOriginFetch =>
        r.type === 'origin' && (filter?.path === undefined || r.path === filter.path),
    );
  }

  /** Forgets every record and starts the sequence over, as a new trace (a distribution's `reset`). */
  reset(): void {
    this.clear();
    this.#seq = 0;
    this.#dropped = 0;
  }

  /** Forgets every record (the sequence numbers go on). */
  clear(): void {
    this.#ring.length = 0;
    this.#head = 0;
  }
}

/** A filter is `{ path }` or nothing: a typo (`{ pth }`) would otherwise match every record. */
function checkFilter(filter: { path?: string } | undefined, where: string): void {
  if (filter === undefined) return;
  checkOptionKeys(filter, ['path'], where);
  if (filter.path !== undefined && typeof filter.path !== 'string')
    invalid('InvalidOption', `${where} path`, "a path such as '/a.png'", filter.path);
}
