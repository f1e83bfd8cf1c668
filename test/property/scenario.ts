// The random inputs of the property suite: a distribution (topology, tiers, policy, fidelity
// choices) and a sequence of operations on it, generated and shrunk by fast-check.
import fc from 'fast-check';

export const PATHS = ['/a.txt', '/dir/b.txt', '/dir/c.txt'] as const;

/**
 * Object metadata the model reads: every Cache-Control directive of §1.2/§3, Expires, none.
 * `ttlS`, `swrS` and `sieS` give the bounds the invariants check where they are finite.
 */
export interface Meta {
  cacheControl?: string;
  expiresInS?: number;
  ttlS?: number;
  swrS?: number;
  sieS?: number;
}

export const METAS: readonly Meta[] = [
  {},
  { cacheControl: 'max-age=10', ttlS: 10 },
  { cacheControl: 'max-age=10, stale-while-revalidate=30', ttlS: 10, swrS: 30 },
  { cacheControl: 'max-age=10, stale-if-error=30', ttlS: 10, sieS: 30 },
  { cacheControl: 'max-age=0', ttlS: 0 },
  { cacheControl: 'no-store' },
  { cacheControl: 'no-cache' },
  { cacheControl: 's-maxage=60, max-age=5', ttlS: 60 },
  { expiresInS: 20 },
  {
    cacheControl: 'max-age=3600, stale-while-revalidate=60, stale-if-error=120',
    ttlS: 3600,
    swrS: 60,
    sieS: 120,
  },
  { cacheControl: 'private' },
  { cacheControl: 'max-age=30, stale-if-error=0', ttlS: 30, sieS: 0 },
  // A stale-if-error window shorter than the 10 s error pause (§2): the pause must not outlast it.
  { cacheControl: 'max-age=1, stale-if-error=5', ttlS: 1, sieS: 5 },
];

export type Fault = 'r503' | 'r500' | 'refused' | 'timeout' | 'latency' | 'clear';

export type Op =
  | { k: 'put'; p: number; meta: number }
  | { k: 'del'; p: number }
  | {
      k: 'get';
      p: number;
      method: 'GET' | 'HEAD';
      pin: { pop: number; server: number } | undefined;
      viewer: number;
      /** A conditional GET with the last ETag (If-None-Match) or Last-Modified (If-Modified-Since) seen. */
      conditional: false | 'etag' | 'date';
      /** false: the request stays in flight while the next operations run (concurrency). */
      wait: boolean;
    }
  | { k: 'adv'; ms: number }
  /** A viewer polling: `times` waited GETs of one path, `everyMs` apart (walks through TTL windows). */
  | { k: 'poll'; p: number; times: number; everyMs: number }
  | { k: 'fault'; f: Fault }
  | { k: 'inv'; p: number; form: 'exact' | 'prefix' | 'all' };

export type Policy =
  | { kind: 'managed'; name: 'CachingOptimized' | 'CachingDisabled' | 'UseOriginCacheControlHeaders' }
  | { kind: 'custom'; minTTL: number; defaultTTL: number; maxTTL: number };

export interface Scenario {
  seed: number;
  pops: number;
  serversPerPop: number;
  /** `direct`: the origin sits in us-east-1, so its POP skips the regional cache (§7). */
  tiers: 'regional' | 'direct' | 'shield';
  policy: Policy;
  upstreamAge: 'honour' | 'ignore';
  propagation: { minS: number; maxS: number };
  /**
   * ErrorCachingMinTTL in seconds for 404, 500, 502, 503 and 504 (custom error responses without a
   * page, §2); `undefined` leaves CloudFront's default of 10 s. 0 turns error caching off.
   */
  errorTtlS: number | undefined;
  ops: Op[];
}

/** The status codes the scenario's ErrorCachingMinTTL covers: what the origin and its faults answer. */
export const ERROR_CODES = [404, 500, 502, 503, 504] as const;

/** The ErrorCachingMinTTL an error with this status is cached for, in seconds (§2, default 10). */
export function errorTtlFor(sc: Pick<Scenario, 'errorTtlS'>, status: number): number {
  return sc.errorTtlS !== undefined && (ERROR_CODES as readonly number[]).includes(status)
    ? sc.errorTtlS
    : 10;
}

const ADVANCES = [0, 1, 1_000, 2_000, 5_000, 9_999, 10_000, 15_000, 30_000, 61_000, 3_600_000];

// Most operations touch one path, so copies, overwrites, failures and invalidations meet.
const pathIndex = fc.oneof(
  { arbitrary: fc.constant(0), weight: 6 },
  { arbitrary: fc.constant(1), weight: 2 },
  { arbitrary: fc.constant(2), weight: 1 },
);

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    arbitrary: fc.record({ k: fc.constant('put' as const), p: pathIndex, meta: fc.nat(METAS.length - 1) }),
    weight: 4,
  },
  { arbitrary: fc.record({ k: fc.constant('del' as const), p: pathIndex }), weight: 1 },
  {
    arbitrary: fc.record({
      k: fc.constant('get' as const),
      p: pathIndex,
      method: fc.constantFrom('GET' as const, 'GET' as const, 'HEAD' as const),
      pin: fc.option(fc.record({ pop: pathIndex, server: fc.nat(3) }), { nil: undefined }),
      viewer: fc.nat(2),
      conditional: fc.constantFrom(false as const, 'etag' as const, 'date' as const),
      wait: fc.oneof(
        { arbitrary: fc.constant(true), weight: 3 },
        { arbitrary: fc.constant(false), weight: 1 },
      ),
    }),
    weight: 8,
  },
  { arbitrary: fc.record({ k: fc.constant('adv' as const), ms: fc.constantFrom(...ADVANCES) }), weight: 5 },
  {
    arbitrary: fc.record({
      k: fc.constant('poll' as const),
      p: pathIndex,
      times: fc.integer({ min: 2, max: 15 }),
      everyMs: fc.constantFrom(500, 1_000, 2_000, 3_000),
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      k: fc.constant('fault' as const),
      f: fc.constantFrom<Fault>('r503', 'r500', 'refused', 'timeout', 'latency', 'clear', 'clear'),
    }),
    weight: 3,
  },
  {
    arbitrary: fc.record({
      k: fc.constant('inv' as const),
      p: pathIndex,
      form: fc.constantFrom('exact' as const, 'exact' as const, 'prefix' as const, 'all' as const),
    }),
    weight: 2,
  },
);

const policy: fc.Arbitrary<Policy> = fc.oneof(
  fc.record({
    kind: fc.constant('managed' as const),
    name: fc.constantFrom(
      'CachingOptimized' as const,
      'CachingDisabled' as const,
      'UseOriginCacheControlHeaders' as const,
    ),
  }),
  fc
    .tuple(
      fc.constantFrom(0, 1, 5, 60),
      fc.constantFrom(0, 10, 300, 86_400),
      fc.constantFrom(60, 3_600, 31_536_000),
    )
    .map(([a, b, c]) => {
      const [minTTL, defaultTTL, maxTTL] = [a, b, c].sort((x, y) => x - y) as [number, number, number];
      return { kind: 'custom' as const, minTTL, defaultTTL, maxTTL };
    }),
);

export const scenario: fc.Arbitrary<Scenario> = fc.record({
  seed: fc.nat(2 ** 31),
  pops: fc.integer({ min: 1, max: 3 }),
  serversPerPop: fc.integer({ min: 1, max: 4 }),
  tiers: fc.constantFrom('regional' as const, 'direct' as const, 'shield' as const),
  policy,
  upstreamAge: fc.constantFrom('honour' as const, 'ignore' as const),
  propagation: fc.record({ minS: fc.constantFrom(1, 5, 10), maxS: fc.constantFrom(10, 30, 100) }),
  errorTtlS: fc.constantFrom(undefined, undefined, 0, 1, 30),
  ops: fc.array(op, { minLength: 10, maxLength: 80, size: 'max' }),
});

/** The effective TTL bounds of a policy, in seconds: [min, default, max]. */
export function ttlBounds(p: Policy): [number, number, number] {
  if (p.kind === 'custom') return [p.minTTL, p.defaultTTL, p.maxTTL];
  if (p.name === 'CachingDisabled') return [0, 0, 0];
  if (p.name === 'UseOriginCacheControlHeaders') return [0, 0, 31_536_000];
  return [1, 86_400, 31_536_000];
}
