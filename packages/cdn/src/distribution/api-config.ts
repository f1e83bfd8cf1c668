import { describe, EdgecaseError } from '../errors.js';
import type { AwsDistributionConfig } from '../options/aws-distribution-config.js';
import type {
  CacheBehaviorOptions,
  DistributionOptions,
  ResolvedBehavior,
  ResolvedDistribution,
} from '../options/config-types.js';
import type { Origin } from '../origin/types.js';
import { type FromDistributionConfigOptions, fromDistributionConfig } from './from-distribution-config.js';

/**
 * The API's view of one configuration version (§13, API_GetDistributionConfig /
 * API_UpdateDistribution): the `DistributionConfig` GetDistributionConfig returns, and what it takes
 * to load an edited copy back (the origins by Id, the loader's policies). A config loaded by
 * `fromDistributionConfig` (or a loader built on it) is returned as it was loaded; one built from
 * `createCdn` options is written out in the API's shape.
 */
export interface ApiSource {
  config: AwsDistributionConfig;
  origins: Readonly<Record<string, Origin>>;
  options: FromDistributionConfigOptions;
}

/**
 * What `fromDistributionConfig` loaded each output from, keyed by the output's `origins` object: a
 * spread of the output (`createCdn({ ...loaded, clock })`) keeps that object, and nothing is added to
 * the options a user sees or compares.
 */
const LOADED = new WeakMap<object, ApiSource>();

export function rememberLoaded(options: DistributionOptions, source: ApiSource): void {
  if (options.origins) LOADED.set(options.origins, source);
}

export function loadedFrom(options: DistributionOptions): ApiSource | undefined {
  return options.origins ? LOADED.get(options.origins) : undefined;
}

export function apiSource(input: DistributionOptions, resolved: ResolvedDistribution): ApiSource {
  return loadedFrom(input) ?? writeOut(input, resolved);
}

/**
 * Loads an edited `DistributionConfig` the way the version it replaces was loaded. API_UpdateDistribution:
 * "the new configuration replaces the old one" (nothing merged); changing CallerReference is
 * `IllegalUpdate`.
 */
export function loadEdited(config: unknown, current: ApiSource): DistributionOptions {
  const edited = config as AwsDistributionConfig | undefined;
  if (
    edited?.CallerReference !== undefined &&
    current.config.CallerReference !== undefined &&
    edited.CallerReference !== current.config.CallerReference
  ) {
    throw new EdgecaseError(
      'IllegalUpdate',
      `UpdateDistribution: expected the CallerReference of the distribution (${describe(current.config.CallerReference)}), got ${describe(edited.CallerReference)}. CallerReference cannot be changed.`,
      { value: edited.CallerReference },
    );
  }
  return fromDistributionConfig(config as AwsDistributionConfig, current.origins, current.options);
}

function writeOut(input: DistributionOptions, resolved: ResolvedDistribution): ApiSource {
  // Function code and trusted keys have no place in a DistributionConfig (they are separate resources
  // named by ARN or id): refuse rather than write a config that silently drops them.
  const withCode = resolved.behaviors.find(
    (b) => b.functions !== undefined || b.trustedKeys !== undefined || b.lambdas !== undefined,
  );
  if (withCode !== undefined) {
    throw new EdgecaseError(
      'InvalidOption',
      `GetDistributionConfig: expected a distribution edgecase can write as a DistributionConfig, got behaviour ${describe(withCode.pathPattern)} with CloudFront Functions, Lambda@Edge or trusted key groups from createCdn options.`,
      {
        hint: 'Load the distribution with fromDistributionConfig (or fromCloudFormation / fromTerraform) to use the API view: its functions and key groups are then named as in your config.',
      },
    );
  }
  const origins: Record<string, Origin> = {};
  const cachePolicies: Record<string, unknown> = {};
  const originRequestPolicies: Record<string, unknown> = {};
  const responseHeadersPolicies: Record<string, unknown> = {};
  const originAccessControls: Record<string, unknown> = {};
  const keep = (id: string, config: unknown) => {
    originAccessControls[id] = config;
    return id;
  };
  const awsOrigins = [...resolved.origins.values()].map((o) => {
    origins[o.id] = o.origin;
    const bucket = o.id.toLowerCase().replace(/[^a-z0-9.-]/g, '-');
    return {
      Id: o.id,
      DomainName:
        o.kind === 's3'
          ? `${bucket}.s3.${o.region ?? 'us-east-1'}.amazonaws.com`
          : `${bucket}.origin.example.com`,
      OriginPath: o.originPath,
      CustomHeaders: list(
        Object.entries(o.customHeaders).map(([HeaderName, HeaderValue]) => ({ HeaderName, HeaderValue })),
      ),
      ...(o.kind === 's3'
        ? {
            S3OriginConfig: {
              OriginAccessIdentity:
                o.access?.type === 'origin-access-identity'
                  ? `origin-access-identity/cloudfront/${o.access.id}`
                  : '',
            },
          }
        : {
            CustomOriginConfig: {
              HTTPPort: 80,
              HTTPSPort: 443,
              OriginProtocolPolicy: 'https-only',
              OriginReadTimeout: o.readTimeoutMs / 1000,
              OriginKeepaliveTimeout: 5,
            },
          }),
      // §18: the OAC by id; its signing behaviour goes to the loader's originAccessControls.
      ...(o.access?.type === 'origin-access-control'
        ? {
            OriginAccessControlId: keep(o.access.id, {
              SigningBehavior: o.access.signingBehavior,
              SigningProtocol: 'sigv4',
              OriginAccessControlOriginType: 's3',
            }),
          }
        : { OriginAccessControlId: '' }),
      ConnectionAttempts: o.connectionAttempts,
      ConnectionTimeout: o.connectionTimeoutMs / 1000,
      OriginShield: o.shieldRegion
        ? { Enabled: true, OriginShieldRegion: o.shieldRegion }
        : { Enabled: false },
    };
  });
  const given: (CacheBehaviorOptions | undefined)[] = [
    ...(input.cacheBehaviors ?? []),
    input.defaultCacheBehavior,
  ];
  const behavior = (b: ResolvedBehavior) => {
    const options = given[b.index];
    const policyId = (value: unknown, id: string, into: Record<string, unknown>) => {
      if (typeof value === 'object' && value !== null) into[id] = value;
      return id;
    };
    const out: Record<string, unknown> = {
      ...(b.isDefault ? {} : { PathPattern: b.pathPattern }),
      TargetOriginId: b.targetOriginId,
      ViewerProtocolPolicy: b.viewerProtocolPolicy,
      AllowedMethods: {
        ...list([...b.allowedMethods]),
        CachedMethods: list([...b.cachedMethods]),
      },
      Compress: b.compress,
      CachePolicyId: policyId(options?.cachePolicy, b.cachePolicy.id, cachePolicies),
    };
    if (b.originRequestPolicy)
      out.OriginRequestPolicyId = policyId(
        options?.originRequestPolicy,
        b.originRequestPolicy.id,
        originRequestPolicies,
      );
    if (b.responseHeadersPolicy)
      out.ResponseHeadersPolicyId = policyId(
        options?.responseHeadersPolicy,
        b.responseHeadersPolicy.id,
        responseHeadersPolicies,
      );
    return out;
  };
  const behaviors = resolved.behaviors.map(behavior);
  const geo = resolved.geoRestriction;
  const config = {
    CallerReference: 'edgecase',
    Aliases: list([...resolved.aliases]),
    DefaultRootObject: resolved.defaultRootObject ?? '',
    Origins: list(awsOrigins),
    OriginGroups: list(
      [...resolved.originGroups.values()].map((g) => ({
        Id: g.failover?.group,
        FailoverCriteria: { StatusCodes: list([...(g.failover?.statusCodes ?? [])]) },
        Members: list([{ OriginId: g.id }, { OriginId: g.failover?.secondary.id }]),
      })),
    ),
    DefaultCacheBehavior: behaviors.at(-1),
    CacheBehaviors: list(behaviors.slice(0, -1)),
    CustomErrorResponses: list(
      [...resolved.customErrorResponses.values()].map((e) => ({
        ErrorCode: e.errorCode,
        ResponsePagePath: e.responsePagePath ?? '',
        ResponseCode: e.responseCode === undefined ? '' : String(e.responseCode),
        ErrorCachingMinTTL: e.errorCachingMinTtlMs / 1000,
      })),
    ),
    Comment: '',
    Enabled: resolved.enabled,
    Restrictions: {
      GeoRestriction: { RestrictionType: geo.restrictionType, ...list([...geo.locations]) },
    },
    ...(resolved.cacheTagHeader !== undefined
      ? { CacheTagConfig: { HeaderName: resolved.cacheTagHeader } }
      : {}),
  } as unknown as AwsDistributionConfig;
  const options: FromDistributionConfigOptions = {};
  if (Object.keys(cachePolicies).length > 0) options.cachePolicies = cachePolicies as never;
  if (Object.keys(originRequestPolicies).length > 0)
    options.originRequestPolicies = originRequestPolicies as never;
  if (Object.keys(responseHeadersPolicies).length > 0)
    options.responseHeadersPolicies = responseHeadersPolicies as never;
  if (Object.keys(originAccessControls).length > 0)
    options.originAccessControls = originAccessControls as never;
  return { config, origins, options };
}

function list<T>(items: readonly T[]): { Quantity: number; Items?: T[] } {
  return items.length === 0 ? { Quantity: 0 } : { Quantity: items.length, Items: [...items] };
}
