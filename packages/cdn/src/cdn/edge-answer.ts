import {
  type CacheEntry,
  CompactEntry,
  type HeaderSource,
  headerMapOf,
  heldHeaders,
} from '../cache/cache-entry.js';
import { HeaderTemplate, HOP_BY_HOP } from '../cache/header-template.js';
import type { LambdaXCache } from '../functions/lambda-edge-stations.js';
import type { FunctionInvocation } from '../functions/viewer-functions.js';
import type { ResolvedBehavior } from '../options/config-types.js';
import { selectRange } from '../origin/s3-range.js';
import type { HeaderMap } from '../origin/types.js';
import type { Exchange, TierResult } from '../tiers/exchange.js';
import type { ServedFrom, TierOutcome, TierOutcomeKind } from '../trace/trace.js';
import type { ViewerRequest } from './viewer-request.js';

/** What the edge server sends the viewer, before the per-response headers (X-Cache, Via...). */
export interface EdgeAnswer {
  status: number;
  /**
   * The headers object, or on a cached hit a `CompactEntry` serving its header template: read it with
   * `headerMapOf` (the hit path passes it on without building it).
   */
  headers: HeaderSource;
  body: Uint8Array;
  /** The Age header, on answers served from a cache. */
  ageSeconds: number | undefined;
  /** X-Cache without " from cloudfront". */
  xCache: 'Hit' | 'Miss' | 'RefreshHit' | 'Error' | 'Redirect' | 'FunctionGeneratedResponse' | LambdaXCache;
  servedFrom: ServedFrom;
  tiers: readonly TierOutcome[];
  behavior: ResolvedBehavior | undefined;
  key: string | undefined;
  customError?: { errorCode: number; responsePagePath: string | undefined };
  note?: string;
  /** The CloudFront Functions and Lambda@Edge functions that ran for this request, in order. */
  functions?: readonly FunctionInvocation[];
}

/** What the edge's answer reads of a request's exchange. */
export type AnswerSite = Pick<Exchange, 'settings' | 'behavior' | 'key' | 'lambda'>;

/** The error page fetch of an answer below 400, which never asks for one. */
export function noErrorPage(path: string): Promise<TierResult> {
  return Promise.reject(new Error(`no error page is fetched for an answer below 400 (${path})`));
}

// §4 "Headers removed or changed on responses": the hop-by-hop headers (HOP_BY_HOP), and Set-Cookie
// unless cookies are forwarded.
const SERVED_FROM_CACHE = new Set<TierOutcomeKind>([
  'hit',
  'collapsed',
  'stale-while-revalidate',
  'refresh-hit',
  'stale-if-error',
  'error-hit',
]);

/**
 * The edge's answer to the viewer from the tiers' `result`. Synchronous unless a custom error
 * response's page has to be fetched: a promise per request was a measurable part of a miss.
 */
export function answer(
  ex: AnswerSite,
  result: TierResult,
  request: ViewerRequest,
  fetchErrorPage: (path: string) => Promise<TierResult>,
): EdgeAnswer | Promise<EdgeAnswer> {
  const { status } = result;
  const custom = status >= 400 ? ex.settings.hasCustomErrorResponse(status) : false;
  if (!custom)
    return finish(ex, result, request, status, viewerHeadersOf(ex, result), result.body, undefined);
  const config = ex.settings.customErrorResponse(status);
  const customError = { errorCode: status, responsePagePath: config?.responsePagePath };
  if (!config?.responsePagePath)
    return finish(ex, result, request, status, viewerHeadersOf(ex, result), result.body, customError);
  const pagePath = config.responsePagePath;
  // §2 GeneratingCustomErrorResponses: ResponseCode replaces the status; if the page itself is
  // missing the viewer gets the status from the origin that should have held it.
  return fetchErrorPage(pagePath).then((page) =>
    finish(
      ex,
      result,
      request,
      page.status < 400 ? (config.responseCode ?? status) : page.status,
      viewerHeaders(page.headers, ex.behavior),
      page.body,
      customError,
    ),
  );
}

// The headers served are those the tier read (`result.headers`), not the entry's current ones: a
// background revalidation may have renewed the entry since (reliability item 3).
function viewerHeadersOf(ex: AnswerSite, result: TierResult): HeaderSource {
  const entry = result.entry;
  if (entry === undefined) return viewerHeaders(result.headers, ex.behavior);
  const held = heldHeaders(entry);
  if (held === result.headers) return entryViewerHeaders(entry, ex.behavior);
  // A miss whose entry keeps the answer's headers as a template (issue 13): the answer's own object
  // serves, as the entry's did when it held that object, and the entry builds its own on first read.
  // (The answer has the template's names: the entry was made from it.)
  if (held instanceof HeaderTemplate && !templateStrips(held, ex.behavior)) return result.headers;
  return viewerHeaders(result.headers, ex.behavior);
}

function finish(
  ex: AnswerSite,
  result: TierResult,
  request: ViewerRequest,
  servedStatus: number,
  viewerHeadersServed: HeaderSource,
  bodyServed: Uint8Array,
  customError: EdgeAnswer['customError'],
): EdgeAnswer {
  const originalStatus = result.status;
  let status = servedStatus;
  let headers = viewerHeadersServed;
  let body = bodyServed;
  // §4 Age (UNCONFIRMED meaning): on answers any cache tier served, the age of the copy served.
  const ageSeconds = servedFromCache(result.outcomes) ? Math.floor(result.ageMs / 1000) : undefined;
  if (status === 200 && request.method === 'GET' && request.headers.range !== undefined) {
    headers = { ...headerMapOf(headers) };
    // §5 RangeGETs: ranges are served from the cached whole object.
    const range = selectRange(request.headers.range, body.byteLength);
    if (range.kind === 'partial') {
      status = 206;
      headers['content-range'] = `bytes ${range.start}-${range.endInclusive}/${body.byteLength}`;
      body = body.subarray(range.start, range.endInclusive + 1);
      headers['content-length'] = String(body.byteLength);
    } else if (range.kind === 'unsatisfiable') {
      status = 416;
      headers['content-range'] = `bytes */${body.byteLength}`;
      body = new Uint8Array(0);
      headers['content-length'] = '0';
    }
  }
  const answer: EdgeAnswer = {
    status,
    headers,
    body,
    ageSeconds,
    // §20: an answer a Lambda@Edge origin function generated or failed on says so.
    xCache: result.xCache ?? xCacheOf(result.outcomes, originalStatus),
    servedFrom: servedFrom(result),
    tiers: result.outcomes,
    behavior: ex.behavior,
    key: ex.key,
  };
  // Set after the literal, in this order, rather than spread from one (empty) object each: the same
  // fields in the same order, without three objects per answer.
  if (customError) answer.customError = customError;
  if (ex.lambda?.invocations.length) answer.functions = ex.lambda.invocations;
  if (result.failure) answer.note = `origin ${result.failure === 'timeout' ? 'timed out' : 'unreachable'}`;
  return answer;
}

/** Whether a cache tier served the answer (§4 Age): a loop, not a closure per answer. */
function servedFromCache(outcomes: readonly TierOutcome[]): boolean {
  for (let i = 0; i < outcomes.length; i++)
    if (SERVED_FROM_CACHE.has((outcomes[i] as TierOutcome).outcome)) return true;
  return false;
}

/** A response CloudFront generates itself (redirects, refused methods, limits). */
export function cloudFrontAnswer(
  status: number,
  xCache: 'Error' | 'Redirect',
  note: string,
  behavior?: ResolvedBehavior,
  extra: HeaderMap = {},
): EdgeAnswer {
  const body = new TextEncoder().encode(
    `<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN"><HTML><HEAD><TITLE>${status} ERROR</TITLE></HEAD><BODY><H1>${status} ERROR</H1><H2>The request could not be satisfied.</H2><HR noshade size="1px">${note}</BODY></HTML>`,
  );
  return {
    status,
    headers: {
      'content-type': 'text/html',
      'content-length': String(body.byteLength),
      server: 'CloudFront',
      ...extra,
    },
    body,
    ageSeconds: undefined,
    xCache,
    servedFrom: 'cloudfront',
    tiers: [],
    behavior,
    key: undefined,
    note,
  };
}

// §4 X-Cache: Hit / Miss / RefreshHit / Error, for whichever CloudFront cache answered (an edge miss
// that a regional cache or shield answers is a Hit: Server-Timing's cdn-hit-layer names REC and
// Origin Shield as hit layers, §4). Collapsed requests are logged as Hit (§7). Serving stale inside
// stale-while-revalidate is reported as Hit (UNCONFIRMED: Hit or RefreshHit). A stale copy served
// because the origin failed is RefreshHit (third-party observation, §2), also to the requests that
// waited for that answer (§7 collapsing shares the answer; the copy is still the one kept after an
// origin failure).
function xCacheOf(outcomes: readonly TierOutcome[], status: number): EdgeAnswer['xCache'] {
  if (status >= 400) return 'Error';
  for (let i = 0; i < outcomes.length; i++) {
    const { outcome } = outcomes[i] as TierOutcome;
    switch (outcome) {
      case 'collapsed':
        return afterOriginFailure(outcomes, i) ? 'RefreshHit' : 'Hit';
      case 'hit':
      case 'stale-while-revalidate':
      case 'error-hit':
        return 'Hit';
      case 'refresh-hit':
      case 'stale-if-error':
        return 'RefreshHit';
    }
  }
  return 'Miss';
}

/** Whether the answer a collapsed request (at `i`) shared was a stale copy kept after an origin failure. */
function afterOriginFailure(outcomes: readonly TierOutcome[], i: number): boolean {
  if (outcomes[i]?.joined === 'stale-if-error') return true;
  for (let j = i + 1; j < outcomes.length; j++) {
    const kind = outcomes[j]?.outcome;
    if (kind === 'stale-if-error') return true;
    if (kind !== 'miss' && kind !== 'pass-through' && kind !== 'collapsed') return false;
  }
  return false;
}

function servedFrom(result: TierResult): ServedFrom {
  for (const outcome of result.outcomes) {
    // A collapsed request got the first request's answer: look further down for where that came from.
    if (outcome.outcome !== 'collapsed' && SERVED_FROM_CACHE.has(outcome.outcome)) return outcome.tier;
  }
  return result.servedFrom === 'cloudfront' ? 'cloudfront' : 'origin';
}

/**
 * The viewer form of a cached entry's headers, found once per entry and shared by every hit. When
 * nothing needs stripping (the usual case) it is the stored headers object itself, or for an entry
 * that keeps a header template the entry itself (`HeaderSource`): no object per entry.
 */
export function entryViewerHeaders(entry: CacheEntry, behavior: ResolvedBehavior): HeaderSource {
  // Kept this small (the first build is a function of its own): the hit path inlines it.
  return entry.viewerHeaders ?? firstViewerHeaders(entry, behavior);
}

function firstViewerHeaders(entry: CacheEntry, behavior: ResolvedBehavior): HeaderSource {
  // Issue 13 (bytes per served entry): an entry serving its template keeps no headers object.
  if (entry instanceof CompactEntry) {
    const held = entry.heldHeaders;
    if (held instanceof HeaderTemplate && !templateStrips(held, behavior)) {
      entry.viewerHeaders = entry;
      return entry;
    }
  }
  const stored = entry.headers;
  const headers = storedNeedsStripping(stored, behavior)
    ? Object.freeze(viewerHeaders(stored, behavior))
    : stored;
  entry.viewerHeaders = headers;
  return headers;
}

/**
 * The stored headers objects checked last (a ring of four), each with the cookie setting and the
 * answer: the copies edge servers fill from their regional cache share that cache's headers object,
 * and each one checked it again on its first hit (issue 13). Stored headers are never changed in
 * place (`renew` replaces them), so an answer stays right for its object.
 */
const CHECKED = 4;
const checked: (HeaderMap | undefined)[] = new Array(CHECKED).fill(undefined);
/** Per slot of `checked`: 1 when it strips, and 2 when it was checked with cookies off. */
const checkedBits: number[] = new Array(CHECKED).fill(0);
let nextChecked = 0;

/**
 * Whether `headers` need stripping for a viewer, from the ring when checked lately: an explored run
 * fills its edge servers with copies of a few objects in turn, and one remembered object was mostly
 * the wrong one.
 */
function storedNeedsStripping(headers: HeaderMap, behavior: ResolvedBehavior): boolean {
  const cookiesBit = behavior.cachePolicy.cookies.behavior === 'none' ? 2 : 0;
  for (let i = 0; i < CHECKED; i++) {
    if (checked[i] === headers && ((checkedBits[i] as number) & 2) === cookiesBit)
      return ((checkedBits[i] as number) & 1) === 1;
  }
  const strips = needsStripping(headers, behavior);
  checked[nextChecked] = headers;
  checkedBits[nextChecked] = cookiesBit | (strips ? 1 : 0);
  nextChecked = (nextChecked + 1) % CHECKED;
  return strips;
}

/** `needsStripping` for headers with the names of `template`. */
function templateStrips(template: HeaderTemplate, behavior: ResolvedBehavior): boolean {
  return template.hopByHop || (template.setCookie && behavior.cachePolicy.cookies.behavior === 'none');
}

function needsStripping(headers: HeaderMap, behavior: ResolvedBehavior): boolean {
  for (const name of HOP_BY_HOP) if (headers[name] !== undefined) return true;
  return behavior.cachePolicy.cookies.behavior === 'none' && headers['set-cookie'] !== undefined;
}

/** `headers` without hop-by-hop headers and, without cookie forwarding, Set-Cookie (a new object). */
export function viewerHeaders(headers: HeaderMap, behavior: ResolvedBehavior): HeaderMap {
  // §1.3 CFDG Cookies: without cookie forwarding, Set-Cookie is stripped.
  const dropCookie = behavior.cachePolicy.cookies.behavior === 'none';
  const out: HeaderMap = {};
  // Copied name by name rather than spread then deleted: a delete turns the object into a
  // dictionary with a hidden class of its own (hundreds of bytes per cached entry).
  for (const name of Object.keys(headers)) {
    if (HOP_BY_HOP.includes(name) || (dropCookie && name === 'set-cookie')) continue;
    out[name] = headers[name] as string;
  }
  return out;
}
