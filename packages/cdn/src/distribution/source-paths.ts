import { EdgecaseError } from '../errors.js';
import type { AwsDistributionConfig, AwsOrigin } from '../options/aws-distribution-config.js';
import type { DistributionOptions } from '../options/config-types.js';

/**
 * Errors about a loaded distribution name the field as the user wrote it. The loaders turn a source
 * (Terraform, CloudFormation, get-distribution-config JSON) into the API's DistributionConfig, then
 * into `createCdn` options; a field refused at either step is named in the source's words
 * (`aws_cloudfront_distribution.site.origin[0].custom_origin_config.origin_read_timeout`), not in
 * edgecase's option names (`origins.api.originReadTimeout`), which the user never wrote.
 */

/** A path into the API's DistributionConfig: field names and list indexes (`Items` kept). */
export type ApiPath = readonly (string | number)[];

/** Names a DistributionConfig field as a source writes it. */
export type RenderPath = (path: ApiPath) => string;

/**
 * Names a field of the policy a behaviour's `field` names by `id`, as the source's policy resource
 * writes it (`path` in the API's policy config); undefined when the source does not declare it.
 */
export type PolicyRender = (
  field: 'CachePolicyId' | 'OriginRequestPolicyId' | 'ResponseHeadersPolicyId',
  id: string,
  path: ApiPath,
) => string | undefined;

/** `DistributionConfig.Origins.Items[0].OriginPath`: get-distribution-config's own words. */
export const apiWords: RenderPath = (path) => `DistributionConfig${formatApiPath(path)}`;

export function formatApiPath(path: ApiPath): string {
  return path.map((t) => (typeof t === 'number' ? `[${t}]` : `.${t}`)).join('');
}

/** `Origins.Items[0].Id` (or `DistributionConfig.…`) as tokens; undefined when not an API path. */
function parseApiPath(text: string): ApiPath | undefined {
  const prefixed = text.startsWith('DistributionConfig.');
  const bare = prefixed ? text.slice('DistributionConfig.'.length) : text;
  if (!(prefixed ? /^[A-Z]/ : TOP_FIELDS).test(bare)) return undefined;
  return apiTokens(bare);
}

/** `A.B[2].C` as its names and list indexes. */
export function apiTokens(path: string): ApiPath {
  return tokens(path, (name) => name);
}

/** `a.b[2].c` as its names (each through `name`) and list indexes. */
function tokens(path: string, name: (text: string) => string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const [, text, index] of path.matchAll(/([A-Za-z0-9]+)|\[(\d+)\]/g))
    out.push(text !== undefined ? name(text) : Number(index));
  return out;
}

/** The DistributionConfig fields a path without the `DistributionConfig.` prefix may start with. */
const TOP_FIELDS =
  /^(Aliases|CacheBehaviors|CustomErrorResponses|DefaultCacheBehavior|DefaultRootObject|Origins|OriginGroups|Restrictions|ViewerCertificate|Logging)\b/;

/** Where a loader's output came from, for errors `createCdn` raises about it. */
interface Source {
  readonly loaded: DistributionOptions;
  readonly config: AwsDistributionConfig;
  readonly render: RenderPath;
  readonly policy: PolicyRender | undefined;
}

/** Keyed by the output's `origins` object, which a spread (`{ ...loaded, clock }`) keeps (as api-config.ts). */
const SOURCES = new WeakMap<object, Source>();

export function rememberSource(
  loaded: DistributionOptions,
  config: AwsDistributionConfig,
  render: RenderPath,
  policy?: PolicyRender,
): void {
  if (loaded.origins) SOURCES.set(loaded.origins, { loaded, config, render, policy });
}

/**
 * The path an edgecase message starts with: `[edgecase] origins.api.httpPort: expected …`,
 * `[edgecase] cacheBehaviors[0].cachePolicy TTLs: expected …`.
 */
const LEADING_PATH = /^\[edgecase\] ((?:[^\s:[]|\[\d+\]|\["[^"]*"\])+)/;

/**
 * `error` with the path its message starts with renamed by `rename` (the same error object: its
 * code, value, hint and cause stay); any other error as it is.
 */
export function renamePath(error: unknown, rename: (path: string) => string | undefined): unknown {
  if (!(error instanceof EdgecaseError)) return error;
  const match = LEADING_PATH.exec(error.message);
  if (!match) return error;
  const to = rename(match[1] as string);
  if (to === undefined) return error;
  const before = error.message;
  error.message = `[edgecase] ${to}${before.slice(match[0].length)}`;
  // The stack's first line repeats the message when something has read it already.
  if (typeof error.stack === 'string' && error.stack.startsWith(`${error.name}: ${before}`))
    error.stack = `${error.name}: ${error.message}${error.stack.slice(error.name.length + 2 + before.length)}`;
  return error;
}

/** An error of a loader's own step (fromDistributionConfig's API paths) in its source's words. */
export function inSourceWords(error: unknown, render: RenderPath): unknown {
  return renamePath(error, (path) => {
    const api = parseApiPath(path);
    return api === undefined ? undefined : render(api);
  });
}

/**
 * An error `createCdn` raised about its options, in the words of the source they were loaded from,
 * when the field it names is still the loader's (not replaced by the caller's own options).
 */
export function inLoadedWords(error: unknown, input: DistributionOptions): unknown {
  const source = input.origins ? SOURCES.get(input.origins) : undefined;
  if (source === undefined) return error;
  return renamePath(error, (path) => {
    const top = /^[a-zA-Z]+/.exec(path)?.[0] as keyof DistributionOptions | undefined;
    if (top === undefined || input[top] !== source.loaded[top]) return undefined;
    const found = apiPathOfOption(path, source.loaded, source.config);
    if (found === undefined) return undefined;
    const policy = policyWords(source, found);
    if (policy !== undefined) return policy;
    return `${source.render(found.api)}${found.rest ? ` (${found.rest})` : ''}`;
  });
}

const POLICY_FIELDS = new Set(['CachePolicyId', 'OriginRequestPolicyId', 'ResponseHeadersPolicyId']);

/**
 * A field of a policy the source declares (`defaultCacheBehavior.cachePolicy.minTTL`), named in its
 * policy resource's words; the option names are the API's in camelCase (`minTTL` → `MinTTL`).
 */
function policyWords(source: Source, found: { api: ApiPath; rest: string }): string | undefined {
  const field = found.api.at(-1);
  if (source.policy === undefined || typeof field !== 'string' || !POLICY_FIELDS.has(field)) return undefined;
  let value: unknown = source.config;
  for (const token of found.api) value = (value as Record<string | number, unknown> | undefined)?.[token];
  if (typeof value !== 'string') return undefined;
  const path = tokens(found.rest, (name) => `${name.charAt(0).toUpperCase()}${name.slice(1)}`);
  return source.policy(field as 'CachePolicyId', value, path);
}

type Leaf = ApiPath | ((origin: AwsOrigin) => ApiPath);

/** An origin's option → its DistributionConfig field (origins.ts reads them from there). */
const ORIGIN_FIELDS: Readonly<Record<string, Leaf>> = {
  domainName: ['DomainName'],
  region: ['DomainName'],
  originPath: ['OriginPath'],
  customHeaders: ['CustomHeaders'],
  connectionAttempts: ['ConnectionAttempts'],
  connectionTimeout: ['ConnectionTimeout'],
  originReadTimeout: (o) => [
    o.CustomOriginConfig ? 'CustomOriginConfig' : o.VpcOriginConfig ? 'VpcOriginConfig' : 'S3OriginConfig',
    'OriginReadTimeout',
  ],
  originProtocolPolicy: ['CustomOriginConfig', 'OriginProtocolPolicy'],
  httpPort: ['CustomOriginConfig', 'HTTPPort'],
  httpsPort: ['CustomOriginConfig', 'HTTPSPort'],
  originShield: ['OriginShield'],
  originAccessControl: ['OriginAccessControlId'],
  originAccessIdentity: ['S3OriginConfig', 'OriginAccessIdentity'],
};
const SHIELD_FIELDS: Readonly<Record<string, string>> = {
  enabled: 'Enabled',
  originShieldRegion: 'OriginShieldRegion',
};

const BEHAVIOR_FIELDS: Readonly<Record<string, ApiPath>> = {
  pathPattern: ['PathPattern'],
  targetOriginId: ['TargetOriginId'],
  viewerProtocolPolicy: ['ViewerProtocolPolicy'],
  allowedMethods: ['AllowedMethods'],
  cachedMethods: ['AllowedMethods', 'CachedMethods'],
  compress: ['Compress'],
  responseHeadersPolicy: ['ResponseHeadersPolicyId'],
  trustedKeyGroups: ['TrustedKeyGroups'],
  functionAssociations: ['FunctionAssociations'],
  lambdaFunctionAssociations: ['LambdaFunctionAssociations'],
};
const ASSOCIATION_FIELDS: Readonly<Record<string, string>> = {
  eventType: 'EventType',
  functionARN: 'FunctionARN',
  lambdaFunctionARN: 'LambdaFunctionARN',
  includeBody: 'IncludeBody',
};
const LEGACY_TTLS: Readonly<Record<string, string>> = {
  minTTL: 'MinTTL',
  defaultTTL: 'DefaultTTL',
  maxTTL: 'MaxTTL',
};

const ERROR_RESPONSE_FIELDS: Readonly<Record<string, string>> = {
  errorCode: 'ErrorCode',
  responsePagePath: 'ResponsePagePath',
  responseCode: 'ResponseCode',
  errorCachingMinTTL: 'ErrorCachingMinTTL',
};

/** `origins.api.httpPort` → `{ api: Origins.Items[0].CustomOriginConfig.HTTPPort }`, with what is left unmapped. */
export function apiPathOfOption(
  path: string,
  loaded: DistributionOptions,
  config: AwsDistributionConfig,
): { api: ApiPath; rest: string } | undefined {
  const keyed = (top: 'origins' | 'originGroups', record: object | undefined) => {
    // Origin ids may hold dots: the longest id the path starts with.
    let id: string | undefined;
    for (const key of Object.keys(record ?? {}))
      if (path.startsWith(`${top}.${key}`) && /^($|[.[])/.test(path.slice(top.length + 1 + key.length)))
        if (id === undefined || key.length > id.length) id = key;
    return id === undefined ? undefined : { id, rest: path.slice(top.length + 1 + id.length) };
  };
  const origin = keyed('origins', loaded.origins);
  if (origin) {
    const list = (config.Origins?.Items ?? []) as AwsOrigin[];
    const index = list.findIndex((o) => o?.Id === origin.id);
    if (index < 0) return undefined;
    const [leaf, sub, rest] = split(origin.rest);
    const at: (string | number)[] = ['Origins', 'Items', index];
    const mapped = leaf === undefined ? undefined : ORIGIN_FIELDS[leaf];
    if (mapped === undefined) return { api: at, rest: origin.rest.replace(/^\./, '') };
    at.push(...(typeof mapped === 'function' ? mapped(list[index] as AwsOrigin) : mapped));
    if (leaf === 'originShield' && typeof sub === 'string' && SHIELD_FIELDS[sub]) {
      at.push(SHIELD_FIELDS[sub] as string);
      return { api: at, rest };
    }
    return { api: at, rest: joinRest(sub, rest) };
  }
  const group = keyed('originGroups', loaded.originGroups);
  if (group) {
    const index = ((config.OriginGroups?.Items ?? []) as { Id?: string }[]).findIndex(
      (g) => g?.Id === group.id,
    );
    if (index < 0) return undefined;
    const [leaf, sub, rest] = split(group.rest);
    const at: (string | number)[] = ['OriginGroups', 'Items', index];
    if (leaf === 'members')
      at.push('Members', ...(typeof sub === 'number' ? ['Items', sub, 'OriginId'] : []));
    else if (leaf === 'failoverStatusCodes')
      at.push('FailoverCriteria', 'StatusCodes', ...(typeof sub === 'number' ? ['Items', sub] : []));
    else return { api: at, rest: group.rest.replace(/^\./, '') };
    return { api: at, rest };
  }
  const behavior = /^(defaultCacheBehavior|cacheBehaviors\[(\d+)\])(.*)$/.exec(path);
  if (behavior) {
    const at: (string | number)[] =
      behavior[2] === undefined ? ['DefaultCacheBehavior'] : ['CacheBehaviors', 'Items', Number(behavior[2])];
    const aws = (
      behavior[2] === undefined
        ? config.DefaultCacheBehavior
        : config.CacheBehaviors?.Items?.[Number(behavior[2])]
    ) as Record<string, unknown> | undefined;
    const [leaf, sub, rest] = split(behavior[3] as string);
    if (leaf === 'cachePolicy' || leaf === 'originRequestPolicy') {
      const id = leaf === 'cachePolicy' ? 'CachePolicyId' : 'OriginRequestPolicyId';
      if (aws?.[id]) return { api: [...at, id], rest: joinRest(sub, rest) };
      // Legacy cache settings: the TTLs are the behaviour's own; the rest comes from ForwardedValues.
      if (typeof sub === 'string' && LEGACY_TTLS[sub])
        return { api: [...at, LEGACY_TTLS[sub] as string], rest };
      // The legacy settings as a whole (their TTLs' order): the behaviour that holds them.
      if (sub === undefined) return { api: at, rest: '' };
      if (sub === 'parametersInCacheKeyAndForwardedToOrigin')
        return { api: [...at, ...legacyKeyField(rest)], rest: '' };
      return { api: [...at, 'ForwardedValues'], rest: joinRest(sub, rest) };
    }
    const mapped = leaf === undefined ? undefined : BEHAVIOR_FIELDS[leaf];
    if (mapped === undefined) return { api: at, rest: (behavior[3] as string).replace(/^\./, '') };
    at.push(...mapped);
    if (typeof sub === 'number') {
      at.push('Items', sub);
      const [field, more, rest2] = split(rest);
      if (field !== undefined && ASSOCIATION_FIELDS[field]) {
        at.push(ASSOCIATION_FIELDS[field] as string);
        return { api: at, rest: joinRest(more, rest2) };
      }
    }
    return { api: at, rest: typeof sub === 'number' ? rest : joinRest(sub, rest) };
  }
  const errorResponse = /^customErrorResponses\[(\d+)\](.*)$/.exec(path);
  if (errorResponse) {
    const at: (string | number)[] = ['CustomErrorResponses', 'Items', Number(errorResponse[1])];
    const [leaf, sub, rest] = split(errorResponse[2] as string);
    if (leaf !== undefined && ERROR_RESPONSE_FIELDS[leaf]) at.push(ERROR_RESPONSE_FIELDS[leaf] as string);
    else return { api: at, rest: (errorResponse[2] as string).replace(/^\./, '') };
    return { api: at, rest: joinRest(sub, rest) };
  }
  const [leaf, sub, rest] = split(`.${path}`);
  if (leaf === 'aliases')
    return { api: ['Aliases', ...(typeof sub === 'number' ? ['Items', sub] : [])], rest };
  if (leaf === 'defaultRootObject') return { api: ['DefaultRootObject'], rest: joinRest(sub, rest) };
  if (leaf === 'enabled') return { api: ['Enabled'], rest: '' };
  if (leaf === 'cacheTagHeader') return { api: ['CacheTagConfig', 'HeaderName'], rest: '' };
  if (leaf === 'restrictions') {
    const [field, index] = split(rest);
    const at: (string | number)[] = ['Restrictions', 'GeoRestriction'];
    if (field === 'restrictionType') at.push('RestrictionType');
    else if (field === 'locations') at.push('Items', ...(typeof index === 'number' ? [index] : []));
    return { api: at, rest: '' };
  }
  return undefined;
}

/** The ForwardedValues field a legacy behaviour's cache key part came from (legacy-cache-settings.ts). */
function legacyKeyField(rest: string): ApiPath {
  if (rest.startsWith('.cookiesConfig'))
    return [
      'ForwardedValues',
      'Cookies',
      ...(rest.startsWith('.cookiesConfig.cookies') ? ['WhitelistedNames'] : []),
    ];
  if (rest.startsWith('.headersConfig')) return ['ForwardedValues', 'Headers'];
  if (rest.startsWith('.queryStringsConfig'))
    return [
      'ForwardedValues',
      rest.startsWith('.queryStringsConfig.queryStrings') ? 'QueryStringCacheKeys' : 'QueryString',
    ];
  return ['ForwardedValues'];
}

/** `.a.b[2].c` → ['a', 'b', '[2].c']; `.a[1].b` → ['a', 1, '.b']. */
function split(rest: string): [string | undefined, string | number | undefined, string] {
  const match = /^\.([A-Za-z0-9]+)(?:\.([A-Za-z0-9]+)|\[(\d+)\])?(.*)$/.exec(rest);
  if (!match) return [undefined, undefined, rest];
  const sub = match[2] !== undefined ? match[2] : match[3] !== undefined ? Number(match[3]) : undefined;
  return [match[1], sub, match[4] as string];
}

function joinRest(sub: string | number | undefined, rest: string): string {
  if (sub === undefined) return rest.replace(/^\./, '');
  return `${typeof sub === 'number' ? `[${sub}]` : sub}${rest}`;
}
