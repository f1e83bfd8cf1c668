import { hash32 } from '../clock/random.js';
import type { HeaderMap } from '../origin/types.js';
import type { TierOutcome } from '../trace/trace.js';
import type { ResolvedCors, ResolvedResponseHeadersPolicy } from './response-headers-policy.js';

/** What a response headers policy reads of the viewer request. */
export interface PolicyRequest {
  method: string;
  headers: HeaderMap;
}

/** What Server-Timing reports (§4, §16 #server-timing-header). */
export interface ServerTimingFacts {
  xCache: string;
  tiers: readonly TierOutcome[];
  /** The edge server, as in X-Amz-Cf-Pop. */
  pop: string;
  /** X-Amz-Cf-Id. */
  requestId: string;
  /** Virtual milliseconds from the request to the answer. */
  elapsedMs: number;
}

const LAYER: Record<string, string> = { edge: 'EDGE', regional: 'REC', shield: 'Origin Shield' };

/**
 * The response headers policy station, on the way to the viewer (§16 modifying-response-headers):
 * removes the policy's headers, then adds CORS headers (to CORS requests only), security and custom
 * headers, each kept from the origin unless its override is on, and Server-Timing. `headers` may be a
 * cached entry's frozen headers: a new object is returned and the entry is never changed.
 */
export function applyResponseHeadersPolicy(
  policy: ResolvedResponseHeadersPolicy,
  headers: HeaderMap,
  request: PolicyRequest,
  timing: () => ServerTimingFacts,
): HeaderMap {
  const out: HeaderMap = { ...headers };
  // §16 RemoveHeadersConfig: removed first, so a header both removed and added has the policy's value.
  for (const name of policy.remove) delete out[name];
  // §16 OriginOverride / Override: true replaces the origin's header; false keeps it when present.
  const set = (name: string, value: string, override: boolean) => {
    if (override || out[name] === undefined) out[name] = value;
  };
  const origin = request.headers.origin;
  if (policy.cors !== undefined && origin !== undefined) addCors(policy.cors, origin, request, set);
  for (const header of policy.headers) set(header.name, header.value, header.override);
  if (policy.serverTimingSamplingRate !== undefined) {
    const facts = timing();
    // §16: a request with `Pragma: server-timing` always gets it; otherwise a sample of responses
    // (chosen here from the request id, so a seeded run repeats).
    const asked = /(^|,)\s*server-timing\s*(,|$)/i.test(request.headers.pragma ?? '');
    const sampled = (hash32(facts.requestId) % 1_000_000) / 10_000 < policy.serverTimingSamplingRate;
    if (asked || sampled) out['server-timing'] = serverTiming(facts, headers['server-timing']);
  }
  return out;
}

// §16 CorsConfig: the headers go to CORS requests (with Origin) only; Allow-Methods, Allow-Headers and
// Max-Age to preflight requests. Which Access-Control-Allow-Origin value is sent is UNCONFIRMED: "*"
// when the policy allows any origin, the request's Origin when it is listed, nothing otherwise.
function addCors(
  cors: ResolvedCors,
  origin: string,
  request: PolicyRequest,
  set: (name: string, value: string, override: boolean) => void,
): void {
  const allow = allowedOrigin(cors.allowOrigins, origin);
  if (allow === undefined) return;
  const override = cors.originOverride;
  set('access-control-allow-origin', allow, override);
  if (cors.allowCredentials) set('access-control-allow-credentials', 'true', override);
  const preflight =
    request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined;
  if (preflight) {
    set('access-control-allow-methods', cors.allowMethods, override);
    set('access-control-allow-headers', cors.allowHeaders, override);
    if (cors.maxAgeSeconds !== undefined) set('access-control-max-age', String(cors.maxAgeSeconds), override);
  } else if (cors.exposeHeaders !== undefined) {
    set('access-control-expose-headers', cors.exposeHeaders, override);
  }
}

function allowedOrigin(allowed: readonly string[], origin: string): string | undefined {
  if (allowed.includes('*')) return '*';
  const lower = origin.toLowerCase();
  const host = lower.replace(/^[a-z][a-z0-9+.-]*:\/\//, '');
  for (const entry of allowed) {
    const hasScheme = entry.includes('://');
    const candidate = hasScheme ? lower : host;
    const pattern = entry;
    if (pattern.includes('*.')) {
      const [prefix, suffix] = pattern.split('*') as [string, string];
      if (
        candidate.startsWith(prefix) &&
        candidate.endsWith(suffix) &&
        candidate.length > prefix.length + suffix.length
      )
        return origin;
    } else if (candidate === pattern) return origin;
  }
  return undefined;
}

// §16 #server-timing-header: name-only cdn-cache-hit/-miss/-refresh, desc= and dur= metrics, joined
// by ",". On a miss the origin's own Server-Timing is merged (here: at the end); on a hit only
// CloudFront's metrics appear. Durations are virtual milliseconds; DNS and connect are 0 (no network).
function serverTiming(facts: ServerTimingFacts, fromOrigin: string | undefined): string {
  const metrics: string[] = [];
  const fromCache = facts.xCache === 'Hit' || facts.xCache === 'RefreshHit';
  const pop = `cdn-pop;desc="${facts.pop}"`;
  const rid = `cdn-rid;desc="${facts.requestId}"`;
  if (fromCache) {
    const layer = facts.tiers.find((t) => t.outcome !== 'miss')?.tier ?? 'edge';
    metrics.push(facts.xCache === 'Hit' ? 'cdn-cache-hit' : 'cdn-cache-refresh', pop, rid);
    metrics.push(`cdn-hit-layer;desc="${LAYER[layer] ?? 'EDGE'}"`);
  } else {
    const upstream = facts.tiers.at(-1)?.tier ?? 'edge';
    metrics.push(
      `cdn-upstream-layer;desc="${LAYER[upstream] ?? 'EDGE'}"`,
      'cdn-upstream-dns;dur=0',
      'cdn-upstream-connect;dur=0',
      `cdn-upstream-fbl;dur=${facts.elapsedMs}`,
      'cdn-cache-miss',
      pop,
      rid,
      `cdn-downstream-fbl;dur=${facts.elapsedMs}`,
    );
    if (fromOrigin !== undefined && fromOrigin !== '') metrics.push(fromOrigin);
  }
  return metrics.join(',');
}
