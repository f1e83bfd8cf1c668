import {
  type Cdn,
  formatTimeline,
  type ManualClock,
  type MemoryOrigin,
  type TraceRecord,
} from '@edgecase/cdn';
import fc from 'fast-check';
import {
  type Draw,
  DrawArbitraries,
  DrawsArbitrary,
  type DrawTicket,
  drawMisuses,
  RunDraws,
  replayValues,
  type ValueSource,
} from './draw.js';
import { ExplorationFailure } from './failure.js';
import type { ResolvedExplore } from './options.js';
import { runRandom } from './run-random.js';

/** What the body of an exploration gets in every run. */
export interface ExploreContext {
  /** The test's distribution, started over for this run; `random` routing takes its POPs and servers from the draws. */
  cdn: Cdn;
  /** The test's bucket, emptied for this run. */
  origin: MemoryOrigin;
  /** The test's clock, back at its start for this run. */
  clock: ManualClock;
  /** This run's choices. */
  draw: Draw;
}

/** The objects an exploration starts over before every run. */
export interface ExploreTarget {
  cdn: Cdn;
  origin: MemoryOrigin;
  clock: ManualClock;
  /** Empties the buckets (memory or MinIO) for a new run. */
  resetOrigins(): void | Promise<void>;
}

/** Where the failure message says to replay from. */
export interface ReplayHint {
  /** The test file, relative to the working directory. */
  file?: string;
  /** The test's name, for `-t`. */
  name?: string;
}

export type ExploreBody = (context: ExploreContext) => unknown;

interface FailedRun {
  draws: string[];
  records: TraceRecord[];
  startMs: number;
  error: unknown;
}

/**
 * Runs `body` `options.runs` times on fast-check, starting `target` over before each run, and throws
 * an `ExplorationFailure` with the shrunk counterexample (its draws and timeline), the seed and the
 * run that failed first, and how to replay it. After a failure the target holds the shrunk run,
 * replayed last (so a report of the distribution shows it).
 */
export async function runExploration(
  target: ExploreTarget,
  options: ResolvedExplore,
  body: ExploreBody,
  hint: ReplayHint = {},
): Promise<void> {
  const arbitraries = new DrawArbitraries();
  /**
   * One run: the target started over, then the body; what failed, if anything. Not an async function:
   * a memoryOrigin's reset is done at once, and the body's promise is the run's (no frame around it).
   */
  const run = (seed: number, source: ValueSource): Promise<FailedRun | undefined> => {
    const { clock } = target;
    clock.reset();
    // Awaited only when it is a promise (MinIO's buckets): a memoryOrigin's reset is done at once.
    const originsReset = target.resetOrigins();
    if (originsReset instanceof Promise) return originsReset.then(() => runBody(seed, source));
    return runBody(seed, source);
  };
  const runBody = (seed: number, source: ValueSource): Promise<FailedRun | undefined> => {
    const { cdn, clock } = target;
    const draw = new RunDraws(source, cdn, arbitraries);
    cdn.reset({ seed, routing: 'random', choices: draw.choices });
    const startMs = clock.now();
    const failed = (error: unknown): FailedRun => ({
      draws: draw.log,
      records: cdn.trace.all(),
      startMs,
      error,
    });
    try {
      // As `await body(...)`: a promise is awaited as it is, any other value is a pass.
      return Promise.resolve(body({ cdn, origin: target.origin, clock, draw })).then(() => undefined, failed);
    } catch (error) {
      return Promise.resolve(failed(error));
    }
  };
  // The draws' arbitrary gives the values fc.gen() gave, shrinks as it did, and replays alike.
  const property = new RunProperty((seed, g) =>
    run(seed, g.open()).then((failed) => {
      if (failed) throw failed.error;
    }),
  );
  // fast-check replays a run by its index (the path's first number) and shrinks it again to the same
  // counterexample; a longer shrink path does not replay through the draws' arbitrary (as fc.gen()).
  const details = await fc.check(property, {
    numRuns: options.runs,
    seed: options.seed,
    randomType: runRandom,
    ...(options.path !== undefined ? { path: options.path.split(':')[0] as string } : {}),
  });
  if (!details.failed) return;
  const first = details.errorInstance;
  if (typeof first === 'object' && first !== null && drawMisuses.has(first)) throw first;
  const [seed, g] = details.counterexample ?? [0, undefined];
  const index = (details.counterexamplePath ?? options.path ?? '0').split(':')[0] as string;
  // The shrunk run once more, from its recorded values: the distribution is left as that run left it.
  const shrunk = await run(seed, replayValues(g?.values() ?? []));
  throw new ExplorationFailure({
    seed: details.seed,
    path: index,
    runs: details.numRuns,
    shrinks: details.numShrinks,
    requests: shrunk?.records.filter((r) => r.type === 'request').length ?? 0,
    draws: shrunk?.draws ?? [],
    timeline: shrunk ? formatTimeline(shrunk.records, { startMs: shrunk.startMs }) : '(not reproduced)',
    reproduced: shrunk !== undefined,
    error: shrunk?.error ?? details.errorInstance,
    hint,
  });
}

/** A run's values: the seed of its distribution and its draws. */
type RunValues = [number, DrawTicket];

const NO_HOOK: Promise<void> = Promise.resolve();

/**
 * The explorer's property: what `fc.asyncProperty(fc.nat(), new DrawsArbitrary(), predicate)` is
 * (the same values, bias, shrinks and failures, `fc.pre` included, a suite's global hooks from
 * `fc.configureGlobal` run around each run), without what it paid per run when no hook is set: two
 * async hook frames that ran nothing, an async frame around the predicate, and a wrapper arbitrary
 * around each of the two arbitraries (issue 13: the explorer's default row).
 */
export class RunProperty implements fc.IAsyncProperty<RunValues> {
  readonly #arbitrary = fc.tuple(fc.nat(), new DrawsArbitrary());
  readonly #predicate: (seed: number, ticket: DrawTicket) => Promise<void>;
  readonly #beforeEach: (() => unknown) | undefined;
  readonly #afterEach: (() => unknown) | undefined;

  constructor(predicate: (seed: number, ticket: DrawTicket) => Promise<void>) {
    this.#predicate = predicate;
    const { asyncBeforeEach, asyncAfterEach, beforeEach, afterEach } = fc.readConfigureGlobal() ?? {};
    // fast-check's own refusals, as fc.asyncProperty makes them.
    if (asyncBeforeEach !== undefined && beforeEach !== undefined)
      throw new Error(
        'Global "asyncBeforeEach" and "beforeEach" parameters can\'t be set at the same time when running async properties',
      );
    if (asyncAfterEach !== undefined && afterEach !== undefined)
      throw new Error(
        'Global "asyncAfterEach" and "afterEach" parameters can\'t be set at the same time when running async properties',
      );
    this.#beforeEach = asyncBeforeEach ?? beforeEach;
    this.#afterEach = asyncAfterEach ?? afterEach;
  }

  isAsync(): true {
    return true;
  }

  generate(mrng: fc.Random, runId?: number): fc.Value<RunValues> {
    // fast-check's bias for a run (its runIdToFrequency, to the bit): stronger early, weaker later.
    const bias = runId === undefined ? undefined : 2 + ~~(Math.log(runId + 1) * 0.4342944819032518);
    return this.#arbitrary.generate(mrng, bias);
  }

  shrink(value: fc.Value<RunValues>): fc.Stream<fc.Value<RunValues>> {
    if (value.context === undefined && !this.#arbitrary.canShrinkWithoutContext(value.value_))
      return fc.Stream.nil();
    return this.#arbitrary.shrink(value.value_, value.context);
  }

  run(values: RunValues): Promise<fc.PreconditionFailure | fc.PropertyFailure | null> {
    try {
      return this.#predicate(values[0], values[1]).then(() => null, failureOf);
    } catch (error) {
      return Promise.resolve(failureOf(error));
    }
  }

  runBeforeEach(): Promise<void> {
    return runHook(this.#beforeEach);
  }

  runAfterEach(): Promise<void> {
    return runHook(this.#afterEach);
  }
}

/** What a run that threw `error` is to fast-check: a precondition's skip (`fc.pre`), or a failure. */
function failureOf(error: unknown): fc.PreconditionFailure | fc.PropertyFailure {
  return fc.PreconditionFailure.isFailure(error) ? error : { error };
}

/** A global hook's run, awaited as fc.asyncProperty awaits it; none: one shared settled promise. */
function runHook(hook: (() => unknown) | undefined): Promise<void> {
  if (hook === undefined) return NO_HOOK;
  try {
    return Promise.resolve(hook()).then(() => undefined);
  } catch (error) {
    return Promise.reject(error);
  }
}
