import { DEFAULT_ERROR_CACHING_OPTIONS, type ErrorCachingOptions } from '../cache/freshness.js';
import { type Clock, ManualClock } from '../clock/clock.js';
import { type Duration, toMs } from '../clock/duration.js';
import { checkSeed } from '../clock/random.js';
import { DISTRIBUTION_OPTION_KEYS } from '../distribution/distribution.js';
import { describe, EdgecaseError, invalid } from '../errors.js';
import type { DistributionOptions } from '../options/config-types.js';
import { checkOneOf, checkOptionalGroup, checkOptionKeys, optionKeys } from '../options/strict-keys.js';
import type { RoutingOption } from '../routing/router.js';
import type { TopologyOptions } from '../topology/topology.js';
import type { TraceOptions } from '../trace/trace.js';

/** Options for `createCdn`: a distribution's configuration plus the simulation's own settings. */
export interface CdnOptions extends DistributionOptions {
  /** Default: a new `ManualClock` at 2026-01-01T00:00:00Z. */
  clock?: Clock;
  /** Seed for routing, propagation and ids; the same seed gives the same run. Default 1. */
  seed?: number | string;
  /** Default: POPs `IAD89` and `SFO5`, 4 servers each, one regional edge cache (us-east-1). */
  topology?: TopologyOptions;
  /** Default `{ pop: 'sticky', server: 'random' }`. */
  routing?: RoutingOption;
  invalidation?: {
    /** When each node receives an invalidation (§6: "typically 10–100 seconds"). Default 10s–100s. */
    propagation?: { min?: Duration; max?: Duration };
  };
  /**
   * How long an update (`cdn.updateDistribution`) takes to reach each edge location: a seeded
   * moment between `min` and `max` per location (§13: "within 5 minutes" since 2020; new settings
   * often apply within seconds). Default 10s–5m.
   */
  deployment?: { min?: Duration; max?: Duration };
  /** Choices for behaviour the CloudFront documentation leaves UNCONFIRMED (see docs/fidelity.md). */
  fidelity?: FidelityOptions;
  trace?: TraceOptions;
  /**
   * The distribution's ARN, which an origin access control's requests carry as `AWS:SourceArn`
   * (§18): a private bucket's policy names it, and `mockCloudFrontClient`'s GetDistribution answers
   * it as the distribution's ARN. Fixed for the distribution's life. Default
   * `arn:aws:cloudfront::123456789012:distribution/EDFDVBD6EXAMPLE`.
   */
  arn?: string;
}

export interface FidelityOptions {
  /**
   * §4 Age: `honour` (default) counts the upstream tier's Age against the TTL, so an edge that gets
   * an object from a regional cache expires it when the regional copy does (RFC 9111); `ignore`
   * starts every tier's TTL when that tier stores the object.
   */
  upstreamAge?: 'honour' | 'ignore';
  errorCaching?: Partial<ErrorCachingOptions>;
  /**
   * §1.3: with MinTTL > 0 and an origin `no-cache`, `no-store` or `private`, `revalidate` (default)
   * stores the copy for MinTTL but still asks the origin on every request, serving the copy only when
   * the origin fails (the Expiration page's warning); `serve` answers from the copy for MinTTL.
   */
  minTtlNoCache?: 'revalidate' | 'serve';
  /**
   * §13: the status a disabled distribution (`enabled: false`) answers with, on CloudFront's error
   * page. AWS names none (UNCONFIRMED); default 403, as for a domain no distribution claims.
   */
  disabledStatus?: number;
  /** Lambda@Edge points AWS leaves UNCONFIRMED (§20); see {@link LambdaEdgeFidelity}. */
  lambdaEdge?: LambdaEdgeFidelity;
}

/** Choices for Lambda@Edge behaviour the CloudFront documentation leaves UNCONFIRMED (§20). */
export interface LambdaEdgeFidelity {
  /**
   * §20 lambda-at-edge-function-restrictions: a viewer-response function "cannot modify the HTTP
   * status code", without saying what happens when it tries. `ignore` (default): the viewer gets
   * the original status with the function's headers and body; `validation-error`: 502
   * LambdaValidationError, as for any other invalid result.
   */
  viewerResponseStatus?: 'ignore' | 'validation-error';
  /**
   * §20: whether the 502/503 CloudFront answers for a failed origin-request or origin-response
   * function (LambdaValidationError, LambdaExecutionError, LambdaLimitExceeded) is cached. `never`
   * (default): not stored, the next request runs the function again; `error-caching`: stored like
   * an origin's 502/503 under the error-caching rules (§2: ErrorCachingMinTTL, 10 s by default).
   * Viewer-event failures are answered before or after the caches and are never stored.
   */
  errorCaching?: 'never' | 'error-caching';
  /**
   * §20: the `X-Cache` of the request whose origin-request function generated the response (later
   * hits of the cached answer say `Hit` either way). `LambdaGeneratedResponse` (default, as
   * third-party captures show for generated answers); `cache-result`: what an origin's answer
   * would give, `Miss` (`Error` for 400 or more).
   */
  generatedXCache?: 'LambdaGeneratedResponse' | 'cache-result';
  /**
   * §20, §17: whether origin-response runs when CloudFront got no answer from the origin (a
   * timeout or a refused connection). `skip` (default): it does not run and the viewer gets
   * CloudFront's 504/502; `run`: it runs on that 502/504 (status and headers as CloudFront makes
   * them), and what it returns is the answer.
   */
  originResponseOnFailure?: 'skip' | 'run';
  /**
   * §17, §20: what an origin group's failover is decided on when an origin-response function runs
   * (AWS documents that both functions run again for the secondary, not which answer the failover
   * criteria see). `origin-answer` (default): the origin's own status (or its failure);
   * `function-answer`: the status after the origin-response function, so a function can cause a
   * failover (returning a listed status) or stop one (turning a listed status into another).
   */
  failoverOn?: 'origin-answer' | 'function-answer';
}

/** The Lambda@Edge fidelity choices with their defaults filled in. */
export type ResolvedLambdaEdgeFidelity = Required<LambdaEdgeFidelity>;

export const DEFAULT_LAMBDA_EDGE_FIDELITY: ResolvedLambdaEdgeFidelity = {
  viewerResponseStatus: 'ignore',
  errorCaching: 'never',
  generatedXCache: 'LambdaGeneratedResponse',
  originResponseOnFailure: 'skip',
  failoverOn: 'origin-answer',
};

export const SIMULATION_KEYS = [
  'clock',
  'seed',
  'topology',
  'routing',
  'invalidation',
  'deployment',
  'fidelity',
  'trace',
  'arn',
] as const;

const FIDELITY_KEYS = optionKeys<FidelityOptions>()([
  'upstreamAge',
  'errorCaching',
  'minTtlNoCache',
  'disabledStatus',
  'lambdaEdge',
]);

const LAMBDA_EDGE_KEYS = optionKeys<LambdaEdgeFidelity>()([
  'viewerResponseStatus',
  'errorCaching',
  'generatedXCache',
  'originResponseOnFailure',
  'failoverOn',
]);

export interface ResolvedSimulation {
  clock: Clock;
  seed: number | string;
  propagation: { minMs: number; maxMs: number };
  deployment: { minMs: number; maxMs: number };
  upstreamAge: 'honour' | 'ignore';
  errorCaching: ErrorCachingOptions;
  minTtlNoCache: 'revalidate' | 'serve';
  disabledStatus: number;
  lambdaEdge: ResolvedLambdaEdgeFidelity;
  arn: string;
  accountId: string;
}

/** AWS documentation's example distribution id and account. */
export const DEFAULT_DISTRIBUTION_ARN = 'arn:aws:cloudfront::123456789012:distribution/EDFDVBD6EXAMPLE';
const DISTRIBUTION_ARN = /^arn:aws:cloudfront::(\d{12}):distribution\/([A-Z0-9]+)$/;

const CREATE_CDN_KEYS: readonly string[] = [...SIMULATION_KEYS, ...DISTRIBUTION_OPTION_KEYS];

export function splitOptions(options: CdnOptions): {
  simulation: ResolvedSimulation;
  distribution: DistributionOptions;
} {
  // One list of every createCdn key, so a typo's did-you-mean can name a simulation key too.
  checkOptionKeys(options, CREATE_CDN_KEYS, 'createCdn options');
  const distribution: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    if (!(SIMULATION_KEYS as readonly string[]).includes(key)) distribution[key] = value;
  }
  const clock = options.clock ?? new ManualClock();
  if (typeof clock?.now !== 'function' || typeof clock.schedule !== 'function') {
    invalid('InvalidOption', 'clock', 'a Clock such as new ManualClock()', clock);
  }
  const seed = options.seed ?? 1;
  checkSeed(seed, 'seed');
  const invalidation = checkOptionalGroup(options.invalidation, ['propagation'], 'invalidation');
  const propagation = checkOptionalGroup(
    invalidation.propagation,
    ['min', 'max'],
    'invalidation.propagation',
  ) as { min?: Duration; max?: Duration };
  const minMs = toMs(propagation.min ?? '10s', 'invalidation.propagation.min');
  const maxMs = toMs(propagation.max ?? '100s', 'invalidation.propagation.max');
  if (maxMs < minMs) {
    throw new EdgecaseError(
      'InvalidOption',
      `invalidation.propagation: expected max >= min, got min ${describe(propagation.min)} and max ${describe(propagation.max)}.`,
      { value: propagation },
    );
  }
  const deploymentInput = checkOptionalGroup(options.deployment, ['min', 'max'], 'deployment') as {
    min?: Duration;
    max?: Duration;
  };
  const deployment = {
    minMs: toMs(deploymentInput.min ?? '10s', 'deployment.min'),
    maxMs: toMs(deploymentInput.max ?? '5m', 'deployment.max'),
  };
  if (deployment.maxMs < deployment.minMs) {
    throw new EdgecaseError(
      'InvalidOption',
      `deployment: expected max >= min, got min ${describe(deploymentInput.min)} and max ${describe(deploymentInput.max)}.`,
      { value: deploymentInput },
    );
  }
  const fidelity = checkOptionalGroup(options.fidelity, FIDELITY_KEYS, 'fidelity') as FidelityOptions;
  const upstreamAge =
    checkOneOf(fidelity.upstreamAge, ['honour', 'ignore'] as const, 'fidelity.upstreamAge') ?? 'honour';
  const errorCachingInput = checkOptionalGroup(
    fidelity.errorCaching,
    Object.keys(DEFAULT_ERROR_CACHING_OPTIONS),
    'fidelity.errorCaching',
  ) as Partial<ErrorCachingOptions>;
  const errorCaching: ErrorCachingOptions = {
    status410:
      checkOneOf(
        errorCachingInput.status410,
        ['always', 'with-max-age'] as const,
        'fidelity.errorCaching.status410',
      ) ?? DEFAULT_ERROR_CACHING_OPTIONS.status410,
    customErrorResponseCachesCode:
      checkOneOf(
        errorCachingInput.customErrorResponseCachesCode,
        [true, false],
        'fidelity.errorCaching.customErrorResponseCachesCode',
      ) ?? DEFAULT_ERROR_CACHING_OPTIONS.customErrorResponseCachesCode,
  };
  const minTtlNoCache =
    checkOneOf(fidelity.minTtlNoCache, ['revalidate', 'serve'] as const, 'fidelity.minTtlNoCache') ??
    'revalidate';
  const disabledStatus = fidelity.disabledStatus ?? 403;
  if (!Number.isInteger(disabledStatus) || disabledStatus < 400 || disabledStatus > 599) {
    invalid(
      'InvalidOption',
      'fidelity.disabledStatus',
      'an HTTP error status from 400 to 599',
      disabledStatus,
    );
  }
  const lambdaEdge = resolveLambdaEdgeFidelity(fidelity.lambdaEdge);
  const arn = options.arn ?? DEFAULT_DISTRIBUTION_ARN;
  const arnMatch = typeof arn === 'string' ? DISTRIBUTION_ARN.exec(arn) : null;
  if (arnMatch === null) {
    invalid(
      'InvalidOption',
      'arn',
      'a distribution ARN such as "arn:aws:cloudfront::123456789012:distribution/EDFDVBD6EXAMPLE"',
      arn,
    );
  }
  return {
    simulation: {
      clock,
      seed,
      propagation: { minMs, maxMs },
      deployment,
      upstreamAge,
      errorCaching,
      minTtlNoCache,
      disabledStatus,
      lambdaEdge,
      arn: arn as string,
      accountId: arnMatch[1] as string,
    },
    distribution: distribution as DistributionOptions,
  };
}

function resolveLambdaEdgeFidelity(input: LambdaEdgeFidelity | undefined): ResolvedLambdaEdgeFidelity {
  if (input === undefined) return DEFAULT_LAMBDA_EDGE_FIDELITY;
  const given = checkOptionalGroup(input, LAMBDA_EDGE_KEYS, 'fidelity.lambdaEdge') as LambdaEdgeFidelity;
  const d = DEFAULT_LAMBDA_EDGE_FIDELITY;
  const at = 'fidelity.lambdaEdge';
  return {
    viewerResponseStatus:
      checkOneOf(
        given.viewerResponseStatus,
        ['ignore', 'validation-error'] as const,
        `${at}.viewerResponseStatus`,
      ) ?? d.viewerResponseStatus,
    errorCaching:
      checkOneOf(given.errorCaching, ['never', 'error-caching'] as const, `${at}.errorCaching`) ??
      d.errorCaching,
    generatedXCache:
      checkOneOf(
        given.generatedXCache,
        ['LambdaGeneratedResponse', 'cache-result'] as const,
        `${at}.generatedXCache`,
      ) ?? d.generatedXCache,
    originResponseOnFailure:
      checkOneOf(given.originResponseOnFailure, ['skip', 'run'] as const, `${at}.originResponseOnFailure`) ??
      d.originResponseOnFailure,
    failoverOn:
      checkOneOf(given.failoverOn, ['origin-answer', 'function-answer'] as const, `${at}.failoverOn`) ??
      d.failoverOn,
  };
}
