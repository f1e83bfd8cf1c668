import { type Clock, EdgecaseError, SeededRandom } from '@edgecase/cdn';
import { findCurrentCdn } from '../current.js';

/**
 * One AWS SDK waiter, as its client package defines it: the command it polls, its default delays
 * (seconds) and when the resource is ready. Structural, so this file needs no AWS SDK types.
 */
export interface AwsWaiterSpec {
  /** The command class the waiter sends, by its export name in the client package. */
  command: string;
  minDelaySeconds: number;
  maxDelaySeconds: number;
  /** True when the output says the waiter succeeded. */
  done(output: Record<string, unknown>): boolean;
}

/**
 * The waiters of `@aws-sdk/client-cloudfront` that run on the clock, by name (`waitUntil<Name>` and
 * `waitFor<Name>`), with the SDK's own defaults (its dist-cjs; a test checks them against the installed client).
 * `InvalidationCompleted` and `DistributionDeployed` (after `cdn.updateDistribution` or the app's
 * UpdateDistribution); another waiter is one more row.
 */
export const CLOUDFRONT_WAITERS: Readonly<Record<string, AwsWaiterSpec>> = {
  InvalidationCompleted: {
    command: 'GetInvalidationCommand',
    minDelaySeconds: 20,
    maxDelaySeconds: 600,
    done: (output) => (output.Invalidation as { Status?: string } | undefined)?.Status === 'Completed',
  },
  // §13: the SDK's waitForDistributionDeployed polls GetDistribution until Distribution.Status is
  // Deployed; an exception is a retry. Its service defaults are minDelay 60, maxDelay 2100 (the
  // client's dist-cjs, 3.1162; §13 of the facts says maxDelay 120, which the SDK no longer has).
  DistributionDeployed: {
    command: 'GetDistributionCommand',
    minDelaySeconds: 60,
    maxDelaySeconds: 2100,
    done: (output) => (output.Distribution as { Status?: string } | undefined)?.Status === 'Deployed',
  },
};

export interface AwsWaitersOnClockOptions {
  /** The clock the delays advance. Default: the running test's `cdn` clock (the `clock` fixture). */
  clock?: Clock | (() => Clock);
  /** Seed of the jitter between delays, so waits repeat run after run. Default `'aws-waiter'`. */
  seed?: number | string;
  /** The waiters to replace. Default `CLOUDFRONT_WAITERS`. */
  waiters?: Readonly<Record<string, AwsWaiterSpec>>;
}

interface WaiterParams {
  client: { send(command: unknown): Promise<unknown> };
  maxWaitTime: number;
  minDelay?: number;
  maxDelay?: number;
  abortSignal?: { aborted: boolean };
  abortController?: { signal?: { aborted: boolean } };
}

type WaiterResult = {
  state: string;
  reason?: unknown;
  final?: unknown;
  observedResponses: Record<string, number>;
};

/**
 * Returns the client package with its waiters on the simulation clock, for
 * `vi.mock('@aws-sdk/client-cloudfront', async (importOriginal) => awsWaitersOnClock(await importOriginal()))`.
 *
 * The SDK's waiters (`@smithy/util-waiter`, unreachable by `vi.mock` inside the externalised SDK)
 * sleep with `setTimeout` and measure `maxWaitTime` with `Date.now()`. The returned `waitUntil*` and
 * `waitFor*` poll as the SDK does — first at once, then after `minDelay * 2 ** (attempt - 1)` seconds
 * jittered between minDelay and that (seeded), capped at maxDelay, the last delay shortened to fit
 * `maxWaitTime` less 500 ms — but each delay is `clock.advance(delay)`, so invalidations progress
 * while the app waits and the test takes no real time. The app's code stays as it is.
 */
export function awsWaitersOnClock<M extends object>(module: M, options: AwsWaitersOnClockOptions = {}): M {
  const replaced: Record<string, unknown> = {};
  const exports = module as Record<string, unknown>;
  for (const [name, spec] of Object.entries(options.waiters ?? CLOUDFRONT_WAITERS)) {
    const Command = exports[spec.command] as (new (input: unknown) => unknown) | undefined;
    if (typeof Command !== 'function') continue;
    const waitFor = (params: WaiterParams, input: unknown) => poll(spec, Command, params, input, options);
    if (`waitFor${name}` in exports) replaced[`waitFor${name}`] = waitFor;
    if (`waitUntil${name}` in exports)
      replaced[`waitUntil${name}`] = async (params: WaiterParams, input: unknown) =>
        checkExceptions(await waitFor(params, input));
  }
  return { ...module, ...replaced };
}

async function poll(
  spec: AwsWaiterSpec,
  Command: new (input: unknown) => unknown,
  params: WaiterParams,
  input: unknown,
  options: AwsWaitersOnClockOptions,
): Promise<WaiterResult> {
  const clock = resolveClock(options.clock);
  const random = new SeededRandom(options.seed ?? 'aws-waiter');
  const minDelayMs = (params.minDelay ?? spec.minDelaySeconds) * 1000;
  const maxDelayMs = (params.maxDelay ?? spec.maxDelaySeconds) * 1000;
  validate(params, minDelayMs, maxDelayMs);
  const deadline = clock.now() + params.maxWaitTime * 1000;
  const observedResponses: Record<string, number> = {};
  for (let attempt = 0; ; attempt++) {
    if (attempt > 0) {
      if (params.abortController?.signal?.aborted || params.abortSignal?.aborted) {
        return { state: 'ABORTED', observedResponses };
      }
      const ceiling = Math.log(maxDelayMs / minDelayMs) / Math.log(2) + 1;
      const capped = Math.min(minDelayMs * 2 ** (attempt - 1), maxDelayMs);
      let delayMs = attempt > ceiling ? maxDelayMs : minDelayMs + random.next() * (capped - minDelayMs);
      if (clock.now() + delayMs > deadline) delayMs = deadline - clock.now() - 500;
      // The SDK would poll again at once until the wall clock passes the deadline; a virtual clock
      // does not move by itself, so the wait ends here.
      if (delayMs <= 0) return { state: 'TIMEOUT', observedResponses };
      await advance(clock, Math.round(delayMs));
    }
    let reason: unknown;
    let state = 'RETRY';
    try {
      const output = (await params.client.send(new Command(input))) as Record<string, unknown>;
      reason = output;
      if (spec.done(output)) state = 'SUCCESS';
    } catch (error) {
      reason = error;
    }
    const key = describe(reason);
    observedResponses[key] = (observedResponses[key] ?? 0) + 1;
    if (state !== 'RETRY') return { state, reason, final: reason, observedResponses };
  }
}

function describe(reason: unknown): string {
  const r = reason as { $metadata?: { httpStatusCode?: number }; message?: string } | undefined;
  const status = r?.$metadata?.httpStatusCode;
  if (r?.message !== undefined) return `${status ?? 'Unknown'}: ${r.message}`;
  return status ? `${status}: OK` : 'Unknown';
}

/** The SDK's `checkExceptions`: a waitUntil* throws unless the waiter succeeded. */
function checkExceptions(result: WaiterResult): WaiterResult {
  if (result.state === 'SUCCESS') return result;
  const reason = { ABORTED: 'Request was aborted', TIMEOUT: 'Waiter has timed out' }[
    result.state as 'TIMEOUT'
  ];
  const error = new Error(JSON.stringify(reason ? { ...result, reason } : result));
  if (result.state === 'ABORTED') error.name = 'AbortError';
  if (result.state === 'TIMEOUT') error.name = 'TimeoutError';
  throw error;
}

function validate(params: WaiterParams, minDelayMs: number, maxDelayMs: number): void {
  const maxWaitMs = params.maxWaitTime * 1000;
  if (!(maxWaitMs > 0) || !(minDelayMs > 0) || !(maxDelayMs >= minDelayMs) || maxWaitMs <= minDelayMs) {
    throw new EdgecaseError(
      'InvalidOption',
      `AWS SDK waiter: expected maxWaitTime > minDelay > 0 and maxDelay >= minDelay (seconds), got maxWaitTime ${params.maxWaitTime}, minDelay ${minDelayMs / 1000}, maxDelay ${maxDelayMs / 1000}.`,
      {
        value: params,
        hint: "These are the SDK's own rules (WaiterConfiguration); pass maxWaitTime in seconds, e.g. { client, maxWaitTime: 600 }.",
      },
    );
  }
}

function resolveClock(option: AwsWaitersOnClockOptions['clock']): Clock {
  const clock = typeof option === 'function' ? option() : (option ?? findCurrentCdn()?.clock);
  if (!clock) {
    throw new EdgecaseError(
      'InvalidOption',
      'awsWaitersOnClock: expected a clock, got none: this test has no `cdn` fixture.',
      {
        hint: 'Use `test` from @edgecase/vitest (its `cdn` fixture is set up for every test), or pass one: awsWaitersOnClock(module, { clock: () => myClock }).',
      },
    );
  }
  return clock;
}

async function advance(clock: Clock, ms: number): Promise<void> {
  const step = (clock as { advance?: (ms: number) => Promise<void> }).advance;
  await (typeof step === 'function' ? step.call(clock, ms) : clock.sleep(ms));
}
