import type { HeaderMap } from '../origin/types.js';
import type { CacheNode } from './cache-node.js';
import type { FreshnessDecision } from './freshness.js';

/** One stored response at one cache node. Bodies are shared between nodes, never copied. */
export interface CacheEntry {
  readonly key: string;
  /** URL path of the object (as requested, case-sensitive). */
  readonly path: string;
  /** Query string as it is in the cache key; `''` when none. */
  readonly keyQuery: string;
  status: number;
  /** Response headers as received from upstream, lower-case, without `age` and hop-by-hop headers. */
  headers: HeaderMap;
  body: Uint8Array;
  etag: string | undefined;
  lastModified: string | undefined;
  /** When this node stored or last revalidated the entry. */
  storedAtMs: number;
  /** Age the upstream tier reported when this node got it (0 from the origin). */
  upstreamAgeMs: number;
  /** When it stops being fresh. */
  staleAtMs: number;
  /** Last moment it may be served without asking upstream (`staleAtMs` + stale-while-revalidate). */
  expiresAtMs: number;
  decision: FreshnessDecision;
  /** After an origin failure, the stale copy is served without retrying until this time (§2). */
  errorStaleUntilMs: number;
  tags: readonly string[];
  /** `headers` as the viewer sees them (hop-by-hop and, without cookie forwarding, Set-Cookie removed); built once. */
  viewerHeaders?: HeaderMap | undefined;
  /** Body size plus a small overhead, for the node's byte capacity. */
  readonly bytes: number;
  /** The node holding it, set by the cache store (internal: which node a key's only copy is on). */
  holder?: CacheNode | undefined;
  /**
   * Held by several nodes at once (internal): the store keeps one object for equal copies of a key
   * on many servers, so a tier copies it before changing it (`ownEntry`).
   */
  shared?: boolean;
}

/**
 * Whether two copies are the same in every field a node reads (not `holder`): the store then keeps
 * one object for both (§ issue 13: an object cached on every server costs a fraction of an entry each).
 */
export function sameCopy(a: CacheEntry, b: CacheEntry): boolean {
  return (
    a.key === b.key &&
    a.status === b.status &&
    a.headers === b.headers &&
    a.body === b.body &&
    a.storedAtMs === b.storedAtMs &&
    a.upstreamAgeMs === b.upstreamAgeMs &&
    a.staleAtMs === b.staleAtMs &&
    a.expiresAtMs === b.expiresAtMs &&
    a.errorStaleUntilMs === b.errorStaleUntilMs &&
    a.bytes === b.bytes &&
    a.path === b.path &&
    a.keyQuery === b.keyQuery &&
    a.etag === b.etag &&
    a.lastModified === b.lastModified &&
    sameFields(a.decision, b.decision) &&
    a.tags.length === b.tags.length &&
    a.tags.every((tag, i) => tag === b.tags[i])
  );
}

function sameFields(a: object, b: object): boolean {
  if (a === b) return true;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) {
    if ((a as Record<string, unknown>)[key] !== (b as Record<string, unknown>)[key]) return false;
  }
  return true;
}

export type EntryState = 'fresh' | 'stale-while-revalidate' | 'stale';

export function entryState(entry: CacheEntry, nowMs: number): EntryState {
  if (nowMs < entry.staleAtMs) return 'fresh';
  if (nowMs < entry.expiresAtMs) return 'stale-while-revalidate';
  return 'stale';
}

/**
 * Whether the copy may still stand in for an upstream error (5xx, timeout): §3 stale-if-error=N
 * limits that to N s past expiry (RFC 5861 §4), also during the ErrorCachingMinTTL pause; without
 * the directive CloudFront serves the expired copy for as long as it holds it (§2 HTTPStatusCodes).
 */
export function staleIfErrorAllows(entry: CacheEntry, nowMs: number): boolean {
  const windowMs = entry.decision.staleIfErrorMs;
  return windowMs === undefined || nowMs < entry.staleAtMs + windowMs;
}

/**
 * The copy's age here: time since this node stored it plus the Age upstream reported (which is 0
 * when `fidelity.upstreamAge` is 'ignore', so one formula serves both settings).
 */
export function entryAgeMs(entry: CacheEntry, nowMs: number): number {
  return nowMs - entry.storedAtMs + entry.upstreamAgeMs;
}
