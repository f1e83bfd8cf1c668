import type { CacheEntry } from '../cache/cache-entry.js';
import type { CacheNode } from '../cache/cache-node.js';
import type { ErrorCachingOptions, FreshnessDecision } from '../cache/freshness.js';
import type { LazyCfId } from '../cdn/ids.js';
import type { ResolvedLambdaEdgeFidelity } from '../cdn/options.js';
import type { Clock } from '../clock/clock.js';
import type { LambdaXCache } from '../functions/lambda-edge-stations.js';
import type { OriginsOfDistribution } from '../functions/origin-changes.js';
import type { FunctionInvocation } from '../functions/viewer-functions.js';
import type {
  ResolvedBehavior,
  ResolvedCustomErrorResponse,
  ResolvedOrigin,
} from '../options/config-types.js';
import type { HeaderMap } from '../origin/types.js';
import type { NormalizedAcceptEncoding } from '../policy/accept-encoding.js';
import type { CacheKey } from '../policy/cache-key.js';
import type { OriginRequestParts, ViewerParts } from '../policy/origin-request.js';
import type { ServedFrom, TierName, TierOutcome, Trace } from '../trace/trace.js';

/** Settings shared by every request of one CDN. */
export interface TierSettings {
  clock: Clock;
  trace: Trace;
  /** §4 Age is UNCONFIRMED: `honour` subtracts the upstream tier's Age from the TTL (RFC 9111). */
  upstreamAge: 'honour' | 'ignore';
  errorCaching: ErrorCachingOptions;
  minTtlNoCache: 'revalidate' | 'serve';
  /** The Lambda@Edge choices for what §20 leaves UNCONFIRMED (`fidelity.lambdaEdge`). */
  lambdaEdge: ResolvedLambdaEdgeFidelity;
  /** ErrorCachingMinTTL for a status: the custom error response's, or 10 s. */
  errorCachingMinTtlMs(status: number): number;
  hasCustomErrorResponse(status: number): boolean;
  customErrorResponse(status: number): ResolvedCustomErrorResponse | undefined;
  cacheTagHeader: string | undefined;
  /** The distribution's ARN and account: an OAC's `AWS:SourceArn` / `AWS:SourceAccount` (§18). */
  distributionArn: string;
  accountId: string;
  /**
   * The last freshness decision made anew under these settings, for the next answer with the same
   * status, Cache-Control and cache policy and no Expires (tier-fetch.ts, `decideAnew`).
   */
  lastDecided:
    | { status: number; cacheControl: string | undefined; policy: object; decision: FreshnessDecision }
    | undefined;
}

export interface ChainLink {
  node: CacheNode;
  tier: TierName;
}

/** One request on its way through the tiers. */
export interface Exchange {
  settings: TierSettings;
  method: string;
  /** Whether tiers may store the answer (cached method and a policy that caches). */
  cacheable: boolean;
  /** Whether concurrent requests may share one upstream fetch (§7). */
  collapse: boolean;
  key: string;
  path: string;
  keyQuery: string;
  /** What the viewer accepts of the encodings the policy enables (§5), for edge compression. */
  acceptEncoding: NormalizedAcceptEncoding | undefined;
  /**
   * What the request asks the origin (path, query, headers, how to connect): made from the cache key
   * and the viewer's request when the origin is first asked (`originParts` in from-origin.ts), as
   * most requests never ask it.
   */
  originParts: OriginRequestParts | undefined;
  /** The request's cache key, for `originParts`. */
  cacheKey: CacheKey;
  /** The viewer's request, for `originParts`. */
  viewerParts: ViewerParts;
  /** The viewer's body, forwarded to the origin (PUT, POST, PATCH...). */
  body: Uint8Array | undefined;
  behavior: ResolvedBehavior;
  origin: ResolvedOrigin;
  chain: readonly ChainLink[];
  /** X-Amz-Cf-Id, made when the origin is asked (`cfId.value`). */
  cfId: LazyCfId;
  /** A node's Via header by its id: the origin request's is the edge server's (`chain[0]`). */
  viaOf: (nodeId: string) => string;
  /** The last freshness decision a tier made for this request, reused for the same answer at the same moment. */
  decided?: { status: number; headers: HeaderMap; nowMs: number; decision: FreshnessDecision };
  /**
   * Set when the behaviour has origin-request or origin-response Lambda@Edge functions: what their
   * events show, and where their invocations are recorded for this request's trace.
   */
  lambda?: {
    clientIp: string;
    distributionDomainName: string;
    invocations: FunctionInvocation[];
    /** The distribution's origins, for a function that changes `request.origin` (§20). */
    origins: OriginsOfDistribution;
  };
}

/** A tier's answer to the tier below it (or to the viewer, at the edge). */
export interface TierResult {
  status: number;
  headers: HeaderMap;
  body: Uint8Array;
  /** Age of the object at this tier now (0 when fresh from the origin). */
  ageMs: number;
  entry: CacheEntry | undefined;
  /** This tier first, then the ones it asked. */
  outcomes: TierOutcome[];
  servedFrom: ServedFrom;
  failure?: 'timeout' | 'unreachable';
  collapsible: boolean;
  /** A Lambda@Edge origin function answered (generated or failed): the X-Cache of this answer. */
  xCache?: LambdaXCache;
  /** Never stored (a Lambda@Edge function's error under `fidelity.lambdaEdge.errorCaching: 'never'`, UNCONFIRMED). */
  uncacheable?: boolean;
}

/**
 * `up` with this tier's `entry`, `outcomes` and `collapsible`: one literal in TierResult's field
 * order, then the optional fields `up` has. A spread of `up` took a slow path of its own (answers come
 * in several shapes), a tenth of an edge miss filled from the regional cache (issue 13).
 */
export function passedOn(
  up: TierResult,
  entry: CacheEntry | undefined,
  outcomes: TierOutcome[],
  collapsible: boolean,
): TierResult {
  const result: TierResult = {
    status: up.status,
    headers: up.headers,
    body: up.body,
    ageMs: up.ageMs,
    entry,
    outcomes,
    servedFrom: up.servedFrom,
    collapsible,
  };
  if (up.failure !== undefined) result.failure = up.failure;
  if (up.xCache !== undefined) result.xCache = up.xCache;
  if (up.uncacheable !== undefined) result.uncacheable = up.uncacheable;
  return result;
}

/** Validators a tier sends upstream when revalidating its stale copy (§3). */
export interface Validators {
  etag: string | undefined;
  lastModified: string | undefined;
}

export const EMPTY_BODY = new Uint8Array(0);

/** Whether a 200 answer matches the validators, so a 304 is due (§11 conditional GET; ETag decides). */
export function notModified(result: TierResult, validators: Validators | undefined): boolean {
  if (!validators || result.status !== 200) return false;
  const etag = result.headers.etag;
  if (validators.etag !== undefined) return etag !== undefined && weakEqual(etag, validators.etag);
  if (validators.lastModified !== undefined) {
    const lastModified = result.headers['last-modified'];
    const since = Date.parse(validators.lastModified);
    return lastModified !== undefined && !Number.isNaN(since) && Date.parse(lastModified) <= since;
  }
  return false;
}

function weakEqual(a: string, b: string): boolean {
  const strip = (s: string) => (s.startsWith('W/') ? s.slice(2) : s);
  return b
    .split(',')
    .map((s) => s.trim())
    .some((candidate) => candidate === '*' || strip(candidate) === strip(a));
}

/** The 304 form of a result: no body, validators and freshness headers kept. */
export function asNotModified(result: TierResult): TierResult {
  const headers: HeaderMap = {};
  for (const name of ['etag', 'last-modified', 'cache-control', 'expires', 'vary']) {
    const value = result.headers[name];
    if (value !== undefined) headers[name] = value;
  }
  return { ...result, status: 304, headers, body: EMPTY_BODY };
}
