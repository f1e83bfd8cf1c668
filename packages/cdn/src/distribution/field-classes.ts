/**
 * Every field of CloudFront's `DistributionConfig` (and of each origin, behaviour and custom error
 * response), classified once, so a loaded configuration drops nothing silently:
 * - `modelled`: edgecase reads it and behaves as CloudFront does;
 * - `no-effect`: accepted (with the values CloudFront accepts, `accepts`), it does not change what a
 *   viewer gets (logging, price class, certificates...); docs/fidelity.md's table lists it, and
 *   `ignoredFields` does not (that holds the not-modelled fields the `unmodelled` option accepted);
 * - `not-modelled`: it would change what a viewer gets and edgecase does not model it yet. When a
 *   config uses it (see `inUse`), loading fails with `UnmodelledFeature` by default; the
 *   `unmodelled` option accepts it (`'warn'` or `'ignore'`) and `cdn.distribution.ignoredFields`
 *   lists it. A few default to `'warn'` where refusing would reject most production configs for
 *   something tests rarely depend on.
 * docs/fidelity.md's field table is generated from this one (test/docs checks they agree).
 */

export type FieldClass = 'modelled' | 'no-effect' | 'not-modelled';
export type UnmodelledMode = 'error' | 'warn' | 'ignore';

export interface FieldRule {
  class: FieldClass;
  /** What it does, or for `not-modelled` what it would change for a viewer. */
  note: string;
  /** Object fields to check one level down (for `modelled` objects and lists of objects). */
  children?: FieldTable;
  /** For `not-modelled`: whether this value uses the feature (an empty list or `false` does not). */
  inUse?: (value: unknown) => boolean;
  /** For `not-modelled`: the mode when the `unmodelled` option does not name this field. */
  defaultMode?: UnmodelledMode;
  /** For `no-effect`: the values CloudFront accepts, so a config it refuses is refused here too. */
  accepts?: { readonly expected: string; readonly test: (value: unknown) => boolean };
}

export type FieldTable = Readonly<Record<string, FieldRule>>;

const nonEmpty = (value: unknown): boolean => typeof value === 'string' && value !== '';
const hasItems = (value: unknown): boolean => {
  const list = value as { Quantity?: number; Items?: readonly unknown[] } | undefined;
  return (list?.Quantity ?? 0) > 0 || (list?.Items?.length ?? 0) > 0;
};
const enabledOrItems = (value: unknown): boolean =>
  (value as { Enabled?: boolean } | undefined)?.Enabled === true || hasItems(value);

const modelled = (note: string, children?: FieldTable): FieldRule =>
  children ? { class: 'modelled', note, children } : { class: 'modelled', note };
const noEffect = (note: string, accepts?: FieldRule['accepts']): FieldRule =>
  accepts ? { class: 'no-effect', note, accepts } : { class: 'no-effect', note };
const oneOf = (values: readonly string[]): FieldRule['accepts'] => ({
  expected: `one of ${values.join(', ')}`,
  test: (value) => typeof value === 'string' && values.includes(value),
});
// API_CustomOriginConfig: 1 to 60 s by default, up to 180 s with a quota increase.
const KEEPALIVE: FieldRule['accepts'] = {
  expected: '1 to 180 seconds',
  test: (value) => typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 180,
};
const notModelled = (
  note: string,
  inUse: (value: unknown) => boolean,
  defaultMode: UnmodelledMode = 'error',
): FieldRule => ({ class: 'not-modelled', note, inUse, defaultMode });

const LIST = { Quantity: modelled('the count of Items'), Items: modelled('the entries') };

const ORIGIN_SHIELD: FieldTable = {
  Enabled: modelled('adds the Origin Shield tier (§7)'),
  OriginShieldRegion: modelled("the shield's Region"),
};

const ORIGIN: FieldTable = {
  Id: modelled('matches the origin object you pass'),
  DomainName: modelled(
    "an S3 endpoint's Region places the origin (§7: no regional cache in its own Region); a function's cf.updateRequestOrigin({ domainName }) finds the origin by it (§20)",
  ),
  OriginPath: modelled('a prefix put in front of every origin request path (§15)'),
  CustomHeaders: modelled("headers added to every origin request, overwriting the viewer's (§15)", {
    ...LIST,
    Items: modelled('each header', {
      HeaderName: modelled('the name (CloudFront refuses some, §15)'),
      HeaderValue: modelled('the value'),
    }),
  }),
  S3OriginConfig: modelled('S3 origin settings', {
    OriginAccessIdentity: modelled(
      "the legacy OAI CloudFront signs as: a private bucket (memoryOrigin({ access: 'private' })) serves it only if its policy grants arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity <id> (§18)",
    ),
    OriginReadTimeout: modelled('the response timeout (§8)'),
  }),
  CustomOriginConfig: modelled('custom origin settings', {
    HTTPPort: modelled('the port of HTTP requests to the origin (request.port, §8)'),
    HTTPSPort: modelled('the port of HTTPS requests to the origin (request.port, §8)'),
    OriginProtocolPolicy: modelled(
      'http-only, https-only or match-viewer: how CloudFront connects (request.protocol; a website endpoint refuses HTTPS, §8, §18)',
    ),
    OriginSslProtocols: noEffect('TLS between CloudFront and the origin'),
    OriginReadTimeout: modelled('the response timeout (§8)'),
    OriginKeepaliveTimeout: noEffect('connection reuse; no effect on answers', KEEPALIVE),
    IpAddressType: noEffect('IPv4/IPv6 to the origin; no effect on answers'),
    OriginMtlsConfig: noEffect(
      'the client certificate CloudFront shows the origin (mTLS); the origin you pass answers without one',
    ),
  }),
  VpcOriginConfig: modelled('VPC origin settings', {
    VpcOriginId: noEffect('how CloudFront reaches the origin; the origin you pass stands for it'),
    OwnerAccountId: noEffect('how CloudFront reaches the origin; the origin you pass stands for it'),
    OriginReadTimeout: modelled('the response timeout (§8)'),
    OriginKeepaliveTimeout: noEffect('connection reuse; no effect on answers', KEEPALIVE),
  }),
  ConnectionAttempts: modelled('connection attempts (§8)'),
  ConnectionTimeout: modelled('the connection timeout (§8)'),
  ResponseCompletionTimeout: notModelled(
    'a limit on the whole origin response time',
    (v) => typeof v === 'number' && v > 0,
  ),
  OriginShield: modelled('Origin Shield (§7)', ORIGIN_SHIELD),
  OriginAccessControlId: modelled(
    "the OAC CloudFront signs with (signing behaviour from the originAccessControls option, default always): a private bucket (memoryOrigin({ access: 'private' })) serves it only if its policy grants cloudfront.amazonaws.com for this distribution's ARN (§18)",
  ),
};

const BEHAVIOR: FieldTable = {
  PathPattern: modelled('which requests the behaviour takes (§8)'),
  TargetOriginId: modelled('the origin it sends misses to'),
  TrustedSigners: notModelled(
    "signed URLs or cookies with the legacy root-account key pairs (CloudFront key pairs): unsigned requests get 403; edgecase models trusted key groups only — move the behaviour to TrustedKeyGroups (AWS's recommendation), or accept the field with the unmodelled option",
    enabledOrItems,
  ),
  TrustedKeyGroups: modelled(
    'signed URLs or cookies required, verified against the key groups (the keyGroups option gives their public keys by key group id; §9, §21)',
    {
      Enabled: modelled('whether signing is required'),
      ...LIST,
    },
  ),
  ViewerProtocolPolicy: modelled('http → https redirects or 403 (§8)'),
  AllowedMethods: modelled('allowed and cached methods (§8)', {
    ...LIST,
    CachedMethods: modelled('the cached methods', LIST),
  }),
  SmoothStreaming: notModelled('Microsoft Smooth Streaming', (v) => v === true),
  Compress: modelled('edge compression (§5)'),
  LambdaFunctionAssociations: modelled(
    'Lambda@Edge on the four events, run from the handler module the app deploys (the lambdas option maps each LambdaFunctionARN to its handler; §10, §20)',
    {
      ...LIST,
      Items: modelled('each association', {
        EventType: modelled('viewer-request, viewer-response, origin-request or origin-response'),
        LambdaFunctionARN: modelled('the numbered version, looked up in the lambdas option by ARN or name'),
        IncludeBody: modelled('the request body in the event (request events)'),
      }),
    },
  ),
  FunctionAssociations: modelled(
    'CloudFront Functions on viewer-request / viewer-response, run from their code (the functions option maps each FunctionARN to a file or source; §10)',
    {
      ...LIST,
      Items: modelled('each association', {
        EventType: modelled('viewer-request or viewer-response'),
        FunctionARN: modelled('the function, looked up in the functions option by ARN or name'),
      }),
    },
  ),
  FieldLevelEncryptionId: notModelled('fields of POST bodies encrypted on the way to the origin', nonEmpty),
  RealtimeLogConfigArn: noEffect('real-time logs'),
  CachePolicyId: modelled('TTLs and the cache key (§1)'),
  OriginRequestPolicyId: modelled(
    'headers, cookies and query strings forwarded to the origin without being in the cache key (§15)',
  ),
  ResponseHeadersPolicyId: modelled(
    'headers added to or removed from responses on the way to the viewer: CORS, security, custom, Server-Timing (§16)',
  ),
  GrpcConfig: notModelled('gRPC', (v) => (v as { Enabled?: boolean } | undefined)?.Enabled === true),
  ForwardedValues: modelled('legacy cache settings: what is forwarded and keyed (§1.1)', {
    QueryString: modelled('query strings forwarded and keyed'),
    Cookies: modelled('cookies forwarded and keyed', {
      Forward: modelled('none, whitelist or all'),
      WhitelistedNames: modelled('the named cookies', LIST),
    }),
    Headers: modelled('headers forwarded and keyed', LIST),
    QueryStringCacheKeys: modelled('the query strings keyed', LIST),
  }),
  MinTTL: modelled('legacy MinTTL (§1.2)'),
  DefaultTTL: modelled('legacy DefaultTTL (§1.2)'),
  MaxTTL: modelled('legacy MaxTTL (§1.2)'),
};

const CUSTOM_ERROR_RESPONSE: FieldTable = {
  ErrorCode: modelled('the origin status it applies to (§2)'),
  ResponsePagePath: modelled('the page served instead (§2)'),
  ResponseCode: modelled('the status the viewer gets (§2)'),
  ErrorCachingMinTTL: modelled('how long the error is cached (§2)'),
};

export const DISTRIBUTION_FIELDS: FieldTable = {
  CallerReference: noEffect('an idempotency token for the API'),
  Aliases: modelled('alternate domain names (CNAMEs) it answers for', LIST),
  DefaultRootObject: modelled('the object served for / (§8)'),
  Origins: modelled('the origins', { ...LIST, Items: modelled('each origin', ORIGIN) }),
  OriginGroups: modelled('origin failover (§17)', {
    ...LIST,
    Items: modelled('each origin group', {
      Id: modelled('the id a behaviour targets'),
      FailoverCriteria: modelled('when to fail over', {
        StatusCodes: modelled(
          'the primary statuses that fail over (plus connection failures and timeouts)',
          LIST,
        ),
      }),
      Members: modelled('the primary and the secondary origin', {
        ...LIST,
        Items: modelled('each member', { OriginId: modelled('the origin') }),
      }),
      SelectionCriteria: notModelled(
        'media-quality-based selection between MediaPackage v2 origins',
        (v) => v === 'media-quality-based',
      ),
    }),
  }),
  DefaultCacheBehavior: modelled('the default (*) behaviour', BEHAVIOR),
  CacheBehaviors: modelled('the ordered behaviours', {
    ...LIST,
    Items: modelled('each behaviour', BEHAVIOR),
  }),
  CustomErrorResponses: modelled('custom error responses (§2)', {
    ...LIST,
    Items: modelled('each custom error response', CUSTOM_ERROR_RESPONSE),
  }),
  Comment: noEffect('a description'),
  Logging: noEffect('standard access logs'),
  PriceClass: noEffect(
    'which edge locations serve; the topology option models POPs',
    oneOf(['PriceClass_100', 'PriceClass_200', 'PriceClass_All', 'None']),
  ),
  Enabled: modelled(
    'false: every viewer gets 403 from CloudFront (§13; the status is fidelity.disabledStatus, UNCONFIRMED)',
  ),
  ViewerCertificate: noEffect('the TLS certificate viewers see'),
  Restrictions: modelled('geographic restrictions (§14)', {
    GeoRestriction: modelled(
      "viewers from blocked countries (the viewer's `country`) get 403; unknown countries are served",
      {
        RestrictionType: modelled('none, whitelist (allow list) or blacklist (block list)'),
        ...LIST,
      },
    ),
  }),
  WebACLId: notModelled('AWS WAF rules can block or challenge requests', nonEmpty, 'warn'),
  HttpVersion: noEffect(
    'HTTP/2 and HTTP/3 to viewers; the same answers',
    oneOf(['http1.1', 'http2', 'http3', 'http2and3']),
  ),
  IsIPV6Enabled: noEffect('IPv6 for viewers; the same answers'),
  ContinuousDeploymentPolicyId: notModelled('a staging distribution takes part of the traffic', nonEmpty),
  Staging: notModelled('this is a staging distribution', (v) => v === true),
  AnycastIpListId: noEffect('static IPs for viewers; the same answers'),
  CacheTagConfig: modelled('cache tags: the response header whose tags `#tag` invalidations purge (§6)', {
    HeaderName: modelled('the header, as the cacheTagHeader option'),
  }),
  TenantConfig: notModelled('a multi-tenant distribution template', (v) => v !== undefined && v !== null),
  ConnectionMode: notModelled('a multi-tenant distribution', (v) => v === 'tenant-only'),
  // CFDG mtls-authentication; CFN AWS::CloudFront::Distribution ViewerMtlsConfig, ConnectionFunctionAssociation.
  ViewerMtlsConfig: notModelled(
    'mutual TLS: viewers without an accepted client certificate cannot connect',
    (v) => v !== undefined && v !== null,
  ),
  ConnectionFunctionAssociation: notModelled(
    'a connection function can refuse viewers during the TLS handshake',
    (v) => v !== undefined && v !== null,
  ),
};
