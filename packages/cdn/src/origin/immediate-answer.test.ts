import { describe, expect, it } from 'vitest';
import { createCdn } from '../cdn/cdn.js';
import { ManualClock } from '../clock/clock.js';
import { memoryOrigin } from './memory-origin.js';
import { ANSWER_NOW, type ImmediateOrigin, type OriginRequest } from './types.js';

// A memoryOrigin answers a miss without a promise when no fault is set (the explorer's misses); the
// answer is the one fetch gives, and a fault sends the CDN back to fetch and its timers.
describe('a memoryOrigin answering at once', () => {
  const get = (path: string): OriginRequest => ({ method: 'GET', path, query: '', headers: {} });

  it('gives what fetch gives, and logs the request the same way', async () => {
    const clock = new ManualClock();
    const origin = memoryOrigin({ clock });
    await origin.put('a.txt', 'hello', { cacheControl: 'max-age=60' });
    const context = { clock };
    const now = (origin as unknown as ImmediateOrigin)[ANSWER_NOW](get('/a.txt'), context);
    const fetched = await origin.fetch(get('/a.txt'), context);
    expect(now).toBeDefined();
    expect({ ...now, headers: { ...now?.headers, 'x-amz-request-id': '' } }).toEqual({
      ...fetched,
      headers: { ...fetched.headers, 'x-amz-request-id': '' },
    });
    expect(origin.requests.map((r) => [r.path, r.status])).toEqual([
      ['/a.txt', 200],
      ['/a.txt', 200],
    ]);
  });

  it('defers to fetch while a fault is set: a latency fault still delays the miss on the clock', async () => {
    const clock = new ManualClock();
    const origin = memoryOrigin({ clock });
    const cdn = createCdn({ clock, origin });
    await origin.put('a.txt', 'hello');
    await origin.put('b.txt', 'hello');
    const fault = origin.faults.latency('2s');
    expect((origin as unknown as ImmediateOrigin)[ANSWER_NOW](get('/a.txt'), { clock })).toBeUndefined();
    const response = cdn.fetch('/a.txt');
    await clock.advance('2s');
    expect((await response).status).toBe(200);
    expect(cdn.trace.originFetches()[0]).toMatchObject({
      atMs: clock.now() - 2000,
      completedAtMs: clock.now(),
    });
    fault.clear();
    expect((await cdn.fetch('/b.txt')).status).toBe(200);
    expect(cdn.trace.originFetches()[1]).toMatchObject({ atMs: clock.now(), completedAtMs: clock.now() });
  });
});
