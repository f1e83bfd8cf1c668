import type { Clock } from '../clock/clock.js';
import { EdgecaseError, invalid } from '../errors.js';
import type { ResolvedOrigin } from '../options/config-types.js';
import {
  ANSWER_NOW,
  type ImmediateOrigin,
  type OriginFetchContext,
  type OriginRequest,
  type OriginResponse,
} from '../origin/types.js';

export type OriginOutcome =
  /** `flat`: the header values are flat strings already (an `ANSWER_NOW` answer). */
  | { kind: 'response'; response: OriginResponse; attempts: number; flat: boolean }
  | { kind: 'failure'; reason: 'timeout' | 'unreachable'; attempts: number; detail: string };

/**
 * Fetches from an origin the way CloudFront does (§8 "Origin timeouts"): each attempt allows the
 * connection timeout (default 10 s) until the origin accepts the connection (`onConnect`), then the
 * response timeout (default 30 s) for its answer, both on the simulation clock. GET and HEAD are
 * retried up to ConnectionAttempts (default 3) times; other methods are not retried. After the last
 * failed attempt the result is a failure the caller turns into 502 (unreachable) or 504 (timeout).
 */
export function fetchOrigin(
  origin: ResolvedOrigin,
  request: OriginRequest,
  clock: Clock,
): OriginOutcome | Promise<OriginOutcome> {
  // An origin that answers at once (a memoryOrigin without faults) needs no timers and no promise:
  // its answer is there before any clock time passes, as it would be through fetch.
  const immediate = (origin.origin as Partial<ImmediateOrigin>)[ANSWER_NOW];
  if (immediate === undefined) return fetchWithTimeouts(origin, request, clock, 1);
  let now: OriginResponse | undefined;
  try {
    now = immediate.call(origin.origin, request, immediateContext(clock));
    if (now === undefined) return fetchWithTimeouts(origin, request, clock, 1);
    return {
      kind: 'response',
      response: checkOriginResponse(now, origin.origin.name),
      attempts: 1,
      flat: true,
    };
  } catch (error) {
    const failure = attemptFailed(error, 1);
    if (!retriable(request) || origin.connectionAttempts <= 1) return failure;
    return fetchWithTimeouts(origin, request, clock, 2, failure);
  }
}

// §8: GET and HEAD are retried; DELETE, OPTIONS, PATCH, PUT and POST are not retried after a timeout.
function retriable(request: OriginRequest): boolean {
  return request.method === 'GET' || request.method === 'HEAD';
}

function attemptFailed(error: unknown, attempt: number): OriginOutcome {
  // Misuse of edgecase itself (a bad option reaching an origin) must surface, not become a 502.
  if (error instanceof EdgecaseError) throw error;
  const detail = error instanceof Error ? error.message : String(error);
  return { kind: 'failure', reason: 'unreachable', attempts: attempt, detail };
}

async function fetchWithTimeouts(
  origin: ResolvedOrigin,
  request: OriginRequest,
  clock: Clock,
  first: number,
  failed?: OriginOutcome,
): Promise<OriginOutcome> {
  const attempts = retriable(request) ? origin.connectionAttempts : 1;
  let failure: OriginOutcome = failed ?? { kind: 'failure', reason: 'unreachable', attempts: 0, detail: '' };
  for (let attempt = first; attempt <= attempts; attempt++) {
    try {
      const answer = await attemptOnce(origin, request, clock);
      if (answer.kind === 'response')
        return { kind: 'response', response: answer.response, attempts: attempt, flat: false };
      failure = { kind: 'failure', reason: 'timeout', attempts: attempt, detail: answer.detail };
    } catch (error) {
      failure = attemptFailed(error, attempt);
    }
  }
  return failure;
}

/** A context for an immediate answer: connected at once, never aborted (no timer can fire before it). */
let lastContext: OriginFetchContext | undefined;
const neverAborted = new AbortController().signal;
const connected = () => {};
function immediateContext(clock: Clock): OriginFetchContext {
  if (lastContext?.clock !== clock) lastContext = { clock, signal: neverAborted, onConnect: connected };
  return lastContext;
}

type Attempt = { kind: 'response'; response: OriginResponse } | { kind: 'timeout'; detail: string };

function attemptOnce(origin: ResolvedOrigin, request: OriginRequest, clock: Clock): Promise<Attempt> {
  return new Promise((resolve, reject) => {
    const abort = new AbortController();
    let settled = false;
    let connected = false;
    const giveUp = (detail: string) => {
      if (settled) return;
      settled = true;
      abort.abort();
      resolve({ kind: 'timeout', detail });
    };
    const timer = (ms: number, detail: string) => clock.schedule(clock.now() + ms, () => giveUp(detail));
    let cancelTimer = timer(
      origin.connectionTimeoutMs,
      `no connection within ${origin.connectionTimeoutMs / 1000} s`,
    );
    // The origin accepted the connection: the response timeout starts now. Only the first call counts.
    const onConnect = () => {
      if (settled || connected) return;
      connected = true;
      cancelTimer();
      cancelTimer = timer(origin.readTimeoutMs, `no response within ${origin.readTimeoutMs / 1000} s`);
    };
    const settle = (finish: () => void) => {
      if (settled) return;
      settled = true;
      cancelTimer();
      finish();
    };
    origin.origin.fetch(request, { clock, signal: abort.signal, onConnect }).then(
      (response) =>
        settle(() => {
          try {
            resolve({ kind: 'response', response: checkOriginResponse(response, origin.origin.name) });
          } catch (error) {
            reject(error);
          }
        }),
      (error: unknown) => settle(() => reject(error)),
    );
  });
}

/**
 * A custom `Origin` is user code: an answer that is not `{ status, headers, body }` is a mistake in
 * it, reported as such rather than as a TypeError deep in the cache.
 */
function checkOriginResponse(response: unknown, name: string): OriginResponse {
  const r = response as Partial<OriginResponse> | null | undefined;
  const ok =
    typeof r === 'object' &&
    r !== null &&
    typeof r.status === 'number' &&
    Number.isInteger(r.status) &&
    r.status >= 100 &&
    r.status <= 599 &&
    typeof r.headers === 'object' &&
    r.headers !== null &&
    r.body instanceof Uint8Array;
  if (!ok) {
    invalid(
      'InvalidOrigin',
      `origin "${name}" answered`,
      '{ status: 100-599, headers: { name: value }, body: Uint8Array }',
      response,
      'Fix the fetch() of your custom Origin.',
    );
  }
  return r as OriginResponse;
}
