/**
 * Contract: the four Lambda@Edge stations of a request (§10, §20 lambda-cloudfront-trigger-events).
 * viewer-request sees the viewer's request and returns it (changed) or a generated response (not
 * cached, X-Cache LambdaGeneratedResponse); viewer-response sees the answer (not its status to
 * change). origin-request runs only when the request goes to the origin (every CloudFront cache
 * missed): it returns the origin request or a generated response, which is cached like the origin's;
 * origin-response sees the origin's answer before it is cached. A function that throws is answered
 * 503 LambdaExecutionError, one that returns something invalid 502 LambdaValidationError, one that
 * times out 503 LambdaLimitExceeded (§20 http-502-lambda-validation-error,
 * http-503-lambda-execution-error, http-503-lambda-limit-exceeded; X-Cache "… from cloudfront").
 */

import { headerMapOf } from '../cache/cache-entry.js';
import type { EdgeAnswer } from '../cdn/edge-answer.js';
import type { ResolvedLambdaEdgeFidelity } from '../cdn/options.js';
import type { ViewerRequest } from '../cdn/viewer-request.js';
import type { Clock } from '../clock/clock.js';
import type { ResolvedBehavior, ResolvedOrigin } from '../options/config-types.js';
import type { LambdaAssociation, LambdaEventType } from '../options/lambda-edge-types.js';
import type { HeaderMap, OriginRequest, OriginResponse } from '../origin/types.js';
import type { TierResult } from '../tiers/exchange.js';
import {
  type CfRequest,
  cfHeadersOf,
  type LambdaEdgeEvent,
  readRequestResult,
  readResponseResult,
  requestBodyOf,
} from './lambda-edge-event.js';
import { invokeLambda, type LambdaRunResult } from './lambda-edge-invoke.js';
import {
  originDomainOf,
  originEventOf,
  readOriginChange,
  resolveOriginChange,
} from './lambda-origin-change.js';
import type { OriginsOfDistribution } from './origin-changes.js';
import type { FunctionInvocation } from './viewer-functions.js';

export type LambdaXCache =
  | 'LambdaGeneratedResponse'
  | 'LambdaExecutionError'
  | 'LambdaValidationError'
  | 'LambdaLimitExceeded';

export interface LambdaSite {
  clock: Clock;
  distributionDomainName: string;
  distributionId: string;
  requestId: string;
  region: string;
  /** `fidelity.lambdaEdge`: the choices for what §20 leaves UNCONFIRMED. */
  fidelity: ResolvedLambdaEdgeFidelity;
}

function eventOf(
  site: LambdaSite,
  eventType: LambdaEventType,
  request: CfRequest,
  response?: LambdaEdgeEvent['Records'][0]['cf']['response'],
): LambdaEdgeEvent {
  const cf: LambdaEdgeEvent['Records'][0]['cf'] = {
    config: {
      distributionDomainName: site.distributionDomainName,
      distributionId: site.distributionId,
      eventType,
      requestId: site.requestId,
    },
    request,
  };
  if (response) cf.response = response;
  return { Records: [{ cf }] };
}

function invocationOf(
  association: LambdaAssociation,
  eventType: LambdaEventType,
  result: LambdaRunResult,
  outcome: FunctionInvocation['outcome'],
  error?: string,
): FunctionInvocation {
  return {
    function: association.lambda.name,
    eventType,
    outcome,
    ...(error !== undefined ? { error } : {}),
    arn: association.arn,
    durationMs: result.durationMs,
    ...(result.coldStart ? { coldStart: true } : {}),
  };
}

/** §20: what CloudFront answers for a failed invocation. */
type Failure = {
  status: 502 | 503;
  xCache: LambdaXCache;
  outcome: FunctionInvocation['outcome'];
  error: string;
};

function failureOf(result: LambdaRunResult): Failure | undefined {
  const { run } = result;
  if (run.kind === 'error')
    return { status: 503, xCache: 'LambdaExecutionError', outcome: 'execution-error', error: run.error };
  if (run.kind === 'timeout')
    return { status: 503, xCache: 'LambdaLimitExceeded', outcome: 'limit-exceeded', error: run.error };
  return undefined;
}

function validation(error: string): Failure {
  return { status: 502, xCache: 'LambdaValidationError', outcome: 'validation-error', error };
}

function errorBody(status: number, detail: string): Uint8Array {
  return new TextEncoder().encode(
    `<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN"><HTML><HEAD><TITLE>${status} ERROR</TITLE></HEAD><BODY><H1>${status} ERROR</H1><H2>The request could not be satisfied.</H2><HR noshade size="1px">${detail}</BODY></HTML>`,
  );
}

function failureAnswer(f: Failure, fn: string, behavior: ResolvedBehavior | undefined): EdgeAnswer {
  const note = `Lambda@Edge ${fn}: ${f.xCache}: ${f.error}`;
  const body = errorBody(f.status, note);
  return {
    status: f.status,
    headers: { 'content-type': 'text/html', 'content-length': String(body.byteLength), server: 'CloudFront' },
    body,
    ageSeconds: undefined,
    xCache: f.xCache,
    servedFrom: 'cloudfront',
    tiers: [],
    behavior,
    key: undefined,
    note,
  };
}

function failureResult(f: Failure, fn: string, site: LambdaSite): TierResult {
  const body = errorBody(f.status, `Lambda@Edge ${fn}: ${f.xCache}: ${f.error}`);
  return {
    status: f.status,
    headers: { 'content-type': 'text/html', server: 'CloudFront' },
    body,
    ageMs: 0,
    entry: undefined,
    outcomes: [],
    servedFrom: 'cloudfront',
    collapsible: true,
    xCache: f.xCache,
    // UNCONFIRMED (§20): fidelity.lambdaEdge.errorCaching; `error-caching` leaves the 502/503 to
    // the error-caching rules of §2, as an origin's 502/503 would be.
    ...(site.fidelity.errorCaching === 'never' ? { uncacheable: true } : {}),
  };
}

export type LambdaViewerRequestStation =
  | { kind: 'request'; request: ViewerRequest; invocation: FunctionInvocation }
  | { kind: 'answer'; answer: EdgeAnswer; invocation: FunctionInvocation };

/** viewer-request (§20): on every request, fresh hits included, before the cache. */
export async function runLambdaViewerRequest(
  association: LambdaAssociation,
  request: ViewerRequest,
  body: Uint8Array | undefined,
  behavior: ResolvedBehavior,
  site: LambdaSite,
): Promise<LambdaViewerRequestStation> {
  const eventType = 'viewer-request';
  const before: HeaderMap = { ...request.headers, host: request.host };
  const cfRequest: CfRequest = {
    clientIp: request.viewer.ip,
    headers: cfHeadersOf(request.headers, { host: request.host }),
    method: request.method,
    querystring: request.query,
    uri: request.path,
  };
  if (association.includeBody && body !== undefined) cfRequest.body = requestBodyOf(body, eventType);
  const result = await invokeLambda(
    association,
    eventType,
    eventOf(site, eventType, structuredClone(cfRequest)),
    site,
  );
  const name = association.lambda.name;
  const failed = failureOf(result);
  const read = failed
    ? undefined
    : readRequestResult(
        (result.run as { value: unknown }).value,
        cfRequest,
        before,
        eventType,
        association.includeBody,
      );
  const failure = failed ?? (read?.kind === 'invalid' ? validation(read.reason) : undefined);
  if (failure || !read || read.kind === 'invalid') {
    const f = failure as Failure;
    return {
      kind: 'answer',
      answer: failureAnswer(f, name, behavior),
      invocation: invocationOf(association, eventType, result, f.outcome, f.error),
    };
  }
  if (read.kind === 'response') {
    const out = read.body ?? new Uint8Array(0);
    return {
      kind: 'answer',
      // §20 lambda-generating-http-responses-in-requests: returned to the viewer, not cached.
      answer: {
        status: read.status,
        headers: { ...read.headers, 'content-length': String(out.byteLength), server: 'CloudFront' },
        body: out,
        ageSeconds: undefined,
        xCache: 'LambdaGeneratedResponse',
        servedFrom: 'cloudfront',
        tiers: [],
        behavior,
        key: undefined,
      },
      invocation: invocationOf(association, eventType, result, 'generated-response'),
    };
  }
  const headers = { ...read.headers };
  delete headers.host;
  const next: ViewerRequest = { ...request, path: read.uri, query: read.querystring, headers };
  if (read.body !== undefined) {
    next.bodySource = read.body as Uint8Array<ArrayBuffer>;
    next.hasBody = true;
  } else if (body !== undefined) next.bodySource = body as Uint8Array<ArrayBuffer>;
  return {
    kind: 'request',
    request: next,
    invocation: invocationOf(association, eventType, result, 'continued'),
  };
}

/** viewer-response (§20): sees hits and misses; cannot change the status. */
export async function runLambdaViewerResponse(
  association: LambdaAssociation,
  request: ViewerRequest,
  answer: EdgeAnswer,
  statusText: string,
  site: LambdaSite,
): Promise<{ answer: EdgeAnswer; invocation: FunctionInvocation }> {
  const eventType = 'viewer-response';
  const cfRequest: CfRequest = {
    clientIp: request.viewer.ip,
    headers: cfHeadersOf(request.headers, { host: request.host }),
    method: request.method,
    querystring: request.query,
    uri: request.path,
  };
  const served = headerMapOf(answer.headers);
  const response = {
    status: String(answer.status),
    statusDescription: statusText,
    headers: cfHeadersOf(served),
  };
  const result = await invokeLambda(
    association,
    eventType,
    eventOf(site, eventType, cfRequest, structuredClone(response)),
    site,
  );
  const name = association.lambda.name;
  const failed = failureOf(result);
  const read = failed
    ? undefined
    : readResponseResult(
        (result.run as { value: unknown }).value,
        { status: answer.status, headers: served },
        eventType,
        site.fidelity.viewerResponseStatus,
      );
  const failure = failed ?? (read?.kind === 'invalid' ? validation(read.reason) : undefined);
  if (failure || !read || read.kind === 'invalid') {
    const f = failure as Failure;
    return {
      answer: failureAnswer(f, name, answer.behavior),
      invocation: invocationOf(association, eventType, result, f.outcome, f.error),
    };
  }
  const body = read.body ?? answer.body;
  const headers: HeaderMap = { ...read.headers };
  if (read.body !== undefined || served['content-length'] !== undefined)
    headers['content-length'] = String(body.byteLength);
  return {
    answer: { ...answer, status: read.status, headers, body },
    invocation: invocationOf(association, eventType, result, 'continued'),
  };
}

export type OriginRequestStation =
  | {
      kind: 'request';
      request: OriginRequest;
      invocation: FunctionInvocation;
      /** The origin the function's `request.origin` chose (§20), when it changed it. */
      origin?: ResolvedOrigin;
    }
  | { kind: 'result'; result: TierResult; invocation: FunctionInvocation };

/** The viewer's facts an origin event shows. */
export interface OriginEventViewer {
  clientIp: string;
}

/**
 * origin-request (§20): `request` is what CloudFront sends the origin (the origin path apart, in
 * `origin`); a generated response takes the origin's place and is cached as its answer would be.
 */
export async function runLambdaOriginRequest(
  association: LambdaAssociation,
  request: OriginRequest,
  origin: ResolvedOrigin,
  viewer: OriginEventViewer,
  site: LambdaSite,
  origins: OriginsOfDistribution,
): Promise<OriginRequestStation> {
  const eventType = 'origin-request';
  const path = request.path.startsWith(origin.originPath)
    ? request.path.slice(origin.originPath.length) || '/'
    : request.path;
  const extra: HeaderMap = { host: originDomainOf(origin) };
  // §20 lambda-event-structure: the origin's custom headers are in origin.customHeaders, not in
  // request.headers ("A customHeaders name must not also appear in request.headers").
  const viewerHeaders: HeaderMap = { ...request.headers };
  for (const name in origin.customHeaders) delete viewerHeaders[name];
  const before: HeaderMap = { ...viewerHeaders, ...extra };
  const cfRequest: CfRequest = {
    clientIp: viewer.clientIp,
    headers: cfHeadersOf(viewerHeaders, extra),
    method: request.method,
    querystring: request.query,
    uri: path,
    origin: originEventOf(origin),
  };
  if (association.includeBody && request.body !== undefined)
    cfRequest.body = requestBodyOf(request.body, eventType);
  const result = await invokeLambda(
    association,
    eventType,
    eventOf(site, eventType, structuredClone(cfRequest)),
    site,
  );
  const name = association.lambda.name;
  const failed = failureOf(result);
  const read = failed
    ? undefined
    : readRequestResult(
        (result.run as { value: unknown }).value,
        cfRequest,
        before,
        eventType,
        association.includeBody,
      );
  const failure = failed ?? (read?.kind === 'invalid' ? validation(read.reason) : undefined);
  if (failure || !read || read.kind === 'invalid') {
    const f = failure as Failure;
    return {
      kind: 'result',
      result: failureResult(f, name, site),
      invocation: invocationOf(association, eventType, result, f.outcome, f.error),
    };
  }
  if (read.kind === 'response') {
    return {
      kind: 'result',
      result: {
        status: read.status,
        headers: read.headers,
        body: request.method === 'HEAD' ? new Uint8Array(0) : (read.body ?? new Uint8Array(0)),
        ageMs: 0,
        entry: undefined,
        outcomes: [],
        servedFrom: 'cloudfront',
        collapsible: true,
        // UNCONFIRMED (§20): fidelity.lambdaEdge.generatedXCache; `cache-result` leaves X-Cache to
        // the caches' outcome, as for an origin's answer (Miss, or Error for 400 or more).
        ...(site.fidelity.generatedXCache === 'LambdaGeneratedResponse'
          ? { xCache: 'LambdaGeneratedResponse' as const }
          : {}),
      },
      invocation: invocationOf(association, eventType, result, 'generated-response'),
    };
  }
  // §20: a changed `origin` sends this miss elsewhere (lambda-origin-change.ts); the cache key stays.
  let target = origin;
  if (read.origin !== undefined) {
    const change = readOriginChange(read.origin, cfRequest.origin as Record<string, unknown>, read.headers);
    const resolved =
      'reason' in change ? { invalid: change.reason } : resolveOriginChange(change, origin, origins, name);
    if ('invalid' in resolved) {
      const f = validation(resolved.invalid.replace(/cf\.updateRequestOrigin/g, 'request.origin'));
      return {
        kind: 'result',
        result: failureResult(f, name, site),
        invocation: invocationOf(association, eventType, result, f.outcome, f.error),
      };
    }
    target = resolved.origin;
  }
  const headers = { ...read.headers };
  delete headers.host;
  for (const header in target.customHeaders) headers[header] = target.customHeaders[header] as string;
  const next: OriginRequest = {
    ...request,
    path: target.originPath + read.uri,
    query: read.querystring,
    headers,
  };
  if (read.body !== undefined) next.body = read.body;
  const invocation = invocationOf(association, eventType, result, 'continued');
  if (target === origin) return { kind: 'request', request: next, invocation };
  // §8 #DownloadDistValuesOriginProtocolPolicy: how CloudFront connects to the new origin.
  const connect = target.originProtocolPolicy;
  delete next.protocol;
  delete next.port;
  if (connect !== undefined) {
    const protocol =
      connect === 'http-only' ? 'http' : connect === 'https-only' ? 'https' : (request.protocol ?? 'https');
    next.protocol = protocol;
    next.port = protocol === 'http' ? target.httpPort : target.httpsPort;
  }
  return { kind: 'request', request: next, invocation: { ...invocation, origin: target.id }, origin: target };
}

/** origin-response (§20): the origin's answer, errors included, before it is cached. */
export async function runLambdaOriginResponse(
  association: LambdaAssociation,
  request: OriginRequest,
  origin: ResolvedOrigin,
  response: OriginResponse,
  statusText: string,
  viewer: OriginEventViewer,
  site: LambdaSite,
): Promise<
  | { response: OriginResponse }
  | { result: TierResult; invocation: FunctionInvocation }
  | { response: OriginResponse; invocation: FunctionInvocation }
> {
  const eventType = 'origin-response';
  const path = request.path.startsWith(origin.originPath)
    ? request.path.slice(origin.originPath.length) || '/'
    : request.path;
  const cfRequest: CfRequest = {
    clientIp: viewer.clientIp,
    headers: cfHeadersOf(request.headers, { host: originDomainOf(origin) }),
    method: request.method,
    querystring: request.query,
    uri: path,
    origin: originEventOf(origin),
  };
  const cfResponse = {
    status: String(response.status),
    statusDescription: statusText,
    headers: cfHeadersOf(response.headers),
  };
  const result = await invokeLambda(
    association,
    eventType,
    eventOf(site, eventType, cfRequest, structuredClone(cfResponse)),
    site,
  );
  const name = association.lambda.name;
  const failed = failureOf(result);
  const read = failed
    ? undefined
    : readResponseResult((result.run as { value: unknown }).value, response, eventType, 'ignore');
  const failure = failed ?? (read?.kind === 'invalid' ? validation(read.reason) : undefined);
  if (failure || !read || read.kind === 'invalid') {
    const f = failure as Failure;
    return {
      result: failureResult(f, name, site),
      invocation: invocationOf(association, eventType, result, f.outcome, f.error),
    };
  }
  // §20: the function cannot read the origin's body; left untouched, it is passed on.
  return {
    response: { status: read.status, headers: read.headers, body: read.body ?? response.body },
    invocation: invocationOf(association, eventType, result, 'continued'),
  };
}
