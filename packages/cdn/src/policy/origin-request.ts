import type { ResolvedBehavior, ResolvedOrigin } from '../options/config-types.js';
import type { HeaderMap } from '../origin/types.js';
import type { ViewerIdentity } from '../routing/viewer-attributes.js';
import type { CacheKey } from './cache-key.js';
import { addCloudFrontHeaders, CLOUDFRONT_HEADERS } from './cloudfront-headers.js';
import type { ForwardRule } from './origin-request-policy.js';

/**
 * The station between the cache key and the tiers: what a miss sends to the origin. §15
 * understanding-how-origin-request-policies-and-cache-policies-work-together: everything in the
 * cache key is forwarded, and the behaviour's origin request policy adds viewer headers, cookies and
 * query strings that are forwarded but not keyed. Then the origin's custom headers are set,
 * overwriting a viewer header of the same name (§15 add-origin-custom-headers), and the origin's
 * OriginPath is put in front of the path (§15 #DownloadDistValuesOriginPath).
 */
export interface OriginRequestParts {
  path: string;
  query: string;
  headers: HeaderMap;
  protocol: 'http' | 'https' | undefined;
  port: number | undefined;
}

export interface ViewerParts {
  method: string;
  scheme: 'http' | 'https';
  path: string;
  query: string;
  headers: HeaderMap;
  hasBody: boolean;
  /** Who sent it: its country, location and address become the CloudFront headers a policy names. */
  viewer?: ViewerIdentity;
}

// Headers the tiers own (validators, ranges, the normalised Accept-Encoding) or that CloudFront sets
// or removes itself (§8 "Headers forwarded to the origin"): never copied from the viewer by a policy.
const NOT_FROM_VIEWER = new Set([
  'accept-encoding',
  'connection',
  'content-length',
  'expect',
  'if-match',
  'if-modified-since',
  'if-none-match',
  'if-range',
  'if-unmodified-since',
  'keep-alive',
  'proxy-authorization',
  'proxy-connection',
  'range',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'via',
  'x-amz-cf-id',
  'x-forwarded-proto',
  'x-real-ip',
]);

export function originRequest(
  key: CacheKey,
  request: ViewerParts,
  behavior: ResolvedBehavior,
  origin: ResolvedOrigin,
  path: string,
): OriginRequestParts {
  // §8: User-Agent is replaced unless it is keyed or forwarded; a body's Content-Type goes with it
  // (UNCONFIRMED; CloudFront's header table is not in the facts file).
  const headers: HeaderMap = { 'user-agent': 'Amazon CloudFront', ...key.originHeaders };
  const contentType = request.headers['content-type'];
  if (request.hasBody && contentType !== undefined) headers['content-type'] = contentType;
  let query = key.originQuery;
  const policy = behavior.originRequestPolicy;
  if (policy !== undefined) {
    for (const name in request.headers) {
      if (!forwards(policy.headers, name) || NOT_FROM_VIEWER.has(name) || name.startsWith('x-edge-'))
        continue;
      // §15: Host to an S3 origin is always the bucket's (S3 routes by Host); AllViewerExceptHostHeader
      // never forwards it. Cookies are merged below.
      if (name === 'host' && (policy.exceptHost || origin.kind === 's3')) continue;
      if (name === 'cookie') continue;
      // §14: a CloudFront header the cache policy keys on is CloudFront's (set in the key, or absent
      // where CloudFront has no value): a viewer's header of that name is not forwarded over it.
      if (CLOUDFRONT_HEADERS.has(name) && behavior.cachePolicy.headers.names.has(name)) continue;
      headers[name] = request.headers[name] as string;
    }
    // §14/§15 adding-cloudfront-headers: the CloudFront headers the policy lists, CloudFront's values
    // over the viewer's (a country, a device, the protocol...; absent where CloudFront has none).
    if (policy.cloudFrontHeaders.size > 0) addCloudFrontHeaders(policy.cloudFrontHeaders, request, headers);
    const cookies = mergeCookies(request.headers.cookie, behavior, policy.cookies);
    if (cookies.length > 0) headers.cookie = cookies;
    query = mergeQuery(request.query, behavior, policy.queryStrings);
  }
  // §8 RequestAndResponseBehaviorCustomOrigin (applies to S3 too): CloudFront appends the viewer's IP
  // address to X-Forwarded-For, after any value the viewer sent.
  if (request.viewer !== undefined) {
    const sent = request.headers['x-forwarded-for'];
    headers['x-forwarded-for'] = sent === undefined ? request.viewer.ip : `${sent}, ${request.viewer.ip}`;
  }
  for (const name in origin.customHeaders) headers[name] = origin.customHeaders[name] as string;
  // §8 #DownloadDistValuesOriginProtocolPolicy: how CloudFront connects to a custom origin.
  const connect = origin.originProtocolPolicy;
  const protocol =
    connect === undefined
      ? undefined
      : connect === 'http-only'
        ? 'http'
        : connect === 'https-only'
          ? 'https'
          : request.scheme;
  const port = protocol === undefined ? undefined : protocol === 'http' ? origin.httpPort : origin.httpsPort;
  return { path: origin.originPath + path, query, headers, protocol, port };
}

function forwards(rule: ForwardRule, name: string): boolean {
  switch (rule.behavior) {
    case 'all':
      return true;
    case 'whitelist':
      return rule.names.has(name);
    case 'allExcept':
      return !rule.names.has(name);
    default:
      return false;
  }
}

/** Keyed or forwarded by either policy, in the viewer's order (§15 "Conflicts": the union). */
function mergeQuery(query: string, behavior: ResolvedBehavior, rule: ForwardRule): string {
  if (query.length === 0) return '';
  const keyRule = behavior.cachePolicy.queryStrings;
  let out = '';
  for (const param of query.split('&')) {
    if (param.length === 0) continue;
    const eq = param.indexOf('=');
    const name = eq < 0 ? param : param.slice(0, eq);
    if (forwards(rule, name) || forwards(keyRule, name)) out = out.length === 0 ? param : `${out}&${param}`;
  }
  return out;
}

/** §5 CFDG Cookies: forwarded cookies are sorted by name; keyed or forwarded by either policy. */
function mergeCookies(header: string | undefined, behavior: ResolvedBehavior, rule: ForwardRule): string {
  if (header === undefined || header.length === 0) return '';
  const keyRule = behavior.cachePolicy.cookies;
  const kept: [string, string][] = [];
  for (const raw of header.split(';')) {
    const pair = raw.trim();
    if (pair.length === 0) continue;
    const eq = pair.indexOf('=');
    const name = (eq < 0 ? pair : pair.slice(0, eq)).trim();
    if (forwards(rule, name) || forwards(keyRule, name)) kept.push([name, pair]);
  }
  kept.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return kept.map(([, pair]) => pair).join('; ');
}
