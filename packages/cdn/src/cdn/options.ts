import { DEFAULT_ERROR_CACHING_OPTIONS, type ErrorCachingOptions } from '../cache/freshness.js';
import { type Clock, ManualClock } from '../clock/clock.js';
import { type Duration, toMs } from '../clock/duration.js';
import type { DistributionOptions } from '../distribution/types.js';
import { describe, EdgecaseError, invalid } from '../errors.js';
import type { RoutingOption } from '../routing/router.js';
import type { TopologyOptions } from '../topology/topology.js';
import type { TraceOptions } from '../trace/trace.js';

/** Options for `createCdn`: a distribution's configuration plus the simulation's own settings. */
export interface CdnOptions extends DistributionOptions {
  /** Default: a new `ManualClock` at 2026-01-01T00:00:00Z. */
  clock?: Clock;
  /** Seed for routing, propagation and ids; the same seed gives the same run. Default 1. */
  seed?: number | string;
  /** Default: POPs `IAD89` and `SFO5`, 4 servers each, one regional edge cache (us-east-1). */
  topology?: TopologyOptions;
  /** Default `{ pop: 'sticky', server: 'random' }`. */
  routing?: RoutingOption;
  invalidation?: {
    /** When each node receives an invalidation (§6: "typically 10–100 seconds"). Default 10s–100s. */
    propagation?: { min?: Duration; max?: Duration };
  };
  /** Response header carrying cache tags (CloudFront's CacheTagConfig.HeaderName), e.g. `x-amz-meta-cache-tag`. */
  cacheTagHeader?: string;
  /** Choices for behaviour the CloudFront documentation leaves UNCONFIRMED (see docs/fidelity.md). */
  fidelity?: FidelityOptions;
  trace?: TraceOptions;
}

export interface FidelityOptions {
  /**
   * §4 Age: `honour` (default) counts the upstream tier's Age against the TTL, so an edge that gets
   * an object from a regional cache expires it when the regional copy does (RFC 9111); `ignore`
   * starts every tier's TTL when that tier stores the object.
   */
  upstreamAge?: 'honour' | 'ignore';
  errorCaching?: Partial<ErrorCachingOptions>;
  /**
   * §1.3: with MinTTL > 0 and an origin `no-cache`, `no-store` or `private`, `revalidate` (default)
   * stores the copy for MinTTL but still asks the origin on every request, serving the copy only when
   * the origin fails (the Expiration page's warning); `serve` answers from the copy for MinTTL.
   */
  minTtlNoCache?: 'revalidate' | 'serve';
}

export const SIMULATION_KEYS = [
  'clock',
  'seed',
  'topology',
  'routing',
  'invalidation',
  'cacheTagHeader',
  'fidelity',
  'trace',
] as const;

export interface ResolvedSimulation {
  clock: Clock;
  seed: number | string;
  propagation: { minMs: number; maxMs: number };
  upstreamAge: 'honour' | 'ignore';
  errorCaching: ErrorCachingOptions;
  minTtlNoCache: 'revalidate' | 'serve';
  cacheTagHeader: string | undefined;
}

export function splitOptions(options: CdnOptions): {
  simulation: ResolvedSimulation;
  distribution: DistributionOptions;
} {
  if (typeof options !== 'object' || options === null)
    invalid('InvalidOption', 'createCdn options', 'an object', options);
  const distribution: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    if (!(SIMULATION_KEYS as readonly string[]).includes(key)) distribution[key] = value;
  }
  const clock = options.clock ?? new ManualClock();
  if (typeof clock?.now !== 'function' || typeof clock.schedule !== 'function') {
    invalid('InvalidOption', 'clock', 'a Clock such as new ManualClock()', clock);
  }
  const seed = options.seed ?? 1;
  if (typeof seed !== 'number' && typeof seed !== 'string')
    invalid('InvalidOption', 'seed', 'a number or a string', seed);
  const minMs = toMs(options.invalidation?.propagation?.min ?? '10s', 'invalidation.propagation.min');
  const maxMs = toMs(options.invalidation?.propagation?.max ?? '100s', 'invalidation.propagation.max');
  if (maxMs < minMs) {
    throw new EdgecaseError(
      'InvalidOption',
      `invalidation.propagation: expected max >= min, got min ${describe(options.invalidation?.propagation?.min)} and max ${describe(options.invalidation?.propagation?.max)}.`,
      { value: options.invalidation?.propagation },
    );
  }
  const upstreamAge = options.fidelity?.upstreamAge ?? 'honour';
  if (upstreamAge !== 'honour' && upstreamAge !== 'ignore') {
    invalid('InvalidOption', 'fidelity.upstreamAge', "'honour' or 'ignore'", upstreamAge);
  }
  const errorCaching = { ...DEFAULT_ERROR_CACHING_OPTIONS, ...options.fidelity?.errorCaching };
  if (errorCaching.status410 !== 'always' && errorCaching.status410 !== 'with-max-age') {
    invalid(
      'InvalidOption',
      'fidelity.errorCaching.status410',
      "'always' or 'with-max-age'",
      errorCaching.status410,
    );
  }
  if (typeof errorCaching.customErrorResponseCachesCode !== 'boolean') {
    invalid(
      'InvalidOption',
      'fidelity.errorCaching.customErrorResponseCachesCode',
      'true or false',
      errorCaching.customErrorResponseCachesCode,
    );
  }
  const minTtlNoCache = options.fidelity?.minTtlNoCache ?? 'revalidate';
  if (minTtlNoCache !== 'revalidate' && minTtlNoCache !== 'serve') {
    invalid('InvalidOption', 'fidelity.minTtlNoCache', "'revalidate' or 'serve'", minTtlNoCache);
  }
  const tagHeader = options.cacheTagHeader;
  if (tagHeader !== undefined && (typeof tagHeader !== 'string' || !/^[A-Za-z0-9-]+$/.test(tagHeader))) {
    invalid('InvalidOption', 'cacheTagHeader', "a header name such as 'x-amz-meta-cache-tag'", tagHeader);
  }
  return {
    simulation: {
      clock,
      seed,
      propagation: { minMs, maxMs },
      upstreamAge,
      errorCaching,
      minTtlNoCache,
      cacheTagHeader: tagHeader?.toLowerCase(),
    },
    distribution: distribution as DistributionOptions,
  };
}
