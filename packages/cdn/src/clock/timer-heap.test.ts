import { describe, expect, it } from 'vitest';
import { type Timer, TimerHeap } from './timer-heap.js';

const timer = (atMs: number, seq: number): Timer => ({
  atMs,
  seq,
  task: () => undefined,
  sync: true,
  cancelled: false,
  queued: false,
});

describe('TimerHeap', () => {
  it('pops by time, and by insertion at equal times, whatever the push order', () => {
    const heap = new TimerHeap();
    let state = 11;
    const timers = Array.from({ length: 500 }, (_, seq) => {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      return timer((state % 37) * 10, seq);
    });
    for (const t of timers) heap.push(t);
    const popped: Timer[] = [];
    for (let t = heap.pop(); t; t = heap.pop()) popped.push(t);
    const expected = [...timers].sort((a, b) => a.atMs - b.atMs || a.seq - b.seq);
    expect(popped.map((t) => t.seq)).toEqual(expected.map((t) => t.seq));
    expect(heap.size).toBe(0);
  });

  it('skips cancelled timers, counts only live ones, and ignores a cancel after the pop', () => {
    const heap = new TimerHeap();
    const [a, b, c] = [timer(5, 0), timer(1, 1), timer(3, 2)] as [Timer, Timer, Timer];
    for (const t of [a, b, c]) heap.push(t);
    heap.cancel(b);
    heap.cancel(b);
    expect(heap.size).toBe(2);
    expect(heap.peek()).toBe(c);
    expect(heap.pop()).toBe(c);
    heap.cancel(c);
    expect(heap.size).toBe(1);
    expect(heap.pop()).toBe(a);
    expect(heap.pop()).toBeUndefined();
  });
});
