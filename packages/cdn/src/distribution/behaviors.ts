import { invalid } from '../errors.js';
import { resolveFunctionAssociations } from '../functions/function-associations.js';
import { resolveLambdaAssociations } from '../functions/lambda-edge-function.js';
import { checkArray, checkBoolean, checkKeys, checkObject } from '../options/checks.js';
import type {
  CacheBehaviorOptions,
  HttpMethod,
  ResolvedBehavior,
  ResolvedOrigin,
  ViewerProtocolPolicy,
} from '../options/config-types.js';
import type { ResolvedFunction } from '../options/edge-code-types.js';
import type { ResolvedLambda } from '../options/lambda-edge-types.js';
import { resolveCachePolicy } from '../policy/cache-policy.js';
import { resolveOriginRequestPolicy } from '../policy/origin-request-policy.js';
import { resolveResponseHeadersPolicy } from '../policy/response-headers-policy.js';
import { type ResolvedKeyGroups, resolveTrustedKeyGroups } from '../signing/key-groups.js';
import { compilePathPattern } from './path-pattern.js';

const CODE = 'InvalidOption';

// §8 CFDG distribution-web-values-specify #DownloadDistValuesAllowedHTTPMethods: exactly one of
// three sets may be allowed; GET and HEAD are always cached, OPTIONS optionally, nothing else.
const ALLOWED_METHOD_SETS: readonly (readonly HttpMethod[])[] = [
  ['GET', 'HEAD'],
  ['GET', 'HEAD', 'OPTIONS'],
  ['GET', 'HEAD', 'OPTIONS', 'PUT', 'POST', 'PATCH', 'DELETE'],
];
const CACHED_METHOD_SETS: readonly (readonly HttpMethod[])[] = [
  ['GET', 'HEAD'],
  ['GET', 'HEAD', 'OPTIONS'],
];
// §8 CFDG using-https-viewers-to-cloudfront.
const VIEWER_PROTOCOL_POLICIES: readonly ViewerProtocolPolicy[] = [
  'allow-all',
  'redirect-to-https',
  'https-only',
];

const BEHAVIOR_KEYS = [
  'pathPattern',
  'targetOriginId',
  'cachePolicy',
  'originRequestPolicy',
  'responseHeadersPolicy',
  'viewerProtocolPolicy',
  'allowedMethods',
  'cachedMethods',
  'compress',
  'functionAssociations',
  'lambdaFunctionAssociations',
  'trustedKeyGroups',
];

/**
 * Resolves one cache behaviour. `index` is its place in evaluation order; the default behaviour has
 * pattern `*` and the last index. `origins` must already be resolved.
 */
export function resolveBehavior(
  input: unknown,
  index: number,
  isDefault: boolean,
  origins: ReadonlyMap<string, ResolvedOrigin>,
  what: string,
  functions: ReadonlyMap<string, ResolvedFunction> = new Map(),
  keyGroups: ResolvedKeyGroups = new Map(),
  lambdas: ReadonlyMap<string, ResolvedLambda> = new Map(),
): ResolvedBehavior {
  checkObject(input, CODE, what);
  checkKeys(input, BEHAVIOR_KEYS, CODE, what);
  const options = input as CacheBehaviorOptions;
  if (isDefault && options.pathPattern !== undefined && options.pathPattern !== '*') {
    invalid(
      CODE,
      `${what}.pathPattern`,
      'no path pattern (the default behaviour is always "*")',
      options.pathPattern,
      'Move it to cacheBehaviors.',
    );
  }
  const pattern = compilePathPattern(
    isDefault ? '*' : (options.pathPattern as string),
    `${what}.pathPattern`,
  );
  const targetOriginId = resolveTarget(options.targetOriginId, origins, `${what}.targetOriginId`);
  const viewerProtocolPolicy = options.viewerProtocolPolicy ?? 'allow-all';
  if (!VIEWER_PROTOCOL_POLICIES.includes(viewerProtocolPolicy)) {
    invalid(
      CODE,
      `${what}.viewerProtocolPolicy`,
      `one of ${VIEWER_PROTOCOL_POLICIES.join(', ')}`,
      viewerProtocolPolicy,
    );
  }
  const allowed = methodSet(options.allowedMethods, ALLOWED_METHOD_SETS, `${what}.allowedMethods`);
  const cached = methodSet(options.cachedMethods, CACHED_METHOD_SETS, `${what}.cachedMethods`);
  for (const method of cached) {
    if (!allowed.has(method)) {
      invalid(
        CODE,
        `${what}.cachedMethods`,
        `a subset of allowedMethods (${[...allowed].join(',')})`,
        options.cachedMethods,
        'Allow OPTIONS before caching it.',
      );
    }
  }
  const behaviorFunctions = resolveFunctionAssociations(
    options.functionAssociations,
    functions,
    `${what}.functionAssociations`,
  );
  const behaviorLambdas = resolveLambdaAssociations(
    options.lambdaFunctionAssociations,
    lambdas,
    `${what}.lambdaFunctionAssociations`,
  );
  // §10 edge-functions-choosing: CloudFront Functions and Lambda@Edge cannot both be on the same viewer event.
  for (const [slot, event] of [
    ['viewerRequest', 'viewer-request'],
    ['viewerResponse', 'viewer-response'],
  ] as const) {
    if (behaviorFunctions?.[slot] && behaviorLambdas?.[slot])
      invalid(
        CODE,
        `${what}.lambdaFunctionAssociations`,
        `no Lambda@Edge function on ${event}, which has a CloudFront Function (CloudFront refuses both on one viewer event)`,
        event,
      );
  }
  return Object.freeze({
    index,
    pathPattern: pattern.pattern,
    isDefault,
    matches: pattern.matches,
    targetOriginId,
    targetOriginKind: (origins.get(targetOriginId) as ResolvedOrigin).kind,
    cachePolicy: resolveCachePolicy(options.cachePolicy ?? 'CachingOptimized', `${what}.cachePolicy`),
    ...(options.originRequestPolicy === undefined
      ? {}
      : {
          originRequestPolicy: resolveOriginRequestPolicy(
            options.originRequestPolicy,
            `${what}.originRequestPolicy`,
          ),
        }),
    ...(options.responseHeadersPolicy === undefined
      ? {}
      : {
          responseHeadersPolicy: resolveResponseHeadersPolicy(
            options.responseHeadersPolicy,
            `${what}.responseHeadersPolicy`,
          ),
        }),
    viewerProtocolPolicy,
    allowedMethods: allowed,
    cachedMethods: cached,
    compress:
      options.compress === undefined ? true : checkBoolean(options.compress, CODE, `${what}.compress`),
    functions: behaviorFunctions,
    ...(behaviorLambdas ? { lambdas: behaviorLambdas } : {}),
    trustedKeys: resolveTrustedKeyGroups(options.trustedKeyGroups, keyGroups, `${what}.trustedKeyGroups`),
  });
}

function resolveTarget(id: unknown, origins: ReadonlyMap<string, ResolvedOrigin>, what: string): string {
  const ids = [...origins.keys()];
  if (id === undefined) {
    if (ids.length === 1) return ids[0] as string;
    invalid(
      CODE,
      what,
      `one of the origin ids ${ids.map((i) => JSON.stringify(i)).join(', ')}`,
      id,
      'With several origins each behaviour must name its targetOriginId.',
    );
  }
  if (typeof id !== 'string' || !origins.has(id)) {
    invalid(CODE, what, `one of the origin ids ${ids.map((i) => JSON.stringify(i)).join(', ')}`, id);
  }
  return id;
}

function methodSet(
  input: unknown,
  sets: readonly (readonly HttpMethod[])[],
  what: string,
): ReadonlySet<HttpMethod> {
  const list =
    input === undefined ? (sets[0] as readonly HttpMethod[]) : (checkArray(input, CODE, what) as string[]);
  const given = new Set(list);
  const match = sets.find((set) => set.length === given.size && set.every((m) => given.has(m)));
  if (!match || given.size !== list.length) {
    invalid(CODE, what, `one of ${sets.map((s) => `[${s.join(',')}]`).join(' | ')} (any order)`, input);
  }
  return new Set(match);
}
