/**
 * Contract: runtime 2.0's origin helpers (§20, CFDG helper-functions-origin-modification,
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/helper-functions-origin-modification.html).
 * A viewer-request function's `cf.updateRequestOrigin(...)`, `cf.selectRequestOriginById(id)` and
 * `cf.createRequestOriginGroup(...)` are recorded while it runs and applied, in order, when it returns
 * the request: they change the origin a cache miss of this request goes to, not the behaviour nor the
 * cache key (§20). What the helpers were given is checked as the distribution's own origins are
 * (the same rules, the same messages); a change CloudFront would refuse is the function's validation
 * error (502, §20: "will result in a validation error" for an origin the helper cannot select).
 */

import { resolveOriginGroups } from '../distribution/origin-groups.js';
import { resolveOrigin } from '../distribution/origins.js';
import { EdgecaseError } from '../errors.js';
import { isPlainObject } from '../options/checks.js';
import type { OriginOptions, ResolvedOrigin } from '../options/config-types.js';
import type { OriginChange } from '../options/edge-code-types.js';

export type { OriginChange };

export interface OriginsOfDistribution {
  origins: ReadonlyMap<string, ResolvedOrigin>;
  originGroups: ReadonlyMap<string, ResolvedOrigin>;
}

// The parameters the page documents for updateRequestOrigin.
const UPDATE_KEYS = [
  'domainName',
  'originPath',
  'customHeaders',
  'connectionAttempts',
  'originShield',
  'originAccessControlConfig',
  'timeouts',
  'customOriginConfig',
];
const OAC_SIGNING = ['always', 'never', 'no-override'];
const OAC_TYPES = ['s3', 'mediapackagev2', 'mediastore', 'lambda'];
const SSL_PROTOCOLS = ['SSLv3', 'TLSv1', 'TLSv1.1', 'TLSv1.2'];

/** The origin after the helpers' changes, or why CloudFront would refuse them. */
export function applyOriginChanges(
  changes: readonly OriginChange[],
  current: ResolvedOrigin,
  distribution: OriginsOfDistribution,
): { origin: ResolvedOrigin } | { invalid: string } {
  let origin = current;
  try {
    for (const change of changes) {
      switch (change.helper) {
        case 'selectRequestOriginById':
          origin = select(change.params, distribution);
          break;
        case 'createRequestOriginGroup':
          origin = group(change.params, distribution);
          break;
        case 'updateRequestOrigin':
          origin = update(change.params, origin, distribution);
          break;
      }
    }
  } catch (error) {
    // An endpoint edgecase cannot reach is the test's to fix, not the function's: it stays an error.
    if (error instanceof EdgecaseError && error.code !== 'UnmodelledFeature')
      return { invalid: error.message.replace(/^\[edgecase\] /, '').replace(/^originGroups\./, '') };
    throw error;
  }
  return { origin };
}

function refuse(message: string): never {
  throw new EdgecaseError('InvalidFunction', message);
}

function show(value: unknown): string {
  return value === undefined ? 'undefined' : JSON.stringify(value);
}

function select(id: unknown, { origins, originGroups }: OriginsOfDistribution): ResolvedOrigin {
  const origin = typeof id === 'string' ? origins.get(id) : undefined;
  if (origin) return origin;
  const hint =
    typeof id === 'string' && originGroups.has(id)
      ? ` (${show(id)} is an origin group; cf.createRequestOriginGroup makes one from two origins)`
      : '';
  return refuse(
    `cf.selectRequestOriginById: expected the id of one of the distribution's origins (${[...origins.keys()].join(', ')}), got ${show(id)}${hint}.`,
  );
}

function group(params: unknown, { origins }: OriginsOfDistribution): ResolvedOrigin {
  const what = 'cf.createRequestOriginGroup';
  if (!isPlainObject(params))
    refuse(
      `${what}: expected { originIds: [primary, secondary], failoverCriteria: { statusCodes } }, got ${show(params)}.`,
    );
  for (const key of Object.keys(params)) {
    if (!['originIds', 'failoverCriteria', 'selectionCriteria'].includes(key))
      refuse(`${what}: expected the keys originIds, failoverCriteria, selectionCriteria, got ${show(key)}.`);
  }
  // §17 API_OriginGroup: media-quality-based selection is MediaPackage v2's, which edgecase does not model.
  if (params.selectionCriteria !== undefined && params.selectionCriteria !== 'default')
    refuse(
      `${what}.selectionCriteria: expected "default" (the only selection edgecase models), got ${show(params.selectionCriteria)}.`,
    );
  const criteria = params.failoverCriteria;
  if (!isPlainObject(criteria) || Object.keys(criteria).some((k) => k !== 'statusCodes'))
    refuse(`${what}.failoverCriteria: expected { statusCodes: [...] }, got ${show(criteria)}.`);
  const groups = resolveOriginGroups(
    { [what]: { members: params.originIds, failoverStatusCodes: criteria.statusCodes } },
    origins,
  );
  return groups.get(what) as ResolvedOrigin;
}

function update(
  params: unknown,
  current: ResolvedOrigin,
  distribution: OriginsOfDistribution,
): ResolvedOrigin {
  const what = 'cf.updateRequestOrigin';
  if (!isPlainObject(params)) refuse(`${what}: expected an object of origin settings, got ${show(params)}.`);
  for (const key of Object.keys(params)) {
    if (!UPDATE_KEYS.includes(key))
      refuse(`${what}: expected only ${UPDATE_KEYS.join(', ')}, got ${show(key)}.`);
  }
  // Settings not given are the current origin's (the page: "inherit the same settings from the
  // existing origin's configuration"). On an origin group only the primary changes.
  const options: OriginOptions = optionsOf(current);
  if (params.domainName !== undefined) {
    const target = [...distribution.origins.values()].find((o) => o.domainName === params.domainName);
    if (!target) {
      const known = [...distribution.origins.values()].flatMap((o) => (o.domainName ? [o.domainName] : []));
      throw new EdgecaseError(
        'UnmodelledFeature',
        `${what}: expected the domain name of one of the distribution's origins (${known.length ? known.join(', ') : 'none has a domainName'}), got ${show(params.domainName)}.`,
        {
          hint: "CloudFront can send the request to any HTTP endpoint; edgecase sends it to an Origin, found by its domainName option (a loaded config's DomainName): add the endpoint as an origin with that domainName.",
        },
      );
    }
    options.origin = target.origin;
    options.kind = target.kind;
    options.domainName = target.domainName as string;
    if (target.region !== undefined) options.region = target.region;
    else delete options.region;
    // The other origin's kind decides what may be set (an S3 origin has no protocol settings).
    if (target.kind === 's3') {
      delete options.originProtocolPolicy;
      delete options.httpPort;
      delete options.httpsPort;
      delete options.originReadTimeout;
    }
  }
  if (params.originPath !== undefined) options.originPath = params.originPath as string;
  if (params.customHeaders !== undefined)
    options.customHeaders = params.customHeaders as Record<string, string>;
  if (params.connectionAttempts !== undefined)
    options.connectionAttempts = params.connectionAttempts as number;
  if (params.originShield !== undefined) {
    const shield = params.originShield;
    if (!isPlainObject(shield) || Object.keys(shield).some((k) => k !== 'enabled' && k !== 'region'))
      refuse(`${what}.originShield: expected { enabled, region }, got ${show(shield)}.`);
    options.originShield = {
      enabled: shield.enabled as boolean,
      originShieldRegion: shield.region as string,
    };
  }
  if (params.timeouts !== undefined) timeouts(params.timeouts, options, what);
  if (params.customOriginConfig !== undefined) customOriginConfig(params.customOriginConfig, options, what);
  if (params.originAccessControlConfig !== undefined)
    accessControl(params.originAccessControlConfig, options, current, what);
  const updated = resolveOrigin(current.id, options, what);
  return current.failover ? { ...updated, failover: current.failover } : updated;
}

function optionsOf(origin: ResolvedOrigin): OriginOptions {
  const options: OriginOptions = {
    origin: origin.origin,
    kind: origin.kind,
    connectionAttempts: origin.connectionAttempts,
    connectionTimeout: origin.connectionTimeoutMs / 1000,
    originPath: origin.originPath,
    customHeaders: origin.customHeaders,
  };
  if (origin.domainName !== undefined) options.domainName = origin.domainName;
  if (origin.region !== undefined) options.region = origin.region;
  if (origin.shieldRegion !== undefined)
    options.originShield = { enabled: true, originShieldRegion: origin.shieldRegion };
  // §18: the origin's access control (OAC or OAI) goes with it unless the function changes it.
  if (origin.access?.type === 'origin-access-control')
    options.originAccessControl = { id: origin.access.id, signingBehavior: origin.access.signingBehavior };
  else if (origin.access?.type === 'origin-access-identity') options.originAccessIdentity = origin.access.id;
  if (origin.kind === 'custom') {
    options.originReadTimeout = origin.readTimeoutMs / 1000;
    if (origin.originProtocolPolicy !== undefined) options.originProtocolPolicy = origin.originProtocolPolicy;
    options.httpPort = origin.httpPort;
    options.httpsPort = origin.httpsPort;
  }
  return options;
}

function timeouts(input: unknown, options: OriginOptions, what: string): void {
  if (!isPlainObject(input))
    refuse(
      `${what}.timeouts: expected { readTimeout, connectionTimeout, keepAliveTimeout }, got ${show(input)}.`,
    );
  for (const [key, value] of Object.entries(input)) {
    const max =
      key === 'connectionTimeout' ? 10 : key === 'readTimeout' || key === 'keepAliveTimeout' ? 60 : 0;
    if (max === 0)
      refuse(
        `${what}.timeouts: expected only readTimeout, connectionTimeout, keepAliveTimeout, got ${show(key)}.`,
      );
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max)
      refuse(`${what}.timeouts.${key}: expected whole seconds from 1 to ${max}, got ${show(value)}.`);
  }
  // The page: timeouts apply to custom origins only; an S3 origin ignores them. keepAliveTimeout
  // changes no answer (connections are not modelled).
  if ((options.kind ?? options.origin.kind) !== 'custom') return;
  if (input.connectionTimeout !== undefined) options.connectionTimeout = input.connectionTimeout as number;
  if (input.readTimeout !== undefined) options.originReadTimeout = input.readTimeout as number;
}

function customOriginConfig(input: unknown, options: OriginOptions, what: string): void {
  const at = `${what}.customOriginConfig`;
  if (
    !isPlainObject(input) ||
    Object.keys(input).some((k) => !['port', 'protocol', 'sslProtocols'].includes(k))
  )
    refuse(`${at}: expected { port, protocol, sslProtocols }, got ${show(input)}.`);
  if (input.protocol !== 'http' && input.protocol !== 'https')
    refuse(`${at}.protocol: expected "http" or "https", got ${show(input.protocol)}.`);
  const port = Number(input.port);
  if (!Number.isInteger(port) || !(port === 80 || port === 443 || (port >= 1024 && port <= 65535)))
    refuse(`${at}.port: expected 80, 443 or 1024-65535, got ${show(input.port)}.`);
  const ssl = input.sslProtocols;
  if (ssl !== undefined && (!Array.isArray(ssl) || ssl.some((p) => !SSL_PROTOCOLS.includes(p))))
    refuse(`${at}.sslProtocols: expected some of ${SSL_PROTOCOLS.join(', ')}, got ${show(ssl)}.`);
  if ((options.kind ?? options.origin.kind) !== 'custom')
    refuse(
      `${at}: expected a custom origin (an S3 bucket origin has no protocol or port settings), got an S3 origin.`,
    );
  options.originProtocolPolicy = input.protocol === 'http' ? 'http-only' : 'https-only';
  if (input.protocol === 'http') options.httpPort = port;
  else options.httpsPort = port;
}

/**
 * `originAccessControlConfig`: `enabled: false` turns the origin's OAC off for this request; `true`
 * signs with the given behaviour (§18), keeping the origin's OAC id when it has one.
 */
function accessControl(input: unknown, options: OriginOptions, current: ResolvedOrigin, what: string): void {
  const at = `${what}.originAccessControlConfig`;
  if (!isPlainObject(input))
    refuse(`${at}: expected { enabled, signingBehavior, signingProtocol, originType }, got ${show(input)}.`);
  if (typeof input.enabled !== 'boolean')
    refuse(`${at}.enabled: expected true or false, got ${show(input.enabled)}.`);
  if (!input.enabled) {
    delete options.originAccessControl;
    return;
  }
  if (!OAC_SIGNING.includes(input.signingBehavior as string))
    refuse(
      `${at}.signingBehavior: expected one of ${OAC_SIGNING.join(', ')}, got ${show(input.signingBehavior)}.`,
    );
  if (input.signingProtocol !== 'sigv4')
    refuse(`${at}.signingProtocol: expected "sigv4", got ${show(input.signingProtocol)}.`);
  if (!OAC_TYPES.includes(input.originType as string))
    refuse(`${at}.originType: expected one of ${OAC_TYPES.join(', ')}, got ${show(input.originType)}.`);
  delete options.originAccessIdentity;
  options.originAccessControl = {
    ...(current.access?.type === 'origin-access-control' ? { id: current.access.id } : {}),
    signingBehavior: input.signingBehavior as 'always' | 'never' | 'no-override',
    signingProtocol: 'sigv4',
    originAccessControlOriginType: input.originType as 's3',
  };
}
