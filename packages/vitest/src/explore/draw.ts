import { type Cdn, type ChoiceSource, type Duration, EdgecaseError, formatMs } from '@edgecase/cdn';
import fc from 'fast-check';
import { describeValue } from '../describe-value.js';
import { delayBounds, type Edge, edgeCounts } from './arbitraries.js';

/**
 * The explorer's choices inside one run. Every value comes from fast-check (`fc.gen()`), so a failing
 * run shrinks to smaller choices and replays from its seed and path.
 */
export interface Draw {
  /** Any edge server: `cdn.fetch(path, draw.edge())`. Shrinks towards the first POP's first server. */
  edge(): Edge;
  /** A duration in ms from `min` to `max`: `await clock.advance(draw.delay('0s', '30s'))`. Shrinks towards `min`. */
  delay(min: Duration, max: Duration): number;
  /** A whole number from `min` to `max`; shrinks towards `min`. */
  integer(min: number, max: number): number;
  /** One of `items`; shrinks towards the first. */
  pick<T>(items: readonly T[]): T;
  /** Any value of a fast-check arbitrary: `draw.value(fc.constantFrom('GET', 'HEAD'))`. */
  value<T>(arbitrary: fc.Arbitrary<T>): T;
  /**
   * Runs every step of every actor, one step at a time, in an order the explorer draws; each actor's
   * own steps keep their order. An actor is a list of steps (functions, awaited one by one): a deploy's
   * uploads, a user opening the app. Shrinks towards running the first actor first.
   */
  interleave(...actors: readonly (readonly Step[])[]): Promise<void>;
}

/** One step of an actor: awaited to the end before the next step of any actor starts. */
export type Step = () => unknown;

/** Where a run's values come from: fast-check's `fc.gen()`, or a replay of the values it gave. */
export type Generate = <T, A extends unknown[]>(arbitrary: (...args: A) => fc.Arbitrary<T>, ...args: A) => T;

/** Gives back `values` in order: a run replayed exactly, without fast-check. */
export function replayValues(values: readonly unknown[]): Generate {
  let at = 0;
  return (<T>() => values[at++] as T) as Generate;
}

/**
 * The arbitraries of one exploration, each built once and handed to `fc.gen()` as a builder without
 * arguments. `fc.gen()` finds a builder's arbitrary by comparing the call's arguments deeply with
 * every earlier call's (`g(fc.integer, { min, max })`): that comparison was a third of a 10-request
 * run. A builder without arguments is found at once, and hands back the same arbitrary each time, as
 * fast-check's shrinking and replay need. Lives as long as the exploration's `fc.gen()`.
 */
export class DrawArbitraries {
  /** min -> max -> a builder of `fc.integer({ min, max })`. */
  readonly #integers = new Map<number, Map<number, () => fc.Arbitrary<number>>>();
  /** maxExclusive -> the builder of `integer(0, maxExclusive - 1)` (the same one). */
  readonly #below: (() => fc.Arbitrary<number>)[] = [];
  /** A user's arbitrary (`draw.value`) -> its builder. */
  readonly #values = new WeakMap<fc.Arbitrary<unknown>, () => fc.Arbitrary<unknown>>();

  integer(min: number, max: number): () => fc.Arbitrary<number> {
    let byMax = this.#integers.get(min);
    if (byMax === undefined) {
      byMax = new Map();
      this.#integers.set(min, byMax);
    }
    let builder = byMax.get(max);
    if (builder === undefined) {
      const arbitrary = fc.integer({ min, max });
      builder = () => arbitrary;
      byMax.set(max, builder);
    }
    return builder;
  }

  /** The builder of `fc.integer({ min: 0, max: maxExclusive - 1 })`, routing's draw: one array read. */
  below(maxExclusive: number): () => fc.Arbitrary<number> {
    let builder = this.#below[maxExclusive];
    if (builder === undefined) {
      builder = this.integer(0, maxExclusive - 1);
      this.#below[maxExclusive] = builder;
    }
    return builder;
  }

  value<T>(arbitrary: fc.Arbitrary<T>): () => fc.Arbitrary<T> {
    let builder = this.#values.get(arbitrary);
    if (builder === undefined) {
      builder = () => arbitrary;
      this.#values.set(arbitrary, builder);
    }
    return builder as () => fc.Arbitrary<T>;
  }
}

/** A run's draws, for the failure report, and the routing choices it hands to `cdn.reset`. */
export class RunDraws implements Draw {
  readonly #g: Generate;
  readonly #cdn: Cdn;
  readonly #arbitraries: DrawArbitraries;
  /** What each draw gave, in order: `delay('0s', '30s') → 12 s`. */
  readonly log: string[] = [];

  constructor(g: Generate, cdn: Cdn, arbitraries: DrawArbitraries) {
    this.#g = g;
    this.#cdn = cdn;
    this.#arbitraries = arbitraries;
  }

  /** `random` routing's POPs and servers, drawn (and shrunk) like the rest. */
  readonly choices: ChoiceSource = {
    int: (maxExclusive) => this.#g(this.#arbitraries.below(maxExclusive)),
  };

  edge(): Edge {
    const pops = edgeCounts(this.#cdn, 'draw.edge()');
    const [pop, servers] = pops[this.#int(0, pops.length - 1)] as readonly [string, number];
    const server = this.#int(1, servers);
    this.log.push(`edge() → ${pop}-C${server}`);
    return { pop, server };
  }

  delay(min: Duration, max: Duration): number {
    let minMs: number;
    let maxMs: number;
    try {
      [minMs, maxMs] = delayBounds(min, max, 'draw.delay()');
    } catch (error) {
      if (error instanceof Error) drawMisuses.add(error);
      throw error;
    }
    const ms = this.#int(minMs, maxMs);
    this.log.push(`delay(${describeValue(min)}, ${describeValue(max)}) → ${formatMs(ms)}`);
    return ms;
  }

  integer(min: number, max: number): number {
    for (const [bound, name] of [
      [min, 'min'],
      [max, 'max'],
    ] as const) {
      if (!Number.isSafeInteger(bound)) misuse(`draw.integer() ${name}`, 'a whole number', bound);
    }
    if (max < min) misuse('draw.integer() max', `a number at or above min (${min})`, max);
    const n = this.#int(min, max);
    this.log.push(`integer(${min}, ${max}) → ${n}`);
    return n;
  }

  pick<T>(items: readonly T[]): T {
    if (!Array.isArray(items) || items.length === 0) misuse('draw.pick()', 'a non-empty array', items);
    const at = this.#int(0, items.length - 1);
    this.log.push(`pick(${items.length} items) → #${at + 1} ${describeValue(items[at])}`);
    return items[at] as T;
  }

  value<T>(arbitrary: fc.Arbitrary<T>): T {
    if (!(arbitrary instanceof fc.Arbitrary))
      misuse('draw.value()', 'a fast-check arbitrary such as fc.nat()', arbitrary);
    const value = this.#g(this.#arbitraries.value(arbitrary));
    this.log.push(`value() → ${fc.stringify(value)}`);
    return value;
  }

  async interleave(...actors: readonly (readonly Step[])[]): Promise<void> {
    actors.forEach((steps, i) => {
      if (!Array.isArray(steps) || !steps.every((step) => typeof step === 'function')) {
        misuse(`draw.interleave() actor ${i + 1}`, 'an array of functions (its steps)', steps);
      }
    });
    const next = actors.map(() => 0);
    const order: number[] = [];
    const entry = this.log.push('') - 1;
    try {
      for (;;) {
        const ready = actors.flatMap((steps, i) => ((next[i] as number) < steps.length ? [i] : []));
        if (ready.length === 0) break;
        const actor = ready[this.#int(0, ready.length - 1)] as number;
        order.push(actor + 1);
        const step = (actors[actor] as readonly Step[])[next[actor] as number] as Step;
        next[actor] = (next[actor] as number) + 1;
        await step();
      }
    } finally {
      // The order the steps ran in, by actor number: `1 2 1 1` (a step that threw is the last).
      this.log[entry] = `interleave(${actors.length} actors) → ${order.join(' ')}`;
    }
  }

  #int(min: number, max: number): number {
    return min === max ? min : this.#g(this.#arbitraries.integer(min, max));
  }
}

/** Errors of a draw used wrongly: the explorer throws them as they are instead of shrinking them. */
export const drawMisuses = new WeakSet<object>();

function misuse(what: string, expected: string, got: unknown): never {
  const error = new EdgecaseError(
    'InvalidOption',
    `${what}: expected ${expected}, got ${describeValue(got)}.`,
    {
      value: got,
    },
  );
  drawMisuses.add(error);
  throw error;
}
