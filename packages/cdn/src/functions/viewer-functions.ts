/**
 * Contract: the viewer-request and viewer-response stations of a behaviour with CloudFront Functions.
 * The behaviour is selected first; its viewer-request function sees the request and either returns
 * it (changed or not: a new URI changes the cache key and the origin path, not the behaviour, §8
 * edge-functions-restrictions) or returns a response answered at once without cache or origin
 * (X-Cache FunctionGeneratedResponse, §4/§10). Its viewer-response function sees the answer unless the
 * status is 400 or more (§10). A function that throws is answered 503 (execution error, §20
 * http-503-service-unavailable); one that returns something invalid, 502 (validation error, §20).
 */

import { headerMapOf } from '../cache/cache-entry.js';
import type { EdgeAnswer } from '../cdn/edge-answer.js';
import { cloudFrontAnswer } from '../cdn/edge-answer.js';
import type { ViewerRequest } from '../cdn/viewer-request.js';
import type { ResolvedBehavior, ResolvedOrigin } from '../options/config-types.js';
import type { ResolvedFunction as CloudFrontFunction, InvocationRecord } from '../options/edge-code-types.js';
import type { HeaderMap } from '../origin/types.js';
import {
  type FunctionEvent,
  type FunctionEventContext,
  readGeneratedResponse,
  readRequestResult,
  requestEventOf,
  responseEventOf,
  VIEWER_RESPONSE_READ_ONLY,
} from './function-event.js';
import { FunctionRunaway } from './function-runtime.js';
import { applyOriginChanges, type OriginsOfDistribution } from './origin-changes.js';

/** One function run (a CloudFront Function or a Lambda@Edge function), as the trace records it. */
export interface FunctionInvocation {
  /** The function's name (a Lambda@Edge function's, from its ARN). */
  readonly function: string;
  /** CloudFront Functions run on viewer events only; Lambda@Edge on all four. */
  readonly eventType: 'viewer-request' | 'viewer-response' | 'origin-request' | 'origin-response';
  /**
   * `continued`: returned the request/response; `generated-response`: answered itself;
   * `limit-exceeded`: a Lambda@Edge function that timed out (503 LambdaLimitExceeded).
   */
  readonly outcome:
    | 'continued'
    | 'generated-response'
    | 'validation-error'
    | 'execution-error'
    | 'limit-exceeded';
  /** What went wrong, for the error outcomes. */
  readonly error?: string;
  /** console output of the run. */
  readonly logs?: readonly string[];
  /** The origin (or `cf.createRequestOriginGroup`) the function's origin helpers chose. */
  readonly origin?: string;
  /** Lambda@Edge: the ARN (or name) the association gave. */
  readonly arn?: string;
  /** Lambda@Edge: virtual milliseconds the invocation took (cold start and duration included). */
  readonly durationMs?: number;
  /** Lambda@Edge: the first invocation of the function in this Region. */
  readonly coldStart?: boolean;
}

export interface EventSite {
  distributionDomainName: string;
  distributionId: string;
  requestId: string;
  viewerIp: string;
  nowMs: number;
  /** The distribution's origins, for runtime 2.0's origin helpers (viewer-request). */
  origins?: OriginsOfDistribution;
}

/** The example distribution id AWS documentation uses. */
export const DEFAULT_DISTRIBUTION_ID = 'EDFDVBD6EXAMPLE';

export type ViewerRequestStation =
  | {
      kind: 'request';
      request: ViewerRequest;
      invocation: FunctionInvocation;
      /** Set when the function changed the origin (cf.updateRequestOrigin...): where a miss goes. */
      origin?: ResolvedOrigin;
    }
  | { kind: 'answer'; answer: EdgeAnswer; invocation: FunctionInvocation };

function context(site: EventSite, eventType: FunctionEventContext['eventType']): FunctionEventContext {
  return {
    distributionDomainName: site.distributionDomainName,
    distributionId: site.distributionId,
    eventType,
    requestId: site.requestId,
  };
}

type CallResult = ({ value: unknown } | { error: string }) & { run: InvocationRecord | undefined };

/** Runs the function; synchronous unless the handler returned a promise (an async handler). */
function call(fn: CloudFrontFunction, event: FunctionEvent, nowMs: number): CallResult | Promise<CallResult> {
  let value: unknown;
  // This invocation's record, taken now: a concurrent invocation of an async handler makes its own.
  let run: InvocationRecord | undefined;
  try {
    value = fn.invoke(event, nowMs);
    run = fn.invocation;
  } catch (error) {
    return failure(fn, error, fn.invocation);
  }
  if (typeof (value as PromiseLike<unknown> | null)?.then !== 'function') return settled(fn, value, run);
  return Promise.resolve(value).then(
    (v) => settled(fn, v, run),
    (error) => failure(fn, error, run),
  );
}

function settled(fn: CloudFrontFunction, value: unknown, run: InvocationRecord | undefined): CallResult {
  return fn.halted
    ? { error: 'the function ran past its safety limit (an endless loop?)', run }
    : { value, run };
}

function failure(fn: CloudFrontFunction, error: unknown, run: InvocationRecord | undefined): CallResult {
  if (error instanceof FunctionRunaway || fn.halted) return { error: (error as Error).message, run };
  const e = error as { name?: unknown; message?: unknown };
  return {
    error:
      typeof e?.message === 'string'
        ? `${String(e.name ?? 'Error')}: ${e.message}`
        : `threw ${String(error)}`,
    run,
  };
}

function logsOf(fn: CloudFrontFunction, run: InvocationRecord | undefined): { logs?: readonly string[] } {
  const logs = run ? run.logs : fn.logs;
  return logs?.length ? { logs: [...logs] } : {};
}

/** Synchronous for a synchronous handler, a promise for an async one. */
export function runViewerRequest(
  fn: CloudFrontFunction,
  request: ViewerRequest,
  behavior: ResolvedBehavior,
  site: EventSite,
): ViewerRequestStation | Promise<ViewerRequestStation> {
  const event: FunctionEvent = {
    version: '1.0',
    context: context(site, 'viewer-request'),
    viewer: { ip: site.viewerIp },
    request: requestEventOf(request),
  };
  const result = call(fn, event, site.nowMs);
  return result instanceof Promise
    ? result.then((r) => afterViewerRequest(fn, request, behavior, r, site))
    : afterViewerRequest(fn, request, behavior, result, site);
}

function afterViewerRequest(
  fn: CloudFrontFunction,
  request: ViewerRequest,
  behavior: ResolvedBehavior,
  result: CallResult,
  site: EventSite,
): ViewerRequestStation {
  const base = { function: fn.name, eventType: 'viewer-request' as const, ...logsOf(fn, result.run) };
  if ('error' in result) {
    const invocation = { ...base, outcome: 'execution-error' as const, error: result.error };
    return { kind: 'answer', answer: functionError(503, fn, result.error, behavior), invocation };
  }
  const read = readRequestResult(result.value, request);
  switch (read.kind) {
    case 'invalid': {
      const invocation = { ...base, outcome: 'validation-error' as const, error: read.reason };
      return { kind: 'answer', answer: functionError(502, fn, read.reason, behavior), invocation };
    }
    case 'response':
      return {
        kind: 'answer',
        answer: generatedAnswer(read.status, read.headers, read.body, behavior),
        invocation: { ...base, outcome: 'generated-response' },
      };
    case 'request': {
      const changes = result.run ? result.run.originChanges : fn.originChanges;
      if (!changes?.length || !site.origins)
        return { kind: 'request', request: read.request, invocation: { ...base, outcome: 'continued' } };
      // §20 helper-functions-origin-modification: the helpers' changes apply to this request's origin.
      const current =
        site.origins.origins.get(behavior.targetOriginId) ??
        site.origins.originGroups.get(behavior.targetOriginId);
      const applied = current ? applyOriginChanges(changes, current, site.origins) : { invalid: 'no origin' };
      if ('invalid' in applied) {
        const invocation = { ...base, outcome: 'validation-error' as const, error: applied.invalid };
        return { kind: 'answer', answer: functionError(502, fn, applied.invalid, behavior), invocation };
      }
      return {
        kind: 'request',
        request: read.request,
        invocation: {
          ...base,
          outcome: 'continued',
          origin: applied.origin.failover?.group ?? applied.origin.id,
        },
        origin: applied.origin,
      };
    }
  }
}

/** Runs the viewer-response function on `answer`; returns the answer the viewer gets. */
export async function runViewerResponse(
  fn: CloudFrontFunction,
  request: ViewerRequest,
  answer: EdgeAnswer,
  statusText: string,
  site: EventSite,
): Promise<{ answer: EdgeAnswer; invocation: FunctionInvocation }> {
  const served = headerMapOf(answer.headers);
  const event: FunctionEvent = {
    version: '1.0',
    context: context(site, 'viewer-response'),
    viewer: { ip: site.viewerIp },
    request: requestEventOf(request),
    response: responseEventOf(answer.status, statusText, served),
  };
  const result = await call(fn, event, site.nowMs);
  const base = { function: fn.name, eventType: 'viewer-response' as const, ...logsOf(fn, result.run) };
  if ('error' in result) {
    return {
      answer: functionError(503, fn, result.error, answer.behavior),
      invocation: { ...base, outcome: 'execution-error', error: result.error },
    };
  }
  const value = result.value;
  const read =
    typeof value === 'object' && value !== null
      ? readGeneratedResponse(value as Record<string, unknown>, VIEWER_RESPONSE_READ_ONLY, served)
      : ({
          kind: 'invalid',
          reason: `the function returned ${typeof value}, not the response object`,
        } as const);
  if (read.kind !== 'response') {
    const reason = read.kind === 'invalid' ? read.reason : 'viewer-response must return the response';
    return {
      answer: functionError(502, fn, reason, answer.behavior),
      invocation: { ...base, outcome: 'validation-error', error: reason },
    };
  }
  // The function cannot read or replace the body from the origin (§10): the answer's body stays.
  const headers: HeaderMap = { ...read.headers };
  for (const name of ['content-length', 'content-encoding', 'etag', 'last-modified', 'content-range']) {
    const kept = served[name];
    if (kept !== undefined && headers[name] === undefined) headers[name] = kept;
  }
  return {
    answer: { ...answer, status: read.status, headers },
    invocation: { ...base, outcome: 'continued' },
  };
}

/** §10/§4: a response a viewer-request function generated; never cached. */
function generatedAnswer(
  status: number,
  headers: HeaderMap,
  body: Uint8Array,
  behavior: ResolvedBehavior,
): EdgeAnswer {
  return {
    status,
    headers: { ...headers, 'content-length': String(body.byteLength), server: 'CloudFront' },
    body,
    ageSeconds: undefined,
    xCache: 'FunctionGeneratedResponse',
    servedFrom: 'cloudfront',
    tiers: [],
    behavior,
    key: undefined,
  };
}

/**
 * §20 (current CFDG http-503-service-unavailable, http-502-bad-gateway #cloudfront-function-validation-error):
 * 503 for an execution error, 502 for a validation error. The X-Cache value of these is UNCONFIRMED;
 * edgecase sends `Error from cloudfront`.
 */
function functionError(
  status: 502 | 503,
  fn: CloudFrontFunction,
  detail: string,
  behavior: ResolvedBehavior | undefined,
): EdgeAnswer {
  const what = status === 503 ? 'execution error' : 'validation error';
  return cloudFrontAnswer(status, 'Error', `CloudFront Function ${fn.name}: ${what}: ${detail}`, behavior);
}
