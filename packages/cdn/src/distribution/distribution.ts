import { invalid } from '../errors.js';
import { resolveFunctions } from '../functions/function-associations.js';
import { resolveLambdas } from '../functions/lambda-edge-function.js';
import { checkArray, checkBoolean, checkHostname, checkKeys, checkObject } from '../options/checks.js';
import type {
  DistributionOptions,
  IgnoredField,
  ResolvedBehavior,
  ResolvedDistribution,
} from '../options/config-types.js';
import { resolveKeyGroups } from '../signing/key-groups.js';
import { resolveBehavior } from './behaviors.js';
import { resolveCustomErrorResponses } from './custom-error-responses.js';
import { resolveOriginGroups } from './origin-groups.js';
import { resolveOrigins } from './origins.js';
import { resolveRestrictions } from './restrictions.js';

const CODE = 'InvalidOption';

/** The example domain name AWS documentation uses; the default `domainName`. */
export const DEFAULT_DOMAIN_NAME = 'd111111abcdef8.cloudfront.net';

// §8 cloudfront-limits (current quota page): 75 cache behaviours per distribution (25 in 2023).
export const MAX_CACHE_BEHAVIORS = 75;
// §8 CFDG DefaultRootObject: configured without a leading "/", up to 255 characters.
export const MAX_DEFAULT_ROOT_OBJECT_LENGTH = 255;

export const DISTRIBUTION_OPTION_KEYS = [
  'domainName',
  'aliases',
  'origin',
  'origins',
  'defaultCacheBehavior',
  'cacheBehaviors',
  'customErrorResponses',
  'defaultRootObject',
  'enabled',
  'restrictions',
  'originGroups',
  'ignoredFields',
  'functions',
  'keyGroups',
  'lambdas',
  'cacheTagHeader',
];

/**
 * Validates `DistributionOptions` and fills in CloudFront's defaults: managed `CachingOptimized`,
 * `allow-all`, GET/HEAD allowed and cached, compression on, 3 connection attempts of 10 s, a 30 s read
 * timeout. Every mistake throws `EdgecaseError` naming the option, the value and what was expected.
 */
export function resolveDistribution(options: DistributionOptions = {}): ResolvedDistribution {
  checkObject(options, CODE, 'distribution options');
  checkKeys(options, DISTRIBUTION_OPTION_KEYS, CODE, 'distribution options');
  const domainName = checkHostname(options.domainName ?? DEFAULT_DOMAIN_NAME, CODE, 'domainName');
  const aliases = resolveAliases(options.aliases);
  const origins = resolveOrigins(options);
  const originGroups = resolveOriginGroups(options.originGroups, origins);
  // A behaviour may target an origin or an origin group (§17).
  const targets = originGroups.size === 0 ? origins : new Map([...origins, ...originGroups]);
  const functions = resolveFunctions(options.functions);
  const lambdas = resolveLambdas(options.lambdas);
  const keyGroups = resolveKeyGroups(options.keyGroups);

  const extra =
    options.cacheBehaviors === undefined ? [] : checkArray(options.cacheBehaviors, CODE, 'cacheBehaviors');
  if (extra.length > MAX_CACHE_BEHAVIORS) {
    invalid(
      CODE,
      'cacheBehaviors',
      `at most ${MAX_CACHE_BEHAVIORS} behaviours (CloudFront's quota)`,
      `${extra.length} behaviours`,
    );
  }
  const behaviors: ResolvedBehavior[] = [];
  // The default behaviour's pattern is `*`, so a `*` in cacheBehaviors duplicates it.
  const seen = new Map<string, string>([['*', 'defaultCacheBehavior']]);
  extra.forEach((entry, i) => {
    const what = `cacheBehaviors[${i}]`;
    const behavior = resolveBehavior(entry, i, false, targets, what, functions, keyGroups, lambdas);
    const normalized = behavior.pathPattern.startsWith('/')
      ? behavior.pathPattern.slice(1)
      : behavior.pathPattern;
    const previous = seen.get(normalized);
    if (previous !== undefined) {
      const hint =
        normalized === '*'
          ? 'The default behaviour already matches every path; configure it through defaultCacheBehavior.'
          : 'A leading "/" makes no difference: "/a/*" and "a/*" are the same pattern.';
      invalid(
        CODE,
        `${what}.pathPattern`,
        `a pattern not already used by ${previous}`,
        behavior.pathPattern,
        hint,
      );
    }
    seen.set(normalized, what);
    behaviors.push(behavior);
  });
  behaviors.push(
    resolveBehavior(
      options.defaultCacheBehavior ?? {},
      extra.length,
      true,
      targets,
      'defaultCacheBehavior',
      functions,
      keyGroups,
      lambdas,
    ),
  );

  return Object.freeze({
    domainName,
    aliases,
    origins,
    originGroups,
    behaviors: Object.freeze(behaviors),
    customErrorResponses: resolveCustomErrorResponses(options.customErrorResponses),
    defaultRootObject: resolveDefaultRootObject(options.defaultRootObject),
    enabled: options.enabled === undefined ? true : checkBoolean(options.enabled, CODE, 'enabled'),
    geoRestriction: resolveRestrictions(options.restrictions),
    ignoredFields: Object.freeze([
      ...(checkArray(options.ignoredFields ?? [], CODE, 'ignoredFields') as readonly IgnoredField[]),
    ]),
    selectBehavior: behaviorSelector(behaviors),
    cacheTagHeader: resolveCacheTagHeader(options.cacheTagHeader),
  });
}

/** CacheTagConfig.HeaderName: a header name, compared in lower case. */
function resolveCacheTagHeader(header: unknown): string | undefined {
  if (header === undefined) return undefined;
  if (typeof header !== 'string' || !/^[A-Za-z0-9-]+$/.test(header))
    invalid(CODE, 'cacheTagHeader', "a header name such as 'x-amz-meta-cache-tag'", header);
  return header.toLowerCase();
}

/**
 * §8 CFDG distribution-web-values-specify #DownloadDistValuesPathPattern: behaviours are checked in
 * list order and the first match wins; the default `*` comes last. Query strings are ignored.
 */
function behaviorSelector(behaviors: readonly ResolvedBehavior[]): (path: string) => ResolvedBehavior {
  const last = behaviors.length - 1;
  const fallback = behaviors[last] as ResolvedBehavior;
  return (path) => {
    const q = path.indexOf('?');
    const bare = q < 0 ? path : path.slice(0, q);
    for (let i = 0; i < last; i++) {
      const behavior = behaviors[i] as ResolvedBehavior;
      if (behavior.matches(bare)) return behavior;
    }
    return fallback;
  };
}

function resolveAliases(input: unknown): readonly string[] {
  if (input === undefined) return Object.freeze([]);
  const list = checkArray(input, CODE, 'aliases');
  const aliases = list.map((alias, i) => checkHostname(alias, CODE, `aliases[${i}]`, true));
  aliases.forEach((alias, i) => {
    if (aliases.indexOf(alias) !== i)
      invalid(CODE, `aliases[${i}]`, 'each alternate domain name once', list[i]);
  });
  return Object.freeze(aliases);
}

function resolveDefaultRootObject(input: unknown): string | undefined {
  // `aws cloudfront get-distribution-config` prints "" when no default root object is set.
  if (input === undefined || input === '') return undefined;
  if (typeof input !== 'string' || input.startsWith('/') || input.length > MAX_DEFAULT_ROOT_OBJECT_LENGTH) {
    invalid(
      CODE,
      'defaultRootObject',
      `an object name without a leading "/", at most ${MAX_DEFAULT_ROOT_OBJECT_LENGTH} characters, e.g. "index.html"`,
      input,
    );
  }
  return input;
}
