import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock/clock.js';
import { memoryOrigin } from '../origin/memory-origin.js';
import { createCdn } from './cdn.js';

// The hooks the explorer of @edgecase/vitest drives: one distribution, clock and bucket reused run
// after run, each run as if they were new.

async function run(cdn: ReturnType<typeof createCdn>) {
  const where: string[] = [];
  for (let i = 0; i < 6; i++) {
    const response = await cdn.fetch('/a.txt', { routing: 'random' });
    where.push(`${response.headers.get('x-amz-cf-pop')} ${response.headers.get('x-cache')}`);
  }
  return where;
}

describe('cdn.reset', () => {
  it('empties every cache and the trace, and repeats the seed’s routing as a new distribution would', async () => {
    const clock = new ManualClock();
    const origin = memoryOrigin({ clock });
    await origin.put('a.txt', 'v1');
    const cdn = createCdn({ clock, origin, seed: 7 });
    const first = await run(cdn);
    cdn.createInvalidation(['/a.txt']);
    cdn.reset();
    expect(cdn.trace.size).toBe(0);
    expect(cdn.listInvalidations()).toEqual([]);
    expect(cdn.inspect('/a.txt').nodes.every((node) => node.entries.length === 0)).toBe(true);
    expect(await run(cdn)).toEqual(first);
    expect(cdn.trace.requests()[0]?.seq).toBe(1);

    cdn.reset({ seed: 8 });
    expect(await run(cdn)).not.toEqual(first);
  });

  it('routes `random` requests where `choices` says, and keeps pinned ones pinned', async () => {
    const clock = new ManualClock();
    const origin = memoryOrigin({ clock });
    await origin.put('a.txt', 'v1');
    const cdn = createCdn({ clock, origin });
    const asked: number[] = [];
    cdn.reset({
      routing: 'random',
      choices: {
        int: (n) => {
          asked.push(n);
          return n - 1;
        },
      },
    });
    const response = await cdn.fetch('/a.txt');
    expect(response.headers.get('x-amz-cf-pop')).toBe('SFO5-C4');
    expect(asked).toEqual([2, 4]); // a POP of 2, then a server of 4
    const pinned = await cdn.fetch('/a.txt', { pop: 'IAD89', server: 1 });
    expect(pinned.headers.get('x-amz-cf-pop')).toBe('IAD89-C1');
    expect(asked).toEqual([2, 4]);
  });

  it('refuses unknown options, bad seeds and a choice source without int()', () => {
    const cdn = createCdn({ origin: memoryOrigin() });
    expect(() => cdn.reset({ sead: 1 } as never)).toThrow(
      /cdn.reset\(\) options.*sead.*Did you mean "seed"/s,
    );
    expect(() => cdn.reset({ seed: -1 })).toThrow(/cdn.reset\(\) seed: expected an integer from 0/);
    expect(() => cdn.reset({ choices: {} as never })).toThrow(
      /cdn.reset\(\) choices: expected an object with int/,
    );
    expect(() => cdn.reset({ routing: 'randm' as never })).toThrow(/cdn.reset\(\) routing/);
  });
});

describe('ManualClock.reset', () => {
  it('drops scheduled tasks and goes back to where the clock started', async () => {
    const clock = new ManualClock({ start: '2026-03-01T00:00:00Z' });
    let ran = false;
    clock.schedule(clock.now() + 5000, () => {
      ran = true;
    });
    await clock.advance('1s');
    clock.reset();
    expect(clock.date.toISOString()).toBe('2026-03-01T00:00:00.000Z');
    expect(clock.pending).toBe(0);
    await clock.advance('10s');
    expect(ran).toBe(false);
  });
});

describe('memoryOrigin.reset', () => {
  it('forgets objects, requests and faults; an upload in flight commits nothing', async () => {
    const clock = new ManualClock();
    const origin = memoryOrigin({ clock });
    const cdn = createCdn({ clock, origin });
    await origin.put('a.txt', 'v1');
    await cdn.fetch('/a.txt');
    origin.faults.respond(503);
    const late = origin.put('b.txt', 'v1', { uploadDuration: '5s' });
    origin.reset();
    await clock.advance('5s');
    await late;
    expect(await origin.keys()).toEqual([]);
    expect(origin.requestCount()).toBe(0);
    await origin.put('a.txt', 'v2');
    cdn.reset();
    expect(await (await cdn.fetch('/a.txt')).text()).toBe('v2');
  });
});
