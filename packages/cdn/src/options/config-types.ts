import type { HeaderMap, Origin } from '../origin/types.js';
import type {
  BehaviorFunctions,
  CloudFrontFunctionSource,
  FunctionAssociationOptions,
} from './edge-code-types.js';
import type {
  OriginRequestPolicyInput,
  ResolvedOriginRequestPolicy,
  ResolvedResponseHeadersPolicy,
  ResponseHeadersPolicyInput,
} from './header-policy-types.js';
import type {
  BehaviorLambdas,
  LambdaEdgeSource,
  LambdaFunctionAssociationOptions,
} from './lambda-edge-types.js';
import type { KeyGroupOptions, ResolvedTrustedKeys } from './signing-types.js';

/** A field a loaded config uses that edgecase does not model, accepted by the `unmodelled` option. */
export interface IgnoredField {
  /** Where it is, e.g. `DistributionConfig.CacheBehaviors.Items[0].FunctionAssociations`. */
  readonly path: string;
  readonly class: 'not-modelled';
  /** What it would change for a viewer. */
  readonly note: string;
}

/**
 * Option names follow CloudFront's `DistributionConfig` and `CachePolicyConfig` in camelCase, so a
 * user recognises them. TTL fields take seconds (CloudFront's unit) or a duration string (`'10s'`).
 */
export type TtlInput = number | `${number}${'ms' | 's' | 'm' | 'h' | 'd'}`;

export type ManagedCachePolicyName =
  | 'CachingOptimized'
  | 'CachingOptimizedForUncompressedObjects'
  | 'CachingDisabled'
  | 'Amplify'
  | 'Elemental-MediaPackage'
  | 'UseOriginCacheControlHeaders'
  | 'UseOriginCacheControlHeaders-QueryStrings';

export type KeyBehavior = 'none' | 'whitelist' | 'allExcept' | 'all';

export interface CachePolicyConfig {
  name?: string;
  comment?: string;
  minTTL?: TtlInput;
  defaultTTL?: TtlInput;
  maxTTL?: TtlInput;
  parametersInCacheKeyAndForwardedToOrigin?: {
    enableAcceptEncodingGzip?: boolean;
    enableAcceptEncodingBrotli?: boolean;
    /** Headers: `none` or `whitelist` (CloudFront offers no `all` for headers in a cache policy). */
    headersConfig?: { headerBehavior: 'none' | 'whitelist'; headers?: string[] };
    /**
     * Cookies. `wildcards: true` reads `*` (0 or more characters) and `?` (exactly one) in the names,
     * as a legacy `ForwardedValues` cookie whitelist does (`fromDistributionConfig` sets it for
     * legacy cache settings); a cache policy's names are exact.
     */
    cookiesConfig?: { cookieBehavior: KeyBehavior; cookies?: string[]; wildcards?: boolean };
    queryStringsConfig?: { queryStringBehavior: KeyBehavior; queryStrings?: string[] };
  };
}

/** A managed policy by name (with or without the `Managed-` prefix) or id, or a custom policy. */
export type CachePolicyInput = ManagedCachePolicyName | (string & {}) | CachePolicyConfig;

export type ViewerProtocolPolicy = 'allow-all' | 'redirect-to-https' | 'https-only';
export type HttpMethod = 'GET' | 'HEAD' | 'OPTIONS' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';

export interface CacheBehaviorOptions {
  /** Only in `cacheBehaviors`; the default behaviour is always `*`. */
  pathPattern?: string;
  /** Defaults to the only origin when there is one. */
  targetOriginId?: string;
  /** Default `CachingOptimized`. */
  cachePolicy?: CachePolicyInput;
  /**
   * What else a miss forwards to the origin without keying on it: a managed policy by name or id
   * (`'CORS-S3Origin'`, `'AllViewer'`...) or a custom `OriginRequestPolicyConfig`. Default none.
   */
  originRequestPolicy?: OriginRequestPolicyInput;
  /**
   * Headers CloudFront adds to or removes from what the viewer gets (CORS, security headers, custom
   * and removed headers, Server-Timing): a managed policy by name or id or a custom config. Default none.
   */
  responseHeadersPolicy?: ResponseHeadersPolicyInput;
  /** Default `allow-all`. */
  viewerProtocolPolicy?: ViewerProtocolPolicy;
  /** One of CloudFront's three sets. Default `['GET', 'HEAD']`. */
  allowedMethods?: readonly HttpMethod[];
  /** `['GET', 'HEAD']` (default) or `['GET', 'HEAD', 'OPTIONS']`. */
  cachedMethods?: readonly HttpMethod[];
  /** Compress objects automatically. Default `true` (as the console does). */
  compress?: boolean;
  /** CloudFront Functions on the viewer events, at most one per event type (§10). */
  functionAssociations?: readonly FunctionAssociationOptions[];
  /**
   * Lambda@Edge functions on this behaviour, one per event type (§10, §20): each names a function
   * of the distribution's `lambdas` option by its versioned ARN or name. Not with CloudFront
   * Functions on the same viewer event.
   */
  lambdaFunctionAssociations?: readonly LambdaFunctionAssociationOptions[];
  /**
   * Signed URLs or cookies required (§9): key group ids of the distribution's `keyGroups`, or groups
   * given inline (`{ publicKeys: { K2JCJMDEHXQW5F: pem } }`). At most 4.
   */
  trustedKeyGroups?: readonly (string | KeyGroupOptions)[];
}

export interface OriginShieldOptions {
  enabled: boolean;
  originShieldRegion?: string;
}

export interface OriginOptions {
  origin: Origin;
  /**
   * Whether CloudFront treats it as an S3 or a custom origin; default the origin object's `kind`
   * (`memoryOrigin` and `s3Origin`: `s3`). A loaded config's `CustomOriginConfig` makes the origin
   * standing for it `custom`, whatever object stands in: a read timeout up to 120 s, no origin access
   * control, `origin.custom` in Lambda@Edge events, no skipping of the regional cache.
   */
  kind?: 's3' | 'custom';
  /**
   * The origin's domain name, as a loaded config's `DomainName` (e.g. `my-bucket.s3.us-east-1.amazonaws.com`).
   * A CloudFront Function's `cf.updateRequestOrigin({ domainName })` routes to the origin of that name.
   */
  domainName?: string;
  /** The origin's AWS Region (S3 bucket region). An S3 origin skips the REC of its own region. */
  region?: string;
  originShield?: OriginShieldOptions;
  /** 1–3, default 3. */
  connectionAttempts?: number;
  /** Seconds per attempt, 1–10, default 10. */
  connectionTimeout?: TtlInput;
  /** Seconds, 1–120, default 30. Fixed at 30 for S3 origins. */
  originReadTimeout?: TtlInput;
  /**
   * A prefix CloudFront puts in front of every origin request path (`/production` reads
   * `/production/a.jpg` for `/a.jpg`): begins with `/`, does not end with `/`. Default none.
   */
  originPath?: string;
  /** Headers added to every request to this origin, overwriting a viewer header of the same name. */
  customHeaders?: Readonly<Record<string, string>>;
  /**
   * Custom origins: how CloudFront connects — `http-only`, `https-only` or `match-viewer`. The origin
   * sees it as `request.protocol` (an S3 website endpoint refuses HTTPS). Default: not set.
   */
  originProtocolPolicy?: OriginProtocolPolicy;
  /** Custom origins: the HTTP port, 80 (default), 443 or 1024–65535. */
  httpPort?: number;
  /** Custom origins: the HTTPS port, 443 (default), 80 or 1024–65535. */
  httpsPort?: number;
  /**
   * S3 origins: the origin access control CloudFront signs its requests with (§18). The request's
   * principal is the service `cloudfront.amazonaws.com` with the distribution's ARN (`cdn.arn`) as
   * `AWS:SourceArn`; a private bucket serves it only if its policy grants that. Not with
   * `originAccessIdentity`, not on a custom origin (an S3 website endpoint).
   */
  originAccessControl?: OriginAccessControlOptions;
  /**
   * S3 origins: the legacy origin access identity (§18), `E2QWRUHEXAMPLE` or
   * `origin-access-identity/cloudfront/E2QWRUHEXAMPLE` as S3OriginConfig has it. The principal is
   * `arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity <id>`.
   */
  originAccessIdentity?: string;
}

/** `always` signs every request; `never` none; `no-override` forwards a viewer's `Authorization` unsigned (§18). */
export type SigningBehavior = 'always' | 'never' | 'no-override';

/** An origin access control, in the camelCase of the API's `OriginAccessControlConfig`. */
export interface OriginAccessControlOptions {
  /** The OAC's id as `OriginAccessControlId` names it. Default `E2EDGECASEOAC`. */
  id?: string;
  /** Default `always` (AWS's recommendation). */
  signingBehavior?: SigningBehavior;
  /** Only `sigv4` exists. */
  signingProtocol?: 'sigv4';
  /**
   * `s3` (default), or `lambda` for a Lambda function URL (a custom origin: the requests are signed,
   * and the origin sees `signedAs`); `mediastore` and `mediapackagev2` origins are not modelled.
   */
  originAccessControlOriginType?: 's3' | 'lambda';
  /** At most 64 characters. */
  name?: string;
  description?: string;
}

/** How CloudFront authenticates to an S3 origin (§18). */
export type ResolvedOriginAccess =
  | { type: 'origin-access-control'; id: string; signingBehavior: SigningBehavior }
  | { type: 'origin-access-identity'; id: string };

export type OriginProtocolPolicy = 'http-only' | 'https-only' | 'match-viewer';

export interface CustomErrorResponseOptions {
  errorCode: number;
  responsePagePath?: string;
  responseCode?: number;
  /** Seconds; default 10. 0 turns error caching off for this code. */
  errorCachingMinTTL?: TtlInput;
}

export interface DistributionOptions {
  /** Default `d111111abcdef8.cloudfront.net`. */
  domainName?: string;
  /** Alternate domain names (CNAMEs) the distribution answers for. */
  aliases?: readonly string[];
  /** Shorthand for a single origin with id `origin`. */
  origin?: Origin | OriginOptions;
  origins?: Readonly<Record<string, Origin | OriginOptions>>;
  defaultCacheBehavior?: Omit<CacheBehaviorOptions, 'pathPattern'>;
  /** Ordered: the first whose pattern matches wins; the default behaviour comes last. */
  cacheBehaviors?: readonly (CacheBehaviorOptions & { pathPattern: string })[];
  customErrorResponses?: readonly CustomErrorResponseOptions[];
  /** Object served for `/` only, without a leading slash, e.g. `index.html`. */
  defaultRootObject?: string;
  /**
   * Default `true`. A disabled distribution accepts no viewer requests (§13); what a viewer gets is
   * UNCONFIRMED: `fidelity.disabledStatus` (default 403, CloudFront's error page).
   */
  enabled?: boolean;
  /**
   * Origin groups (§17): a behaviour whose `targetOriginId` is a group id fails over from the first
   * member to the second on `failoverStatusCodes`, a connection failure or a timeout (GET, HEAD,
   * OPTIONS).
   */
  originGroups?: Readonly<
    Record<string, { members: readonly [string, string]; failoverStatusCodes: readonly number[] }>
  >;
  /** Geographic restrictions (§14): viewers from blocked countries get 403. */
  restrictions?: RestrictionsOptions;
  /**
   * CloudFront Functions' code by name or ARN (`functionAssociations` name them, as a loaded config
   * does by ARN): `{ 'dir-index': { file: './functions/dir-index.js', runtime: 'cloudfront-js-2.0' } }`.
   */
  functions?: Readonly<Record<string, CloudFrontFunctionSource>>;
  /**
   * Lambda@Edge functions by versioned ARN or name (`lambdaFunctionAssociations` name them, as a
   * loaded config does by `LambdaFunctionARN`): the handler module the app deploys,
   * `{ auth: { file: './src/edge/auth.mjs' } }` or `{ auth: { handler } }`.
   */
  lambdas?: Readonly<Record<string, LambdaEdgeSource>>;
  /** Key groups by id (the ids `trustedKeyGroups` name, as a loaded config's TrustedKeyGroups do). */
  keyGroups?: Readonly<Record<string, KeyGroupOptions>>;
  /**
   * Set by the config loaders (`fromDistributionConfig`...): fields the loaded config uses that
   * edgecase does not model, accepted by their `unmodelled` option. Read back as
   * `cdn.distribution.ignoredFields`.
   */
  ignoredFields?: readonly IgnoredField[];
  /**
   * The response header CloudFront reads cache tags from (`CacheTagConfig.HeaderName`), e.g.
   * `x-amz-meta-cache-tag`: cached objects keep its tags, and `#tag` invalidation items purge them.
   */
  cacheTagHeader?: string;
}

/**
 * §14 georestrictions (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/georestrictions.html):
 * `Restrictions.GeoRestriction` allows (`whitelist`) or blocks (`blacklist`) viewers by the country
 * of their IP address, for the whole distribution (not per behaviour).
 */
export interface GeoRestrictionOptions {
  restrictionType: 'none' | 'whitelist' | 'blacklist';
  /** ISO 3166-1 alpha-2 codes, e.g. `['FR', 'DE']`. */
  locations?: readonly string[];
}

export interface RestrictionsOptions {
  geoRestriction: GeoRestrictionOptions;
}

export interface ResolvedGeoRestriction {
  readonly restrictionType: 'none' | 'whitelist' | 'blacklist';
  readonly locations: ReadonlySet<string>;
}

export interface KeyRule {
  behavior: KeyBehavior;
  /** Lower-case for headers; as given (case-sensitive) for cookies and query strings. */
  names: ReadonlySet<string>;
  /** Cookie names given with `*` / `?` wildcards (legacy cookie whitelists only), as patterns. */
  patterns?: readonly RegExp[];
}

export interface ResolvedCachePolicy {
  id: string;
  name: string;
  managed: boolean;
  minTtlMs: number;
  defaultTtlMs: number;
  maxTtlMs: number;
  gzip: boolean;
  brotli: boolean;
  headers: KeyRule;
  cookies: KeyRule;
  queryStrings: KeyRule;
}

export interface ResolvedOrigin {
  id: string;
  origin: Origin;
  /** The `domainName` option (a loaded config's `DomainName`); absent when not given. */
  domainName?: string;
  kind: 's3' | 'custom';
  region: string | undefined;
  /** Region of the Origin Shield, when enabled. */
  shieldRegion: string | undefined;
  connectionAttempts: number;
  connectionTimeoutMs: number;
  readTimeoutMs: number;
  /** Set on an origin group (§17): the secondary and the statuses that fail over to it. */
  failover?: {
    group: string;
    secondary: ResolvedOrigin;
    statusCodes: ReadonlySet<number>;
  };
  /** `''` or a prefix such as `/production`. */
  originPath: string;
  /** Lower-case names. */
  customHeaders: HeaderMap;
  /** Custom origins with a policy; `undefined` otherwise. */
  originProtocolPolicy: OriginProtocolPolicy | undefined;
  httpPort: number;
  httpsPort: number;
  /** The OAC or OAI CloudFront signs its requests with (§18); undefined when it sends them unsigned. */
  access: ResolvedOriginAccess | undefined;
}

export interface ResolvedBehavior {
  /** Position in the list; the default behaviour has the last index. */
  index: number;
  pathPattern: string;
  isDefault: boolean;
  /** Case-sensitive match of a URL path (query excluded) against the pattern. */
  matches(path: string): boolean;
  targetOriginId: string;
  /**
   * The target origin's kind, set by `resolveDistribution`. `computeCacheKey` leaves `Host` out of the
   * key for `s3` origins (§5). Absent (hand-built behaviours) means `custom`.
   */
  targetOriginKind?: 's3' | 'custom';
  cachePolicy: ResolvedCachePolicy;
  /** Absent when the behaviour has none. */
  originRequestPolicy?: ResolvedOriginRequestPolicy;
  /** Absent when the behaviour has none. */
  responseHeadersPolicy?: ResolvedResponseHeadersPolicy;
  viewerProtocolPolicy: ViewerProtocolPolicy;
  allowedMethods: ReadonlySet<HttpMethod>;
  cachedMethods: ReadonlySet<HttpMethod>;
  compress: boolean;
  /** The behaviour's CloudFront Functions; undefined when it has none. */
  functions?: BehaviorFunctions | undefined;
  /** The behaviour's Lambda@Edge functions; undefined when it has none. */
  lambdas?: BehaviorLambdas | undefined;
  /** The public keys signed URLs and cookies must verify with; undefined when signing is not required. */
  trustedKeys?: ResolvedTrustedKeys | undefined;
}

export interface ResolvedCustomErrorResponse {
  errorCode: number;
  responsePagePath: string | undefined;
  responseCode: number | undefined;
  errorCachingMinTtlMs: number;
}

export interface ResolvedDistribution {
  domainName: string;
  aliases: readonly string[];
  origins: ReadonlyMap<string, ResolvedOrigin>;
  /** Origin groups by id, each the primary's settings with its `failover` (§17). */
  originGroups: ReadonlyMap<string, ResolvedOrigin>;
  /** In evaluation order, the default (`*`) last. */
  behaviors: readonly ResolvedBehavior[];
  customErrorResponses: ReadonlyMap<number, ResolvedCustomErrorResponse>;
  defaultRootObject: string | undefined;
  enabled: boolean;
  geoRestriction: ResolvedGeoRestriction;
  /** What the loaded config uses that edgecase does not model (empty unless a loader accepted some). */
  ignoredFields: readonly IgnoredField[];
  /** The cache-tag response header, in lower case, or undefined when tags are off. */
  cacheTagHeader: string | undefined;
  /** The first behaviour whose pattern matches `path` (always at least the default). */
  selectBehavior(path: string): ResolvedBehavior;
}
