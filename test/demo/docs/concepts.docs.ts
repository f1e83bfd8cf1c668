// The code docs/concepts.md shows, run by the `docs` project of the root vitest.config.ts.
import { formatTimeline } from '@edgecase/cdn';
import { describe, expect, test } from '@edgecase/vitest';

// #region tiers
test('a miss travels edge server → regional cache → origin; the copies stay on the way', async ({
  cdn,
  origin,
}) => {
  await origin.put('logo.svg', '<svg/>');
  const first = await cdn.fetch('/logo.svg', { pop: 'SFO5', server: 1 });
  expect(first).toHaveCacheResult('Miss');
  expect(first).toBeServedFrom('origin');

  const other = await cdn.fetch('/logo.svg', { pop: 'IAD89', server: 2 }); // another POP, same regional cache
  expect(other).toHaveCacheResult('Hit');
  expect(other).toBeServedFrom('regional');
  expect(await cdn.fetch('/logo.svg', { pop: 'IAD89', server: 2 })).toBeServedFrom('edge');
});
// #endregion

// #region servers
describe('a bucket in the regional cache’s Region: each edge server on its own', () => {
  test.override('cdnOptions', { originSettings: { region: 'us-east-1' } }); // CloudFront skips that cache

  test('two servers of one POP, two versions', async ({ cdn, origin }) => {
    await origin.put('news.json', 'v1', { cacheControl: 'max-age=300' });
    await cdn.fetch('/news.json', { pop: 'SFO5', server: 1 });
    await origin.put('news.json', 'v2', { cacheControl: 'max-age=300' });

    await expect(await cdn.fetch('/news.json', { pop: 'SFO5', server: 1 })).toServeVersion('v1');
    await expect(await cdn.fetch('/news.json', { pop: 'SFO5', server: 2 })).toServeVersion('v2');
    await expect('/news.json').not.toServeOneVersion();
  });
});
// #endregion

// #region clock
test('time moves only when the test moves it', async ({ cdn, origin, clock }) => {
  await origin.put('app.css', 'body{}', { cacheControl: 'max-age=60' });
  await cdn.fetch('/app.css', { pop: 'SFO5', server: 1 });

  await clock.advance('59s');
  expect(await cdn.fetch('/app.css', { pop: 'SFO5', server: 1 })).toHaveCacheResult('Hit');
  await clock.advance('1s'); // expired: the next request revalidates, S3 answers 304
  expect(await cdn.fetch('/app.css', { pop: 'SFO5', server: 1 })).toHaveCacheResult('RefreshHit');
  expect(clock.date.toISOString()).toBe('2026-01-01T00:01:00.000Z'); // and no real time passed
});
// #endregion

// #region trace
test('the trace: every request and every origin fetch, in order', async ({ cdn, origin, clock }) => {
  await origin.put('a.css', 'body{}');
  await cdn.fetch('/a.css', { pop: 'SFO5', server: 1 });
  await clock.advance('5s');
  await cdn.fetch('/a.css', { pop: 'SFO5', server: 1 });

  expect(cdn.trace.requests().map((request) => request.xCache)).toEqual(['Miss', 'Hit']);
  expect(cdn.trace.originFetches()).toHaveLength(1);
  expect(formatTimeline(cdn.trace.all())).toMatchInlineSnapshot(`
    "t+0s        origin GET /a.css → 200 "aa676972bbd2b68e94ef8e91e81d20be" (asked by REC-us-east-1)
    t+0s      GET /a.css → 200 Miss "aa676972bbd2b68e94ef8e91e81d20be" at SFO5-C1 · edge miss: DefaultTTL 1 d (no max-age, s-maxage or Expires) | regional miss: DefaultTTL 1 d (no max-age, s-maxage or Expires)
    t+5s      GET /a.css → 200 Hit "aa676972bbd2b68e94ef8e91e81d20be" age 5s at SFO5-C1 · edge hit"
  `);
});
// #endregion

// #region inspection
test('inspection reads every cache and changes none; a request fills and counts', async ({ cdn, origin }) => {
  await origin.put('a.css', 'body{}');
  expect(cdn.inspect('/a.css').edges.every((edge) => edge.answer === 'origin')).toBe(true);

  await cdn.fetch('/a.css', { pop: 'SFO5', server: 1 }); // a request: copies on SFO5-C1 and the regional cache
  const edges = cdn.inspect('/a.css').edges;
  expect(edges.filter((edge) => edge.from === 'edge').map((edge) => edge.node)).toEqual(['SFO5-C1']);
  expect(edges.filter((edge) => edge.from === 'regional')).toHaveLength(7); // the other 7 servers
  expect('/a.css').toHaveBeenFetchedFromOriginTimes(1); // path matchers inspect: still 1

  // The app's fetch sends Accept-Encoding; cdn.fetch does not: another cache key, another fetch.
  await fetch('https://img.example.com/a.css');
  expect('/a.css').toHaveBeenFetchedFromOriginTimes(2);
});
// #endregion

// #region routing
test('routing: which edge location and server answer', async ({ cdn, viewer, origin }) => {
  await origin.put('a.css', 'body{}');
  const pinned = await cdn.fetch('/a.css', { pop: 'IAD89', server: 3 });
  expect(pinned.headers.get('x-amz-cf-pop')).toBe('IAD89-C3');

  // A viewer keeps its POP and lands on a random server of it each time (the default routing).
  const servers = new Set<number>();
  for (let i = 0; i < 20; i++) {
    await viewer.get('/a.css');
    servers.add(cdn.trace.requests().at(-1)?.server ?? 0);
  }
  expect(
    new Set(
      cdn.trace
        .requests()
        .slice(1)
        .map((request) => request.pop),
    ).size,
  ).toBe(1);
  expect(servers.size).toBeGreaterThan(1);

  const phone = viewer.as('phone', { routing: 'round-robin' }); // POPs and servers in turn
  expect((await phone.get('/a.css')).headers.get('x-amz-cf-pop')).not.toBe(
    (await phone.get('/a.css')).headers.get('x-amz-cf-pop'),
  );
});
// #endregion
