import { describe, expect, it } from 'vitest';
import { createCdn } from '../cdn/cdn.js';
import { ManualClock } from '../clock/clock.js';
import { memoryOrigin } from '../origin/memory-origin.js';

function setup(options: Parameters<typeof createCdn>[0] = {}) {
  const clock = new ManualClock();
  const origin = memoryOrigin({ clock });
  const cdn = createCdn({ clock, origin, ...options });
  return { clock, origin, cdn };
}

describe('trace.stats', () => {
  it('counts hits, misses and errors as the cache statistics report does, with origin offload', async () => {
    const { cdn, origin } = setup();
    await origin.put('static/app.js', 'x'.repeat(100), { cacheControl: 'max-age=3600' });
    for (let i = 0; i < 4; i++) await cdn.fetch('/static/app.js', { pop: 'SFO5', server: 1 });
    await cdn.fetch('/missing.png', { pop: 'SFO5', server: 1 });
    const all = cdn.trace.stats();
    expect(all).toMatchObject({
      totalRequests: 5,
      results: { hit: 3, miss: 1, error: 1, refreshHit: 0, other: 0 },
      hitRate: 0.75,
      statusCodes: { '2xx': 4, '4xx': 1 },
      bytesToViewers: { fromMisses: 100 },
      originRequests: 2,
      complete: true,
      droppedRecords: 0,
    });
    expect(all.originOffload).toBeCloseTo(0.6);
    expect(cdn.trace.stats({ for: '/static/*' })).toMatchObject({
      totalRequests: 4,
      hitRate: 0.75,
      originRequests: 1,
      originBytes: 100,
      bytesToViewers: { total: 400 },
      originOffload: 0.75,
      byteOffload: 0.75,
    });
    expect(cdn.trace.stats({ pop: 'IAD89' }).totalRequests).toBe(0);
    expect(cdn.trace.stats({ pop: 'IAD89' }).hitRate).toBeUndefined();
  });

  it('groups by POP, behaviour, first path segment and time window', async () => {
    const { cdn, origin, clock } = setup();
    await origin.put('a/1.txt', 'one');
    await origin.put('b/2.txt', 'two');
    await cdn.fetch('/a/1.txt', { pop: 'SFO5', server: 1 });
    await clock.advance('2h');
    await cdn.fetch('/a/1.txt', { pop: 'IAD89', server: 1 });
    await cdn.fetch('/b/2.txt', { pop: 'IAD89', server: 1 });
    expect(cdn.trace.statsBy('pop').map((r) => [r.key, r.stats.totalRequests])).toEqual([
      ['IAD89', 2],
      ['SFO5', 1],
    ]);
    expect(cdn.trace.statsBy('prefix').map((r) => [r.key, r.stats.originRequests])).toEqual([
      ['/a/', 1], // IAD89's miss found the copy SFO5's miss left in the shared regional edge cache
      ['/b/', 1],
    ]);
    expect(cdn.trace.statsBy('behavior').map((r) => r.key)).toEqual(['*']);
    const windows = cdn.trace.statsBy('window', { every: '1h' });
    expect(windows.map((w) => w.stats.totalRequests)).toEqual([1, 0, 2]);
  });

  it('says when the ring dropped records inside the window', async () => {
    const { cdn, origin, clock } = setup({ trace: { limit: 4 } });
    await origin.put('a.txt', 'a');
    for (let i = 0; i < 4; i++) {
      await cdn.fetch('/a.txt', { pop: 'SFO5', server: 1 });
      await clock.advance('1s');
    }
    const stats = cdn.trace.stats();
    expect(stats.complete).toBe(false);
    expect(stats.droppedRecords).toBe(1);
    const later = cdn.trace.stats({ from: clock.now() - 2000 });
    expect(later).toMatchObject({ complete: true, totalRequests: 2 });
  });

  it('rejects unknown options and bad values with typed errors', () => {
    const { cdn } = setup();
    // @ts-expect-error a typo
    expect(() => cdn.trace.stats({ behaviour: '*' })).toThrow(/Did you mean "behavior"/);
    expect(() => cdn.trace.stats({ for: '' })).toThrow(/trace.stats\(\) for: expected a path pattern/);
    expect(cdn.trace.stats({ for: 'static/(a)+[b].js' }).totalRequests).toBe(0); // literal characters
    expect(() => cdn.trace.stats({ from: 10, to: 5 })).toThrow(
      /trace.stats\(\) to: expected a moment at or after/,
    );
    // @ts-expect-error not a dimension
    expect(() => cdn.trace.statsBy('server')).toThrow(/one of 'behavior', 'pop', 'prefix', 'window'/);
    expect(() => cdn.trace.statsBy('pop', { every: '1h' })).toThrow(/no `every` unless/);
  });
});

describe('trace.cost', () => {
  it('prices requests and bytes by the POP pricing region and invalidation paths beyond 1,000', async () => {
    const { cdn, origin } = setup({ topology: { pops: [{ id: 'FRA56', region: 'eu-central-1' }, 'IAD89'] } });
    await origin.put('a.txt', 'x'.repeat(1024));
    await cdn.fetch('/a.txt', { pop: 'FRA56' });
    await cdn.fetch('/a.txt', { pop: 'IAD89' });
    cdn.createInvalidation(Array.from({ length: 1002 }, (_, i) => `/p${i}`).slice(0, 3000));
    const cost = cdn.trace.cost();
    expect(cost.regions.map((r) => [r.region, r.requests, r.bytes])).toEqual([
      ['Europe, Israel, and Türkiye', 1, 1024],
      ['United States, Mexico, and Canada', 1, 1024],
    ]);
    expect(cost.priceClass).toBe('PriceClass_100');
    expect(cost.invalidations).toEqual({ paths: 1002, free: 1000, usd: 0.01 });
    expect(cost.pricesAsOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(cost.sources.join(' ')).toContain('https://aws.amazon.com/cloudfront/pricing/');
  });
});
