import {
  computeCacheKey,
  escapeXml,
  etagListMatches,
  evaluatePreconditions,
  findManagedCachePolicy,
  invalidationCostUsd,
  ManualClock,
  RequestLog,
  SeededRandom,
  toMs,
} from '@edgecase/cdn';
import { type Row, row } from './row.js';

const clock = new ManualClock();
const request = { method: 'GET', path: '/a', query: '', headers: {} };

/** Durations, dates and seeds (the clock, the seeded generator) and the exported helpers. */
export const clockRows: Row[] = [
  row('toMs negative', () => toMs(-1), 'InvalidDuration', 'got -1'),
  row('toMs NaN', () => toMs(Number.NaN), 'InvalidDuration', 'got NaN'),
  row('toMs Infinity', () => toMs(Number.POSITIVE_INFINITY), 'InvalidDuration', 'got Infinity'),
  row('toMs unknown unit', () => toMs('10 sec' as never), 'InvalidDuration', '"10 sec"'),
  row('toMs 101 years', () => toMs('36865d'), 'InvalidDuration', '"36865d"'),
  row('toMs an object', () => toMs({ s: 1 } as never), 'InvalidDuration', '{"s":1}'),
  row('clock.advance(1e300)', () => clock.advance(1e300), 'InvalidDuration', 'got 1e+300'),
  row('clock.advance negative string', () => clock.advance('-5s' as never), 'InvalidDuration', '"-5s"'),
  row('clock.advance null', () => clock.advance(null as never), 'InvalidDuration', 'got null'),
  row('clock.set to the past', () => clock.set('2020-01-01T00:00:00Z'), 'InvalidDate', '2020-01-01'),
  row('clock.set invalid date', () => clock.set('yesterday'), 'InvalidDate', '"yesterday"'),
  row('clock.runAll negative limit', () => clock.runAll(-1), 'InvalidOption', 'got -1'),
  row('clock.schedule without a task', () => clock.schedule(0, 5 as never), 'InvalidOption', 'got 5'),
  row('clock.sleep NaN', () => clock.sleep(Number.NaN), 'InvalidDuration', 'got NaN'),
  row('ManualClock start invalid', () => new ManualClock('not a date'), 'InvalidDate', '"not a date"'),
  row(
    'ManualClock start after year 9999',
    () => new ManualClock(new Date(8.64e15)),
    'InvalidDate',
    'Date(+275760-09-13',
  ),
  row(
    'clock.set after year 9999',
    () => clock.set('+010000-01-01T00:00:00Z'),
    'InvalidDate',
    '"+010000-01-01T00:00:00Z"',
  ),
  row(
    'ManualClock options misspelt key',
    () => new ManualClock({ strat: '2026-01-01' } as never),
    'InvalidOption',
    'Did you mean "start"?',
  ),
  row('SeededRandom NaN', () => new SeededRandom(Number.NaN), 'InvalidOption', 'got NaN'),
  row('SeededRandom 2^32 + 1', () => new SeededRandom(2 ** 32 + 1), 'InvalidOption', 'got 4294967297'),
  row('SeededRandom empty string', () => new SeededRandom(''), 'InvalidOption', 'got ""'),
  // exported helpers
  row(
    'findManagedCachePolicy a number',
    () => findManagedCachePolicy(5 as never),
    'InvalidCachePolicy',
    'got 5',
  ),
  row('invalidationCostUsd negative', () => invalidationCostUsd(-1), 'InvalidOption', 'got -1'),
  row('invalidationCostUsd NaN', () => invalidationCostUsd(Number.NaN), 'InvalidOption', 'got NaN'),
  row('RequestLog limit 0', () => new RequestLog(0), 'InvalidOption', 'got 0'),
  row(
    'computeCacheKey without a behaviour',
    () => computeCacheKey(request, null as never, 'd.example'),
    'InvalidOption',
    'got null',
  ),
  row(
    'computeCacheKey without a request',
    () => computeCacheKey(null as never, null as never, 'd.example'),
    'InvalidOption',
    'got null',
  ),
  row(
    'computeCacheKey a request without headers',
    () => computeCacheKey({ method: 'GET', path: '/a', query: '' } as never, null as never, 'd.example'),
    'InvalidOption',
    '{"method":"GET","path":"/a","query":""}',
  ),
  row('escapeXml a number', () => escapeXml(5 as never), 'InvalidOption', 'got 5'),
  row(
    'etagListMatches header null',
    () => etagListMatches(null as never, '"a"', 'strong'),
    'InvalidHeader',
    'got null',
  ),
  row(
    'evaluatePreconditions headers null',
    () => evaluatePreconditions(null as never, { etag: '"a"', lastModifiedMs: 0 }),
    'InvalidHeader',
    'got null',
  ),
  row(
    'evaluatePreconditions object without etag',
    () => evaluatePreconditions({}, { lastModifiedMs: 0 } as never),
    'InvalidOption',
    '{"lastModifiedMs":0}',
  ),
];
