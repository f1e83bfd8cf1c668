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
