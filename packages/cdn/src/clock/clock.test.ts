import { describe, expect, it } from 'vitest';
import { EdgecaseError } from '../errors.js';
import { ManualClock } from './clock.js';

describe('ManualClock', () => {
  it('starts at a fixed date by default and at a given one otherwise', () => {
    expect(new ManualClock().now()).toBe(Date.UTC(2026, 0, 1));
    expect(new ManualClock('2025-06-01T12:00:00Z').now()).toBe(Date.UTC(2025, 5, 1, 12));
    expect(new ManualClock({ start: new Date(5000) }).now()).toBe(5000);
  });

  it('advances by milliseconds or duration strings', async () => {
    const clock = new ManualClock({ start: 0 });
    await clock.advance(1500);
    await clock.advance('10s');
    await clock.advance('2m');
    expect(clock.now()).toBe(1500 + 10_000 + 120_000);
  });

  it('runs scheduled tasks in time order, with the clock at each task time', async () => {
    const clock = new ManualClock({ start: 0 });
    const seen: [string, number][] = [];
    clock.schedule(3000, () => seen.push(['c', clock.now()]));
    clock.schedule(1000, () => seen.push(['a', clock.now()]));
    clock.schedule(1000, () => seen.push(['b', clock.now()]));
    const cancel = clock.schedule(2000, () => seen.push(['cancelled', clock.now()]));
    cancel();
    await clock.advance('2.5s');
    expect(seen).toEqual([
      ['a', 1000],
      ['b', 1000],
    ]);
    await clock.advance('1s');
    expect(seen.at(-1)).toEqual(['c', 3000]);
    expect(clock.now()).toBe(3500);
  });

  it('resolves sleeps when time reaches them and lets their continuations run', async () => {
    const clock = new ManualClock({ start: 0 });
    const log: number[] = [];
    const sleeper = (async () => {
      await clock.sleep('1s');
      log.push(clock.now());
      await clock.sleep('1s');
      log.push(clock.now());
    })();
    await clock.advance('1999ms');
    expect(log).toEqual([1000]);
    await clock.advance(1);
    expect(log).toEqual([1000, 2000]);
    await sleeper;
  });

  it('never moves backwards', async () => {
    const clock = new ManualClock({ start: 10_000 });
    await expect(clock.set(5000)).rejects.toThrow(EdgecaseError);
    await expect(clock.set(5000)).rejects.toMatchObject({ code: 'InvalidDate' });
    await clock.set(20_000);
    expect(clock.now()).toBe(20_000);
  });

  it('rejects bad durations and dates with typed errors', async () => {
    const clock = new ManualClock();
    await expect(clock.advance(-1)).rejects.toMatchObject({ code: 'InvalidDuration' });
    await expect(clock.advance('10 parsecs' as never)).rejects.toMatchObject({ code: 'InvalidDuration' });
    expect(() => new ManualClock('not a date')).toThrow(/ManualClock start: expected a Date/);
  });

  it('settles promise continuations after each task, or once at the end for sync tasks', async () => {
    const clock = new ManualClock({ start: 0 });
    const seen: string[] = [];
    clock.schedule(1000, () => {
      void Promise.resolve().then(() => seen.push('continuation of a'));
      seen.push('a');
    });
    clock.schedule(2000, () => seen.push('b'));
    clock.schedule(3000, () => seen.push('sync c'), { sync: true });
    clock.schedule(3000, () => seen.push('sync d'), { sync: true });
    await clock.advance('3s');
    expect(seen).toEqual(['a', 'continuation of a', 'b', 'sync c', 'sync d']);
    let settled = false;
    clock.schedule(4000, () => void Promise.resolve().then(() => (settled = true)), { sync: true });
    await clock.advance('1s');
    expect(settled).toBe(true);
  });

  it('runs tasks in time order and, at equal times, in the order they were scheduled (heap order)', async () => {
    const clock = new ManualClock({ start: 0 });
    const seen: number[] = [];
    // A seeded shuffle of 200 times with many ties.
    let state = 7;
    const times = Array.from({ length: 200 }, () => {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      return (state % 20) * 100;
    });
    for (const [i, at] of times.entries()) clock.schedule(at, () => seen.push(i), { sync: true });
    await clock.advance('2s');
    const expected = times.map((at, i) => ({ at, i })).sort((a, b) => a.at - b.at || a.i - b.i);
    expect(seen).toEqual(expected.map((e) => e.i));
  });

  it('cancels a task, once, and counts only live ones as pending', async () => {
    const clock = new ManualClock({ start: 0 });
    const seen: string[] = [];
    const cancelA = clock.schedule(1000, () => seen.push('a'));
    clock.schedule(1000, () => seen.push('b'));
    const cancelC = clock.schedule(500, () => seen.push('c'));
    cancelA();
    cancelA();
    cancelC();
    expect(clock.pending).toBe(1);
    expect(clock.nextAtMs).toBe(1000);
    await clock.advance('1s');
    expect(seen).toEqual(['b']);
    expect(clock.pending).toBe(0);
    const cancelD = clock.schedule(2000, () => seen.push('d'));
    await clock.advance('1s');
    cancelD(); // already run: nothing to cancel
    expect(clock.pending).toBe(0);
  });

  it('keeps 100,000 tasks, half of them cancelled, in order', async () => {
    // The sorted-array insert this replaced was quadratic (1.8 s for 40k nodes of one invalidation).
    const clock = new ManualClock({ start: 0 });
    let ran = 0;
    const cancels = Array.from({ length: 100_000 }, (_, i) =>
      clock.schedule(((i * 7919) % 100_000) + 1, () => ran++, { sync: true }),
    );
    for (let i = 0; i < cancels.length; i += 2) cancels[i]?.();
    expect(clock.pending).toBe(50_000);
    await clock.advance('100s');
    expect(ran).toBe(50_000);
  });

  it('serialises overlapping advances: time never goes backwards (reliability item 4)', async () => {
    const clock = new ManualClock({ start: 0 });
    const seen: number[] = [];
    let thirdAt: number | undefined;
    clock.schedule(8000, () => seen.push(clock.now()));
    await Promise.all([
      clock.advance('10s'),
      clock.advance('3s').then(() => {
        thirdAt = clock.now();
      }),
    ]);
    expect(seen).toEqual([8000]);
    expect(thirdAt).toBe(13_000);
    expect(clock.now()).toBe(13_000);
  });

  it('a failed advance does not block the next one', async () => {
    const clock = new ManualClock({ start: 0 });
    await expect(clock.set(-1)).rejects.toMatchObject({ code: 'InvalidDate' });
    await clock.advance('1s');
    expect(clock.now()).toBe(1000);
  });
});
