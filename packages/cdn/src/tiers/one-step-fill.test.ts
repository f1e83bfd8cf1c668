// The one-step fills are shortcuts of the full path (atNode → missAt → fill → filled) for the
// explorer's most common requests: an edge miss the regional cache answers from its fresh copy
// (`fillFromUpstreamCopy`), and a miss at both tiers (`fillBoth`; the origin answers at once, or
// later when a fault is set). The same scenario run with them and without them gives the same
// responses (status, every header, body), the same trace, record for record, and the same copies.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CdnOptions, createCdn, ManualClock, memoryOrigin } from '../index.js';
import { oneStepFillCount, setOneStepFills } from './tier-fetch.js';

const PATHS = ['/a.html', '/b.js', '/c.txt'];
const CACHE_CONTROLS = [
  'max-age=60',
  'max-age=5, stale-while-revalidate=30',
  'no-cache',
  's-maxage=20',
  'no-store',
  'private, max-age=30',
  undefined,
];
const ENCODINGS = [undefined, 'gzip', 'br, gzip'];

type Op =
  | { k: 'put'; path: number; cc: number; big: boolean; type: 'text/html' | 'image/png' }
  | { k: 'del'; path: number }
  | { k: 'get'; requests: { path: number; pop: number; server: number; enc: number; head: boolean }[] }
  | { k: 'adv'; ms: number }
  | { k: 'inv'; path: number }
  | { k: 'fault'; fault: (typeof FAULTS)[number] };

/** Origin faults: an answer later (latency, timeout) or at once but through `fetch` (a 503, refused). */
const FAULTS = ['latency', 'respond-503', 'refused', 'timeout', 'clear'] as const;

const put = fc.record({
  k: fc.constant('put' as const),
  path: fc.nat(2),
  cc: fc.nat(CACHE_CONTROLS.length - 1),
  big: fc.boolean(),
  type: fc.constantFrom('text/html' as const, 'image/png' as const),
});
const get = fc.record({
  k: fc.constant('get' as const),
  requests: fc.array(
    fc.record({
      path: fc.nat(2),
      pop: fc.nat(1),
      server: fc.nat(2),
      enc: fc.nat(ENCODINGS.length - 1),
      head: fc.boolean(),
    }),
    { minLength: 1, maxLength: 3 },
  ),
});
// Mostly requests, so that copies spread over the servers and regional caches.
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 2, arbitrary: put },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('del' as const), path: fc.nat(2) }) },
  { weight: 8, arbitrary: get },
  {
    weight: 2,
    arbitrary: fc.record({ k: fc.constant('adv' as const), ms: fc.integer({ min: 0, max: 40_000 }) }),
  },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('inv' as const), path: fc.nat(2) }) },
  {
    weight: 1,
    arbitrary: fc.record({ k: fc.constant('fault' as const), fault: fc.constantFrom(...FAULTS) }),
  },
);

const ORIGIN_FORMS = ['plain', 'same-region', 'shield', 'custom-region'] as const;
const POLICIES = ['CachingOptimized', 'CachingDisabled', 'custom'] as const;

const scenario = fc.record({
  origin: fc.constantFrom(...ORIGIN_FORMS),
  policy: fc.constantFrom(...POLICIES),
  errorPage: fc.boolean(),
  ops: fc.array(op, { minLength: 5, maxLength: 40, size: 'max' }),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

/** Everything a viewer and the trace saw in `sc`, one line each. */
async function transcript(sc: Scenario): Promise<string[]> {
  const clock = new ManualClock();
  const origin = memoryOrigin({ clock });
  const forms: Record<(typeof ORIGIN_FORMS)[number], CdnOptions['origin']> = {
    plain: origin,
    'same-region': { origin, region: 'us-east-1' },
    shield: { origin, originShield: { enabled: true, originShieldRegion: 'us-west-2' } },
    'custom-region': { origin, region: 'eu-west-1' },
  };
  const cdn = createCdn({
    clock,
    origin: forms[sc.origin],
    topology: {
      pops: [
        { id: 'IAD89', region: 'us-east-1' },
        { id: 'SFO5', region: 'us-west-2' },
      ],
      serversPerPop: 3,
    },
    defaultCacheBehavior: {
      cachePolicy:
        sc.policy === 'custom' ? { minTTL: 0, defaultTTL: 5, maxTTL: 60 } : (sc.policy as 'CachingOptimized'),
    },
    ...(sc.errorPage ? { customErrorResponses: [{ errorCode: 404, errorCachingMinTTL: 3 }] } : {}),
  });
  const lines: string[] = [];
  // Requests are awaited in their step unless a fault makes the origin answer on the clock: then
  // they are read at the end (`adv` steps and the final advance let them finish).
  const later: { i: number; responses: Promise<Response[]> }[] = [];
  let slow = false;
  const record = async (i: number, responses: Response[]) => {
    for (const response of responses) {
      const headers = [...response.headers].map(([name, value]) => `${name}: ${value}`).join('; ');
      const body = new Uint8Array(await response.arrayBuffer());
      lines.push(`${i} ${response.status} [${headers}] ${body.byteLength} B ${body.slice(0, 8).join(',')}`);
    }
  };
  for (const [i, o] of sc.ops.entries()) {
    const path = PATHS[(o as { path?: number }).path ?? 0] as string;
    switch (o.k) {
      case 'put': {
        const cacheControl = CACHE_CONTROLS[o.cc];
        await origin.put(path.slice(1), o.big ? `${path} `.repeat(400) : path, {
          contentType: o.type,
          ...(cacheControl === undefined ? {} : { cacheControl }),
        });
        break;
      }
      case 'del':
        await origin.delete(path.slice(1));
        break;
      case 'adv':
        await clock.advance(o.ms);
        break;
      case 'inv':
        cdn.createInvalidation([path]);
        break;
      case 'fault':
        if (o.fault === 'latency') origin.faults.latency('2s');
        else if (o.fault === 'respond-503') origin.faults.respond(503, { times: 2 });
        else if (o.fault === 'refused') origin.faults.outage({ times: 2 });
        else if (o.fault === 'timeout') origin.faults.timeout({ times: 1 });
        else origin.faults.clear();
        // Once slow, always: a request still waiting on the clock holds the fetches that join it.
        if (o.fault === 'latency' || o.fault === 'timeout') slow = true;
        break;
      case 'get': {
        const responses = Promise.all(
          o.requests.map((r) => {
            const encoding = ENCODINGS[r.enc];
            return cdn.fetch(PATHS[r.path] as string, {
              method: r.head ? 'HEAD' : 'GET',
              pop: r.pop === 0 ? 'IAD89' : 'SFO5',
              server: r.server + 1,
              ...(encoding === undefined ? {} : { headers: { 'accept-encoding': encoding } }),
            });
          }),
        );
        if (slow) later.push({ i, responses });
        else await record(i, await responses);
        break;
      }
    }
  }
  await clock.advance(600_000);
  for (const { i, responses } of later) await record(i, await responses);
  lines.push(...cdn.trace.all().map((record) => JSON.stringify(record)));
  for (const node of cdn.nodes())
    for (const entry of node.entries()) lines.push(`${node.id} ${entry.key} ${entry.status} ${entry.etag}`);
  return lines;
}

describe('the one-step fills (fillFromUpstreamCopy, fillBoth)', () => {
  it('give the responses and trace of the full path in any scenario', { timeout: 60_000 }, async () => {
    const taken = oneStepFillCount();
    await fc.assert(
      fc.asyncProperty(scenario, async (sc) => {
        const shortcut = await transcript(sc);
        const before = setOneStepFills(false);
        let full: string[];
        try {
          full = await transcript(sc);
        } finally {
          setOneStepFills(before);
        }
        expect(shortcut).toEqual(full);
      }),
      { seed: 20_261_207, numRuns: 300 },
    );
    // The scenarios exercise the shortcuts (not only the cases they leave to the full path).
    expect(oneStepFillCount().fromCopy - taken.fromCopy).toBeGreaterThan(20);
    expect(oneStepFillCount().fromOrigin - taken.fromOrigin).toBeGreaterThan(20);
  });

  /** One POP of two servers over a bucket holding `a.txt`, and the tiers of its last request. */
  async function oneObject() {
    const clock = new ManualClock();
    const origin = memoryOrigin({ clock });
    const cdn = createCdn({ clock, origin, topology: { pops: ['IAD89'], serversPerPop: 2 } });
    await origin.put('a.txt', 'v1', { cacheControl: 'max-age=60' });
    const lastTiers = () =>
      cdn.trace
        .requests()
        .at(-1)
        ?.tiers.map((t) => `${t.tier}:${t.outcome}`);
    return { cdn, lastTiers };
  }

  it('is taken by an edge miss the regional cache answers (the trace says miss then hit)', async () => {
    const { cdn, lastTiers } = await oneObject();
    await cdn.fetch('/a.txt', { server: 1 });
    const taken = oneStepFillCount().fromCopy;
    const response = await cdn.fetch('/a.txt', { server: 2 });
    expect(response.headers.get('x-cache')).toBe('Hit from cloudfront');
    expect(lastTiers()).toEqual(['edge:miss', 'regional:hit']);
    expect(oneStepFillCount().fromCopy).toBe(taken + 1);
  });

  it('fills both tiers from an origin that answers at once (the trace says miss, miss)', async () => {
    const { cdn, lastTiers } = await oneObject();
    const taken = oneStepFillCount().fromOrigin;
    const response = await cdn.fetch('/a.txt', { server: 1 });
    expect(response.headers.get('x-cache')).toBe('Miss from cloudfront');
    expect(await response.text()).toBe('v1');
    expect(lastTiers()).toEqual(['edge:miss', 'regional:miss']);
    expect(oneStepFillCount().fromOrigin).toBe(taken + 1);
    const holders = cdn
      .inspect('/a.txt')
      .nodes.filter((n) => n.entries.length > 0)
      .map((n) => n.node);
    expect(holders).toEqual(['IAD89-C1', 'REC-us-east-1']);
  });
});
