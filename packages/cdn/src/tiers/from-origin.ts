import { statusTextOf } from '../cdn/edge-response.js';
import { failsOver } from '../distribution/origin-groups.js';
import { flatString } from '../flat-string.js';
import {
  type LambdaSite,
  runLambdaOriginRequest,
  runLambdaOriginResponse,
} from '../functions/lambda-edge-stations.js';
import type { ResolvedOrigin, ResolvedOriginAccess } from '../options/config-types.js';
import type { HeaderMap, OriginRequest } from '../origin/types.js';
import { type OriginRequestParts, originRequest } from '../policy/origin-request.js';
import type { TraceOriginAccess, TraceOriginFetch } from '../trace/trace.js';
import type { ChainLink, Exchange, TierResult, Validators } from './exchange.js';
import { EMPTY_BODY } from './exchange.js';
import { fetchOrigin, type OriginOutcome } from './origin-fetch.js';

/**
 * The last station of a request's chain: asks the origin (conditionally when the tier below sends
 * `validators`), records the fetch in the trace, and turns a failure into CloudFront's own 502 or 504.
 */
export function fromOrigin(
  ex: Exchange,
  validators: Validators | undefined,
  background: boolean,
): TierResult | Promise<TierResult> {
  const parts = originParts(ex);
  const headers: HeaderMap = {
    ...parts.headers,
    'x-amz-cf-id': ex.cfId.value,
    via: ex.viaOf((ex.chain[0] as ChainLink).node.id),
  };
  if (validators?.etag !== undefined) headers['if-none-match'] = validators.etag;
  if (validators?.lastModified !== undefined) headers['if-modified-since'] = validators.lastModified;
  const request: OriginRequest = { method: ex.method, path: parts.path, query: parts.query, headers };
  if (ex.body !== undefined) request.body = ex.body;
  if (parts.protocol !== undefined) request.protocol = parts.protocol;
  if (parts.port !== undefined) request.port = parts.port;
  const lambdas = ex.lambda === undefined ? undefined : ex.behavior.lambdas;
  if (lambdas !== undefined) return fromOriginWithLambdas(ex, request, validators, background);
  // Without a promise when the origin answers at once (a memoryOrigin): the tier below still awaits.
  const outcome = ask(ex, ex.origin, request, validators, background);
  if (outcome instanceof Promise)
    return outcome.then((primary) => afterPrimary(ex, request, validators, background, primary));
  return afterPrimary(ex, request, validators, background, outcome);
}

/** What `ex` asks the origin, made on the first ask and kept for a revalidation or failover after it. */
function originParts(ex: Exchange): OriginRequestParts {
  ex.originParts ??= originRequest(ex.cacheKey, ex.viewerParts, ex.behavior, ex.origin, ex.path);
  return ex.originParts;
}

function afterPrimary(
  ex: Exchange,
  request: OriginRequest,
  validators: Validators | undefined,
  background: boolean,
  outcome: OriginOutcome,
): TierResult | Promise<TierResult> {
  // §17 high_availability_origin_failover: a GET, HEAD or OPTIONS the primary of an origin group
  // answers with a failover status, or cannot answer, goes to the secondary; its answer is final.
  const failover = ex.origin.failover;
  if (failsOver(failover, ex.method, outcome.kind === 'failure' ? 'failure' : outcome.response)) {
    const secondary = ask(
      ex,
      failover.secondary,
      forSecondary(request, ex.origin, failover.secondary),
      validators,
      background,
    );
    return secondary instanceof Promise
      ? secondary.then((answer) => resultOf(ex, answer))
      : resultOf(ex, secondary);
  }
  return resultOf(ex, outcome);
}

function resultOf(ex: Exchange, outcome: OriginOutcome): TierResult {
  if (outcome.kind === 'failure') {
    // §2/§8: a timeout is a 504; an origin that cannot be reached gives a 502.
    const status = outcome.reason === 'timeout' ? 504 : 502;
    return {
      status,
      headers: { 'content-type': 'text/html' },
      body: errorPage(status, outcome.detail),
      ageMs: 0,
      entry: undefined,
      outcomes: [],
      servedFrom: 'cloudfront',
      failure: outcome.reason,
      collapsible: true,
    };
  }
  const { response } = outcome;
  // The answer's header values may be kept for long (a cache entry): each as one flat string, not the
  // tree of pieces an in-process origin's `+` or padStart built (issue 13: bytes per cache entry).
  // Flattening is in place: the headers object is not written.
  // An answer at once from a memoryOrigin is flat already (`ANSWER_NOW`).
  if (!outcome.flat) {
    const headers = response.headers;
    for (const name in headers) {
      const value = headers[name];
      if (typeof value === 'string') flatString(value);
    }
  }
  return {
    status: response.status,
    headers: response.headers,
    body: ex.method === 'HEAD' ? EMPTY_BODY : response.body,
    ageMs: 0,
    entry: undefined,
    outcomes: [],
    servedFrom: 'origin',
    collapsible: true,
  };
}

/**
 * §20 lambda-cloudfront-trigger-events / §17 high_availability_origin_failover: the request goes
 * to the origin, so the origin-request function runs first (its generated response takes the
 * origin's place) and the origin-response function after, errors included; with an origin group
 * both run for the primary and again for the secondary. Failover is decided on the origin's own
 * answer by default (UNCONFIRMED: fidelity.lambdaEdge.failoverOn says whether an origin-response
 * function's change can cause or stop it).
 */
async function fromOriginWithLambdas(
  ex: Exchange,
  request: OriginRequest,
  validators: Validators | undefined,
  background: boolean,
): Promise<TierResult> {
  const attempt = async (origin: ResolvedOrigin, req: OriginRequest) => {
    const step = await originStep(ex, origin, req, validators, background);
    return step;
  };
  let step = await attempt(ex.origin, request);
  const failover = ex.origin.failover;
  if (step.raw !== undefined && failsOver(failover, ex.method, failoverInput(ex, step.raw, step.result))) {
    step = await attempt(failover.secondary, forSecondary(request, ex.origin, failover.secondary));
  }
  return step.result;
}

/**
 * What the failover criteria see (§17): the origin's own answer, or with
 * fidelity.lambdaEdge.failoverOn 'function-answer' (UNCONFIRMED) the answer after origin-response.
 */
function failoverInput(ex: Exchange, raw: OriginOutcome, result: TierResult): { status: number } | 'failure' {
  if (ex.settings.lambdaEdge.failoverOn === 'function-answer' && ex.behavior.lambdas?.originResponse)
    return result.failure !== undefined ? 'failure' : result;
  return raw.kind === 'failure' ? 'failure' : raw.response;
}

async function originStep(
  ex: Exchange,
  askedOrigin: ResolvedOrigin,
  request: OriginRequest,
  validators: Validators | undefined,
  background: boolean,
): Promise<{ raw: OriginOutcome | undefined; result: TierResult }> {
  const lambda = ex.lambda!;
  const lambdas = ex.behavior.lambdas!;
  const node = ex.chain.at(-1)?.node;
  const site: LambdaSite = {
    clock: ex.settings.clock,
    distributionDomainName: lambda.distributionDomainName,
    // The id in the distribution's ARN (createCdn's `arn`), as the viewer functions' events have it.
    distributionId: ex.settings.distributionArn.slice(ex.settings.distributionArn.lastIndexOf('/') + 1),
    requestId: ex.cfId.value,
    // §7 origin-shield: origin-facing functions run in the Region of the cache that asks the origin.
    region: node?.region ?? 'us-east-1',
    fidelity: ex.settings.lambdaEdge,
  };
  const viewer = { clientIp: lambda.clientIp };
  let req = request;
  let origin = askedOrigin;
  if (lambdas.originRequest) {
    const station = await runLambdaOriginRequest(
      lambdas.originRequest,
      req,
      origin,
      viewer,
      site,
      lambda.origins,
    );
    lambda.invocations.push(station.invocation);
    if (station.kind === 'result') return { raw: undefined, result: station.result };
    req = station.request;
    // §20: the function's `request.origin` chose another origin for this miss.
    if (station.origin) origin = station.origin;
  }
  const outcome = await ask(ex, origin, req, validators, background);
  if (!lambdas.originResponse) return { raw: outcome, result: resultOf(ex, outcome) };
  if (outcome.kind === 'failure') {
    // UNCONFIRMED (§20, §17): whether origin-response runs when CloudFront got no answer (timeout,
    // unreachable): fidelity.lambdaEdge.originResponseOnFailure, `skip` by default; `run` shows the
    // function CloudFront's own 502/504. Failover is still decided on the origin's own outcome.
    const failed = resultOf(ex, outcome);
    if (site.fidelity.originResponseOnFailure === 'skip') return { raw: outcome, result: failed };
    const after = await runLambdaOriginResponse(
      lambdas.originResponse,
      req,
      origin,
      { status: failed.status, headers: failed.headers, body: failed.body },
      statusTextOf(failed.status),
      viewer,
      site,
    );
    if ('invocation' in after) lambda.invocations.push(after.invocation);
    if ('result' in after) return { raw: outcome, result: after.result };
    const { status, headers, body } = after.response;
    const changed: TierResult = {
      ...failed,
      status,
      headers,
      body: ex.method === 'HEAD' ? EMPTY_BODY : body,
    };
    // A function that turned the failure into a success answers as an origin would have.
    if (status < 500) delete changed.failure;
    return { raw: outcome, result: changed };
  }
  const after = await runLambdaOriginResponse(
    lambdas.originResponse,
    req,
    origin,
    outcome.response,
    statusTextOf(outcome.response.status),
    viewer,
    site,
  );
  if ('invocation' in after) lambda.invocations.push(after.invocation);
  if ('result' in after) return { raw: outcome, result: after.result };
  return { raw: outcome, result: resultOf(ex, { ...outcome, response: after.response }) };
}

/**
 * Asks one origin and records the fetch in the trace (both attempts of a failover are recorded);
 * without a promise when the origin answers at once.
 */
function ask(
  ex: Exchange,
  origin: ResolvedOrigin,
  request: OriginRequest,
  validators: Validators | undefined,
  background: boolean,
): OriginOutcome | Promise<OriginOutcome> {
  const atMs = ex.settings.clock.now();
  const access = origin.access === undefined ? undefined : signFor(origin.access, request, ex.settings);
  const outcome = fetchOrigin(origin, access?.request ?? request, ex.settings.clock);
  if (outcome instanceof Promise)
    return outcome.then((answer) =>
      recorded(ex, origin, request, validators, background, atMs, access, answer),
    );
  return recorded(ex, origin, request, validators, background, atMs, access, outcome);
}

function recorded(
  ex: Exchange,
  origin: ResolvedOrigin,
  request: OriginRequest,
  validators: Validators | undefined,
  background: boolean,
  atMs: number,
  access: { record: TraceOriginAccess } | undefined,
  outcome: OriginOutcome,
): OriginOutcome {
  const { settings } = ex;
  const asker = ex.chain.at(-1)?.node.id ?? '';
  const record: TraceOriginFetch = {
    type: 'origin',
    seq: settings.trace.nextSeq(),
    atMs,
    completedAtMs: settings.clock.now(),
    node: asker,
    origin: origin.id,
    method: request.method,
    path: request.path,
    query: request.query,
    conditional: validators !== undefined,
    result: outcome.kind === 'response' ? outcome.response.status : outcome.reason,
    etag: outcome.kind === 'response' ? outcome.response.headers.etag : undefined,
    attempts: outcome.attempts,
    background,
    bytes: outcome.kind === 'response' && request.method !== 'HEAD' ? outcome.response.body.byteLength : 0,
    requestId: ex.cfId.value,
  };
  // Set after the literal rather than spread into it: one shape for every record, in the same order.
  if (access !== undefined) record.originAccess = access.record;
  if (origin.failover === undefined && ex.origin.failover !== undefined)
    record.originGroup = ex.origin.failover.group;
  settings.trace.add(record);
  return outcome;
}

/**
 * §18 SigningBehavior (CFDG private-content-restricting-access-to-s3 #oac-advanced-settings-s3;
 * API_OriginAccessControlConfig): an OAC with `always` signs every request, replacing a viewer's
 * `Authorization`; `never` sends it unsigned; `no-override` forwards the viewer's `Authorization`
 * (when the cache policy puts it in the request) unsigned and signs the others. An OAI signs every
 * request (inferred: its requests are S3-signed as the OAI user, so a viewer's header cannot stay).
 */
function signFor(
  access: ResolvedOriginAccess,
  request: OriginRequest,
  settings: Exchange['settings'],
): { request: OriginRequest; record: TraceOriginAccess } {
  const { id } = access;
  if (access.type === 'origin-access-identity') {
    const arn = `arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity ${id}`;
    return {
      request: {
        ...request,
        headers: withoutAuthorization(request.headers),
        signedAs: { type: access.type, id, arn },
      },
      record: { signedBy: access.type, id, principal: arn },
    };
  }
  const viewerAuthorization = request.headers.authorization !== undefined;
  if (access.signingBehavior === 'never') return { request, record: { signedBy: 'unsigned', id } };
  if (access.signingBehavior === 'no-override' && viewerAuthorization) {
    return { request, record: { signedBy: 'viewer', id } };
  }
  const sourceArn = settings.distributionArn;
  return {
    request: {
      ...request,
      headers: withoutAuthorization(request.headers),
      signedAs: { type: access.type, id, sourceArn, sourceAccount: settings.accountId },
    },
    record: { signedBy: access.type, id, principal: `cloudfront.amazonaws.com (AWS:SourceArn ${sourceArn})` },
  };
}

function withoutAuthorization(headers: HeaderMap): HeaderMap {
  if (headers.authorization === undefined) return headers;
  const { authorization: _, ...rest } = headers;
  return rest;
}

/** The request as the secondary gets it: its own OriginPath and custom headers instead of the primary's. */
function forSecondary(
  request: OriginRequest,
  primary: ResolvedOrigin,
  secondary: ResolvedOrigin,
): OriginRequest {
  const path = request.path.startsWith(primary.originPath)
    ? secondary.originPath + request.path.slice(primary.originPath.length)
    : request.path;
  const headers: HeaderMap = { ...request.headers };
  for (const name in primary.customHeaders) delete headers[name];
  Object.assign(headers, secondary.customHeaders);
  return { ...request, path, headers };
}

function errorPage(status: number, detail: string): Uint8Array {
  const title = status === 504 ? 'Gateway Timeout' : 'Bad Gateway';
  return new TextEncoder().encode(
    `<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN"><HTML><HEAD><TITLE>ERROR: The request could not be satisfied</TITLE></HEAD><BODY><H1>${status} ERROR</H1><H2>The request could not be satisfied.</H2><HR noshade size="1px">${title}: ${detail}</BODY></HTML>`,
  );
}
