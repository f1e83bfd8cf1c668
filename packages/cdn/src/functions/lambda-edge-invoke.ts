/**
 * Contract: one Lambda@Edge invocation on the virtual clock. The handler is called with the event,
 * a Lambda context and a callback; it may return a promise (async) or call the callback. Its time is
 * measured deterministically: whatever it awaits on the simulation clock, plus the function's
 * configured `duration`, plus `coldStart` on its first invocation in a Region. A handler that has
 * not answered by its timeout (§10/§20 cloudfront-limits: 5 s viewer, 30 s origin) is cut off on the
 * clock; a handler that never settles is cut off there too (advance the ManualClock to see it).
 * No wall clock is read.
 */
import type { Clock } from '../clock/clock.js';
import type { LambdaAssociation, LambdaEventType } from '../options/lambda-edge-types.js';
import type { LambdaEdgeEvent } from './lambda-edge-event.js';
import { lambdaNameOf, ORIGIN_TIMEOUT_MS, VIEWER_TIMEOUT_MS } from './lambda-edge-function.js';

export type LambdaRun =
  | { kind: 'value'; value: unknown }
  | { kind: 'error'; error: string }
  | { kind: 'timeout'; error: string };

export interface LambdaRunResult {
  run: LambdaRun;
  /** Virtual milliseconds from invocation to answer (cold start and duration included). */
  durationMs: number;
  coldStart: boolean;
}

export interface InvocationSite {
  clock: Clock;
  requestId: string;
  /** The Region the function runs in (the edge's, or the regional cache's for origin events). */
  region: string;
}

function describeError(error: unknown): string {
  const e = error as { name?: unknown; message?: unknown };
  return typeof e?.message === 'string'
    ? `${String(e.name ?? 'Error')}: ${e.message}`
    : `threw ${String(error)}`;
}

export async function invokeLambda(
  association: LambdaAssociation,
  eventType: LambdaEventType,
  event: LambdaEdgeEvent,
  site: InvocationSite,
): Promise<LambdaRunResult> {
  const { lambda, arn } = association;
  const { clock } = site;
  const handler = await lambda.handler();
  const start = clock.now();
  const quota = eventType.startsWith('viewer-') ? VIEWER_TIMEOUT_MS : ORIGIN_TIMEOUT_MS;
  const timeoutMs = Math.min(lambda.timeoutMs ?? quota, quota);
  const timeoutAt = start + timeoutMs;
  const coldStart = lambda.coldIn(site.region);
  const delayMs = (coldStart ? lambda.coldStartMs : 0) + lambda.durationMs;
  const timedOut: LambdaRun = {
    kind: 'timeout',
    error: `the function did not answer within its timeout of ${timeoutMs / 1000} s`,
  };
  const { version } = lambdaNameOf(arn);
  const context = {
    functionName: `us-east-1.${lambda.name}`,
    functionVersion: version ?? '1',
    invokedFunctionArn: arn,
    memoryLimitInMB: '128',
    awsRequestId: site.requestId,
    logGroupName: `/aws/lambda/us-east-1.${lambda.name}`,
    logStreamName: `${site.region}/${lambda.name}`,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, timeoutAt - clock.now()),
  };
  let run = await new Promise<LambdaRun>((resolve) => {
    let done = false;
    let cancel: (() => void) | undefined;
    const finish = (r: LambdaRun) => {
      if (done) return;
      done = true;
      cancel?.();
      resolve(r);
    };
    const callback = (error?: unknown, result?: unknown) =>
      finish(
        error !== undefined && error !== null
          ? { kind: 'error', error: describeError(error) }
          : { kind: 'value', value: result },
      );
    try {
      const returned = handler(event, context, callback);
      if (typeof (returned as PromiseLike<unknown> | null)?.then === 'function') {
        Promise.resolve(returned).then(
          (value) => finish({ kind: 'value', value }),
          (error: unknown) => finish({ kind: 'error', error: describeError(error) }),
        );
      } else if (handler.length < 3) {
        // A synchronous handler without a callback answers with what it returned.
        finish({ kind: 'value', value: returned });
      }
    } catch (error) {
      finish({ kind: 'error', error: describeError(error) });
    }
    if (!done) cancel = clock.schedule(timeoutAt, () => finish(timedOut));
  });
  if (run.kind !== 'timeout' && delayMs > 0) {
    const now = clock.now();
    if (now + delayMs >= timeoutAt) {
      await clock.sleep(timeoutAt - now);
      run = timedOut;
    } else await clock.sleep(delayMs);
  }
  return { run, durationMs: clock.now() - start, coldStart };
}
