// The explorer: a property over routings, timings and seeds, on fast-check. A failure is shrunk,
// printed with its draws and timeline, and replays from its seed and path.
import {
  delayArbitrary,
  ExplorationFailure,
  type ExploreBody,
  edgeArbitrary,
  expect,
  test,
  withExplore,
} from '@edgecase/vitest';
import fc from 'fast-check';
import { onTestFinished } from 'vitest';
import { outcome } from './support/outcome.js';

/** No viewer may land on SFO5-C3: a "bad server" the scenario never names. */
const avoidsOneServer: ExploreBody = async ({ cdn, origin, draw }) => {
  await origin.put('a.txt', 'v1', { cacheControl: 'max-age=60' });
  const viewers = draw.integer(1, 5);
  for (let i = 0; i < viewers; i++) {
    const response = await cdn.fetch('/a.txt');
    expect(response.headers.get('x-amz-cf-pop')).not.toBe('SFO5-C3');
  }
};

test('finds the one bad server, shrinks to one request, and replays it from the printed seed', async ({
  explore,
  cdn,
}) => {
  const failure = await explore({ runs: 200, seed: 41 }, avoidsOneServer).catch((error: unknown) => error);
  expect(failure).toBeInstanceOf(ExplorationFailure);
  const { seed, path, requests, timeline, draws, message, replay } = failure as ExplorationFailure;
  expect(seed).toBe(41);
  expect(requests).toBe(1);
  expect(draws).toEqual(['integer(1, 5) → 1']);
  expect(timeline).toMatch(/^t\+0s +GET \/a\.txt → 200 Miss .* at SFO5-C3/m);
  expect(replay).toBe(`EDGECASE_SEED=41:${path}`);
  expect(message).toContain(
    `EDGECASE_SEED=41:${path} npx vitest run packages/vitest/test/explore.test.ts -t 'finds the one bad server, shrinks to one request, and replays it from the printed seed'`,
  );
  // The distribution is left as the shrunk run left it: the report a failing test attaches shows that run.
  expect(cdn.trace.requests().map((r) => r.node)).toEqual(['SFO5-C3']);
  expect(cdn.trace.toHtml()).toContain('data-row="SFO5-C3"');
  expect(cdn.trace.toHtml()).not.toContain('data-row="IAD89-C1"');
  // The replay runs that one run, and fails the same way.
  const again = await explore({ seed, path }, avoidsOneServer).catch((error: unknown) => error);
  expect(again).toMatchObject({ requests: 1, timeline, reproduced: true });
});

test('the distribution, clock and bucket start over in every run', async ({ explore, cdn, clock }) => {
  const starts = new Set<number>();
  await explore({ runs: 20 }, async ({ cdn: runCdn, origin, clock: runClock, draw }) => {
    expect(runCdn).toBe(cdn);
    expect(runClock).toBe(clock);
    starts.add(clock.now());
    expect(await origin.keys()).toEqual([]);
    expect(cdn.trace.size).toBe(0);
    await origin.put('a.txt', 'v1');
    await cdn.fetch('/a.txt', draw.edge());
    await clock.advance(draw.delay('1s', '1h'));
  });
  expect([...starts]).toEqual([Date.UTC(2026, 0, 1)]);
});

test.explore(
  'test.explore: a passing property is a passing test',
  { runs: 30 },
  async ({ cdn, origin, draw }) => {
    await origin.put('a.txt', 'v1');
    const response = await cdn.fetch('/a.txt', draw.edge());
    expect(response.status).toBe(200);
  },
);

test.explore(
  'draw.edge() makes no server: only the one the request reached exists',
  { runs: 20 },
  async ({ cdn, origin, draw }) => {
    await origin.put('a.txt', 'v1');
    const edge = draw.edge();
    await cdn.fetch('/a.txt', edge);
    const edges = cdn.nodes().filter((node) => node.tier === 'edge');
    expect(edges.map((node) => node.id)).toEqual([`${edge.pop}-C${edge.server}`]);
  },
);

test('misuse is a typed error', async ({ explore }) => {
  const body: ExploreBody = () => {};
  expect(await outcome(() => explore({ runs: 0 }, body))).toMatchInlineSnapshot(
    `"EdgecaseError(InvalidOption): [edgecase] explore runs: expected a whole number from 1 to 10,000,000, got 0."`,
  );
  expect(await outcome(() => explore({ rnus: 5 } as never, body))).toMatchInlineSnapshot(
    `"EdgecaseError(InvalidOption): [edgecase] explore options has an unknown option "rnus": expected one of runs, seed, path, block, got "rnus". Did you mean "runs"?"`,
  );
  expect(await outcome(() => explore({ path: '1:2' }, body))).toMatchInlineSnapshot(
    `"EdgecaseError(InvalidOption): [edgecase] explore path: expected a seed with it (the path is a place in that seed’s runs), got "1:2". Copy both from the failure: { seed: 1234, path: '5:0' }."`,
  );
  expect(await outcome(() => explore({ block: '5/4' }, body))).toMatchInlineSnapshot(
    `"EdgecaseError(InvalidOption): [edgecase] explore block: expected '<index>/<count>' with 1 ≤ index ≤ count, such as '2/4', got "5/4"."`,
  );
  expect(await outcome(() => explore({}, 'body' as never))).toMatchInlineSnapshot(
    `"EdgecaseError(InvalidOption): [edgecase] explore: expected the scenario as a function, got string. explore({ runs: 100 }, async ({ cdn, clock, draw }) => { ... })"`,
  );
  expect(
    await outcome(() => explore({ runs: 1 }, ({ draw }) => void draw.delay('30s', '1s'))),
  ).toMatchInlineSnapshot(
    `"EdgecaseError(InvalidOption): [edgecase] draw.delay(): expected max at or above min (30000 ms), got "1s" (1000 ms). Write the shorter bound first: ('0s', '30s')."`,
  );
});

test('interleave runs every step of every actor once, each actor in its own order', async ({ explore }) => {
  const orders = new Set<string>();
  await explore({ runs: 60 }, async ({ draw }) => {
    const ran: string[] = [];
    const step = (name: string) => () => {
      ran.push(name);
    };
    await draw.interleave([step('a1'), step('a2'), step('a3')], [step('b1')], [step('c1'), step('c2')]);
    expect(ran.filter((n) => n.startsWith('a'))).toEqual(['a1', 'a2', 'a3']);
    expect(ran.filter((n) => n.startsWith('c'))).toEqual(['c1', 'c2']);
    expect(ran).toHaveLength(6);
    orders.add(ran.join(' '));
  });
  expect(orders.size).toBeGreaterThan(10);
});

test('the arbitraries compose into a property of your own', async ({ cdn, origin, clock }) => {
  await origin.put('a.txt', 'v1', { cacheControl: 'max-age=60' });
  await fc.assert(
    fc.asyncProperty(edgeArbitrary(cdn), delayArbitrary('0s', '59s'), async (edge, waitMs) => {
      cdn.reset();
      await cdn.fetch('/a.txt', edge);
      await clock.advance(waitMs);
      expect(await cdn.fetch('/a.txt', edge)).toHaveCacheResult('Hit');
    }),
    { numRuns: 30, seed: 1 },
  );
  expect(fc.sample(edgeArbitrary(cdn), { numRuns: 200, seed: 1 })).toContainEqual({ pop: 'SFO5', server: 4 });
  expect(await outcome(() => edgeArbitrary({} as never))).toMatchInlineSnapshot(
    `"EdgecaseError(InvalidOption): [edgecase] edgeArbitrary: expected a distribution from createCdn() or the \`cdn\` fixture, got {}."`,
  );
  expect(await outcome(() => delayArbitrary('1m', '1s'))).toMatchInlineSnapshot(
    `"EdgecaseError(InvalidOption): [edgecase] delayArbitrary: expected max at or above min (60000 ms), got "1s" (1000 ms). Write the shorter bound first: ('0s', '30s')."`,
  );
});

// A test made with test.extend keeps test.explore (it used to be lost); withExplore only tells
// TypeScript so.
const withSite = withExplore(
  test.extend('site', async ({ origin }) => {
    await origin.put('index.html', '<h1>home</h1>', { cacheControl: 'max-age=60' });
    return { page: '/index.html' };
  }),
);

// Each test's runs, by its own distribution (one per test), checked when that test finishes: no other
// test reads them, so the tests pass in any order (--sequence.shuffle).
const runsOf = new WeakMap<object, number>();
withSite.explore(
  'test.extend(...).explore: explores with the extended fixtures',
  { runs: 5 },
  async ({ cdn, origin, draw }) => {
    const runs = (runsOf.get(cdn) ?? 0) + 1;
    runsOf.set(cdn, runs);
    if (runs === 1) onTestFinished(() => expect(runsOf.get(cdn), 'runs of the body').toBe(5));
    await origin.put('index.html', '<h1>home</h1>', { cacheControl: 'max-age=60' });
    const viewers = draw.integer(1, 3);
    for (let i = 0; i < viewers; i++) expect((await cdn.fetch('/index.html')).status).toBe(200);
  },
);

test('test.extend(...) keeps .explore at run time, also extended twice', () => {
  const twice = test.extend('a', 1).extend('b', 2) as unknown as { explore?: unknown };
  expect(typeof twice.explore).toBe('function');
  expect(typeof (withSite as { explore?: unknown }).explore).toBe('function');
  expect(() => withExplore(null as never)).toThrow(/explore fixture/);
});
