// Property: cdn.trace.stats() agrees with a plain count of what the viewers saw (each response's
// X-Cache, status, POP and body) and of the origin fetches in the trace, for any sequence of uploads,
// requests on any server, clock moves and invalidations, any filter (path pattern, POP, window), and
// any ring size — and when the ring dropped records in the window it says so instead of counting.
import { createCdn, ManualClock, memoryOrigin } from '@edgecase/cdn';
import fc from 'fast-check';
import { expect, it } from 'vitest';

const PATHS = ['/static/a.js', '/static/b.css', '/index.html', '/api/me'] as const;
const POPS = ['SFO5', 'FRA56'] as const;

type Op =
  | { kind: 'put'; path: (typeof PATHS)[number]; body: string; maxAge: number }
  | { kind: 'get'; path: (typeof PATHS)[number]; pop: (typeof POPS)[number]; server: number }
  | { kind: 'advance'; ms: number }
  | { kind: 'invalidate'; path: string };

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('put' as const),
      path: fc.constantFrom(...PATHS),
      body: fc.string({ maxLength: 40 }),
      maxAge: fc.constantFrom(0, 5, 60, 3600),
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('get' as const),
      path: fc.constantFrom(...PATHS),
      pop: fc.constantFrom(...POPS),
      server: fc.integer({ min: 1, max: 2 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 1, max: 120_000 }) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('invalidate' as const),
      path: fc.constantFrom('/static/*', '/index.html', '/*'),
    }),
  },
);

interface Seen {
  atMs: number;
  path: string;
  pop: string;
  xCache: string;
  status: number;
  bytes: number;
}

const filter = fc.record(
  {
    for: fc.constantFrom('/static/*', '/index.html', '/*', '/api/?e'),
    pop: fc.constantFrom(...POPS),
    fromFraction: fc.double({ min: 0, max: 1, noNaN: true }),
  },
  { requiredKeys: [] },
);

function globMatches(pattern: string, path: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.]/g, '\\.').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return re.test(path);
}

it('statistics agree with a count over what viewers saw and the trace recorded', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(op, { minLength: 1, maxLength: 40 }),
      fc.integer({ min: 3, max: 200 }),
      filter,
      async (ops, limit, f) => {
        const clock = new ManualClock();
        const origin = memoryOrigin({ clock });
        const cdn = createCdn({
          clock,
          origin,
          trace: { limit },
          topology: { pops: ['SFO5', { id: 'FRA56', region: 'eu-central-1' }], serversPerPop: 2 },
        });
        const seen: Seen[] = [];
        for (const o of ops) {
          if (o.kind === 'put')
            await origin.put(o.path.slice(1), o.body, { cacheControl: `max-age=${o.maxAge}` });
          else if (o.kind === 'advance') await clock.advance(o.ms);
          else if (o.kind === 'invalidate') cdn.createInvalidation([o.path]);
          else {
            const atMs = clock.now();
            const response = await cdn.fetch(o.path, { pop: o.pop, server: o.server });
            const body = new Uint8Array(await response.arrayBuffer());
            seen.push({
              atMs,
              path: o.path,
              pop: o.pop,
              xCache: response.headers.get('x-cache')!.replace(' from cloudfront', ''),
              status: response.status,
              bytes: body.byteLength,
            });
          }
        }
        const first = seen[0]?.atMs ?? 0;
        const last = clock.now();
        const fromMs =
          f.fromFraction === undefined ? undefined : Math.floor(first + (last - first) * f.fromFraction);
        const stats = cdn.trace.stats({
          ...(f.for !== undefined ? { for: f.for } : {}),
          ...(f.pop !== undefined ? { pop: f.pop } : {}),
          ...(fromMs !== undefined ? { from: fromMs, to: last + 1 } : {}),
        });
        const start = fromMs ?? Math.min(...cdn.trace.all().map((r) => r.atMs), Number.POSITIVE_INFINITY);
        const selected = seen.filter(
          (s) =>
            (f.for === undefined || globMatches(f.for, s.path)) &&
            (f.pop === undefined || s.pop === f.pop) &&
            (fromMs === undefined || s.atMs >= fromMs),
        );
        // Complete exactly when no dropped record was at or after the window's start.
        const droppedInWindow =
          cdn.trace.droppedThroughMs !== undefined && cdn.trace.droppedThroughMs >= start;
        expect(stats.complete).toBe(!droppedInWindow);
        expect(stats.droppedRecords).toBe(cdn.trace.dropped);
        if (!stats.complete) return;
        const count = (x: string) => selected.filter((s) => s.xCache === x).length;
        expect(stats.totalRequests).toBe(selected.length);
        expect(stats.results).toEqual({
          hit: count('Hit'),
          refreshHit: count('RefreshHit'),
          miss: count('Miss'),
          error: count('Error'),
          other: selected.length - count('Hit') - count('RefreshHit') - count('Miss') - count('Error'),
        });
        expect(stats.statusCodes['4xx']).toBe(
          selected.filter((s) => s.status >= 400 && s.status < 500).length,
        );
        expect(stats.bytesToViewers.total).toBe(selected.reduce((n, s) => n + s.bytes, 0));
        // Origin fetches: each counts with the viewer request that caused it.
        const requests = new Map(cdn.trace.requests().map((r) => [r.id, r]));
        const fetches = cdn.trace.originFetches().filter((o) => {
          const cause = requests.get(o.requestId);
          if (cause === undefined)
            return (
              f.pop === undefined &&
              (f.for === undefined || globMatches(f.for, o.path)) &&
              (fromMs === undefined || o.atMs >= fromMs)
            );
          return (
            (f.for === undefined || globMatches(f.for, cause.path)) &&
            (f.pop === undefined || cause.pop === f.pop) &&
            (fromMs === undefined || o.atMs >= fromMs)
          );
        });
        expect(stats.originRequests).toBe(fetches.length);
        // And, without a POP or window to narrow it, with the origin's own count of what it was asked.
        if (f.pop === undefined && fromMs === undefined) {
          const asked = PATHS.filter((p) => f.for === undefined || globMatches(f.for, p));
          expect(stats.originRequests).toBe(asked.reduce((n, p) => n + origin.requestCount(p), 0));
        }
        expect(stats.originBytes).toBe(fetches.reduce((n, o) => n + o.bytes, 0));
        const cacheable = count('Hit') + count('RefreshHit') + count('Miss');
        expect(stats.hitRate).toBe(
          cacheable === 0 ? undefined : (count('Hit') + count('RefreshHit')) / cacheable,
        );
      },
    ),
    { numRuns: 150, seed: 20_261_204 },
  );
}, 120_000);
