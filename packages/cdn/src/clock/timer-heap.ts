/**
 * The ManualClock's queue: a binary min-heap of timers ordered by (time, insertion), so push and pop
 * are O(log n) and tasks due at the same moment run in the order they were scheduled. A cancelled
 * timer is marked and dropped when it reaches the top (O(1) cancel).
 */
export interface Timer {
  atMs: number;
  seq: number;
  task: () => void;
  sync: boolean;
  cancelled: boolean;
  /** Still in the heap (not yet run or dropped). */
  queued: boolean;
}

const NOOP = () => undefined;

/** A binary min-heap of timers by (atMs, seq); cancelled timers are dropped when they reach the top. */
export class TimerHeap {
  #heap: Timer[] = [];
  #cancelled = 0;

  get size(): number {
    return this.#heap.length - this.#cancelled;
  }

  push(timer: Timer): void {
    const heap = this.#heap;
    timer.queued = true;
    heap.push(timer);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(timer, heap[parent] as Timer)) break;
      heap[i] = heap[parent] as Timer;
      i = parent;
    }
    heap[i] = timer;
  }

  cancel(timer: Timer): void {
    if (timer.cancelled || !timer.queued) return;
    timer.cancelled = true;
    // Drop what the task holds (an origin fetch's answer, its closures) at once, and the timers
    // themselves once most of the heap is cancelled: a timeout cancelled by every answered origin
    // fetch would otherwise stay until its moment (1 M requests kept 2 GB alive).
    timer.task = NOOP;
    this.#cancelled++;
    if (this.#cancelled > 1024 && this.#cancelled * 2 > this.#heap.length) this.#compact();
  }

  /** Removes every cancelled timer; a list sorted by (atMs, seq) is a valid heap. */
  #compact(): void {
    const live: Timer[] = [];
    for (const timer of this.#heap) {
      if (timer.cancelled) timer.queued = false;
      else live.push(timer);
    }
    live.sort((a, b) => (before(a, b) ? -1 : 1));
    this.#heap.length = 0;
    for (const timer of live) this.#heap.push(timer);
    this.#cancelled = 0;
  }

  /** Drops every timer (each counts as cancelled: its cancel function does nothing). */
  clear(): void {
    for (const timer of this.#heap) timer.queued = false;
    // A new array: setting `length` is a call into the runtime, and a clock is reset before every
    // explored run (issue 13).
    this.#heap = [];
    this.#cancelled = 0;
  }

  /** The earliest live timer, without removing it. */
  peek(): Timer | undefined {
    while (this.#heap.length > 0 && (this.#heap[0] as Timer).cancelled) {
      this.#removeTop();
      this.#cancelled--;
    }
    return this.#heap[0];
  }

  pop(): Timer | undefined {
    const top = this.peek();
    if (top) this.#removeTop();
    return top;
  }

  #removeTop(): void {
    const heap = this.#heap;
    (heap[0] as Timer).queued = false;
    const last = heap.pop() as Timer;
    if (heap.length === 0) return;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child = right < heap.length && before(heap[right] as Timer, heap[left] as Timer) ? right : left;
      if (!before(heap[child] as Timer, last)) break;
      heap[i] = heap[child] as Timer;
      i = child;
    }
    heap[i] = last;
  }
}

function before(a: Timer, b: Timer): boolean {
  return a.atMs < b.atMs || (a.atMs === b.atMs && a.seq < b.seq);
}
