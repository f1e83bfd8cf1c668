/** The configuration types of origin request policies (§15) and response headers policies (§16). */

export type OriginRequestHeaderBehavior =
  | 'none'
  | 'whitelist'
  | 'allViewer'
  | 'allViewerAndWhitelistCloudFront'
  | 'allExcept';
export type OriginRequestListBehavior = 'none' | 'whitelist' | 'all' | 'allExcept';

/** A custom origin request policy, in the camelCase of the API's `OriginRequestPolicyConfig`. */
export interface OriginRequestPolicyConfig {
  name?: string;
  comment?: string;
  headersConfig?: { headerBehavior: OriginRequestHeaderBehavior; headers?: readonly string[] };
  cookiesConfig?: { cookieBehavior: OriginRequestListBehavior; cookies?: readonly string[] };
  queryStringsConfig?: { queryStringBehavior: OriginRequestListBehavior; queryStrings?: readonly string[] };
}

export type ManagedOriginRequestPolicyName =
  | 'AllViewer'
  | 'AllViewerAndCloudFrontHeaders-2022-06'
  | 'AllViewerExceptHostHeader'
  | 'CORS-CustomOrigin'
  | 'CORS-S3Origin'
  | 'Elemental-MediaTailor-PersonalizedManifests'
  | 'UserAgentRefererHeaders'
  | 'HostHeaderOnly';

/** A managed policy by name (with or without `Managed-`) or id, or a custom policy. */
export type OriginRequestPolicyInput =
  | ManagedOriginRequestPolicyName
  | (string & {})
  | OriginRequestPolicyConfig;

export interface ForwardRule {
  behavior: OriginRequestListBehavior;
  /** Lower-case for headers; as given for cookies and query strings. */
  names: ReadonlySet<string>;
}

export interface ResolvedOriginRequestPolicy {
  id: string;
  name: string;
  managed: boolean;
  /** `all` stands for allViewer; allViewerAndWhitelistCloudFront is `all` plus `cloudFrontHeaders`. */
  headers: ForwardRule;
  /** CloudFront-* headers added by allViewerAndWhitelistCloudFront (lower-case). */
  cloudFrontHeaders: ReadonlySet<string>;
  /** AllViewerExceptHostHeader: the viewer's Host is not forwarded. */
  exceptHost: boolean;
  cookies: ForwardRule;
  queryStrings: ForwardRule;
}

export type CorsMethod = 'GET' | 'DELETE' | 'HEAD' | 'OPTIONS' | 'PATCH' | 'POST' | 'PUT' | 'ALL';
export type ReferrerPolicyValue =
  | 'no-referrer'
  | 'no-referrer-when-downgrade'
  | 'origin'
  | 'origin-when-cross-origin'
  | 'same-origin'
  | 'strict-origin'
  | 'strict-origin-when-cross-origin'
  | 'unsafe-url';

export interface ResponseHeadersCorsConfig {
  accessControlAllowOrigins: readonly string[];
  accessControlAllowHeaders: readonly string[];
  accessControlAllowMethods: readonly CorsMethod[];
  accessControlAllowCredentials: boolean;
  accessControlExposeHeaders?: readonly string[];
  accessControlMaxAgeSec?: number;
  /** `true`: the policy's header replaces the origin's; `false`: the origin's is kept when it sent one. */
  originOverride: boolean;
}

export interface SecurityHeadersConfig {
  contentSecurityPolicy?: { contentSecurityPolicy: string; override: boolean };
  contentTypeOptions?: { override: boolean };
  frameOptions?: { frameOption: 'DENY' | 'SAMEORIGIN'; override: boolean };
  referrerPolicy?: { referrerPolicy: ReferrerPolicyValue; override: boolean };
  strictTransportSecurity?: {
    accessControlMaxAgeSec: number;
    includeSubdomains?: boolean;
    preload?: boolean;
    override: boolean;
  };
  xssProtection?: { protection: boolean; modeBlock?: boolean; reportUri?: string; override: boolean };
}

/** A custom response headers policy, in the camelCase of the API's `ResponseHeadersPolicyConfig`. */
export interface ResponseHeadersPolicyConfig {
  name?: string;
  comment?: string;
  corsConfig?: ResponseHeadersCorsConfig;
  securityHeadersConfig?: SecurityHeadersConfig;
  customHeadersConfig?: { items: readonly { header: string; value: string; override: boolean }[] };
  removeHeadersConfig?: { items: readonly { header: string }[] };
  serverTimingHeadersConfig?: { enabled: boolean; samplingRate?: number };
}

export type ManagedResponseHeadersPolicyName =
  | 'SimpleCORS'
  | 'CORS-With-Preflight'
  | 'SecurityHeadersPolicy'
  | 'CORS-and-SecurityHeadersPolicy'
  | 'CORS-with-preflight-and-SecurityHeadersPolicy';

export type ResponseHeadersPolicyInput =
  | ManagedResponseHeadersPolicyName
  | (string & {})
  | ResponseHeadersPolicyConfig;

export interface PolicyHeader {
  /** Lower-case. */
  name: string;
  value: string;
  override: boolean;
}

export interface ResolvedCors {
  /** Lower-case origins; `*` for any, `*.example.org` for a leftmost-label wildcard. */
  allowOrigins: readonly string[];
  allowHeaders: string;
  allowMethods: string;
  allowCredentials: boolean;
  exposeHeaders: string | undefined;
  maxAgeSeconds: number | undefined;
  originOverride: boolean;
}

export interface ResolvedResponseHeadersPolicy {
  id: string;
  name: string;
  managed: boolean;
  cors: ResolvedCors | undefined;
  /** Security headers, then custom headers, in that order. */
  headers: readonly PolicyHeader[];
  /** Lower-case names removed before anything is added. */
  remove: ReadonlySet<string>;
  /** Percent of responses that get Server-Timing, 0–100; undefined when not enabled. */
  serverTimingSamplingRate: number | undefined;
}
