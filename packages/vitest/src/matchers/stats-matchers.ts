import {
  type CacheStats,
  type CacheStatsOptions,
  type Cdn,
  checkOptionKeys,
  EdgecaseError,
  optionKeys,
} from '@edgecase/cdn';
import { describeValue } from '../describe-value.js';
import { defineMatcher } from './plumbing.js';
import { isCdn } from './subjects.js';

/** What `toHaveCacheHitRate` and `toHaveOriginOffload` take: a bound and the requests to count. */
export interface RateExpectation {
  /** The rate must be at least this (0 to 1). */
  atLeast?: number;
  /** The rate must be at most this (0 to 1). */
  atMost?: number;
  /** Only viewer paths matching this pattern (`'/static/*'`). */
  for?: string;
  /** Only requests answered by the behaviour with this path pattern. */
  behavior?: string;
  /** Only requests answered at this POP. */
  pop?: string;
  /** From this moment (epoch ms, Date or ISO string), inclusive. */
  from?: CacheStatsOptions['from'];
  /** Until this moment, exclusive. */
  to?: CacheStatsOptions['to'];
}

const RATE_KEYS = optionKeys<RateExpectation>()([
  'atLeast',
  'atMost',
  'for',
  'behavior',
  'pop',
  'from',
  'to',
]);

const pct = (n: number) => `${Number((n * 100).toFixed(1))} %`;

function cdnSubject(received: unknown, name: string): Cdn {
  if (isCdn(received)) return received;
  throw new EdgecaseError(
    'InvalidOption',
    `${name}: expected a Cdn (the \`cdn\` fixture or createCdn's result), got ${describeValue(received)}.`,
    { value: received, hint: `expect(cdn).${name}({ atLeast: 0.9 })` },
  );
}

function bounds(name: string, expected: RateExpectation): string {
  if (typeof expected !== 'object' || expected === null)
    throw new EdgecaseError(
      'InvalidOption',
      `${name}: expected options such as { atLeast: 0.95 }, got ${describeValue(expected)}.`,
      {
        value: expected,
      },
    );
  checkOptionKeys(expected, RATE_KEYS, `${name} options`);
  const { atLeast, atMost } = expected;
  for (const [key, value] of [
    ['atLeast', atLeast],
    ['atMost', atMost],
  ] as const) {
    if (value !== undefined && !(typeof value === 'number' && value >= 0 && value <= 1))
      throw new EdgecaseError(
        'InvalidOption',
        `${name} ${key}: expected a rate from 0 to 1 (0.95 for 95 %), got ${describeValue(value)}.`,
        {
          value,
        },
      );
  }
  if (atLeast === undefined && atMost === undefined)
    throw new EdgecaseError('InvalidOption', `${name}: expected atLeast or atMost, got neither.`, {
      hint: `expect(cdn).${name}({ atLeast: 0.95, for: '/static/*' })`,
    });
  const parts = [
    atLeast !== undefined ? `at least ${pct(atLeast)}` : '',
    atMost !== undefined ? `at most ${pct(atMost)}` : '',
  ];
  const scope = [
    expected.for !== undefined ? `for ${expected.for}` : '',
    expected.behavior !== undefined ? `behaviour ${expected.behavior}` : '',
    expected.pop !== undefined ? `at ${expected.pop}` : '',
  ].filter(Boolean);
  return `${parts.filter(Boolean).join(' and ')}${scope.length ? ` (${scope.join(', ')})` : ''}`;
}

/** The statistics the expectation selects; a window the ring no longer holds in full throws. */
function statsFor(name: string, cdn: Cdn, expected: RateExpectation): CacheStats {
  const { atLeast: _l, atMost: _m, ...selection } = expected;
  const stats = cdn.trace.stats(selection);
  if (!stats.complete) {
    throw new EdgecaseError(
      'IncompleteTrace',
      `${name}: the trace dropped ${stats.droppedRecords} records (its ring holds trace.limit = ${cdn.trace.limit}), some of them in the window counted, so the rate would be wrong.`,
      {
        hint: 'Raise the limit (createCdn({ trace: { limit } }) or the cdnOptions fixture), or count a later window with `from`.',
      },
    );
  }
  return stats;
}

/** One line per POP when the requests came through more than one: where the rate is made. */
function byPop(cdn: Cdn, expected: RateExpectation, show: (stats: CacheStats) => string): string[] {
  const { atLeast: _l, atMost: _m, ...selection } = expected;
  const rows = cdn.trace.statsBy('pop', selection);
  if (rows.length < 2) return [];
  return [`by POP: ${rows.map((r) => `${r.key} ${show(r.stats)}`).join(', ')}`];
}

function within(rate: number, { atLeast, atMost }: RateExpectation): boolean {
  return (atLeast === undefined || rate >= atLeast) && (atMost === undefined || rate <= atMost);
}

const n = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

function counts(stats: CacheStats): string {
  const { hit, refreshHit, miss, error } = stats.results;
  return `${n(stats.totalRequests, 'request')}: ${n(hit, 'hit')}, ${n(refreshHit, 'refresh hit')}, ${n(miss, 'miss', 'misses')}, ${n(error, 'error')}; ${n(stats.originRequests, 'origin request')}`;
}

/**
 * `expect(cdn).toHaveCacheHitRate({ atLeast: 0.95, for: '/static/*' })`: of the cacheable requests
 * selected (hits, refresh hits and misses; errors left out, as CloudWatch's CacheHitRate does), the
 * share served from a CloudFront cache.
 */
export const toHaveCacheHitRate = defineMatcher<Cdn, [RateExpectation]>({
  name: 'toHaveCacheHitRate',
  subject: cdnSubject,
  label: () => 'the distribution',
  expectation: (_cdn, [expected]) => `have a cache hit rate of ${bounds('toHaveCacheHitRate', expected)}`,
  evaluate: (cdn, [expected]) => {
    const stats = statsFor('toHaveCacheHitRate', cdn, expected);
    const rate = stats.hitRate;
    return {
      details: () => byPop(cdn, expected, (p) => (p.hitRate === undefined ? '-' : pct(p.hitRate))),
      pass: rate !== undefined && within(rate, expected),
      found: () =>
        rate === undefined
          ? `no cacheable request was counted (${counts(stats)})`
          : `it is ${pct(rate)} (${counts(stats)})`,
      actual: rate,
      expected: { atLeast: expected.atLeast, atMost: expected.atMost },
    };
  },
});

/**
 * `expect(cdn).toHaveOriginOffload({ atLeast: 0.9 })`: 1 − origin requests / viewer requests for the
 * requests selected, the share of viewer requests the origin never saw.
 */
export const toHaveOriginOffload = defineMatcher<Cdn, [RateExpectation]>({
  name: 'toHaveOriginOffload',
  subject: cdnSubject,
  label: () => 'the distribution',
  expectation: (_cdn, [expected]) => `have an origin offload of ${bounds('toHaveOriginOffload', expected)}`,
  evaluate: (cdn, [expected]) => {
    const stats = statsFor('toHaveOriginOffload', cdn, expected);
    const rate = stats.originOffload;
    return {
      details: () =>
        byPop(cdn, expected, (p) =>
          p.originOffload === undefined
            ? '-'
            : `${pct(p.originOffload)} (${n(p.originRequests, 'origin request')})`,
        ),
      pass: rate !== undefined && within(rate, expected),
      found: () =>
        rate === undefined ? 'no viewer request was counted' : `it is ${pct(rate)} (${counts(stats)})`,
      actual: rate,
      expected: { atLeast: expected.atLeast, atMost: expected.atMost },
    };
  },
});
