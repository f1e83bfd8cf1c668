import { type Duration, didYouMean, EdgecaseError, type ServedFrom, toMs } from '@edgecase/cdn';
import { describeValue } from '../describe-value.js';
import { defineMatcher } from './plumbing.js';
import { bareEtag, type ReadResponse, readResponse, responseLabel, ttlLine } from './response-record.js';
import { resolveResponse } from './subjects.js';
import { describeBody, describeVersion, resolveVersion, sameBytes, type Version } from './versions.js';

/** The X-Cache result, without " from cloudfront". */
export type CacheResult = 'Hit' | 'Miss' | 'RefreshHit' | 'Error' | 'Redirect' | 'FunctionGeneratedResponse';
/** The tier a response was served from: a cache tier, the origin, or CloudFront itself. */
export type ServedFromTier = ServedFrom;

const CACHE_RESULTS: readonly CacheResult[] = [
  'Hit',
  'Miss',
  'RefreshHit',
  'Error',
  'Redirect',
  'FunctionGeneratedResponse',
];
const TIERS: readonly ServedFromTier[] = ['edge', 'regional', 'shield', 'origin', 'cloudfront'];

const subject = (received: unknown, name: string) => readResponse(resolveResponse(received, name));
const label = responseLabel;
const details = (read: ReadResponse) => () => [ttlLine(read)].filter((l): l is string => l !== undefined);
const timeline = (read: ReadResponse) =>
  read.record ? { cdn: read.record.cdn, paths: [read.record.request.path] } : undefined;

/** Misuse unless `value` is one of `allowed`; a near miss (`'hit'`, `'regonal'`) gets a did-you-mean. */
function oneOf<T extends string>(value: unknown, allowed: readonly T[], what: string): T {
  if (!allowed.includes(value as T)) {
    const near = typeof value === 'string' ? didYouMean(value, allowed) : undefined;
    throw new EdgecaseError(
      'InvalidOption',
      `${what}: expected one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${describeValue(value)}.${near ? ` Did you mean '${near}'?` : ''}`,
      { value },
    );
  }
  return value as T;
}

/** `expect(response).toHaveCacheResult('Hit')`: the X-Cache result CloudFront reported. */
export const toHaveCacheResult = defineMatcher<ReadResponse, [CacheResult]>({
  name: 'toHaveCacheResult',
  subject,
  label,
  expectation: (_read, [expected]) =>
    `have cache result ${oneOf(expected, CACHE_RESULTS, 'toHaveCacheResult')}`,
  evaluate: (read, [expected]) => ({
    pass: read.xCache === expected,
    found: () =>
      read.xCache ? `X-Cache says ${read.xCache}` : 'it has no X-Cache header (not from CloudFront)',
    details: details(read),
    actual: read.xCache,
    expected,
    ...withTimeline(read),
  }),
});

/**
 * `expect(response).toBeServedFrom('regional')`: which tier answered. Reads the trace, so the
 * response must come from the test's `cdn` (directly or through the intercepted `fetch`).
 */
export const toBeServedFrom = defineMatcher<ReadResponse, [ServedFromTier]>({
  name: 'toBeServedFrom',
  subject,
  label,
  expectation: (read, [tier]) => {
    oneOf(tier, TIERS, 'toBeServedFrom');
    if (!read.record) {
      throw new EdgecaseError(
        'InvalidOption',
        `toBeServedFrom: expected a response of the test's cdn (it reads the trace), got ${describeId(read.response.headers.get('x-amz-cf-id'))}.`,
        { hint: "For a real CloudFront response, assert X-Cache with toHaveCacheResult('Hit')." },
      );
    }
    return `be served from ${tier === 'origin' ? 'the origin' : tier === 'cloudfront' ? 'CloudFront itself' : `the ${tier} tier`}`;
  },
  evaluate: (read, [tier]) => {
    const request = read.record!.request;
    return {
      pass: request.servedFrom === tier,
      found: () =>
        `it was served from ${request.servedFrom} (${request.tiers.map((t) => `${t.tier} ${t.outcome}`).join(', ') || 'no cache tier'})`,
      details: details(read),
      actual: request.servedFrom,
      expected: tier,
      ...withTimeline(read),
    };
  },
});

/** `expect(response).toHaveAge('9s')`: the Age header, in whole seconds. */
export const toHaveAge = defineMatcher<ReadResponse, [Duration]>({
  name: 'toHaveAge',
  subject,
  label,
  expectation: (_read, [age]) => {
    const ms = toMs(age, 'toHaveAge age');
    if (ms % 1000 !== 0) {
      throw new EdgecaseError(
        'InvalidDuration',
        `toHaveAge age: expected whole seconds (Age is in seconds), got ${describeValue(age)}.`,
        { value: age },
      );
    }
    return `have Age ${ms / 1000}`;
  },
  evaluate: (read, [age]) => {
    const seconds = toMs(age) / 1000;
    return {
      pass: read.ageSeconds === seconds,
      found: () => (read.ageSeconds === undefined ? 'it has no Age header' : `its Age is ${read.ageSeconds}`),
      details: details(read),
      actual: read.ageSeconds,
      expected: seconds,
      ...withTimeline(read),
    };
  },
});

/**
 * `expect(response).toServeVersion(putResult)` compares the ETag (synchronous);
 * `await expect(response).toServeVersion('v2')` compares the body (asynchronous, reads a clone).
 */
export const toServeVersion = defineMatcher<ReadResponse, [Version]>({
  name: 'toServeVersion',
  subject,
  label,
  expectation: (read, [version]) => {
    const resolved = resolveVersion(version, 'toServeVersion');
    if (resolved.kind === 'body' && read.response.bodyUsed) {
      throw new EdgecaseError(
        'InvalidOption',
        'toServeVersion: expected a response whose body is unread, got one already read.',
        { hint: 'Compare the ETag instead ({ etag } or the PutResult), or assert before reading the body.' },
      );
    }
    return `serve version ${describeVersion(resolved)}`;
  },
  evaluate: (read, [version]) => {
    const expected = resolveVersion(version, 'toServeVersion');
    if (expected.kind === 'etag') {
      const actual = bareEtag(read.etag);
      return {
        pass: actual === expected.etag,
        found: () => (actual ? `it served ETag "${actual}"` : 'it has no ETag'),
        details: details(read),
        actual,
        expected: expected.etag,
        ...withTimeline(read),
      };
    }
    return read.response
      .clone()
      .bytes()
      .then((body) => ({
        pass: sameBytes(body, expected.body),
        found: () => `it served ${describeBody(body, bareEtag(read.etag))}`,
        details: details(read),
        ...withTimeline(read),
      }));
  },
});

function describeId(id: string | null): string {
  return id === null
    ? 'one without an X-Amz-Cf-Id header'
    : `one whose X-Amz-Cf-Id ${id} is not in its trace`;
}

function withTimeline(read: ReadResponse) {
  const t = timeline(read);
  return t ? { timeline: t } : {};
}
