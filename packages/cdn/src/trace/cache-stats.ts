import { type DateInput, toEpochMs } from '../clock/clock.js';
import { type Duration, toMs } from '../clock/duration.js';
import { invalid } from '../errors.js';
import { checkOptionKeys, optionKeys } from '../options/strict-keys.js';
import type { TraceOriginFetch, TraceRequest } from './trace.js';

/**
 * Cache statistics over a trace, in the shape of CloudFront's cache statistics report (facts file
 * §-; https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cache-statistics.html):
 * total requests, viewer requests by result type (hits, misses, errors), bytes transferred to viewers
 * (total and from misses) and requests by HTTP status class; plus what the report leaves to the
 * origin's side: origin requests and bytes, and the origin offload they give.
 */

export interface CacheStatsOptions {
  /** Only viewer paths matching this pattern (a behaviour's syntax: `*` and `?`), e.g. `'/static/*'`. */
  for?: string;
  /** Only requests answered by the behaviour with this path pattern (`'*'` is the default behaviour). */
  behavior?: string;
  /** Only requests answered at this POP (`'SFO5'`). */
  pop?: string;
  /** From this moment (epoch ms, Date or ISO string), inclusive. Default: the first record. */
  from?: DateInput;
  /** Until this moment, exclusive. Default: after the last record. */
  to?: DateInput;
}

export type CacheStatsDimension = 'behavior' | 'pop' | 'prefix' | 'window';

export interface CacheStatsByOptions extends CacheStatsOptions {
  /** For `'window'`: the width of each window (`'1h'`, `'5m'`, ms). Default one hour. */
  every?: Duration;
}

/** The X-Cache result of a viewer request, as the report groups them. */
export type ResultType = 'hit' | 'refreshHit' | 'miss' | 'error' | 'other';

export interface CacheStats {
  /** Viewer requests counted (every method and status). */
  totalRequests: number;
  /** Requests by X-Cache: Hit, RefreshHit, Miss, Error; `other` is Redirect and CloudFront's own answers. */
  results: Record<ResultType, number>;
  /**
   * (hits + refresh hits) / (hits + refresh hits + misses): CloudWatch's CacheHitRate, which leaves
   * errors and uncacheable requests out. `undefined` when nothing cacheable was requested.
   */
  hitRate: number | undefined;
  /** Each result type as a share of `totalRequests` (the report's "percentage of viewer requests"). */
  rates: Record<ResultType, number>;
  /** Viewer requests by status class. */
  statusCodes: { '2xx': number; '3xx': number; '4xx': number; '5xx': number };
  /** Body bytes sent to viewers, and the part of them that came with a miss. */
  bytesToViewers: { total: number; fromMisses: number };
  /** Fetches the origin answered (or failed), conditional and background ones included. */
  originRequests: number;
  /** Body bytes the origin sent. */
  originBytes: number;
  /** 1 − originRequests / totalRequests (0 when the origin saw more requests than viewers sent). */
  originOffload: number | undefined;
  /** 1 − originBytes / bytesToViewers.total. */
  byteOffload: number | undefined;
  /** The window counted, epoch ms (`toMs` exclusive). */
  window: { fromMs: number; toMs: number };
  /**
   * False when the trace's ring dropped records (or `trace.clear()` forgot them) inside the window:
   * the numbers above then count only what is left. Matchers refuse incomplete statistics.
   */
  complete: boolean;
  /** Records the trace dropped since it started (not only in the window). */
  droppedRecords: number;
}

export interface StatsSource {
  requests: readonly TraceRequest[];
  origins: readonly TraceOriginFetch[];
  droppedRecords: number;
  droppedThroughMs: number | undefined;
}

const STATS_KEYS = optionKeys<CacheStatsOptions>()(['for', 'behavior', 'pop', 'from', 'to']);
const BY_KEYS = optionKeys<CacheStatsByOptions>()(['for', 'behavior', 'pop', 'from', 'to', 'every']);
const DIMENSIONS: readonly CacheStatsDimension[] = ['behavior', 'pop', 'prefix', 'window'];

interface Filter {
  matches(r: TraceRequest): boolean;
  /** Whether an origin fetch whose viewer request the ring dropped counts (only its path is known). */
  matchesOrphan(path: string): boolean;
  fromMs: number;
  toMs: number;
}

function resolveFilter(options: CacheStatsOptions, where: string, source: StatsSource): Filter {
  const pattern = options.for === undefined ? undefined : pathGlob(options.for, `${where} for`);
  for (const key of ['behavior', 'pop'] as const) {
    const value = options[key];
    if (value !== undefined && (typeof value !== 'string' || value === ''))
      invalid(
        'InvalidOption',
        `${where} ${key}`,
        key === 'pop' ? "a POP id such as 'SFO5'" : "a path pattern such as '/static/*'",
        value,
      );
  }
  const first = Math.min(source.requests[0]?.atMs ?? Infinity, source.origins[0]?.atMs ?? Infinity);
  const last = Math.max(source.requests.at(-1)?.atMs ?? -Infinity, source.origins.at(-1)?.atMs ?? -Infinity);
  const fromMs =
    options.from === undefined
      ? Number.isFinite(first)
        ? first
        : 0
      : toEpochMs(options.from, `${where} from`);
  const toMs =
    options.to === undefined
      ? Number.isFinite(last)
        ? last + 1
        : fromMs
      : toEpochMs(options.to, `${where} to`);
  if (toMs < fromMs)
    invalid(
      'InvalidOption',
      `${where} to`,
      `a moment at or after from (${new Date(fromMs).toISOString()})`,
      options.to,
    );
  const { behavior, pop } = options;
  return {
    fromMs,
    toMs,
    matches: (r) =>
      (pattern === undefined || pattern.matches(r.path)) &&
      (behavior === undefined || r.behavior === behavior) &&
      (pop === undefined || r.pop === pop),
    matchesOrphan: (path) =>
      behavior === undefined && pop === undefined && (pattern === undefined || pattern.matches(path)),
  };
}

/** The statistics of the viewer requests and the origin fetches they caused that `options` select. */
export function cacheStats(source: StatsSource, options: CacheStatsOptions = {}): CacheStats {
  checkOptionKeys(options, STATS_KEYS, 'trace.stats() options');
  const filter = resolveFilter(options, 'trace.stats()', source);
  return count(source, filter, byId(source.requests));
}

/** The viewer requests `options` select (for the cost estimate). */
export function selectRequests(
  source: StatsSource,
  options: CacheStatsOptions = {},
  where = 'trace.cost()',
): TraceRequest[] {
  checkOptionKeys(options, STATS_KEYS, `${where} options`);
  const filter = resolveFilter(options, where, source);
  return source.requests.filter((r) => r.atMs >= filter.fromMs && r.atMs < filter.toMs && filter.matches(r));
}

/** The same statistics, one row per behaviour, POP, first path segment or time window. */
export function cacheStatsBy(
  source: StatsSource,
  dimension: CacheStatsDimension,
  options: CacheStatsByOptions = {},
): { key: string; stats: CacheStats }[] {
  if (!DIMENSIONS.includes(dimension))
    invalid(
      'InvalidOption',
      'trace.statsBy() dimension',
      `one of ${DIMENSIONS.map((d) => `'${d}'`).join(', ')}`,
      dimension,
    );
  checkOptionKeys(options, BY_KEYS, 'trace.statsBy() options');
  const { every, ...rest } = options;
  if (every !== undefined && dimension !== 'window')
    invalid('InvalidOption', 'trace.statsBy() every', "no `every` unless the dimension is 'window'", every);
  const filter = resolveFilter(rest, 'trace.statsBy()', source);
  const ids = byId(source.requests);
  if (dimension === 'window') {
    const widthMs = toMs(every ?? '1h', 'trace.statsBy() every');
    if (widthMs <= 0) invalid('InvalidOption', 'trace.statsBy() every', 'a duration above 0', every);
    const rows = [];
    for (let start = filter.fromMs; start < filter.toMs; start += widthMs) {
      const end = Math.min(start + widthMs, filter.toMs);
      rows.push({
        key: new Date(start).toISOString(),
        stats: count(source, { ...filter, fromMs: start, toMs: end }, ids),
      });
    }
    return rows;
  }
  const keyOf = (r: TraceRequest) =>
    dimension === 'behavior' ? r.behavior : dimension === 'pop' ? r.pop : prefixOf(r.path);
  const keys = [...new Set(source.requests.filter(filter.matches).map(keyOf))].sort();
  return keys.map((key) => ({
    key,
    stats: count(
      source,
      { ...filter, matches: (r) => filter.matches(r) && keyOf(r) === key, matchesOrphan: () => false },
      ids,
    ),
  }));
}

/**
 * A behaviour-style path pattern (§8 CFDG #DownloadDistValuesPathPattern: `*` any run of characters
 * including `/`, `?` one character, case-sensitive, the leading `/` optional). trace/ stays out of
 * distribution/ (folder-rules.test.ts), so this is its own small matcher for statistics filters.
 */
function pathGlob(pattern: string, what: string): { matches(path: string): boolean } {
  if (typeof pattern !== 'string' || pattern === '')
    invalid('InvalidOption', what, "a path pattern such as '/static/*'", pattern);
  const body = pattern
    .replace(/^\//, '')
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  const re = new RegExp(`^/?${body}$`, 's');
  return { matches: (path) => re.test(path) };
}

/** `/static/app.js` → `/static/`; `/index.html` → `/`. */
function prefixOf(path: string): string {
  const slash = path.indexOf('/', 1);
  return slash === -1 ? '/' : path.slice(0, slash + 1);
}

function byId(requests: readonly TraceRequest[]): Map<string, TraceRequest> {
  return new Map(requests.map((r) => [r.id, r]));
}

function count(source: StatsSource, filter: Filter, ids: Map<string, TraceRequest>): CacheStats {
  const inWindow = (atMs: number) => atMs >= filter.fromMs && atMs < filter.toMs;
  const results: Record<ResultType, number> = { hit: 0, refreshHit: 0, miss: 0, error: 0, other: 0 };
  const statusCodes = { '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0 };
  let totalRequests = 0;
  let bytes = 0;
  let fromMisses = 0;
  for (const r of source.requests) {
    if (!inWindow(r.atMs) || !filter.matches(r)) continue;
    totalRequests++;
    const type = resultType(r.xCache);
    results[type]++;
    const cls = `${Math.floor(r.status / 100)}xx`;
    if (cls in statusCodes) statusCodes[cls as keyof typeof statusCodes]++;
    bytes += r.bytes;
    if (type === 'miss') fromMisses += r.bytes;
  }
  let originRequests = 0;
  let originBytes = 0;
  for (const o of source.origins) {
    if (!inWindow(o.atMs)) continue;
    // An origin fetch counts with the viewer request that caused it; one whose request the ring has
    // dropped counts only when nothing narrows by request (the window is then incomplete anyway).
    const cause = ids.get(o.requestId);
    if (cause === undefined ? !filter.matchesOrphan(o.path) : !filter.matches(cause)) continue;
    originRequests++;
    originBytes += o.bytes;
  }
  const cacheable = results.hit + results.refreshHit + results.miss;
  const share = (n: number) => (totalRequests === 0 ? 0 : n / totalRequests);
  return {
    totalRequests,
    results,
    hitRate: cacheable === 0 ? undefined : (results.hit + results.refreshHit) / cacheable,
    rates: {
      hit: share(results.hit),
      refreshHit: share(results.refreshHit),
      miss: share(results.miss),
      error: share(results.error),
      other: share(results.other),
    },
    statusCodes,
    bytesToViewers: { total: bytes, fromMisses },
    originRequests,
    originBytes,
    originOffload: totalRequests === 0 ? undefined : Math.max(0, 1 - originRequests / totalRequests),
    byteOffload: bytes === 0 ? undefined : Math.max(0, 1 - originBytes / bytes),
    window: { fromMs: filter.fromMs, toMs: filter.toMs },
    complete: source.droppedThroughMs === undefined || source.droppedThroughMs < filter.fromMs,
    droppedRecords: source.droppedRecords,
  };
}

function resultType(xCache: string): ResultType {
  switch (xCache) {
    case 'Hit':
      return 'hit';
    case 'RefreshHit':
      return 'refreshHit';
    case 'Miss':
      return 'miss';
    case 'Error':
      return 'error';
    default:
      return 'other';
  }
}
