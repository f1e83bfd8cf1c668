import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock/clock.js';
import { SeededRandom } from '../clock/random.js';
import { EdgecaseError } from '../errors.js';
import { catchError } from '../test-support/catch-error.js';
import { InvalidationService } from './invalidation-service.js';
import type { InvalidationEntryView, InvalidationHost } from './types.js';

const NODES = ['SFO5-s1', 'SFO5-s2', 'IAD89-s1', 'REC-us-west-1', 'REC-us-east-1', 'shield-us-east-1'];
const START = Date.UTC(2026, 0, 1);

interface FakeOptions {
  seed?: number;
  nodes?: string[];
  minMs?: number;
  maxMs?: number;
  cacheTagHeader?: string;
}

/** A host whose caches are a Map of node id -> Map of entry key -> entry. */
function fakeHost({
  seed = 1,
  nodes = NODES,
  minMs = 10_000,
  maxMs = 100_000,
  cacheTagHeader,
}: FakeOptions = {}) {
  const clock = new ManualClock({ start: START });
  const caches = new Map(nodes.map((id) => [id, new Map<string, InvalidationEntryView>()]));
  const host: InvalidationHost = {
    clock,
    random: new SeededRandom(seed).fork('propagation'),
    nodeIds: () => nodes,
    purge(nodeId, matches) {
      const cache = caches.get(nodeId) as Map<string, InvalidationEntryView>;
      let removed = 0;
      for (const [key, entry] of cache) {
        if (matches(entry)) {
          cache.delete(key);
          removed++;
        }
      }
      return removed;
    },
    propagation: { minMs, maxMs },
    ...(cacheTagHeader ? { cacheTagHeader } : {}),
  };
  /** Caches `path?keyQuery` (with an optional header/cookie `variant`) on the given nodes. */
  const put = (target: string, { on = nodes, variant = '', tags = [] as string[] } = {}) => {
    const [path = '', keyQuery = ''] = target.split('?');
    for (const id of on) caches.get(id)?.set(`${target}#${variant}`, { path, keyQuery, tags });
  };
  /** Node ids that hold `target` (any variant). */
  const holders = (target: string) =>
    nodes.filter((id) => [...(caches.get(id)?.keys() ?? [])].some((key) => key.startsWith(`${target}#`)));
  return { clock, host, put, holders, service: new InvalidationService(host) };
}

describe('InvalidationService propagation', () => {
  it('gives each node its own moment within [minMs, maxMs], the same for the same seed', () => {
    const schedule = (seed: number) => [...fakeHost({ seed }).service.create(['/a']).reachedAtMs];
    const first = schedule(7);
    expect(first.map(([id]) => id)).toEqual(NODES);
    for (const [, atMs] of first) {
      expect(atMs).toBeGreaterThanOrEqual(START + 10_000);
      expect(atMs).toBeLessThanOrEqual(START + 100_000);
    }
    expect(new Set(first.map(([, atMs]) => atMs)).size).toBe(NODES.length);
    expect(schedule(7)).toEqual(first);
    expect(schedule(8)).not.toEqual(first);
  });

  it('purges node by node as the clock advances, then turns Completed', async () => {
    const { clock, put, holders, service } = fakeHost();
    put('/index.html');
    const invalidation = service.create(['/index.html']);
    expect(invalidation.status).toBe('InProgress');
    const order = [...invalidation.reachedAtMs].sort((a, b) => a[1] - b[1]);
    for (const [i, [nodeId, atMs]] of order.entries()) {
      await clock.set(atMs - 1);
      expect(invalidation.hasReached(nodeId)).toBe(false);
      expect(holders('/index.html')).toHaveLength(NODES.length - i);
      await clock.set(atMs);
      expect(invalidation.hasReached(nodeId)).toBe(true);
      expect(holders('/index.html')).not.toContain(nodeId);
      expect(invalidation.status).toBe(i === order.length - 1 ? 'Completed' : 'InProgress');
    }
    expect(invalidation.completesAtMs).toBe(order.at(-1)?.[1]);
    expect(service.get(invalidation.id).status).toBe('Completed');
  });

  it('resolves `completed` when the last node has purged, not before', async () => {
    const { clock, service } = fakeHost();
    const invalidation = service.create(['/a']);
    let done = false;
    void invalidation.completed.then(() => {
      done = true;
    });
    await clock.set(invalidation.completesAtMs - 1);
    expect(done).toBe(false);
    await clock.advance(1);
    expect(done).toBe(true);
    await expect(invalidation.completed).resolves.toBe(invalidation);
  });

  it('reaches regional edge caches and the Origin Shield too', async () => {
    const { clock, put, holders, service } = fakeHost();
    put('/a');
    await clock.set(service.create(['/a']).completesAtMs);
    expect(holders('/a')).toEqual([]);
  });

  it('keeps an entry re-cached on a node after that node purged', async () => {
    const { clock, put, holders, service } = fakeHost();
    put('/a');
    const invalidation = service.create(['/a']);
    const [firstNode, firstAtMs] = [...invalidation.reachedAtMs].sort((a, b) => a[1] - b[1])[0] as [
      string,
      number,
    ];
    await clock.set(firstAtMs);
    put('/a', { on: [firstNode] }); // a viewer request refills the node while others still serve the old copy
    await clock.set(invalidation.completesAtMs);
    expect(invalidation.status).toBe('Completed');
    expect(holders('/a')).toEqual([firstNode]);
  });

  it('removes header/cookie variants of a bare path but keeps its query-string variants', async () => {
    const { clock, put, holders, service } = fakeHost();
    put('/img.jpg', { variant: 'accept-language=en' });
    put('/img.jpg', { variant: 'accept-language=fr' });
    put('/img.jpg?w=100');
    await clock.set(service.create(['/img.jpg']).completesAtMs);
    expect(holders('/img.jpg')).toEqual([]);
    expect(holders('/img.jpg?w=100')).toEqual(NODES);
  });

  it('with minMs 0 and maxMs 0, every node purges at the creation moment', async () => {
    const { clock, put, holders, service } = fakeHost({ minMs: 0, maxMs: 0 });
    put('/a');
    const invalidation = service.create(['/a']);
    expect([...invalidation.reachedAtMs.values()]).toEqual(NODES.map(() => START));
    await clock.advance(0);
    expect(clock.now()).toBe(START);
    expect(invalidation.status).toBe('Completed');
    expect(holders('/a')).toEqual([]);
  });

  it('with no cache nodes, is Completed at once', async () => {
    const { service } = fakeHost({ nodes: [] });
    const invalidation = service.create(['/a']);
    expect(invalidation.status).toBe('Completed');
    await expect(invalidation.completed).resolves.toBe(invalidation);
  });
});

describe('InvalidationService ids, get and list', () => {
  it('gives ids of "I" and 13 upper-case alphanumerics, repeatable per seed', () => {
    const ids = (seed: number) => {
      const { service } = fakeHost({ seed });
      return [service.create(['/a']).id, service.create(['/b']).id];
    };
    const [a, b] = ids(3);
    expect(a).toMatch(/^I[A-Z0-9]{13}$/);
    expect(b).not.toBe(a);
    expect(ids(3)).toEqual([a, b]);
  });

  it('describes the batch as created', () => {
    const { service } = fakeHost();
    const invalidation = service.create(['/a', '/b/*'], { callerReference: 'deploy-42' });
    expect(invalidation).toMatchObject({ callerReference: 'deploy-42', paths: ['/a', '/b/*'] });
    expect(invalidation.createTime).toEqual(new Date(START));
  });

  it('lists newest first and gets by id', async () => {
    const { clock, service } = fakeHost();
    const first = service.create(['/a']);
    await clock.advance('1s');
    const second = service.create(['/b']);
    expect(service.list()).toEqual([second, first]);
    expect(service.get(first.id)).toBe(first);
  });

  it('lists nothing before any invalidation', () => {
    expect(fakeHost().service.list()).toEqual([]);
  });
});

describe('InvalidationService CallerReference idempotency', () => {
  it('returns the existing invalidation for the same reference and the same paths, in any order', () => {
    const { clock, service } = fakeHost();
    const first = service.create(['/a', '/b'], { callerReference: 'deploy-1' });
    const pending = clock.pending;
    expect(service.create(['/b', '/a'], { callerReference: 'deploy-1' })).toBe(first);
    expect(service.list()).toHaveLength(1);
    expect(clock.pending).toBe(pending);
  });

  it('rejects the same reference with different paths', () => {
    const { service } = fakeHost();
    const first = service.create(['/a'], { callerReference: 'deploy-1' });
    const error = catchError(() => service.create(['/a', '/c'], { callerReference: 'deploy-1' }));
    expect(error.code).toBe('InvalidationBatchAlreadyExists');
    expect(error.message).toBe(
      `[edgecase] CreateInvalidation: callerReference "deploy-1" was already used by invalidation ${first.id} for paths ["/a"], got paths ["/a","/c"]. Use a new callerReference for a different batch, or omit it to get a fresh one.`,
    );
    expect(service.list()).toHaveLength(1);
  });

  it('draws a fresh reference when none is given, so identical batches are separate', () => {
    const { service } = fakeHost();
    const a = service.create(['/a']);
    const b = service.create(['/a']);
    expect(a.callerReference).toMatch(/^edgecase-[0-9a-f]{16}$/);
    expect(b.callerReference).not.toBe(a.callerReference);
    expect(service.list()).toHaveLength(2);
  });
});

describe('InvalidationService in-progress limits', () => {
  it('rejects a 16th wildcard path in progress and accepts it once the earlier batch completes', async () => {
    const { clock, service } = fakeHost();
    const wildcards = Array.from({ length: 15 }, (_, i) => `/w${i}/*`);
    const first = service.create(wildcards);
    const error = catchError(() => service.create(['/x/*']));
    expect(error.code).toBe('TooManyInvalidationsInProgress');
    expect(error.message).toMatch(
      /15 wildcard paths in progress, and this request adds 0 file paths and 1 wildcard path/,
    );
    expect(error.message).toContain(`${first.id}, completes in`);
    expect(service.create(['/file.css']).status).toBe('InProgress'); // file paths have their own limit
    await clock.set(first.completesAtMs);
    expect(service.create(['/x/*']).status).toBe('InProgress');
  });

  it('counts file paths across in-progress batches up to 3,000', () => {
    const { service } = fakeHost();
    service.create(Array.from({ length: 2000 }, (_, i) => `/a${i}`));
    service.create(Array.from({ length: 1000 }, (_, i) => `/b${i}`));
    const error = catchError(() => service.create(['/c']));
    expect(error.code).toBe('TooManyInvalidationsInProgress');
    expect(error.message).toMatch(
      /^\[edgecase\] CreateInvalidation: 3000 file paths and 0 wildcard paths in progress/,
    );
  });
});

describe('InvalidationService cache tags', () => {
  it('purges entries carrying the tag when the distribution has a cache-tag header', async () => {
    const { clock, put, holders, service } = fakeHost({ cacheTagHeader: 'x-amz-meta-cache-tag' });
    put('/tv.html', { tags: ['Product:Electronics', 'category:tv'] });
    put('/sofa.html', { tags: ['product:furniture'] });
    await clock.set(service.create(['#product:electronics']).completesAtMs);
    expect(holders('/tv.html')).toEqual([]);
    expect(holders('/sofa.html')).toEqual(NODES);
  });

  it('rejects tags when the distribution has no cache-tag header', () => {
    const error = catchError(() => fakeHost().service.create(['#product:electronics']));
    expect(error.code).toBe('InvalidArgument');
    expect(error.message).toMatch(/^\[edgecase\] createInvalidation paths\[0\]: .*CacheTagConfig.HeaderName/);
  });
});

describe('InvalidationService billing', () => {
  it('bills nothing before any invalidation', () => {
    const { service } = fakeHost();
    expect(service.pathsBilledThisMonth()).toBe(0);
    expect(service.estimatedCostUsd()).toBe(0);
  });

  it('counts each path (a wildcard or tag as one) per UTC calendar month, and not CallerReference replays', async () => {
    const { clock, service } = fakeHost({ cacheTagHeader: 'x-cache-tag' });
    service.create(['/a', '/b', '/c/*', '#t'], { callerReference: 'r1' });
    service.create(['/a', '/b', '/c/*', '#t'], { callerReference: 'r1' });
    expect(service.pathsBilledThisMonth()).toBe(4);
    await clock.set(Date.UTC(2026, 1, 1));
    expect(service.pathsBilledThisMonth()).toBe(0);
    expect(service.pathsBilledThisMonth(START)).toBe(4);
  });

  it('charges $0.005 a path past the first 1,000 of the month', async () => {
    const { clock, service } = fakeHost({ minMs: 0, maxMs: 0 });
    for (let batch = 0; batch < 3; batch++) {
      service.create(Array.from({ length: 334 }, (_, i) => `/p${batch}-${i}`));
      await clock.advance(0);
    }
    expect(service.pathsBilledThisMonth()).toBe(1002);
    expect(service.estimatedCostUsd()).toBe(0.01);
  });
});

describe('InvalidationService bad input', () => {
  const service = () => fakeHost().service;
  it.each([
    [
      'paths not an array',
      () => service().create('/a' as never),
      'InvalidArgument',
      /paths: expected an array of paths .*got "\/a"/,
    ],
    [
      'no paths',
      () => service().create([]),
      'InvalidArgument',
      /paths: expected at least one path, got \[\]\. Pass the paths/,
    ],
    [
      'a path without "/"',
      () => service().create(['/ok', 'a.css']),
      'InvalidArgument',
      /paths\[1\]: expected a path starting with "\/", got "a.css"\. Write "\/a.css"/,
    ],
    [
      'a mid-path wildcard',
      () => service().create(['/images/*.jpg']),
      'InvalidArgument',
      /paths\[0\]: expected "\*" only as the last character/,
    ],
    [
      'a non-string path',
      () => service().create([null as never]),
      'InvalidArgument',
      /paths\[0\]: expected a string .*got null/,
    ],
    [
      'an empty callerReference',
      () => service().create(['/a'], { callerReference: '' }),
      'InvalidArgument',
      /callerReference: expected a non-empty string, got ""/,
    ],
    [
      'a numeric callerReference',
      () => service().create(['/a'], { callerReference: 7 as never }),
      'InvalidArgument',
      /callerReference: expected a non-empty string, got 7/,
    ],
    [
      'null options',
      () => service().create(['/a'], null as never),
      'InvalidArgument',
      /options: expected an options object, got null/,
    ],
    [
      'an unknown id',
      () => service().get('I0000000000000'),
      'NoSuchInvalidation',
      /expected the id of an invalidation of this distribution \(it has none\), got "I0000000000000"\. Use the id/,
    ],
    [
      'a numeric id',
      () => service().get(42 as never),
      'InvalidArgument',
      /getInvalidation id: expected a string .*got 42/,
    ],
    [
      'a non-finite billing time',
      () => service().pathsBilledThisMonth(Number.NaN),
      'InvalidDate',
      /nowMs: expected finite epoch milliseconds, got NaN/,
    ],
    [
      'negative propagation minMs',
      () => fakeHost({ minMs: -1 }),
      'InvalidOption',
      /propagation minMs: expected .*>= 0, got -1/,
    ],
    [
      'maxMs below minMs',
      () => fakeHost({ minMs: 500, maxMs: 100 }),
      'InvalidOption',
      /propagation maxMs: expected .*>= minMs \(500\), got 100\. CloudFront typically takes 10–100 s/,
    ],
    [
      'NaN propagation maxMs',
      () => fakeHost({ maxMs: Number.NaN }),
      'InvalidOption',
      /maxMs: expected .*got NaN/,
    ],
  ] as const)('rejects %s', (_, act, code, message) => {
    const error = catchError(act);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it('creates nothing when one item of the batch is bad', () => {
    const { service: s } = fakeHost();
    expect(() => s.create(['/good', '/bad/*.css'])).toThrow(EdgecaseError);
    expect(s.list()).toEqual([]);
  });

  it('names existing ids when an id is unknown', () => {
    const { service: s } = fakeHost();
    const known = s.create(['/a']);
    expect(catchError(() => s.get('INOPE')).message).toContain(`(it has 1: ${known.id})`);
  });
});
