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

/**
 * Where a run's values come from: `drawsArbitrary()`'s source (fast-check generates and shrinks them),
 * or a replay of the values one gave. The same arbitrary object for the same choice in every run.
 */
export type Generate = <T>(arbitrary: fc.Arbitrary<T>) => T;

/**
 * Where a run's values come from: `draw` for any arbitrary, and `routing` for a routing choice (the
 * same value `draw` gives it, by a shorter path where there is one: a run makes two per request).
 */
export interface ValueSource {
  readonly draw: Generate;
  routing(arb: RoutingChoice): number;
}

/** Gives back `values` in order: a run replayed exactly, without fast-check. */
export function replayValues(values: readonly unknown[]): ValueSource {
  let at = 0;
  const draw = (<T>() => values[at++] as T) as Generate;
  return { draw, routing: draw };
}

/** One value a run drew: what fast-check's `fc.gen()` keeps of it, for shrinking. */
interface DrawRecord {
  readonly arb: fc.Arbitrary<unknown>;
  readonly value: unknown;
  readonly context: unknown;
  /** The generator's state after this draw: computed when a shrink first needs it. */
  after: fc.Random | undefined;
  /** A value the shrink handed down: the record of the run shrunk, whose `after` is this one's too. */
  readonly from: DrawRecord | undefined;
}

/** A draw a shrunk run replays: `fc.gen()`'s pre-built value. */
interface PreBuilt {
  readonly arb: fc.Arbitrary<unknown>;
  readonly value: unknown;
  readonly context: unknown;
  readonly from: DrawRecord;
}

/** What shrinking a run needs: `fc.gen()`'s context. */
interface DrawsContext {
  /** The generator at the run's start (a clone: draws never move it). */
  readonly mrng: fc.Random;
  readonly biasFactor: number | undefined;
  readonly history: DrawRecord[];
}

/** The state of `context`'s generator after its draw `index`, replaying the run's generation once. */
function stateAfter(context: DrawsContext, index: number): fc.Random {
  const history = context.history;
  let local = context.mrng.clone();
  for (let i = 0; i <= index; i++) {
    const record = history[i] as DrawRecord;
    let after = record.after;
    if (after === undefined) {
      if (record.from !== undefined) after = stateAfterRecord(record.from);
      else {
        record.arb.generate(local, context.biasFactor);
        after = local;
      }
      record.after = after.clone();
    }
    local = after.clone();
  }
  return local;
}

/** The context each record belongs to, for `stateAfter`. */
const OWNER = new WeakMap<DrawRecord, { context: DrawsContext; index: number }>();

function stateAfterRecord(record: DrawRecord): fc.Random {
  if (record.after !== undefined) return record.after;
  const owner = OWNER.get(record) as { context: DrawsContext; index: number };
  return stateAfter(owner.context, owner.index);
}

/**
 * One run's source of values: `fc.gen()`'s, without what it pays per value (an argument list
 * compared with every earlier call's, and a clone of the generator after every value, kept for
 * shrinking). The generator's state after a value is computed again from the run's start when a
 * shrink needs it: the same values, the same shrinks, the same replays.
 */
class DrawSource implements ValueSource {
  readonly #preBuilt: readonly PreBuilt[];
  readonly context: DrawsContext;
  /** Where generated values come from; undefined after a pre-built value until one is generated. */
  #local: fc.Random | undefined;
  /** The pre-built value the generator continues after, when `#local` is undefined. */
  #lastPreBuilt: DrawRecord | undefined;

  constructor(start: fc.Random, preBuilt: readonly PreBuilt[], context: DrawsContext) {
    this.#preBuilt = preBuilt;
    this.#local = start.clone();
    this.#lastPreBuilt = undefined;
    this.context = context;
  }

  /**
   * A routing choice. In a run that replays no value (every run but a shrink's), `draw`'s path
   * without its lookups: one value from the generator and its record (issue 13: 515 instructions a
   * choice went through `draw`).
   */
  routing(arb: RoutingChoice): number {
    const local = this.#local;
    if (this.#preBuilt.length === 0 && local !== undefined) {
      const value = arb.pick(local);
      this.context.history.push({ arb, value, context: undefined, after: undefined, from: undefined });
      return value;
    }
    return this.draw(arb);
  }

  readonly draw: Generate = <T>(arb: fc.Arbitrary<T>): T => {
    const history = this.context.history;
    const pre = this.#preBuilt[history.length];
    if (pre !== undefined && pre.arb === arb) {
      const record: DrawRecord = {
        arb,
        value: pre.value,
        context: pre.context,
        after: undefined,
        from: pre.from,
      };
      if (this.#preBuilt.length > 0) OWNER.set(record, { context: this.context, index: history.length });
      history.push(record);
      this.#local = undefined;
      this.#lastPreBuilt = pre.from;
      return pre.value as T;
    }
    this.#local ??= stateAfterRecord(this.#lastPreBuilt as DrawRecord).clone();
    const local = this.#local;
    const g = arb.generate(local, this.context.biasFactor);
    const record: DrawRecord = {
      arb,
      value: g.value_,
      context: g.context,
      after: undefined,
      from: undefined,
    };
    if (this.#preBuilt.length > 0) {
      // In a shrunk run the generator can continue after a pre-built value: keep its state now.
      record.after = local.clone();
      OWNER.set(record, { context: this.context, index: history.length });
    }
    history.push(record);
    return g.value;
  };
}

/**
 * What the explorer's arbitrary generates for one run: where its draws start (the run's generator
 * and the values a shrink hands down) and, once the run has drawn, its draws (`context`, which
 * shrinking reads). Each run opens a source of its own: the ticket never changes, so fast-check needs
 * no clone of it. A cloneable value (what `fc.gen()` gives) is kept behind `Object.defineProperty` by
 * fast-check, on it and on the tuple of a property's values: a fifth of an explored run that draws
 * nothing (issue 13).
 */
export class DrawTicket {
  readonly #preBuilt: readonly PreBuilt[];
  readonly context: DrawsContext;
  #opened = false;

  constructor(mrng: fc.Random, biasFactor: number | undefined, preBuilt: readonly PreBuilt[]) {
    this.#preBuilt = preBuilt;
    this.context = { mrng: mrng.clone(), biasFactor, history: [] };
  }

  /**
   * The source of a run's draws. The first run's go into `context`, which fast-check shrinks from;
   * a later run of the same value draws the same values into a context of its own (as `fc.gen()`'s
   * clone does).
   */
  open(): ValueSource {
    const first = !this.#opened;
    this.#opened = true;
    const context = first
      ? this.context
      : { mrng: this.context.mrng, biasFactor: this.context.biasFactor, history: [] };
    // `context.mrng` is the run's generator at its start, never moved (sources and shrinks clone it).
    return new DrawSource(this.context.mrng, this.#preBuilt, context);
  }

  /** The values the first run drew, in order. */
  values(): unknown[] {
    return this.context.history.map((r) => r.value);
  }

  [fc.toStringMethod](): string {
    return fc.stringify(this.values());
  }
}

/**
 * The explorer's source of a run's values, as `fc.gen()` gives them: each value from its arbitrary on
 * a clone of the run's generator, shrunk one value at a time (fast-check's tuple shrink over the
 * run's values, the others replayed). One per exploration: a value replays when its arbitrary is the
 * same object as in the run shrunk.
 */
export class DrawsArbitrary extends fc.Arbitrary<DrawTicket> {
  override generate(mrng: fc.Random, biasFactor: number | undefined): fc.Value<DrawTicket> {
    const ticket = new DrawTicket(mrng, biasFactor, NO_PRE_BUILT);
    return new fc.Value(ticket, ticket.context);
  }

  override canShrinkWithoutContext(_value: unknown): _value is DrawTicket {
    return false;
  }

  override shrink(_value: DrawTicket, context: unknown): fc.Stream<fc.Value<DrawTicket>> {
    if (context === undefined) return fc.Stream.nil();
    const { mrng, biasFactor, history } = context as DrawsContext;
    history.forEach((record, index) => {
      if (!OWNER.has(record)) OWNER.set(record, { context: context as DrawsContext, index });
    });
    return fc
      .tuple(...history.map((r) => r.arb))
      .shrink(
        history.map((r) => r.value),
        history.map((r) => r.context),
      )
      .map((shrink) => {
        const values = shrink.value_ as unknown[];
        const contexts = shrink.context as unknown[];
        const preBuilt = history.map(
          (record, index): PreBuilt => ({
            arb: record.arb,
            value: values[index],
            context: contexts[index],
            from: record,
          }),
        );
        const ticket = new DrawTicket(mrng, biasFactor, preBuilt);
        return new fc.Value(ticket, ticket.context);
      });
  }
}

const NO_PRE_BUILT: readonly PreBuilt[] = [];

/**
 * The arbitraries of one exploration, each built once: a value replays in a shrunk run only when its
 * arbitrary is the same object as in the run shrunk.
 */
export class DrawArbitraries {
  /** min -> max -> `fc.integer({ min, max })`. */
  readonly #integers = new Map<number, Map<number, fc.Arbitrary<number>>>();
  /** maxExclusive -> `integer(0, maxExclusive - 1)` (the same one). */
  readonly #below: RoutingChoice[] = [];

  integer(min: number, max: number): fc.Arbitrary<number> {
    let byMax = this.#integers.get(min);
    if (byMax === undefined) {
      byMax = new Map();
      this.#integers.set(min, byMax);
    }
    let arbitrary = byMax.get(max);
    if (arbitrary === undefined) {
      arbitrary = fc.integer({ min, max });
      byMax.set(max, arbitrary);
    }
    return arbitrary;
  }

  /** Routing's draw of a POP or server below `maxExclusive` (`RoutingChoice`): one array read. */
  below(maxExclusive: number): RoutingChoice {
    let arbitrary = this.#below[maxExclusive];
    if (arbitrary === undefined) {
      arbitrary = new RoutingChoice(this.integer(0, maxExclusive - 1), maxExclusive);
      this.#below[maxExclusive] = arbitrary;
    }
    return arbitrary;
  }
}

/**
 * A POP or server a random-routed request lands on: every one equally likely (one draw from the run's
 * generator; `fc.integer`'s bias towards the first and last made them far more likely than the
 * others), shrunk as `fc.integer` shrinks, towards the first. Twice as cheap as `fc.integer`'s
 * generation, and a run makes two per request (issue 13: the explorer's default row).
 */
export class RoutingChoice extends fc.Arbitrary<number> {
  readonly #integer: fc.Arbitrary<number>;
  readonly #max: number;

  constructor(integer: fc.Arbitrary<number>, count: number) {
    super();
    this.#integer = integer;
    this.#max = count - 1;
  }

  override generate(mrng: fc.Random): fc.Value<number> {
    return new fc.Value(this.pick(mrng), undefined);
  }

  /** The value `generate` gives, alone. */
  pick(mrng: fc.Random): number {
    return mrng.nextInt(0, this.#max);
  }

  override canShrinkWithoutContext(value: unknown): value is number {
    return this.#integer.canShrinkWithoutContext(value);
  }

  override shrink(value: number, context: unknown): fc.Stream<fc.Value<number>> {
    return this.#integer.shrink(value, context);
  }
}

/** A run's draws, for the failure report, and the routing choices it hands to `cdn.reset`. */
export class RunDraws implements Draw {
  readonly #g: Generate;
  readonly #cdn: Cdn;
  readonly #arbitraries: DrawArbitraries;
  /** What each draw gave, in order: `delay('0s', '30s') → 12 s`. */
  readonly log: string[] = [];
  /** `random` routing's POPs and servers, drawn (and shrunk) like the rest. */
  readonly choices: ChoiceSource;

  constructor(source: ValueSource, cdn: Cdn, arbitraries: DrawArbitraries) {
    this.#g = source.draw;
    this.#cdn = cdn;
    this.#arbitraries = arbitraries;
    this.choices = new RoutingChoices(source, arbitraries);
  }

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
    const value = this.#g(arbitrary);
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

/** `random` routing's choices of one run: a method, not a closure made per run. */
class RoutingChoices implements ChoiceSource {
  readonly #source: ValueSource;
  readonly #arbitraries: DrawArbitraries;

  constructor(source: ValueSource, arbitraries: DrawArbitraries) {
    this.#source = source;
    this.#arbitraries = arbitraries;
  }

  int(maxExclusive: number): number {
    return this.#source.routing(this.#arbitraries.below(maxExclusive));
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
