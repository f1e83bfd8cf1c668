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
  drawMisuses,
  type Generate,
  RunDraws,
  replayValues,
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
  const run = (seed: number, generate: Generate): Promise<FailedRun | undefined> => {
    const { clock } = target;
    clock.reset();
    // Awaited only when it is a promise (MinIO's buckets): a memoryOrigin's reset is done at once.
    const originsReset = target.resetOrigins();
    if (originsReset instanceof Promise) return originsReset.then(() => runBody(seed, generate));
    return runBody(seed, generate);
  };
  const runBody = (seed: number, generate: Generate): Promise<FailedRun | undefined> => {
    const { cdn, clock } = target;
    const draw = new RunDraws(generate, cdn, arbitraries);
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
  const property = fc.asyncProperty(fc.nat(), new DrawsArbitrary(), (seed, g) =>
    run(seed, g.open().draw).then((failed) => {
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
