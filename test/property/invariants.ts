// The invariants the property suite holds edgecase to, as pure checks over what a run observed.
// Each returns a message for a violation, or undefined. invariants.test.ts shows each one fires.

export interface Version {
  path: string;
  etag: string;
  body: string;
  putAtMs: number;
  /** Index of the operation that wrote it. */
  putOp: number;
  /** Index of the operation that overwrote or deleted it. */
  supersededOp?: number;
  /** The origin's TTL directive (max-age or s-maxage) and stale windows, in seconds, when given. */
  ttlS?: number;
  swrS?: number;
  sieS?: number;
}

export interface Answer {
  op: number;
  atMs: number;
  path: string;
  method: 'GET' | 'HEAD';
  status: number;
  xCache: string;
  etag: string | undefined;
  ageS: number | undefined;
  body: string | undefined;
  /** Origin fetches the trace recorded while this request was answered. */
  originFetches: number;
  /** The tier outcomes the trace recorded for it, edge first (`hit`, `miss`, `collapsed`...). */
  outcomes: readonly string[];
}

export interface CachedCopy {
  node: string;
  etag: string | undefined;
  status: number;
  storedAtMs: number;
}

export interface OriginFetch {
  path: string;
  etag: string | undefined;
  completedAtMs: number;
}

const bare = (etag: string | undefined) => etag?.replace(/^W\//, '');

export function findVersion(
  versions: readonly Version[],
  path: string,
  etag: string | undefined,
): Version | undefined {
  return versions.find((v) => v.path === path && v.etag === bare(etag));
}

/** Only versions that existed are served, with their own body. */
export function servedVersionExisted(answer: Answer, versions: readonly Version[]): string | undefined {
  if (answer.status !== 200 && answer.status !== 304) return undefined;
  const version = findVersion(versions, answer.path, answer.etag);
  if (!version)
    return `${answer.method} ${answer.path} → ${answer.status} with ETag ${answer.etag}, a version never written`;
  if (answer.status === 200 && answer.method === 'GET' && answer.body !== version.body) {
    return `${answer.path} → body ${JSON.stringify(answer.body)} under ETag ${answer.etag}, whose body is ${JSON.stringify(version.body)}`;
  }
  return undefined;
}

/** `Age` is never negative, and never older than the version it comes with. */
export function ageWithinVersion(answer: Answer, versions: readonly Version[]): string | undefined {
  if (answer.ageS === undefined) return undefined;
  if (!(answer.ageS >= 0)) return `${answer.path} → Age ${answer.ageS}`;
  const version = findVersion(versions, answer.path, answer.etag);
  if (!version) return undefined;
  const maxS = Math.floor((answer.atMs - version.putAtMs) / 1000);
  return answer.ageS > maxS
    ? `${answer.path} → Age ${answer.ageS} s, but its version was written ${maxS} s ago`
    : undefined;
}

/**
 * An error served from cache is never older than its error TTL (ErrorCachingMinTTL, §2: 10 s unless a
 * custom error response sets it). With 0 nothing is cached, so no tier may serve it as an error hit.
 */
export function errorWithinTtl(answer: Answer, errorTtlS = 10): string | undefined {
  if (answer.status < 400 || answer.ageS === undefined) return undefined;
  const expired = errorTtlS === 0 ? answer.outcomes.includes('error-hit') : answer.ageS >= errorTtlS;
  return expired
    ? `${answer.path} → cached ${answer.status} with Age ${answer.ageS} s, past its ${errorTtlS} s error TTL`
    : undefined;
}

function effectiveTtlS(
  version: Version,
  [minS, , maxS]: readonly [number, number, number],
): number | undefined {
  // §1.2: the origin's max-age / s-maxage clamped by the policy's MinTTL and MaxTTL.
  return version.ttlS === undefined ? undefined : Math.min(Math.max(version.ttlS, minS), maxS);
}

/**
 * A fresh hit is younger than its TTL: an answer with `X-Cache: Hit` that some tier served as a plain
 * `hit` (not collapsed onto another request's answer, which is also reported as Hit, §7; not stale).
 */
export function hitWithinTtl(
  answer: Answer,
  versions: readonly Version[],
  ttlBoundsS: readonly [number, number, number],
): string | undefined {
  if (answer.ageS === undefined || answer.xCache !== 'Hit' || answer.status >= 400) return undefined;
  if (!answer.outcomes.includes('hit') || answer.outcomes.some((o) => o !== 'hit' && o !== 'miss'))
    return undefined;
  const version = findVersion(versions, answer.path, answer.etag);
  if (!version || version.swrS !== undefined) return undefined;
  const ttlS = effectiveTtlS(version, ttlBoundsS);
  if (ttlS === undefined || ttlS === 0) return undefined;
  return answer.ageS >= ttlS
    ? `${answer.path} → Hit with Age ${answer.ageS} s, but its TTL is ${ttlS} s`
    : undefined;
}

/**
 * A copy with `stale-if-error=N` is never served older than its TTL plus its stale windows: stale
 * windows are never exceeded.
 */
export function staleWithinWindow(
  answer: Answer,
  versions: readonly Version[],
  ttlBoundsS: readonly [number, number, number],
): string | undefined {
  if (answer.ageS === undefined || (answer.status !== 200 && answer.status !== 304)) return undefined;
  const version = findVersion(versions, answer.path, answer.etag);
  if (!version || version.sieS === undefined) return undefined;
  const ttlS = effectiveTtlS(version, ttlBoundsS);
  if (ttlS === undefined) return undefined;
  const windowS = Math.max(version.sieS, version.swrS ?? 0);
  return answer.ageS > ttlS + windowS
    ? `${answer.path} → Age ${answer.ageS} s past its TTL ${ttlS} s + stale window ${windowS} s`
    : undefined;
}

/**
 * With CachingDisabled every request reaches the origin. (Errors are the exception: ErrorCachingMinTTL
 * caches them whatever the cache policy, §2, so a cached 404 may answer.)
 */
export function cachingDisabledReachesOrigin(answer: Answer): string | undefined {
  return answer.status < 400 && answer.originFetches < 1
    ? `${answer.method} ${answer.path} under CachingDisabled answered ${answer.status} ${answer.xCache} without asking the origin`
    : undefined;
}

/**
 * Once an invalidation created at `createdAtMs` (operation `createdOp`) is Completed, no node holds a
 * copy stored before it, nor a version superseded before it — unless an origin fetch in flight across
 * the invalidation delivered that version afterwards, as it can on CloudFront too.
 */
export function invalidationLeftNoOlderCopy(
  invalidation: { item: string; createdAtMs: number; createdOp: number },
  copies: readonly CachedCopy[],
  path: string,
  versions: readonly Version[],
  fetches: readonly OriginFetch[],
): string | undefined {
  for (const copy of copies) {
    if (copy.storedAtMs < invalidation.createdAtMs) {
      return `${copy.node} still holds ${path} (stored ${copy.storedAtMs}) after invalidation ${invalidation.item} completed (created ${invalidation.createdAtMs})`;
    }
    if (copy.status >= 400 || copy.etag === undefined) continue;
    const version = findVersion(versions, path, copy.etag);
    const current =
      version !== undefined &&
      (version.supersededOp === undefined || version.supersededOp > invalidation.createdOp);
    const deliveredAfter = fetches.some(
      (f) =>
        f.path === path && bare(f.etag) === bare(copy.etag) && f.completedAtMs >= invalidation.createdAtMs,
    );
    if (!current && !deliveredAfter) {
      return `${copy.node} holds ${path} ETag ${copy.etag}, a version replaced before invalidation ${invalidation.item}, after it completed`;
    }
  }
  return undefined;
}
