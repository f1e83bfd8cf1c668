import { describe, EdgecaseError, invalid } from '../errors.js';
import { type Duration, toMs } from './duration.js';

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

/** Parses a Date, epoch ms or ISO string into epoch ms, rejecting invalid dates. */
export function toEpochMs(input: DateInput, what = 'date'): number {
  const ms = input instanceof Date ? input.getTime() : typeof input === 'string' ? Date.parse(input) : input;
  if (typeof ms !== 'number' || !Number.isFinite(ms)) {
    invalid('InvalidDate', what, 'a Date, epoch milliseconds or an ISO 8601 string', input);
  }
  return ms;
}

interface Timer {
  atMs: number;
  seq: number;
  task: () => void;
  sync: boolean;
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
  #nowMs: number;
  #timers: Timer[] = [];
  #seq = 0;

  constructor(options: ManualClockOptions | DateInput = {}) {
    const start =
      typeof options === 'object' && !(options instanceof Date) ? options.start : (options as DateInput);
    this.#nowMs = start === undefined ? ManualClock.DEFAULT_START : toEpochMs(start, 'ManualClock start');
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
    return this.#timers.length;
  }

  /** When the next scheduled task is due, or `undefined` when none is. */
  get nextAtMs(): number | undefined {
    return this.#timers[0]?.atMs;
  }

  sleep(duration: Duration): Promise<void> {
    const ms = toMs(duration, 'sleep duration');
    return new Promise((resolve) => {
      this.schedule(this.#nowMs + ms, resolve);
    });
  }

  schedule(atMs: number, task: () => void, options?: ScheduleOptions): () => void {
    if (!Number.isFinite(atMs)) invalid('InvalidDate', 'schedule time', 'finite epoch milliseconds', atMs);
    const timer: Timer = {
      atMs: Math.max(atMs, this.#nowMs),
      seq: this.#seq++,
      task,
      sync: options?.sync === true,
    };
    // Insert keeping (atMs, seq) order; timers are few, so a linear scan from the end is enough.
    let i = this.#timers.length;
    while (i > 0 && (this.#timers[i - 1] as Timer).atMs > timer.atMs) i--;
    this.#timers.splice(i, 0, timer);
    return () => {
      const at = this.#timers.indexOf(timer);
      if (at >= 0) this.#timers.splice(at, 1);
    };
  }

  /** Moves time forward by `duration`, running every task that falls due on the way, in order. */
  async advance(duration: Duration): Promise<void> {
    await this.#runUntil(this.#nowMs + toMs(duration, 'advance duration'));
  }

  /** Moves time forward to `date`. Time never goes backwards: an earlier date is an error. */
  async set(date: DateInput): Promise<void> {
    const target = toEpochMs(date, 'ManualClock.set date');
    if (target < this.#nowMs) {
      throw new EdgecaseError(
        'InvalidDate',
        `ManualClock.set: expected a time at or after ${new Date(this.#nowMs).toISOString()}, got ${describe(new Date(target))}.`,
        { value: date, hint: 'Simulated time only moves forward; create a new ManualClock to start over.' },
      );
    }
    await this.#runUntil(target);
  }

  /** Runs every scheduled task, however far ahead, and stops at the last one's time. */
  async runAll(limit = 10_000): Promise<void> {
    for (let i = 0; i < limit && this.#timers.length > 0; i++) {
      await this.#runUntil((this.#timers[0] as Timer).atMs);
    }
  }

  async #runUntil(targetMs: number): Promise<void> {
    // Let work already under way register its timers before time moves.
    await flush();
    let unsettled = false;
    for (;;) {
      const next = this.#timers[0];
      if (!next || next.atMs > targetMs) break;
      this.#timers.shift();
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
