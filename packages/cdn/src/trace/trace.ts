import type { TtlRule } from '../cache/freshness.js';
import { invalid } from '../errors.js';
import type { FunctionInvocation } from '../functions/viewer-functions.js';
import type { Invalidation } from '../invalidation/types.js';
import { checkOptionKeys, optionKeys } from '../options/strict-keys.js';
import {
  type CacheStats,
  type CacheStatsByOptions,
  type CacheStatsDimension,
  type CacheStatsOptions,
  cacheStats,
  cacheStatsBy,
  type StatsSource,
  selectRequests,
} from './cache-stats.js';
import { type CostEstimate, estimateCost } from './cost-estimate.js';
import { checkHtmlOptions, type HtmlReportOptions, renderHtmlReport } from './html-report.js';

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
  /** For a `collapsed` outcome: what the request it waited for got at this tier (e.g. `stale-if-error`). */
  joined?: TierOutcomeKind;
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
  /** The AWS Region of the POP's regional edge cache (`us-east-1`): where its traffic is billed. */
  region: string;
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
  /** Body bytes sent to the viewer (0 for HEAD, 304 and 204). */
  bytes: number;
  /** When a custom error response replaced the answer. */
  customError?: { errorCode: number; responsePagePath: string | undefined };
  /** Why CloudFront itself answered (redirect, forbidden method, origin failure...). */
  note?: string;
  /**
   * The configuration version the edge location served with: 1 until `cdn.updateDistribution`, then
   * the version that had reached this location (§13: old and new serve side by side).
   */
  distributionVersion?: number;
  /** The CloudFront Functions that ran, in order (absent when the behaviour has none). */
  functions?: readonly FunctionInvocation[];
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
  /** Set on the secondary's fetch of an origin group's failover (§17): the group's id. */
  originGroup?: string;
  /** Body bytes the origin sent (0 when it failed). */
  bytes: number;
  /** X-Amz-Cf-Id of the viewer request that caused the fetch (its `TraceRequest.id`). */
  requestId: string;
  /**
   * How the request authenticated to an origin with an OAC or OAI (§18); absent for other origins.
   * `signedBy` is the principal CloudFront signed as (`origin-access-control` / `origin-access-identity`),
   * `viewer` when OAC `no-override` forwarded the viewer's `Authorization` unsigned, or `unsigned`
   * (OAC `never`). `principal` is what a bucket policy names.
   */
  originAccess?: TraceOriginAccess;
}

/** `signed by origin-access-control E2…`, `unsigned (origin access control E2…)`, …: for timelines and reports. */
export function describeOriginAccess(access: TraceOriginAccess | undefined): string {
  if (access === undefined) return '';
  if (access.signedBy === 'unsigned') return `unsigned (OAC ${access.id} never signs)`;
  if (access.signedBy === 'viewer') return `viewer's Authorization (OAC ${access.id} no-override)`;
  return `signed by ${access.signedBy === 'origin-access-control' ? 'OAC' : 'OAI'} ${access.id}`;
}

export interface TraceOriginAccess {
  signedBy: 'origin-access-control' | 'origin-access-identity' | 'viewer' | 'unsigned';
  /** The OAC's or OAI's id. */
  id: string;
  /**
   * `cloudfront.amazonaws.com (AWS:SourceArn arn:aws:cloudfront::…)` for an OAC,
   * `arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity E…` for an OAI; absent unsigned.
   */
  principal?: string;
}

/**
 * An invalidation as the trace keeps it beside its records: when it was created, its items, and the
 * moment it reaches a node (`undefined` for a node it never reaches).
 */
export interface TraceInvalidation {
  id: string;
  atMs: number;
  paths: readonly string[];
  completesAtMs: number;
  reachedAtMs(node: string): number | undefined;
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
  #ring: TraceRecord[] = [];
  /**
   * `#atMs[i]` is `#ring[i].atMs`, kept beside the ring so dropping the oldest record reads one
   * number from a dense array instead of the record itself (long out of the CPU caches: a memory
   * stall on every request once the ring is full).
   */
  #atMs: number[] = [];
  #head = 0;
  #seq = 0;
  #dropped = 0;
  #droppedThroughMs: number | undefined;
  #invalidations: TraceInvalidation[] = [];
  #invalidationsDropped = 0;

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

  /**
   * The time of the newest record no longer held (dropped by the full ring, or forgotten by `clear`):
   * a count over a window that starts after it is complete. `undefined` when nothing was lost.
   */
  get droppedThroughMs(): number | undefined {
    return this.#droppedThroughMs;
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
      this.#atMs.push(record.atMs);
      return;
    }
    const head = this.#head;
    this.#forget(this.#atMs[head]!);
    this.#ring[head] = record;
    this.#atMs[head] = record.atMs;
    this.#head = head + 1 === this.limit ? 0 : head + 1;
    this.#dropped++;
  }

  #forget(atMs: number): void {
    if (this.#droppedThroughMs === undefined || atMs > this.#droppedThroughMs) this.#droppedThroughMs = atMs;
  }

  /** Keeps an invalidation beside the records (at most `limit`, oldest dropped first). */
  addInvalidation(invalidation: Invalidation): void {
    // A repeated CallerReference returns the same invalidation: keep it once.
    if (this.#invalidations.some((i) => i.id === invalidation.id)) return;
    this.#invalidations.push({
      id: invalidation.id,
      atMs: invalidation.createTime.getTime(),
      paths: invalidation.paths,
      completesAtMs: invalidation.completesAtMs,
      reachedAtMs: (node) => invalidation.reachedAtMs.get(node),
    });
    if (this.#invalidations.length > this.limit) {
      this.#invalidations.shift();
      this.#invalidationsDropped++;
    }
  }

  /** The invalidations created while this trace recorded, oldest first. */
  invalidations(): readonly TraceInvalidation[] {
    return this.#invalidations.slice();
  }

  /** Invalidations dropped because more than `limit` were kept. */
  get invalidationsDropped(): number {
    return this.#invalidationsDropped;
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

  /**
   * Cache statistics as CloudFront's cache statistics report shows them: hit, refresh-hit, miss and
   * error rates, bytes to viewers, origin requests and bytes (origin offload), for the requests
   * `options` select (a path pattern, behaviour, POP, time window). `complete` is false when the
   * ring dropped records inside the window.
   */
  stats(options?: CacheStatsOptions): CacheStats {
    return cacheStats(this.#statsSource(), options);
  }

  /** `stats` per behaviour, POP, first path segment (`'prefix'`) or time window (`every: '1h'`). */
  statsBy(
    dimension: CacheStatsDimension,
    options?: CacheStatsByOptions,
  ): { key: string; stats: CacheStats }[] {
    return cacheStatsBy(this.#statsSource(), dimension, options);
  }

  /**
   * What the selected requests and this trace's invalidation paths would cost on CloudFront's
   * pay-as-you-go prices, with the prices' sources and date.
   */
  cost(options?: CacheStatsOptions): CostEstimate {
    const paths = this.#invalidations.reduce((n, i) => n + i.paths.length, 0);
    return estimateCost(selectRequests(this.#statsSource(), options, 'trace.cost()'), paths);
  }

  /**
   * The trace as a self-contained HTML page: a row per cache node it touched, virtual time across,
   * requests and origin fetches coloured by version, TTL bars, invalidation propagation, hover
   * details, the statistics and the cost estimate. Write it to a file or attach it to a test.
   */
  toHtml(options: HtmlReportOptions = {}): string {
    checkHtmlOptions(options);
    const source = this.#statsSource();
    return renderHtmlReport(
      {
        requests: source.requests,
        origins: source.origins,
        invalidations: this.#invalidations,
        stats: cacheStats(source),
        byPop: cacheStatsBy(source, 'pop'),
        byBehavior: cacheStatsBy(source, 'behavior'),
        byPrefix: cacheStatsBy(source, 'prefix'),
        cost: this.cost(),
        dropped: this.#dropped + this.#invalidationsDropped,
      },
      options,
    );
  }

  #statsSource(): StatsSource {
    const records = this.all();
    return {
      requests: records.filter((r): r is TraceRequest => r.type === 'request'),
      origins: records.filter((r): r is TraceOriginFetch => r.type === 'origin'),
      droppedRecords: this.#dropped,
      droppedThroughMs: this.#droppedThroughMs,
    };
  }

  /** Forgets every record and starts the sequence over, as a new trace (a distribution's `reset`). */
  reset(): void {
    // New arrays, not `length = 0`: setting an array's length is a call into the runtime (~50 ns
    // each, even on an empty array), and the explorer resets the trace before every run (issue 13).
    this.#ring = [];
    this.#atMs = [];
    this.#head = 0;
    this.#seq = 0;
    this.#dropped = 0;
    this.#droppedThroughMs = undefined;
    this.#invalidations = [];
    this.#invalidationsDropped = 0;
  }

  /**
   * Forgets every record (the sequence numbers go on). Statistics over the forgotten time say they
   * are incomplete (`droppedThroughMs`).
   */
  clear(): void {
    for (const atMs of this.#atMs) this.#forget(atMs);
    this.#ring = [];
    this.#atMs = [];
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
