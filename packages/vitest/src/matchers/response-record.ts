import type { Cdn, TraceRequest } from '@edgecase/cdn';
import { findCurrentCdn } from '../current.js';

/** A response as the matchers read it: headers always, the trace record when the test's cdn sent it. */
export interface ReadResponse {
  response: Response;
  xCache: string | undefined;
  pop: string | undefined;
  ageSeconds: number | undefined;
  etag: string | undefined;
  record: { cdn: Cdn; request: TraceRequest } | undefined;
}

export function readResponse(response: Response): ReadResponse {
  const headers = response.headers;
  const xCache = headers.get('x-cache')?.replace(/ from cloudfront$/i, '') ?? undefined;
  const age = headers.get('age');
  const id = headers.get('x-amz-cf-id');
  const cdn = findCurrentCdn();
  const request = id && cdn ? cdn.trace.requests().find((r) => r.id === id) : undefined;
  return {
    response,
    xCache,
    pop: headers.get('x-amz-cf-pop') ?? undefined,
    ageSeconds: age === null ? undefined : Number(age),
    etag: headers.get('etag') ?? undefined,
    record: cdn && request ? { cdn, request } : undefined,
  };
}

/** `the response (200 Hit at SFO5-C1)`. */
export function responseLabel(read: ReadResponse): string {
  const parts = [String(read.response.status), read.xCache, read.pop ? `at ${read.pop}` : undefined];
  return `the response (${parts.filter(Boolean).join(' ')})`;
}

/** Which rule set the TTL of the copy this response came from: "404 cached 10 s by ErrorCachingMinTTL at SFO5-C1". */
export function ttlLine(read: ReadResponse): string | undefined {
  if (!read.record) return undefined;
  const { cdn, request } = read.record;
  const stored = request.tiers.find((t) => t.stored);
  if (stored?.stored) return `TTL: ${stored.stored.because} at ${stored.node}`;
  const notStored = request.tiers.find((t) => t.notStored);
  if (notStored?.notStored) return `not cached: ${notStored.notStored.because} at ${notStored.node}`;
  const served = request.tiers.find((t) => t.tier === request.servedFrom);
  if (!served) return undefined;
  const url = new URL(request.url);
  const node = cdn.inspect(url.pathname + url.search).nodes.find((n) => n.node === served.node);
  const entry = node?.entries.find((e) => e.key === request.cacheKey);
  return entry ? `TTL: ${entry.because} at ${served.node}` : undefined;
}

/** `"9b2cf535f27731c974343645a3985328"` → `9b2cf535f27731c974343645a3985328`; weak prefix dropped. */
export function bareEtag(etag: string | undefined): string | undefined {
  return etag?.replace(/^W\//, '').replace(/^"|"$/g, '');
}
