/**
 * The parts of CloudFront's `DistributionConfig` (as `aws cloudfront get-distribution-config` prints
 * it, and as `@aws-sdk/client-cloudfront` types it) that edgecase reads. Structural, so the SDK's
 * type can be passed without edgecase depending on the SDK. Everything is optional here; what is
 * required is checked when the result is resolved.
 */
export interface AwsList<T> {
  Quantity?: number;
  Items?: readonly T[];
}

export interface AwsOriginShield {
  Enabled?: boolean;
  OriginShieldRegion?: string;
}

export interface AwsOrigin {
  Id?: string;
  DomainName?: string;
  OriginPath?: string;
  CustomHeaders?: AwsList<{ HeaderName?: string; HeaderValue?: string }>;
  S3OriginConfig?: { OriginAccessIdentity?: string; OriginReadTimeout?: number };
  CustomOriginConfig?: {
    HTTPPort?: number;
    HTTPSPort?: number;
    OriginProtocolPolicy?: string;
    OriginReadTimeout?: number;
    OriginKeepaliveTimeout?: number;
  };
  VpcOriginConfig?: { VpcOriginId?: string; OriginReadTimeout?: number; OriginKeepaliveTimeout?: number };
  OriginAccessControlId?: string;
  ConnectionAttempts?: number;
  ConnectionTimeout?: number;
  OriginShield?: AwsOriginShield;
}

/** Legacy cache settings: what is forwarded (and so in the key) without a cache policy. */
export interface AwsForwardedValues {
  QueryString?: boolean;
  Cookies?: { Forward?: string; WhitelistedNames?: AwsList<string> };
  Headers?: AwsList<string>;
  QueryStringCacheKeys?: AwsList<string>;
}

export interface AwsCacheBehavior {
  PathPattern?: string;
  TargetOriginId?: string;
  ViewerProtocolPolicy?: string;
  AllowedMethods?: AwsList<string> & { CachedMethods?: AwsList<string> };
  Compress?: boolean;
  CachePolicyId?: string;
  OriginRequestPolicyId?: string;
  ResponseHeadersPolicyId?: string;
  ForwardedValues?: AwsForwardedValues;
  MinTTL?: number;
  DefaultTTL?: number;
  MaxTTL?: number;
  FunctionAssociations?: AwsList<{ EventType?: string; FunctionARN?: string }>;
  LambdaFunctionAssociations?: AwsList<{
    EventType?: string;
    LambdaFunctionARN?: string;
    IncludeBody?: boolean;
  }>;
  TrustedKeyGroups?: AwsList<string> & { Enabled?: boolean };
}

export interface AwsCustomErrorResponse {
  ErrorCode?: number;
  /** `""` when not set. */
  ResponsePagePath?: string;
  /** A string in the API, e.g. `"200"`; `""` when not set. */
  ResponseCode?: string;
  ErrorCachingMinTTL?: number;
}

export interface AwsDistributionConfig {
  CallerReference?: string;
  /** The response header CloudFront reads cache tags from (invalidation by `#tag`). */
  CacheTagConfig?: { HeaderName?: string };
  Aliases?: AwsList<string>;
  /** `""` when not set. */
  DefaultRootObject?: string;
  Origins?: AwsList<AwsOrigin>;
  OriginGroups?: AwsList<unknown>;
  DefaultCacheBehavior?: AwsCacheBehavior;
  CacheBehaviors?: AwsList<AwsCacheBehavior>;
  CustomErrorResponses?: AwsList<AwsCustomErrorResponse>;
  Comment?: string;
  Enabled?: boolean;
  Restrictions?: {
    GeoRestriction?: { RestrictionType?: string; Quantity?: number; Items?: readonly string[] };
  };
}

/**
 * What `fromDistributionConfig` accepts: the bare `DistributionConfig`, the whole
 * `get-distribution-config` output (`{ ETag, DistributionConfig }`), or the `get-distribution` output
 * (`{ ETag, Distribution: { DomainName, DistributionConfig } }`), whose `DomainName` is then used.
 */
export type AwsDistributionConfigInput =
  | AwsDistributionConfig
  | { ETag?: string; DistributionConfig: AwsDistributionConfig }
  | { ETag?: string; Distribution: { DomainName?: string; DistributionConfig: AwsDistributionConfig } };
