import { type Clock, checkOptionKeys, EdgecaseError, optionKeys, SeededRandom } from '@edgecase/cdn';
import type pRetry from 'p-retry';
import type { makeRetriable, Options, RetryContext } from 'p-retry';
import { findCurrentCdn } from '../current.js';
import { describeValue } from '../describe-value.js';

/**
 * The shape of `import('p-retry')`, structural: p-retry is an optional peer, so the shipped `.d.ts`
 * must not import its types (an app without it gets TS2307 under `skipLibCheck: false`).
 */
export interface PRetryModule {
  default: (...args: never[]) => unknown;
  makeRetriable: (...args: never[]) => unknown;
  AbortError: abstract new (...args: never[]) => Error;
}

export interface PRetryOnClockOptions {
  /** The clock the delays advance. Default: the running test's `cdn` clock (the `clock` fixture). */
  clock?: Clock | (() => Clock);
  /** Seed for `randomize: true`, so jittered delays repeat run after run. Default `'p-retry'`. */
  seed?: number | string;
}

// p-retry caps a delay at what setTimeout can hold.
const MAX_DELAY_MS = 2 ** 31 - 1;

/**
 * Returns p-retry with its delays moved onto the simulation clock, for
 * `vi.mock('p-retry', async (importOriginal) => pRetryOnClock(await importOriginal()))`.
 *
 * p-retry 9 waits with the global `setTimeout` and measures `maxRetryTime` with `performance.now()`
 * (its README suggests fake timers, which hang fetch and msw). The returned module runs the real
 * p-retry with `minTimeout: 0`, so it schedules no timer, and performs each delay itself: the same
 * `minTimeout * factor ** retriesConsumed` (capped by `maxTimeout`) p-retry would wait, as
 * `clock.advance(delay)`. `maxRetryTime` is measured on the clock too, and callbacks see the
 * simulated `retryDelay`. The app's code and options stay as they are.
 */
export function pRetryOnClock<M extends PRetryModule>(module: M, options: PRetryOnClockOptions = {}): M {
  checkOptionKeys(options, optionKeys<PRetryOnClockOptions>()(['clock', 'seed']), 'pRetryOnClock options');
  const { seed } = options;
  const validSeed =
    (typeof seed === 'string' && seed !== '') ||
    (typeof seed === 'number' && Number.isInteger(seed) && seed >= 0 && seed < 2 ** 32);
  if (seed !== undefined && !validSeed) {
    throw new EdgecaseError(
      'InvalidOption',
      `pRetryOnClock seed: expected an integer from 0 to 4294967295 or a non-empty string, got ${describeValue(seed)}.`,
      { value: seed },
    );
  }
  const original = module.default as typeof pRetry;
  const retry = (<T>(input: (attemptNumber: number) => PromiseLike<T> | T, user: Options = {}) => {
    const clock = resolveClock(options.clock);
    const random = new SeededRandom(options.seed ?? 'p-retry');
    const minTimeout = user.minTimeout ?? 1000;
    const factor = user.factor === 0 ? 1 : (user.factor ?? 2);
    const maxTimeout = user.maxTimeout ?? Number.POSITIVE_INFINITY;
    const maxRetryTime = user.maxRetryTime ?? Number.POSITIVE_INFINITY;
    const startMs = clock.now();
    const remainingMs = () => maxRetryTime - (clock.now() - startMs);
    const delayFor = (retriesConsumed: number) => {
      if (minTimeout === 0) return 0;
      const jitter = user.randomize ? 1 + random.next() : 1;
      const ms = Math.round(jitter * minTimeout * factor ** retriesConsumed);
      return Math.min(ms, Math.ceil(maxTimeout), MAX_DELAY_MS);
    };
    let pendingMs = 0;
    let consume = true;
    const seen = (context: RetryContext, retryDelay: number): RetryContext =>
      Object.freeze({ ...context, retryDelay });
    return original(input, {
      ...user,
      minTimeout: 0,
      randomize: false,
      maxRetryTime: Number.POSITIVE_INFINITY,
      shouldConsumeRetry: async (context) => {
        pendingMs = context.retriesLeft > 0 && remainingMs() > 0 ? delayFor(context.retriesConsumed) : 0;
        consume = (await user.shouldConsumeRetry?.(seen(context, pendingMs))) ?? true;
        return consume;
      },
      onFailedAttempt: (context) => user.onFailedAttempt?.(seen(context, consume ? pendingMs : 0)),
      shouldRetry: async (context) => {
        if (remainingMs() <= 0) return false;
        if (user.shouldRetry && !(await user.shouldRetry(seen(context, consume ? pendingMs : 0))))
          return false;
        if (consume) await wait(clock, Math.min(pendingMs, remainingMs()));
        return true;
      },
    });
  }) as typeof pRetry;
  const retriable = ((fn: (...args: unknown[]) => unknown, user?: Options) =>
    function (this: unknown, ...args: unknown[]) {
      return retry(() => fn.apply(this, args), user);
    }) as typeof makeRetriable;
  return { ...module, default: retry, makeRetriable: retriable };
}

function resolveClock(option: PRetryOnClockOptions['clock']): Clock {
  const clock = typeof option === 'function' ? option() : (option ?? findCurrentCdn()?.clock);
  if (!clock) {
    throw new EdgecaseError(
      'InvalidOption',
      'pRetryOnClock: expected a clock, got none: this test has no `cdn` fixture.',
      {
        hint: 'Use the `cdn` fixture in the test, or pass one: pRetryOnClock(module, { clock: () => myClock }).',
      },
    );
  }
  return clock;
}

async function wait(clock: Clock, ms: number): Promise<void> {
  if (ms <= 0) return;
  const advance = (clock as { advance?: (ms: number) => Promise<void> }).advance;
  await (typeof advance === 'function' ? advance.call(clock, ms) : clock.sleep(ms));
}
