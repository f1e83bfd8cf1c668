// The distribution

export {
  Cdn,
  type CdnResetOptions,
  createCdn,
  type Inspection,
  type Viewer,
  type ViewerOptions,
} from './cdn/cdn.js';
export { EdgeResponse } from './cdn/edge-response.js';
export type { EdgeClass, EdgeServerId, EdgeView, EntryView, NodeView } from './cdn/inspect.js';
export type { CdnOptions, FidelityOptions, LambdaEdgeFidelity } from './cdn/options.js';
export type { CdnRequestInit } from './cdn/request-init.js';
export { cloudFrontViewerHeaders } from './policy/cloudfront-headers.js';
export type { RoutePin, RoutingMode, RoutingOption } from './routing/router.js';
export {
  DEFAULT_VIEWER_IP,
  type ViewerAttributes,
  type ViewerIdentity,
  type ViewerLocation,
} from './routing/viewer-attributes.js';
export { type Pop, type PopOptions, Topology, type TopologyOptions } from './topology/topology.js';

// Clock and determinism

export {
  type Clock,
  type DateInput,
  ManualClock,
  type ManualClockOptions,
  SystemClock,
} from './clock/clock.js';
export { type Duration, type DurationUnit, formatMs, toMs } from './clock/duration.js';
export { type ChoiceSource, SeededRandom } from './clock/random.js';

// Configuration: option shapes follow CloudFront's DistributionConfig

export type { UnmodelledOption } from './distribution/classify-fields.js';
export { DEFAULT_ERROR_CACHING_MIN_TTL_MS } from './distribution/custom-error-responses.js';
export type { DeploymentView } from './distribution/deployments.js';
export { DEFAULT_DOMAIN_NAME, resolveDistribution } from './distribution/distribution.js';
export {
  DISTRIBUTION_FIELDS,
  type FieldClass,
  type FieldRule,
  type FieldTable,
  type UnmodelledMode,
} from './distribution/field-classes.js';
export {
  type FromDistributionConfigOptions,
  fromDistributionConfig,
} from './distribution/from-distribution-config.js';
export {
  type FromCloudFormationOptions,
  fromCloudFormation,
} from './distribution/loaders/from-cloudformation.js';
export {
  type FromTerraformOptions,
  fromTerraform,
  type TerraformSource,
} from './distribution/loaders/from-terraform.js';
export type {
  AwsDistributionConfig,
  AwsDistributionConfigInput,
} from './options/aws-distribution-config.js';
export type {
  CacheBehaviorOptions,
  CachePolicyConfig,
  CachePolicyInput,
  CustomErrorResponseOptions,
  DistributionOptions,
  GeoRestrictionOptions,
  HttpMethod,
  IgnoredField,
  KeyBehavior,
  KeyRule,
  ManagedCachePolicyName,
  OriginAccessControlOptions,
  OriginOptions,
  OriginProtocolPolicy,
  OriginShieldOptions,
  ResolvedBehavior,
  ResolvedCachePolicy,
  ResolvedCustomErrorResponse,
  ResolvedDistribution,
  ResolvedGeoRestriction,
  ResolvedOrigin,
  ResolvedOriginAccess,
  RestrictionsOptions,
  SigningBehavior,
  TtlInput,
  ViewerProtocolPolicy,
} from './options/config-types.js';
export { checkOptionKeys, didYouMean, type OptionsObject, optionKeys } from './options/strict-keys.js';

// Edge code: CloudFront Functions

export { MAX_FUNCTION_CODE_BYTES } from './functions/function-code.js';
export type {
  FunctionEvent,
  FunctionEventContext,
  FunctionEventRequest,
  FunctionEventResponse,
  FunctionValue,
  FunctionValueMap,
} from './functions/function-event.js';
export { KeyValueStore } from './functions/key-value-store.js';
// Edge code: Lambda@Edge
export type {
  CfConfig as LambdaEdgeEventConfig,
  CfHeaders as LambdaEdgeHeaders,
  CfRequest as LambdaEdgeRequest,
  CfResponse as LambdaEdgeResponse,
  LambdaEdgeEvent,
} from './functions/lambda-edge-event.js';
export type { FunctionInvocation } from './functions/viewer-functions.js';
export type {
  BehaviorFunctions,
  CloudFrontFunctionSource,
  FunctionAssociationOptions,
  FunctionRuntime,
  KeyValueStoreHandle,
  KeyValueStoreInput,
  ResolvedFunction,
} from './options/edge-code-types.js';
export type {
  BehaviorLambdas,
  LambdaAssociation,
  LambdaEdgeHandler,
  LambdaEdgeSource,
  LambdaEventType,
  LambdaFunctionAssociationOptions,
  ResolvedLambda,
} from './options/lambda-edge-types.js';
export type { KeyGroupOptions, ResolvedTrustedKeys } from './options/signing-types.js';

// Cache policies, keys and freshness

export type { CacheEntry, EntryState } from './cache/cache-entry.js';
export type { CacheNode, PurgeScope, Tier } from './cache/cache-node.js';
export type { CacheStore } from './cache/cache-store.js';
export type { ErrorCachingOptions, FreshnessDecision, TtlRule } from './cache/freshness.js';
export type { NormalizedAcceptEncoding } from './policy/accept-encoding.js';
export {
  type CacheKey,
  type CacheKeyRequest,
  computeCacheKeyChecked as computeCacheKey,
} from './policy/cache-key.js';
export { resolveCachePolicy } from './policy/cache-policy.js';
export type { AwsCachePolicyConfig, CachePolicyConfigInput } from './policy/from-cache-policy-config.js';
export {
  findManagedCachePolicy,
  type ManagedCachePolicy,
  managedCachePolicies,
} from './policy/managed-cache-policies.js';

// Origin request and response headers policies

export {
  type ForwardRule,
  findManagedOriginRequestPolicy,
  type ManagedOriginRequestPolicyName,
  managedOriginRequestPolicies,
  type OriginRequestHeaderBehavior,
  type OriginRequestListBehavior,
  type OriginRequestPolicyConfig,
  type OriginRequestPolicyInput,
  type ResolvedOriginRequestPolicy,
  resolveOriginRequestPolicy,
} from './policy/origin-request-policy.js';
export {
  type CorsMethod,
  findManagedResponseHeadersPolicy,
  type ManagedResponseHeadersPolicyName,
  managedResponseHeadersPolicies,
  type PolicyHeader,
  type ReferrerPolicyValue,
  type ResolvedCors,
  type ResolvedResponseHeadersPolicy,
  type ResponseHeadersCorsConfig,
  type ResponseHeadersPolicyConfig,
  type ResponseHeadersPolicyInput,
  resolveResponseHeadersPolicy,
  type SecurityHeadersConfig,
} from './policy/response-headers-policy.js';

// Origins

export type { BucketPolicy, BucketPolicyStatement } from './origin/bucket-policy.js';
export type { ListedObject, ListOptions, ListResult } from './origin/bucket-store.js';
export {
  type FaultController,
  type FaultHandle,
  type FaultSchedule,
  type FaultyOrigin,
  withFaults,
} from './origin/faults.js';
export { type HttpOrigin, type HttpOriginOptions, httpOrigin } from './origin/http-origin.js';
export {
  type CompleteMultipartOptions,
  type CopyOptions,
  type MemoryObject,
  type MemoryOrigin,
  type MemoryOriginOptions,
  memoryOrigin,
  type PutOptions,
  type PutResult,
  type WebsiteOrigin,
} from './origin/memory-origin.js';
export type { CompletedPart } from './origin/multipart-uploads.js';
export type { ObjectMetadataOptions, WriteConditions } from './origin/object-options.js';
export type { OriginRequestRecord } from './origin/request-log.js';
export type { CorsConfiguration, CorsRule, S3CorsMethod } from './origin/s3-cors.js';
export type { WebsiteOptions, WebsiteRoutingRule } from './origin/s3-website.js';
export {
  type HeaderMap,
  type Origin,
  type OriginFetchContext,
  type OriginPrincipal,
  type OriginRequest,
  type OriginResponse,
  OriginUnreachableError,
} from './origin/types.js';

// S3 rules shared by every S3-like origin (memoryOrigin here, s3Origin and mockS3Client in @edgecase/s3)

export { etagListMatches } from './origin/etag.js';
export { RequestLog } from './origin/request-log.js';
export {
  type ConditionalHeaders,
  evaluatePreconditions,
  type PreconditionOutcome,
} from './origin/s3-conditional.js';
export { type RangeSelection, selectRange } from './origin/s3-range.js';
export { escapeXml } from './origin/s3-xml.js';

// Invalidation

export {
  FREE_INVALIDATION_PATHS_PER_MONTH,
  invalidationCostUsd,
  USD_PER_INVALIDATION_PATH,
} from './invalidation/invalidation-cost.js';
export {
  MAX_FILE_PATHS_IN_PROGRESS,
  MAX_WILDCARD_PATHS_IN_PROGRESS,
} from './invalidation/invalidation-limits.js';
export type { CreateInvalidationOptions, Invalidation, InvalidationStatus } from './invalidation/types.js';

// Trace

export type {
  CacheStats,
  CacheStatsByOptions,
  CacheStatsDimension,
  CacheStatsOptions,
  ResultType,
} from './trace/cache-stats.js';
export {
  COST_SOURCES,
  type CostEstimate,
  PRICES_AS_OF,
  type PriceClass,
  type PricingRegion,
  pricingRegion,
} from './trace/cost-estimate.js';
export { escapeHtml, type HtmlReportOptions } from './trace/html-report.js';
export { formatTimeline, type TimelineOptions } from './trace/timeline.js';
export {
  type ServedFrom,
  type TierName,
  type TierOutcome,
  type TierOutcomeKind,
  Trace,
  type TraceInvalidation,
  type TraceOptions,
  type TraceOriginAccess,
  type TraceOriginFetch,
  type TraceRecord,
  type TraceRequest,
} from './trace/trace.js';

// Errors

export { describeValue, EdgecaseError, type EdgecaseErrorCode } from './errors.js';
