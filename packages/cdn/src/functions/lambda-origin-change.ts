/**
 * Contract: the `origin` of a Lambda@Edge origin event and an origin-request function's change to it
 * (§20 lambda-event-structure "origin"; lambda-examples, content-based dynamic origin selection,
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-examples.html). The event
 * shows exactly one of `custom` or `s3`; a function that returns another `origin` sends this miss to
 * it. The fields are checked as §20 lists them (a value CloudFront refuses is the function's
 * validation error, 502); the new origin is then resolved by runtime 2.0's origin helpers
 * (origin-changes.ts: the distribution's origin of that domain name, its path, custom headers, port,
 * protocol and read timeout), so both kinds of edge code route alike. CloudFront can reach any
 * domain, and swap S3 and custom origins; edgecase reaches only the distribution's Origins, so
 * another domain, a swap, or a changed `authMethod` is `UnmodelledFeature`, never silently ignored.
 * The cache key and the behaviour do not change (§20).
 */

import { EdgecaseError } from '../errors.js';
import type { ResolvedOrigin } from '../options/config-types.js';
import type { HeaderMap } from '../origin/types.js';
import { cfHeadersOf, type Invalid, readHeaders } from './lambda-edge-event.js';
import { applyOriginChanges, type OriginChange, type OriginsOfDistribution } from './origin-changes.js';

/** `origin` of an origin event (§20): exactly one of `s3` or `custom`. */
export function originEventOf(origin: ResolvedOrigin): Record<string, unknown> {
  const domainName = originDomainOf(origin);
  const customHeaders = cfHeadersOf(origin.customHeaders);
  if (origin.kind === 's3')
    return {
      s3: {
        // §18, §20 lambda-event-structure: `origin-access-identity` for an origin with an OAI; an OAC
        // is not shown there ("not OAC"), so its origins say `none`.
        authMethod: authMethodOf(origin),
        customHeaders,
        domainName,
        path: origin.originPath,
        region: origin.region ?? 'us-east-1',
      },
    };
  return {
    custom: {
      customHeaders,
      domainName,
      keepaliveTimeout: 5,
      path: origin.originPath,
      port: origin.originProtocolPolicy === 'http-only' ? origin.httpPort : origin.httpsPort,
      protocol: origin.originProtocolPolicy === 'http-only' ? 'http' : 'https',
      readTimeout: origin.readTimeoutMs / 1000,
      sslProtocols: ['TLSv1.2'],
    },
  };
}

function authMethodOf(origin: ResolvedOrigin): string {
  return origin.access?.type === 'origin-access-identity' ? 'origin-access-identity' : 'none';
}

/**
 * The origin's domain name as an event shows it: its `domainName` (a loaded config's DomainName);
 * else `memory:my-bucket` → `my-bucket.s3.<region>.amazonaws.com`, a URL's host.
 */
export function originDomainOf(origin: ResolvedOrigin): string {
  if (origin.domainName !== undefined) return origin.domainName;
  const name = origin.origin.name;
  try {
    if (/^[a-z]+:\/\//.test(name)) return new URL(name).host;
  } catch {
    // not a URL
  }
  const bucket =
    name
      .slice(name.indexOf(':') + 1)
      .replace(/[^a-z0-9.-]/gi, '-')
      .toLowerCase() || origin.id;
  return origin.kind === 's3' ? `${bucket}.s3.${origin.region ?? 'us-east-1'}.amazonaws.com` : bucket;
}

const CUSTOM_KEYS = [
  'customHeaders',
  'domainName',
  'keepaliveTimeout',
  'path',
  'port',
  'protocol',
  'readTimeout',
  'sslProtocols',
];
const S3_KEYS = ['authMethod', 'customHeaders', 'domainName', 'path', 'region'];
const SSL_PROTOCOLS = ['SSLv3', 'TLSv1', 'TLSv1.1', 'TLSv1.2'];

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const show = (v: unknown) => (v === undefined ? 'undefined' : JSON.stringify(v));
const invalid = (reason: string): Invalid => ({ kind: 'invalid', reason });

/** A changed `origin`, read and checked (§20 lambda-event-structure's field rules). */
export interface LambdaOriginChange {
  kind: 'custom' | 's3';
  domainName: string;
  path: string;
  customHeaders: HeaderMap;
  /** custom only: given values that differ from the event's. */
  port?: number;
  protocol?: 'http' | 'https';
  readTimeout?: number;
  sslProtocols?: string[];
  /** s3 only. */
  authMethod?: string;
}

/**
 * Reads the `origin` an origin-request function returned, against the event's `before`; `headers`
 * are the request headers it returned (a custom header may not be one of them, §20).
 */
export function readOriginChange(
  value: unknown,
  before: Record<string, unknown>,
  headers: HeaderMap,
): LambdaOriginChange | Invalid {
  const kinds = isObject(value) ? Object.keys(value) : [];
  const kind = kinds[0];
  if (!isObject(value) || kinds.length !== 1 || (kind !== 'custom' && kind !== 's3'))
    return invalid(`request.origin must have exactly one of custom or s3, got ${show(value)}`);
  const o = value[kind];
  const at = `request.origin.${kind}`;
  if (!isObject(o)) return invalid(`${at} must be an object, got ${show(o)}`);
  const keys = kind === 'custom' ? CUSTOM_KEYS : S3_KEYS;
  for (const key of Object.keys(o))
    if (!keys.includes(key)) return invalid(`${at}: expected only ${keys.join(', ')}, got ${show(key)}`);
  const was = (isObject(before[kind]) ? before[kind] : {}) as Record<string, unknown>;
  const domainName = o.domainName;
  // §20: custom ≤ 253 characters, no colon, not an IP address; s3 ≤ 128 characters, lowercase.
  if (typeof domainName !== 'string' || domainName === '')
    return invalid(`${at}.domainName must be a domain name, got ${show(domainName)}`);
  if (kind === 'custom' && (domainName.length > 253 || domainName.includes(':') || isIp(domainName)))
    return invalid(
      `${at}.domainName must be at most 253 characters, with no colon and not an IP address, got ${show(domainName)}`,
    );
  if (kind === 's3' && (domainName.length > 128 || domainName !== domainName.toLowerCase()))
    return invalid(`${at}.domainName must be lowercase and at most 128 characters, got ${show(domainName)}`);
  // §20: the path starts with "/", has no trailing "/", at most 255 characters ("" for none).
  const path = o.path ?? '';
  if (
    typeof path !== 'string' ||
    path.length > 255 ||
    (path !== '' && (!path.startsWith('/') || path.endsWith('/')))
  )
    return invalid(
      `${at}.path must be "" or start with "/" without a trailing "/" (at most 255 characters), got ${show(path)}`,
    );
  const custom = readHeaders(o.customHeaders ?? {}, `${at}.customHeaders`, undefined, {});
  if ('kind' in custom && custom.kind === 'invalid') return custom as Invalid;
  const customHeaders = custom as HeaderMap;
  // §20: "A customHeaders name must not also appear in request.headers."
  for (const name in customHeaders)
    if (headers[name] !== undefined) return invalid(`${at}.customHeaders.${name} is also in request.headers`);
  const change: LambdaOriginChange = { kind, domainName, path, customHeaders };
  const changed = (key: string) =>
    o[key] !== undefined && JSON.stringify(o[key]) !== JSON.stringify(was[key]);
  if (kind === 'custom') {
    if (o.port !== undefined || o.protocol !== undefined) {
      const port = o.port;
      if (
        typeof port !== 'number' ||
        !Number.isInteger(port) ||
        !(port === 80 || port === 443 || (port >= 1024 && port <= 65535))
      )
        return invalid(`${at}.port must be 80, 443 or 1024-65535, got ${show(port)}`);
      if (o.protocol !== 'http' && o.protocol !== 'https')
        return invalid(`${at}.protocol must be "http" or "https", got ${show(o.protocol)}`);
      if (changed('port') || changed('protocol')) {
        change.port = port;
        change.protocol = o.protocol;
      }
    }
    // §20: readTimeout 4–60 s, keepaliveTimeout 1–60 s.
    if (changed('readTimeout')) {
      const t = o.readTimeout;
      if (typeof t !== 'number' || !Number.isInteger(t) || t < 4 || t > 60)
        return invalid(`${at}.readTimeout must be whole seconds from 4 to 60, got ${show(t)}`);
      change.readTimeout = t;
    }
    if (changed('keepaliveTimeout')) {
      const t = o.keepaliveTimeout;
      if (typeof t !== 'number' || !Number.isInteger(t) || t < 1 || t > 60)
        return invalid(`${at}.keepaliveTimeout must be whole seconds from 1 to 60, got ${show(t)}`);
    }
    if (changed('sslProtocols')) {
      const ssl = o.sslProtocols;
      if (!Array.isArray(ssl) || ssl.length === 0 || ssl.some((p) => !SSL_PROTOCOLS.includes(p)))
        return invalid(`${at}.sslProtocols must be some of ${SSL_PROTOCOLS.join(', ')}, got ${show(ssl)}`);
      change.sslProtocols = ssl as string[];
    }
  } else {
    const auth = o.authMethod ?? 'none';
    if (auth !== 'none' && auth !== 'origin-access-identity')
      return invalid(`${at}.authMethod must be "origin-access-identity" or "none", got ${show(auth)}`);
    // §20: region is required with origin-access-identity.
    if (auth === 'origin-access-identity' && (typeof o.region !== 'string' || o.region === ''))
      return invalid(`${at}.region is required with authMethod "origin-access-identity"`);
    change.authMethod = auth;
  }
  return change;
}

function isIp(name: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(name);
}

/**
 * The origin this miss goes to after the change, or why CloudFront would refuse it. Throws
 * `UnmodelledFeature` for what CloudFront does and edgecase cannot (another domain, a kind swap,
 * a changed authMethod).
 */
export function resolveOriginChange(
  change: LambdaOriginChange,
  current: ResolvedOrigin,
  distribution: OriginsOfDistribution,
  fn: string,
): { origin: ResolvedOrigin } | { invalid: string } {
  const at = `Lambda@Edge ${fn} (origin-request): request.origin.${change.kind}`;
  const origins = [...distribution.origins.values()];
  const target =
    originDomainOf(current) === change.domainName
      ? current
      : origins.find((o) => originDomainOf(o) === change.domainName);
  if (!target)
    throw new EdgecaseError(
      'UnmodelledFeature',
      `${at}.domainName: expected the domain name of one of the distribution's origins (${origins.map(originDomainOf).join(', ')}), got ${show(change.domainName)}.`,
      {
        hint: "CloudFront sends the request to any domain a function names; edgecase sends it to an Origin, found by the domain its events show (the origin's domainName option, a loaded config's DomainName): add the endpoint as an origin with that domainName.",
      },
    );
  if (target.kind !== change.kind)
    throw new EdgecaseError(
      'UnmodelledFeature',
      `${at}: names ${target.id}, ${target.kind === 's3' ? 'an S3' : 'a custom'} origin, as ${change.kind === 's3' ? 'an S3' : 'a custom'} one: edgecase does not model an S3 <-> custom swap.`,
      { hint: `Return request.origin.${target.kind === 's3' ? 's3' : 'custom'} for ${change.domainName}.` },
    );
  if (change.authMethod !== undefined && change.authMethod !== authMethodOf(target))
    throw new EdgecaseError(
      'UnmodelledFeature',
      `${at}.authMethod: expected ${show(authMethodOf(target))} (the origin's own access), got ${show(change.authMethod)}: edgecase does not model a function changing how CloudFront signs for an S3 origin.`,
      {
        hint: 'Give the origin the access it needs in the distribution (originAccessIdentity or originAccessControl).',
      },
    );
  const changes: OriginChange[] = [];
  if (target !== current) changes.push({ helper: 'selectRequestOriginById', params: target.id });
  const params: Record<string, unknown> = { originPath: change.path, customHeaders: change.customHeaders };
  if (change.protocol !== undefined)
    params.customOriginConfig = {
      port: change.port,
      protocol: change.protocol,
      ...(change.sslProtocols ? { sslProtocols: change.sslProtocols } : {}),
    };
  if (change.readTimeout !== undefined) params.timeouts = { readTimeout: change.readTimeout };
  changes.push({ helper: 'updateRequestOrigin', params });
  return applyOriginChanges(changes, current, distribution);
}
