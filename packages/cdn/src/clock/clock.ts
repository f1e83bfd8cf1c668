import { describe, EdgecaseError, invalid } from '../errors.js';
import { checkOptionKeys, optionKeys } from '../options/strict-keys.js';
import { type Duration, toMs } from './duration.js';
import { type Timer, TimerHeap } from './timer-heap.js';

/** Where simulated time comes from. Everything time-dependent in edgecase reads one injected clock. */
export interface Clock {
  /** Current time in epoch milliseconds. */
  now(): number;
  /** Resolves once the clock has reached `now() + ms`. */
  sleep(duration: Duration): Promise<void>;
  /** Runs `task` when the clock reaches `atMs` (at once if already past). Returns a cancel function. */
  schedule(atMs: number, task: () => void, options?: ScheduleOptions): () => void;
}

export interface ScheduleOptions {
  /**
   * The task does all its work synchronously (it starts no promise chain that later tasks depend
   * on), so a ManualClock need not let promise continuations settle before running the next task.
   */
  sync?: boolean;
}

export type DateInput = Date | number | string;

/** The latest time a clock may be set to: an HTTP-date has a four-digit year (RFC 9110 §5.6.7). */
const MAX_EPOCH_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** Parses a Date, epoch ms or ISO string into epoch ms, rejecting invalid dates and years past 9999. */
export function toEpochMs(input: DateInput, what = 'date'): number {
  const ms = input instanceof Date ? input.getTime() : typeof input === 'string' ? Date.parse(input) : input;
  if (typeof ms !== 'number' || !Number.isFinite(ms)) {
    invalid('InvalidDate', what, 'a Date, epoch milliseconds or an ISO 8601 string', input);
  }
  // Near Date's own limit (year 275760) one advance makes Last-Modified and Date "Invalid Date".
  if (ms > MAX_EPOCH_MS) invalid('InvalidDate', what, 'a date up to 9999-12-31', input);
  return ms;
}

/** Lets every pending promise continuation run: one macrotask turn flushes the microtask queue. */
const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export interface ManualClockOptions {
  /** Where the clock starts. Default `2026-01-01T00:00:00Z`, so runs are repeatable. */
  start?: DateInput;
}

/**
 * A clock that moves only when told to. `advance()` runs due work (uploads in flight, invalidation
 * propagation, background revalidation, origin latency) in time order, letting each one's promise
 * continuations settle before the next, so awaiting `advance` leaves the simulation quiescent.
 */
export class ManualClock implements Clock {
  static readonly DEFAULT_START = Date.UTC(2026, 0, 1);
  readonly #startMs: number;
  #nowMs: number;
  readonly #timers = new TimerHeap();
  #seq = 0;
  /** The advance under way (and those queued behind it): advances run one after another. */
  #moving: Promise<void> = Promise.resolve();

  constructor(options: ManualClockOptions | DateInput = {}) {
    if (typeof options === 'object' && !(options instanceof Date)) {
      checkOptionKeys(options, optionKeys<ManualClockOptions>()(['start']), 'ManualClock options');
    }
    const start =
      typeof options === 'object' && !(options instanceof Date) ? options.start : (options as DateInput);
    this.#nowMs = start === undefined ? ManualClock.DEFAULT_START : toEpochMs(start, 'ManualClock start');
    this.#startMs = this.#nowMs;
  }

  /**
   * Starts over: drops every scheduled task (their promises never settle) and sets the time back to
   * where the clock started. For running one scenario many times on the same clock, as the explorer
   * of `@edgecase/vitest` does between runs; call it when nothing is awaiting the clock.
   */
  reset(): void {
    this.#timers.clear();
    this.#nowMs = this.#startMs;
    this.#moving = Promise.resolve();
  }

  now(): number {
    return this.#nowMs;
  }

  /** The current time as a Date. */
  get date(): Date {
    return new Date(this.#nowMs);
  }

  /** How many scheduled tasks are waiting for the clock. */
  get pending(): number {
    return this.#timers.size;
  }

  /** When the next scheduled task is due, or `undefined` when none is. */
  get nextAtMs(): number | undefined {
    return this.#timers.peek()?.atMs;
  }

  sleep(duration: Duration): Promise<void> {
    const ms = toMs(duration, 'sleep duration');
    return new Promise((resolve) => {
      this.schedule(this.#nowMs + ms, resolve);
    });
  }

  /** O(log n): a binary heap ordered by (time, insertion), so tasks due together run in the order scheduled. */
  schedule(atMs: number, task: () => void, options?: ScheduleOptions): () => void {
    if (!Number.isFinite(atMs)) invalid('InvalidDate', 'schedule time', 'finite epoch milliseconds', atMs);
    if (typeof task !== 'function') invalid('InvalidOption', 'schedule task', 'a function', task);
    const timer: Timer = {
      atMs: Math.max(atMs, this.#nowMs),
      seq: this.#seq++,
      task,
      sync: options?.sync === true,
      cancelled: false,
      queued: false,
    };
    this.#timers.push(timer);
    return () => this.#timers.cancel(timer);
  }

  /**
   * Moves time forward by `duration`, running every task that falls due on the way, in order.
   * Advances do not overlap: one called while another runs starts where that one ends, so
   * `Promise.all([clock.advance('10s'), clock.advance('3s')])` ends 13 s later and time never
   * goes backwards. (An advance awaited inside a scheduled task would wait for itself: don't.)
   */
  async advance(duration: Duration): Promise<void> {
    const ms = toMs(duration, 'advance duration');
    return this.#queue(() => this.#runUntil(this.#nowMs + ms));
  }

  /** Moves time forward to `date`. Time never goes backwards: an earlier date is an error. */
  async set(date: DateInput): Promise<void> {
    const target = toEpochMs(date, 'ManualClock.set date');
    return this.#queue(async () => {
      if (target < this.#nowMs) {
        throw new EdgecaseError(
          'InvalidDate',
          `ManualClock.set: expected a time at or after ${new Date(this.#nowMs).toISOString()}, got ${describe(new Date(target))}.`,
          { value: date, hint: 'Simulated time only moves forward; create a new ManualClock to start over.' },
        );
      }
      await this.#runUntil(target);
    });
  }

  /** Runs every scheduled task, however far ahead, and stops at the last one's time. */
  async runAll(limit = 10_000): Promise<void> {
    if (!Number.isSafeInteger(limit) || limit < 0) {
      invalid('InvalidOption', 'runAll limit', 'a whole number of tasks >= 0', limit);
    }
    return this.#queue(async () => {
      for (let i = 0; i < limit; i++) {
        const next = this.#timers.peek();
        if (!next) break;
        await this.#runUntil(next.atMs);
      }
    });
  }

  #queue(move: () => Promise<void>): Promise<void> {
    const run = this.#moving.then(move);
    // The next advance waits for this one, whether it succeeds or fails.
    this.#moving = run.catch(() => undefined);
    return run;
  }

  async #runUntil(targetMs: number): Promise<void> {
    // Let work already under way register its timers before time moves.
    await flush();
    let unsettled = false;
    for (;;) {
      const next = this.#timers.peek();
      if (!next || next.atMs > targetMs) break;
      this.#timers.pop();
      this.#nowMs = next.atMs;
      next.task();
      unsettled = true;
      // Let the task's continuations settle (and schedule more) before the next one is due.
      if (!next.sync) {
        await flush();
        unsettled = false;
      }
    }
    if (unsettled) await flush();
    this.#nowMs = targetMs;
  }
}

/** The wall clock, for running edgecase against real time (e.g. a real endpoint under `expect.poll`). */
export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }

  sleep(duration: Duration): Promise<void> {
    const ms = toMs(duration, 'sleep duration');
    return new Promise((resolve) => setTimeout(resolve, ms));
  }

  schedule(atMs: number, task: () => void, _options?: ScheduleOptions): () => void {
    const handle = setTimeout(task, Math.max(0, atMs - Date.now()));
    return () => clearTimeout(handle);
  }
}
