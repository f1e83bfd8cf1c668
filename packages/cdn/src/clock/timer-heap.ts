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

/** A binary min-heap of timers by (atMs, seq); cancelled timers are dropped when they reach the top. */
export class TimerHeap {
  readonly #heap: Timer[] = [];
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
    this.#cancelled++;
  }

  /** Drops every timer (each counts as cancelled: its cancel function does nothing). */
  clear(): void {
    for (const timer of this.#heap) timer.queued = false;
    this.#heap.length = 0;
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
