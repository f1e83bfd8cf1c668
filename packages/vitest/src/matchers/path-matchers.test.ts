import { createCdn, memoryOrigin } from '@edgecase/cdn';
import { test as plain } from 'vitest';
import { outcome } from '../../test/support/outcome.js';
import { describe, expect, onCdn, test } from '../index.js';

test.override('cdnOptions', { topology: { pops: ['SFO5'], serversPerPop: 2 } });

describe('toBeNegativelyCached', () => {
  test('pass, fail, .not', async ({ cdn, origin, clock }) => {
    await cdn.fetch('/a.png', { server: 1 });
    await origin.put('a.png', 'png');
    await clock.advance('4s');
    expect(
      await outcome(() => expect('/a.png').toBeNegativelyCached({ status: 404, for: '6s' })),
    ).toMatchInlineSnapshot(`"pass"`);
    expect(await outcome(() => expect('/a.png').toBeNegativelyCached({ for: '7s' }))).toMatchInlineSnapshot(`
      "Error: toBeNegativelyCached: expected /a.png to be negatively cached for at least 7s, but SFO5-C1, SFO5-C2 would serve a cached 404 until t+10s, 6s from now.
        TTL: 404 cached 10 s by ErrorCachingMinTTL at SFO5-C1 (stored t+0s)

      Timeline of /a.png:
        t+0s        origin GET /a.png → 404 (asked by REC-us-east-1)
        t+0s      GET /a.png → 404 Error at SFO5-C1 · edge miss: 404 cached 10 s by ErrorCachingMinTTL | regional miss: 404 cached 10 s by ErrorCachingMinTTL"
    `);
    expect(await outcome(() => expect('/a.png').not.toBeNegativelyCached())).toMatchInlineSnapshot(`
      "Error: toBeNegativelyCached: expected /a.png not to be negatively cached, but SFO5-C1, SFO5-C2 would serve a cached 404 until t+10s, 6s from now.
        TTL: 404 cached 10 s by ErrorCachingMinTTL at SFO5-C1 (stored t+0s)

      Timeline of /a.png:
        t+0s        origin GET /a.png → 404 (asked by REC-us-east-1)
        t+0s      GET /a.png → 404 Error at SFO5-C1 · edge miss: 404 cached 10 s by ErrorCachingMinTTL | regional miss: 404 cached 10 s by ErrorCachingMinTTL"
    `);
    await clock.advance('6s');
    expect(await outcome(() => expect('/a.png').toBeNegativelyCached())).toMatchInlineSnapshot(`
      "Error: toBeNegativelyCached: expected /a.png to be negatively cached, but no edge server would answer it from a cached error (0 of 2 would answer from a cached copy, the rest would ask the origin).

      Timeline of /a.png:
        t+0s        origin GET /a.png → 404 (asked by REC-us-east-1)
        t+0s      GET /a.png → 404 Error at SFO5-C1 · edge miss: 404 cached 10 s by ErrorCachingMinTTL | regional miss: 404 cached 10 s by ErrorCachingMinTTL"
    `);
  });

  test('misuse throws', async () => {
    // @ts-expect-error options object
    expect(await outcome(() => expect('/a.png').toBeNegativelyCached(404))).toMatchInlineSnapshot(
      `"EdgecaseError(InvalidOption): [edgecase] toBeNegativelyCached options: expected an options object, got 404."`,
    );
    // A typo fails loudly (it used to pass: the misspelt option was ignored).
    expect(
      // @ts-expect-error misspelt option
      await outcome(() => expect('/a.png').toBeNegativelyCached({ status: 404, fro: '10s' })),
    ).toMatchInlineSnapshot(
      `"EdgecaseError(InvalidOption): [edgecase] toBeNegativelyCached options has an unknown option "fro": expected one of status, for, got "fro". Did you mean "for"?"`,
    );
    // @ts-expect-error misspelt option
    expect(await outcome(() => expect('/a.png').toBeNegativelyCached({ stauts: 403 }))).toMatchInlineSnapshot(
      `"EdgecaseError(InvalidOption): [edgecase] toBeNegativelyCached options has an unknown option "stauts": expected one of status, for, got "stauts". Did you mean "status"?"`,
    );
    expect(await outcome(() => expect('/a.png').toBeNegativelyCached({ status: 200 }))).toMatchInlineSnapshot(
      `"EdgecaseError(InvalidOption): [edgecase] toBeNegativelyCached status: expected an HTTP error status (400-599), got 200."`,
    );
    expect(await outcome(() => expect('/a.png').not.toBeNegativelyCached({ for: -1 }))).toMatchInlineSnapshot(
      `"EdgecaseError(InvalidDuration): [edgecase] toBeNegativelyCached for: expected a number of milliseconds from 0 to 100 years, got -1."`,
    );
    expect(await outcome(() => expect('a.png').toBeNegativelyCached())).toMatchInlineSnapshot(
      `"EdgecaseError(InvalidUrl): [edgecase] toBeNegativelyCached: expected a path of this distribution, got "a.png". Give a path such as '/a.png' or a URL of d111111abcdef8.cloudfront.net."`,
    );
    expect(
      await outcome(() => expect('https://example.com/a.png').toBeNegativelyCached()),
    ).toMatchInlineSnapshot(
      `"EdgecaseError(InvalidUrl): [edgecase] toBeNegativelyCached: expected a path of this distribution, got "https://example.com/a.png". Give a path such as '/a.png' or a URL of d111111abcdef8.cloudfront.net."`,
    );
    expect(await outcome(() => expect(new Response()).toBeNegativelyCached())).toMatchInlineSnapshot(
      `"EdgecaseError(InvalidOption): [edgecase] toBeNegativelyCached: expected a path of the distribution ('/a.png', a URL of its domain, or onCdn(cdn, '/a.png')), got a Response (status 200). This matcher reads the distribution; the Response matchers (toHaveCacheResult, ...) read one response."`,
    );
  });
});

plain('a plain path needs the cdn fixture, or onCdn', async () => {
  expect(await outcome(() => expect('/a.png').toBeNegativelyCached())).toMatchInlineSnapshot(
    `"EdgecaseError(InvalidOption): [edgecase] toBeNegativelyCached: a plain path is resolved against the test's \`cdn\` fixture, and this test has none. Use \`test\` from '@edgecase/vitest' and destructure \`cdn\`, or name the distribution: onCdn(cdn, '/a.png')."`,
  );
  const cdn = createCdn({ origin: memoryOrigin() });
  await cdn.fetch('/a.png');
  expect(onCdn(cdn, '/a.png')).toBeNegativelyCached();
  expect(onCdn(cdn, 'https://d111111abcdef8.cloudfront.net/a.png')).toBeNegativelyCached({ status: 404 });
});

describe('toServeOneVersion', () => {
  // The bucket is in the POP's Region: no regional cache between the edge servers and the origin.
  test.override('cdnOptions', {
    topology: { pops: ['SFO5'], serversPerPop: 2 },
    originSettings: { region: 'us-east-1' },
  });

  test('pass, fail, .not', async ({ cdn, origin }) => {
    const v1 = await origin.put('a.txt', 'v1', { cacheControl: 'max-age=60' });
    await cdn.fetch('/a.txt', { server: 1 });
    expect(await outcome(() => expect('/a.txt').toServeOneVersion(v1))).toMatchInlineSnapshot(`"pass"`);
    expect(await outcome(() => expect('/a.txt').not.toServeOneVersion(v1))).toMatchInlineSnapshot(`
      "Error: toServeOneVersion: expected /a.txt not to serve ETag "6654c734ccab8f440ff0825eb443dc7f" on every edge server, but all 2 edge servers would serve "v1" (ETag 6654c734ccab8f440ff0825eb443dc7f).
        SFO5-C1, SFO5-C2: "v1" (ETag 6654c734ccab8f440ff0825eb443dc7f) from the edge copy stored t+0s, fresh until t+1min (max-age=60)

      Timeline of /a.txt:
        t+0s        origin GET /a.txt → 200 "6654c734ccab8f440ff0825eb443dc7f" (asked by SFO5-C1)
        t+0s      GET /a.txt → 200 Miss "6654c734ccab8f440ff0825eb443dc7f" at SFO5-C1 · edge miss: max-age=60"
    `);
    await origin.put('a.txt', 'v2', { cacheControl: 'max-age=60' });
    expect(await outcome(() => expect('/a.txt').toServeOneVersion())).toMatchInlineSnapshot(`
      "Error: toServeOneVersion: expected /a.txt to serve one version on every edge server, but the 2 edge servers would serve 2 versions.
        SFO5-C1: "v1" (ETag 6654c734ccab8f440ff0825eb443dc7f) from the edge copy stored t+0s, fresh until t+1min (max-age=60)
        SFO5-C2: "v2" (ETag 1b267619c4812cc46ee281747884ca50) from the origin

      Timeline of /a.txt:
        t+0s        origin GET /a.txt → 200 "6654c734ccab8f440ff0825eb443dc7f" (asked by SFO5-C1)
        t+0s      GET /a.txt → 200 Miss "6654c734ccab8f440ff0825eb443dc7f" at SFO5-C1 · edge miss: max-age=60"
    `);
    expect(await outcome(() => expect('/a.txt').not.toServeOneVersion('v1'))).toMatchInlineSnapshot(`"pass"`);
  });

  test('compares against the origin for servers that would ask it', async ({ cdn, origin }) => {
    const v1 = await origin.put('b.txt', 'v1', { cacheControl: 'no-store' });
    await cdn.fetch('/b.txt', { server: 1 });
    expect(await outcome(() => expect('/b.txt').toServeOneVersion('v2'))).toMatchInlineSnapshot(`
      "Error: toServeOneVersion: expected /b.txt to serve "v2" on every edge server, but all 2 edge servers would serve "v1" (ETag 6654c734ccab8f440ff0825eb443dc7f).
        SFO5-C1, SFO5-C2: "v1" (ETag 6654c734ccab8f440ff0825eb443dc7f) from the origin

      Timeline of /b.txt:
        t+0s        origin GET /b.txt → 200 "6654c734ccab8f440ff0825eb443dc7f" (asked by SFO5-C1)
        t+0s      GET /b.txt → 200 Miss "6654c734ccab8f440ff0825eb443dc7f" at SFO5-C1 · edge miss: Cache-Control: no-store overridden by MinTTL 1 s"
    `);
    await expect('/b.txt').toServeOneVersion(v1);
  });

  test('misuse throws', async () => {
    // @ts-expect-error not a version
    expect(await outcome(() => expect('/a.txt').toServeOneVersion(42))).toMatchInlineSnapshot(
      `"EdgecaseError(InvalidOption): [edgecase] toServeOneVersion: expected a version (a body string, bytes, or { etag } such as origin.put's result), got 42."`,
    );
  });
});

describe('toBecomeVisibleEverywhereWithin', () => {
  test('pass, fail, .not', async ({ cdn, origin, clock }) => {
    await origin.put('a.txt', 'v1', { cacheControl: 'max-age=60' });
    await cdn.fetch('/a.txt', { server: 1 });
    await clock.advance('20s');
    await origin.put('a.txt', 'v2', { cacheControl: 'max-age=60' });
    expect(
      await outcome(() => expect('/a.txt').toBecomeVisibleEverywhereWithin('40s')),
    ).toMatchInlineSnapshot(`"pass"`);
    expect(
      await outcome(() => expect('/a.txt').toBecomeVisibleEverywhereWithin('39s')),
    ).toMatchInlineSnapshot(`
      "Error: toBecomeVisibleEverywhereWithin: expected /a.txt to serve the current version on every edge server within 39s, but SFO5-C1, SFO5-C2 would serve another version until t+1min, 40s from now.
        SFO5-C1: "v1" (ETag 6654c734ccab8f440ff0825eb443dc7f) held by SFO5-C1 until t+1min (max-age=60)
        SFO5-C2: "v1" (ETag 6654c734ccab8f440ff0825eb443dc7f) held by REC-us-east-1 until t+1min (max-age=60)

      Timeline of /a.txt:
        t+0s        origin GET /a.txt → 200 "6654c734ccab8f440ff0825eb443dc7f" (asked by REC-us-east-1)
        t+0s      GET /a.txt → 200 Miss "6654c734ccab8f440ff0825eb443dc7f" at SFO5-C1 · edge miss: max-age=60 | regional miss: max-age=60"
    `);
    expect(
      await outcome(() => expect('/a.txt').not.toBecomeVisibleEverywhereWithin('1m')),
    ).toMatchInlineSnapshot(`
      "Error: toBecomeVisibleEverywhereWithin: expected /a.txt not to serve the current version on every edge server within 1min, but every edge server would serve it by t+1min, 40s from now.

      Timeline of /a.txt:
        t+0s        origin GET /a.txt → 200 "6654c734ccab8f440ff0825eb443dc7f" (asked by REC-us-east-1)
        t+0s      GET /a.txt → 200 Miss "6654c734ccab8f440ff0825eb443dc7f" at SFO5-C1 · edge miss: max-age=60 | regional miss: max-age=60"
    `);
  });

  test('misuse throws', async ({ origin }) => {
    expect(
      await outcome(() => expect('/a.txt').toBecomeVisibleEverywhereWithin('10s')),
    ).toMatchInlineSnapshot(
      `"EdgecaseError(InvalidOption): [edgecase] toBecomeVisibleEverywhereWithin: expected an object at the origin for /a.txt, got none (nothing to become visible). Pass the version you expect: toBecomeVisibleEverywhereWithin(duration, putResult)."`,
    );
    await origin.put('a.txt', 'v1');
    expect(await outcome(() => expect('/a.txt').toBecomeVisibleEverywhereWithin(-5))).toMatchInlineSnapshot(
      `"EdgecaseError(InvalidDuration): [edgecase] toBecomeVisibleEverywhereWithin duration: expected a number of milliseconds from 0 to 100 years, got -5."`,
    );
    const soon = 'soon' as '1s';
    expect(await outcome(() => expect('/a.txt').toBecomeVisibleEverywhereWithin(soon))).toMatchInlineSnapshot(
      `"EdgecaseError(InvalidDuration): [edgecase] toBecomeVisibleEverywhereWithin duration: expected milliseconds or a string like '500ms', '10s', '5m', '24h', '7d', got "soon"."`,
    );
  });
});

describe('toShareCacheEntryWith', () => {
  test('pass, fail, .not', async ({ cdn }) => {
    await cdn.fetch('/app.js?v=1', { headers: { 'accept-encoding': 'gzip' } });
    expect(
      await outcome(() => expect('/app.js?v=2').toShareCacheEntryWith('/app.js?v=1')),
    ).toMatchInlineSnapshot(`"pass"`);
    expect(
      await outcome(() => expect('/app.js?v=2').not.toShareCacheEntryWith('/app.js?v=1')),
    ).toMatchInlineSnapshot(`
      "Error: toShareCacheEntryWith: expected /app.js?v=2 not to share a cache entry with /app.js?v=1, but both use cache key "d111111abcdef8.cloudfront.net/app.js\\nae:gzip".
        behaviour *, cache policy CachingOptimized: no query string is in the cache key

      Timeline of /app.js?v=2:
        t+0s        origin GET /app.js → 404 (asked by REC-us-east-1)
        t+0s      GET /app.js → 404 Error at SFO5-C1 · edge miss: 404 cached 10 s by ErrorCachingMinTTL | regional miss: 404 cached 10 s by ErrorCachingMinTTL"
    `);
    expect(await outcome(() => expect('/app.js').toShareCacheEntryWith('/App.js'))).toMatchInlineSnapshot(`
      "Error: toShareCacheEntryWith: expected /app.js to share a cache entry with /App.js, but their cache keys differ: "d111111abcdef8.cloudfront.net/app.js\\nae:gzip" and "d111111abcdef8.cloudfront.net/App.js\\nae:gzip".
        behaviour *, cache policy CachingOptimized: no query string is in the cache key

      Timeline of /app.js:
        t+0s        origin GET /app.js → 404 (asked by REC-us-east-1)
        t+0s      GET /app.js → 404 Error at SFO5-C1 · edge miss: 404 cached 10 s by ErrorCachingMinTTL | regional miss: 404 cached 10 s by ErrorCachingMinTTL"
    `);
  });

  test('keys on the query string where the cache policy says so', async ({ cdn }) => {
    const other = createCdn({
      origin: memoryOrigin(),
      defaultCacheBehavior: { cachePolicy: 'UseOriginCacheControlHeaders-QueryStrings' },
    });
    expect(onCdn(other, '/app.js?v=2')).not.toShareCacheEntryWith('/app.js?v=1');
    expect('/app.js?v=2').toShareCacheEntryWith('/app.js?v=1');
    expect(
      await outcome(() => expect('/a.js').toShareCacheEntryWith(onCdn(other, '/a.js'))),
    ).toMatchInlineSnapshot(
      `"EdgecaseError(InvalidOption): [edgecase] toShareCacheEntryWith: expected a path of the same distribution, got one of another Cdn."`,
    );
    expect(cdn).toBeDefined();
  });
});

describe('toHaveBeenFetchedFromOriginTimes', () => {
  test('pass, fail, .not', async ({ cdn, origin }) => {
    await origin.put('a.txt', 'v1', { cacheControl: 'max-age=60' });
    await cdn.fetch('/a.txt', { server: 1 });
    await cdn.fetch('/a.txt', { server: 2 });
    expect(await outcome(() => expect('/a.txt').toHaveBeenFetchedFromOriginTimes(1))).toMatchInlineSnapshot(
      `"pass"`,
    );
    expect(await outcome(() => expect('/a.txt').toHaveBeenFetchedFromOriginTimes(2))).toMatchInlineSnapshot(`
      "Error: toHaveBeenFetchedFromOriginTimes: expected /a.txt to have been fetched from the origin 2 times, but it was fetched 1 time.

      Timeline of /a.txt:
        t+0s        origin GET /a.txt → 200 "6654c734ccab8f440ff0825eb443dc7f" (asked by REC-us-east-1)
        t+0s      GET /a.txt → 200 Miss "6654c734ccab8f440ff0825eb443dc7f" at SFO5-C1 · edge miss: max-age=60 | regional miss: max-age=60
        t+0s      GET /a.txt → 200 Hit "6654c734ccab8f440ff0825eb443dc7f" age 0s at SFO5-C2 · edge miss: max-age=60 | regional hit"
    `);
    expect(
      await outcome(() => expect('/a.txt').not.toHaveBeenFetchedFromOriginTimes(1)),
    ).toMatchInlineSnapshot(`
      "Error: toHaveBeenFetchedFromOriginTimes: expected /a.txt not to have been fetched from the origin 1 time, but it was fetched 1 time.

      Timeline of /a.txt:
        t+0s        origin GET /a.txt → 200 "6654c734ccab8f440ff0825eb443dc7f" (asked by REC-us-east-1)
        t+0s      GET /a.txt → 200 Miss "6654c734ccab8f440ff0825eb443dc7f" at SFO5-C1 · edge miss: max-age=60 | regional miss: max-age=60
        t+0s      GET /a.txt → 200 Hit "6654c734ccab8f440ff0825eb443dc7f" age 0s at SFO5-C2 · edge miss: max-age=60 | regional hit"
    `);
  });

  test('misuse throws', async () => {
    expect(await outcome(() => expect('/a.txt').toHaveBeenFetchedFromOriginTimes(-1))).toMatchInlineSnapshot(
      `"EdgecaseError(InvalidOption): [edgecase] toHaveBeenFetchedFromOriginTimes: expected a whole number >= 0, got -1."`,
    );
    expect(await outcome(() => expect('/a.txt').toHaveBeenFetchedFromOriginTimes(1.5))).toMatchInlineSnapshot(
      `"EdgecaseError(InvalidOption): [edgecase] toHaveBeenFetchedFromOriginTimes: expected a whole number >= 0, got 1.5."`,
    );
  });
});

// #region message
test('a failure explains itself: the servers, the rule that set the TTL, the timeline', async ({
  origin,
  clock,
}) => {
  await fetch('https://d111111abcdef8.cloudfront.net/avatars/42.png'); // the app, before the upload
  await origin.put('avatars/42.png', 'png');
  await clock.advance('3s');
  expect(
    await outcome(() => expect('/avatars/42.png').toBecomeVisibleEverywhereWithin('5s')),
  ).toMatchInlineSnapshot(`
    "Error: toBecomeVisibleEverywhereWithin: expected /avatars/42.png to serve the current version on every edge server within 5s, but SFO5-C1, SFO5-C2 would serve another version until t+10s, 7s from now.
      SFO5-C1: a cached 404 held by SFO5-C1 until t+10s (404 cached 10 s by ErrorCachingMinTTL)
      SFO5-C2: a cached 404 held by REC-us-east-1 until t+10s (404 cached 10 s by ErrorCachingMinTTL)

    Timeline of /avatars/42.png:
      t+0s        origin GET /avatars/42.png → 404 (asked by REC-us-east-1)
      t+0s      GET /avatars/42.png → 404 Error at SFO5-C1 · edge miss: 404 cached 10 s by ErrorCachingMinTTL | regional miss: 404 cached 10 s by ErrorCachingMinTTL"
  `);
});
// #endregion
