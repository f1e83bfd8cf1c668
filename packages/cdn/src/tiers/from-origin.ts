import { failsOver } from '../distribution/origin-groups.js';
import type { ResolvedOrigin, ResolvedOriginAccess } from '../options/config-types.js';
import type { HeaderMap, OriginRequest } from '../origin/types.js';
import type { TraceOriginAccess, TraceOriginFetch } from '../trace/trace.js';
import type { Exchange, TierResult, Validators } from './exchange.js';
import { EMPTY_BODY } from './exchange.js';
import { fetchOrigin, type OriginOutcome } from './origin-fetch.js';

/**
 * The last station of a request's chain: asks the origin (conditionally when the tier below sends
 * `validators`), records the fetch in the trace, and turns a failure into CloudFront's own 502 or 504.
 */
export async function fromOrigin(
  ex: Exchange,
  validators: Validators | undefined,
  background: boolean,
): Promise<TierResult> {
  const headers: HeaderMap = {
    ...ex.originHeaders,
    'x-amz-cf-id': ex.cfId,
    via: ex.viaHeader,
  };
  if (validators?.etag !== undefined) headers['if-none-match'] = validators.etag;
  if (validators?.lastModified !== undefined) headers['if-modified-since'] = validators.lastModified;
  const request: OriginRequest = { method: ex.method, path: ex.originPath, query: ex.originQuery, headers };
  if (ex.body !== undefined) request.body = ex.body;
  if (ex.originProtocol !== undefined) request.protocol = ex.originProtocol;
  if (ex.originPort !== undefined) request.port = ex.originPort;
  let outcome = await ask(ex, ex.origin, request, validators, background);
  // §17 high_availability_origin_failover: a GET, HEAD or OPTIONS the primary of an origin group
  // answers with a failover status, or cannot answer, goes to the secondary; its answer is final.
  const failover = ex.origin.failover;
  if (failsOver(failover, ex.method, outcome.kind === 'failure' ? 'failure' : outcome.response)) {
    outcome = await ask(
      ex,
      failover.secondary,
      forSecondary(request, ex.origin, failover.secondary),
      validators,
      background,
    );
  }
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

/** Asks one origin and records the fetch in the trace (both attempts of a failover are recorded). */
async function ask(
  ex: Exchange,
  origin: ResolvedOrigin,
  request: OriginRequest,
  validators: Validators | undefined,
  background: boolean,
): Promise<OriginOutcome> {
  const { settings } = ex;
  const atMs = settings.clock.now();
  const access = origin.access === undefined ? undefined : signFor(origin.access, request, settings);
  const outcome = await fetchOrigin(origin, access?.request ?? request, settings.clock);
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
    requestId: ex.cfId,
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
