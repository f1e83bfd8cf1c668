import { describe, EdgecaseError, invalid } from '../../errors.js';
import { didYouMean } from '../../options/strict-keys.js';
import { formatApiPath, type PolicyRender, type RenderPath } from '../source-paths.js';
import { textScalars } from './api-scalars.js';
import { META } from './tf-body.js';

/**
 * The Terraform AWS provider's `aws_cloudfront_distribution` and `aws_cloudfront_cache_policy`
 * (snake_case attributes, nested blocks as lists) in the API shape `fromDistributionConfig` reads
 * (PascalCase, `{ Quantity, Items }` lists), so every loader goes through one set of rules and one
 * field classification. An attribute the table does not know is an error with a did-you-mean, not
 * dropped. Source: the provider's resource documentation (registry.terraform.io/providers/hashicorp/
 * aws/latest/docs/resources/cloudfront_distribution and …/cloudfront_cache_policy).
 */
type Json = Record<string, unknown>;

interface Field {
  /** The API field it fills; `undefined`: Terraform-only or computed, nothing to map. */
  api?: string;
  /** `list`: a set of values → `{ Quantity, Items }`; `block`: one nested block; `blocks`: a list of blocks. */
  kind?: 'list' | 'block' | 'blocks';
  spec?: Spec;
  /** Turns the mapped value into the API's (a number as the API's string, a list with Enabled...). */
  convert?: (value: unknown) => unknown;
  /**
   * What the provider sends when the argument is left out (or null): an Optional argument without
   * a default in its schema goes to the API as its zero value, which may differ from the API's own
   * default for a field left out.
   */
  omitted?: unknown;
}
type Spec = Readonly<Record<string, Field>>;

const TF_ONLY: Field = {};
const attr = (api: string, convert?: (value: unknown) => unknown): Field =>
  convert ? { api, convert } : { api };
const list = (api: string): Field => ({ api, kind: 'list' });
const block = (api: string, spec: Spec, convert?: (value: unknown) => unknown): Field =>
  convert ? { api, kind: 'block', spec, convert } : { api, kind: 'block', spec };
const blocks = (api: string, spec: Spec): Field => ({ api, kind: 'blocks', spec });

const awsList = (items: readonly unknown[]): Json => ({ Quantity: items.length, Items: items });
const signers = (value: unknown): Json => {
  const items = (value as { Items?: unknown[] }).Items ?? [];
  return { Enabled: items.length > 0, ...awsList(items) };
};

const BEHAVIOR: Spec = {
  path_pattern: attr('PathPattern'),
  target_origin_id: attr('TargetOriginId'),
  viewer_protocol_policy: attr('ViewerProtocolPolicy'),
  allowed_methods: list('AllowedMethods'),
  cached_methods: list('CachedMethods'),
  cache_policy_id: attr('CachePolicyId'),
  origin_request_policy_id: attr('OriginRequestPolicyId'),
  response_headers_policy_id: attr('ResponseHeadersPolicyId'),
  realtime_log_config_arn: attr('RealtimeLogConfigArn'),
  field_level_encryption_id: attr('FieldLevelEncryptionId'),
  compress: attr('Compress'),
  smooth_streaming: attr('SmoothStreaming'),
  min_ttl: attr('MinTTL'),
  default_ttl: attr('DefaultTTL'),
  max_ttl: attr('MaxTTL'),
  trusted_key_groups: { api: 'TrustedKeyGroups', kind: 'list', convert: signers },
  trusted_signers: { api: 'TrustedSigners', kind: 'list', convert: signers },
  forwarded_values: block('ForwardedValues', {
    query_string: attr('QueryString'),
    query_string_cache_keys: list('QueryStringCacheKeys'),
    headers: list('Headers'),
    cookies: block('Cookies', { forward: attr('Forward'), whitelisted_names: list('WhitelistedNames') }),
  }),
  lambda_function_association: blocks('LambdaFunctionAssociations', {
    event_type: attr('EventType'),
    lambda_arn: attr('LambdaFunctionARN'),
    include_body: attr('IncludeBody'),
  }),
  function_association: blocks('FunctionAssociations', {
    event_type: attr('EventType'),
    function_arn: attr('FunctionARN'),
  }),
  grpc_config: block('GrpcConfig', { enabled: attr('Enabled') }),
};

const ORIGIN: Spec = {
  origin_id: attr('Id'),
  domain_name: attr('DomainName'),
  origin_path: attr('OriginPath'),
  origin_access_control_id: attr('OriginAccessControlId'),
  connection_attempts: attr('ConnectionAttempts'),
  connection_timeout: attr('ConnectionTimeout'),
  response_completion_timeout: attr('ResponseCompletionTimeout'),
  custom_header: blocks('CustomHeaders', { name: attr('HeaderName'), value: attr('HeaderValue') }),
  custom_origin_config: block('CustomOriginConfig', {
    http_port: attr('HTTPPort'),
    https_port: attr('HTTPSPort'),
    origin_protocol_policy: attr('OriginProtocolPolicy'),
    origin_ssl_protocols: list('OriginSslProtocols'),
    origin_keepalive_timeout: attr('OriginKeepaliveTimeout'),
    origin_read_timeout: attr('OriginReadTimeout'),
    ip_address_type: attr('IpAddressType'),
    // hashicorp/terraform-provider-aws#46421 (6.51): a state records an empty block when unset.
    origin_mtls_config: block('OriginMtlsConfig', { client_certificate_arn: attr('ClientCertificateArn') }),
  }),
  s3_origin_config: block('S3OriginConfig', {
    origin_access_identity: attr('OriginAccessIdentity'),
    origin_read_timeout: attr('OriginReadTimeout'),
  }),
  vpc_origin_config: block('VpcOriginConfig', {
    vpc_origin_id: attr('VpcOriginId'),
    owner_account_id: attr('OwnerAccountId'),
    origin_keepalive_timeout: attr('OriginKeepaliveTimeout'),
    origin_read_timeout: attr('OriginReadTimeout'),
  }),
  origin_shield: block('OriginShield', {
    enabled: attr('Enabled'),
    origin_shield_region: attr('OriginShieldRegion'),
  }),
};

const GEO_RESTRICTION: Spec = {
  restriction_type: attr('RestrictionType'),
  locations: list('Locations'),
};

export const DISTRIBUTION: Spec = {
  aliases: list('Aliases'),
  comment: attr('Comment'),
  default_root_object: attr('DefaultRootObject'),
  enabled: attr('Enabled'),
  http_version: attr('HttpVersion'),
  is_ipv6_enabled: attr('IsIPV6Enabled'),
  price_class: attr('PriceClass'),
  web_acl_id: attr('WebACLId'),
  staging: attr('Staging'),
  continuous_deployment_policy_id: attr('ContinuousDeploymentPolicyId'),
  anycast_ip_list_id: attr('AnycastIpListId'),
  caller_reference: attr('CallerReference'),
  origin: blocks('Origins', ORIGIN),
  origin_group: blocks('OriginGroups', {
    origin_id: attr('Id'),
    failover_criteria: block('FailoverCriteria', { status_codes: list('StatusCodes') }),
    member: blocks('Members', { origin_id: attr('OriginId') }),
    selection_criteria: attr('SelectionCriteria'),
  }),
  default_cache_behavior: block('DefaultCacheBehavior', BEHAVIOR),
  ordered_cache_behavior: blocks('CacheBehaviors', BEHAVIOR),
  custom_error_response: blocks('CustomErrorResponses', {
    error_code: attr('ErrorCode'),
    // The provider sends 0 (what a state records for an unset response_code) as no ResponseCode
    // (expandCustomErrorResponse: `v.(int) != 0 … else ResponseCode = ""`).
    response_code: attr('ResponseCode', (v) =>
      v === null || v === undefined || v === 0 || v === '0' ? undefined : String(v),
    ),
    response_page_path: attr('ResponsePagePath'),
    // The provider's expandCustomErrorResponse sends the argument's zero value: 0 s, not the
    // API's 10 s default (internal/service/cloudfront/distribution_configuration_structure.go).
    error_caching_min_ttl: { api: 'ErrorCachingMinTTL', omitted: 0 },
  }),
  restrictions: block(
    'Restrictions',
    {
      geo_restriction: block('GeoRestriction', GEO_RESTRICTION),
    },
    (value) => {
      const geo = (value as { GeoRestriction?: Json }).GeoRestriction;
      if (!geo) return value;
      const { Locations, ...rest } = geo;
      const items = (Locations as { Items?: unknown[] } | undefined)?.Items ?? [];
      return { GeoRestriction: { ...rest, ...awsList(items) } };
    },
  ),
  viewer_mtls_config: block('ViewerMtlsConfig', {
    mode: attr('Mode'),
    trust_store_config: block('TrustStoreConfig', {
      trust_store_id: attr('TrustStoreId'),
      advertise_trust_store_ca_names: attr('AdvertiseTrustStoreCaNames'),
      ignore_certificate_expiry: attr('IgnoreCertificateExpiry'),
    }),
  }),
  connection_function_association: block('ConnectionFunctionAssociation', { id: attr('Id') }),
  viewer_certificate: block('ViewerCertificate', {
    acm_certificate_arn: attr('ACMCertificateArn'),
    cloudfront_default_certificate: attr('CloudFrontDefaultCertificate'),
    iam_certificate_id: attr('IAMCertificateId'),
    minimum_protocol_version: attr('MinimumProtocolVersion'),
    ssl_support_method: attr('SSLSupportMethod'),
  }),
  logging_config: block(
    'Logging',
    { bucket: attr('Bucket'), include_cookies: attr('IncludeCookies'), prefix: attr('Prefix') },
    (value) => ({ Enabled: true, ...(value as Json) }),
  ),
  // Terraform-only arguments and computed attributes (state and plans print them): no API field.
  tags: TF_ONLY,
  tags_all: TF_ONLY,
  retain_on_delete: TF_ONLY,
  wait_for_deployment: TF_ONLY,
  region: TF_ONLY,
  id: TF_ONLY,
  arn: TF_ONLY,
  domain_name: TF_ONLY,
  etag: TF_ONLY,
  hosted_zone_id: TF_ONLY,
  status: TF_ONLY,
  last_modified_time: TF_ONLY,
  in_progress_validation_batches: TF_ONLY,
  trusted_key_groups: TF_ONLY,
  trusted_signers: TF_ONLY,
};

/**
 * The distribution's arguments of no effect (Terraform-only ones and computed attributes): not
 * evaluated, so a value edgecase cannot read there (`tags = module.labels.tags`) costs nothing.
 */
export const NO_EFFECT_ARGUMENTS: ReadonlySet<string> = new Set(
  Object.entries(DISTRIBUTION)
    // A state's `domain_name` becomes the distribution's domain name (fromTerraform reads it).
    .filter(([key, field]) => field.api === undefined && key !== 'domain_name')
    .map(([key]) => key),
);

/**
 * A DistributionConfig path in the resource's words: `Origins.Items[0].CustomOriginConfig.HTTPPort`
 * → `<address>.origin[0].custom_origin_config.http_port`, through the same table the mapping uses.
 * A part the table does not name stays in the API's words, in parentheses.
 */
export function tfWords(address: string): RenderPath {
  return tfWordsIn(DISTRIBUTION, address);
}

/**
 * A policy's field in the words of the `aws_cloudfront_*_policy` resource a behaviour names by
 * reference (`aws_cloudfront_cache_policy.short.id`): `aws_cloudfront_cache_policy.short.min_ttl`.
 * Undefined for a policy named otherwise (a managed id, an id of a state).
 */
export const tfPolicyWords: PolicyRender = (field, id, path) => {
  const resource = /^(aws_cloudfront_(cache|origin_request|response_headers)_policy\.[\w-]+)\.id$/.exec(id);
  if (!resource) return undefined;
  const spec = {
    cache: CACHE_POLICY,
    origin_request: ORIGIN_REQUEST_POLICY,
    response_headers: RESPONSE_HEADERS_POLICY,
  }[resource[2] as 'cache'];
  const kind = {
    CachePolicyId: 'cache',
    OriginRequestPolicyId: 'origin_request',
    ResponseHeadersPolicyId: 'response_headers',
  }[field];
  return kind === resource[2] ? tfWordsIn(spec, resource[1] as string)(path) : undefined;
};

function tfWordsIn(root: Spec, address: string): RenderPath {
  return (path) => {
    let out = address;
    let spec: Spec | undefined = root;
    let at = 0;
    while (at < path.length && spec !== undefined) {
      let name = path[at];
      // Terraform writes cached_methods beside allowed_methods; geo locations as `locations`.
      if (name === 'AllowedMethods' && path[at + 1] === 'CachedMethods') name = path[++at];
      if (name === 'Items' && spec === GEO_RESTRICTION) name = 'Locations';
      const fields: Spec = spec;
      const key = Object.keys(fields).find((k) => fields[k]?.api === name);
      if (key === undefined) break;
      const field = fields[key] as Field;
      out += `.${key}`;
      at++;
      if (field.kind === 'blocks' || field.kind === 'list') {
        if (path[at] === 'Items') at++;
        if (typeof path[at] === 'number') out += `[${path[at++]}]`;
      }
      spec = field.kind === 'list' ? undefined : field.spec;
    }
    return at < path.length ? `${out} (${formatApiPath(path.slice(at)).slice(1)})` : out;
  };
}

/** A resolved `aws_cloudfront_distribution` body in the API's `DistributionConfig` shape. */
export function distributionConfigFromTf(body: Json, path: string): Json {
  const config = apiShape(body, DISTRIBUTION, path);
  const behavior = config.DefaultCacheBehavior as Json | undefined;
  if (behavior) config.DefaultCacheBehavior = legacyTtls(behaviorMethods(behavior));
  const ordered = config.CacheBehaviors as { Items: Json[] } | undefined;
  if (ordered) config.CacheBehaviors = awsList(ordered.Items.map((b) => legacyTtls(behaviorMethods(b))));
  return config;
}

/**
 * A behaviour without `cache_policy_id` (legacy cache settings): the provider sends MinTTL,
 * DefaultTTL and MaxTTL from the configuration, 0 for each one left out (`default_ttl` and
 * `max_ttl` are Optional + Computed without a default), not the API's 86,400 s and one year. So
 * a behaviour that leaves out `max_ttl` caches nothing past MaxTTL 0 (hashicorp/terraform-provider-aws
 * #21677, #19382: every request goes to the origin). With a cache policy the provider sends no TTLs.
 */
function legacyTtls(behavior: Json): Json {
  if (behavior.CachePolicyId !== undefined && behavior.CachePolicyId !== '') {
    // A state or plan records 0 for each TTL of a behaviour with a cache policy; the provider sends
    // none of them to the API then.
    for (const ttl of ['MinTTL', 'DefaultTTL', 'MaxTTL']) delete behavior[ttl];
    return behavior;
  }
  for (const ttl of ['MinTTL', 'DefaultTTL', 'MaxTTL']) if (behavior[ttl] === undefined) behavior[ttl] = 0;
  return behavior;
}

/** Terraform has `cached_methods` beside `allowed_methods`; the API nests CachedMethods inside. */
function behaviorMethods(behavior: Json): Json {
  const { CachedMethods, ...rest } = behavior;
  if (CachedMethods !== undefined && rest.AllowedMethods !== undefined)
    rest.AllowedMethods = { ...(rest.AllowedMethods as Json), CachedMethods };
  return rest;
}

/** A resource's body in the API's shape, with numbers and Booleans written as text as their values. */
function apiShape(body: Json, spec: Spec, path: string): Json {
  return textScalars(mapBlock(body, spec, path)) as Json;
}

function mapBlock(body: Json, spec: Spec, path: string): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(body)) {
    const field = spec[key];
    if (field === undefined) {
      if (META.has(key)) continue;
      const suggestion = didYouMean(key, Object.keys(spec));
      invalid(
        'InvalidOption',
        `${path} has an unknown argument ${describe(key)}`,
        `one of ${Object.keys(spec).join(', ')}`,
        key,
        suggestion
          ? `Did you mean ${describe(suggestion)}?`
          : 'If the AWS provider has added this argument, please report it so edgecase can classify it.',
      );
    }
    if (field.api === undefined || value === null || value === undefined) continue;
    let mapped: unknown;
    if (field.kind === 'list') {
      mapped = awsList(asArray(value, `${path}.${key}`));
    } else if (field.kind === 'block' || field.kind === 'blocks') {
      const items = asArray(value, `${path}.${key}`);
      if (field.kind === 'block') {
        if (items.length === 0) continue;
        if (items.length > 1)
          invalid('InvalidOption', `${path}.${key}`, 'one block', `${items.length} blocks`);
        mapped = mapBlock(object(items[0], `${path}.${key}[0]`), field.spec ?? {}, `${path}.${key}[0]`);
      } else {
        mapped = awsList(
          items.map((item, i) =>
            mapBlock(object(item, `${path}.${key}[${i}]`), field.spec ?? {}, `${path}.${key}[${i}]`),
          ),
        );
      }
    } else mapped = value;
    const converted = field.convert ? field.convert(mapped) : mapped;
    if (converted !== undefined) out[field.api] = converted;
  }
  for (const field of Object.values(spec))
    if (field.omitted !== undefined && field.api !== undefined && out[field.api] === undefined)
      out[field.api] = field.omitted;
  return out;
}

/** Terraform JSON writes a single nested block as an object or as a list of one. */
function asArray(value: unknown, path: string): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === 'object' && value !== null) return [value];
  return invalid('InvalidOption', path, 'a list or block', value);
}

function object(value: unknown, path: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    invalid('InvalidOption', path, 'a block', value);
  return value as Json;
}

const NAMES = (api: string, key: string): Field =>
  block(api, { items: list(key) }, (value) => (value as Json)[key]);

/** The cookie, header and query string lists a cache policy and an origin request policy share. */
const POLICY_LISTS: Spec = {
  cookies_config: block('CookiesConfig', {
    cookie_behavior: attr('CookieBehavior'),
    cookies: NAMES('Cookies', 'Cookies'),
  }),
  headers_config: block('HeadersConfig', {
    header_behavior: attr('HeaderBehavior'),
    headers: NAMES('Headers', 'Headers'),
  }),
  query_strings_config: block('QueryStringsConfig', {
    query_string_behavior: attr('QueryStringBehavior'),
    query_strings: NAMES('QueryStrings', 'QueryStrings'),
  }),
};

const CACHE_POLICY: Spec = {
  name: attr('Name'),
  comment: attr('Comment'),
  min_ttl: attr('MinTTL'),
  default_ttl: attr('DefaultTTL'),
  max_ttl: attr('MaxTTL'),
  parameters_in_cache_key_and_forwarded_to_origin: block('ParametersInCacheKeyAndForwardedToOrigin', {
    enable_accept_encoding_gzip: attr('EnableAcceptEncodingGzip'),
    enable_accept_encoding_brotli: attr('EnableAcceptEncodingBrotli'),
    ...POLICY_LISTS,
  }),
  id: TF_ONLY,
  arn: TF_ONLY,
  etag: TF_ONLY,
  region: TF_ONLY,
};

/** A resolved `aws_cloudfront_cache_policy` body as the API's `CachePolicyConfig`. */
export function cachePolicyConfigFromTf(body: Json, path: string): Json {
  return apiShape(body, CACHE_POLICY, path);
}

const POLICY_META: Spec = { id: TF_ONLY, arn: TF_ONLY, etag: TF_ONLY, region: TF_ONLY };

// registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudfront_origin_request_policy
const ORIGIN_REQUEST_POLICY: Spec = {
  name: attr('Name'),
  comment: attr('Comment'),
  ...POLICY_LISTS,
  ...POLICY_META,
};

const OVERRIDE = { override: attr('Override') };
// registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudfront_response_headers_policy
const RESPONSE_HEADERS_POLICY: Spec = {
  name: attr('Name'),
  comment: attr('Comment'),
  cors_config: block('CorsConfig', {
    access_control_allow_credentials: attr('AccessControlAllowCredentials'),
    access_control_allow_headers: NAMES('AccessControlAllowHeaders', 'Items'),
    access_control_allow_methods: NAMES('AccessControlAllowMethods', 'Items'),
    access_control_allow_origins: NAMES('AccessControlAllowOrigins', 'Items'),
    access_control_expose_headers: NAMES('AccessControlExposeHeaders', 'Items'),
    access_control_max_age_sec: attr('AccessControlMaxAgeSec'),
    origin_override: attr('OriginOverride'),
  }),
  custom_headers_config: block('CustomHeadersConfig', {
    items: blocks('Items', { header: attr('Header'), value: attr('Value'), ...OVERRIDE }),
  }),
  remove_headers_config: block('RemoveHeadersConfig', { items: blocks('Items', { header: attr('Header') }) }),
  security_headers_config: block('SecurityHeadersConfig', {
    content_security_policy: block('ContentSecurityPolicy', {
      content_security_policy: attr('ContentSecurityPolicy'),
      ...OVERRIDE,
    }),
    content_type_options: block('ContentTypeOptions', OVERRIDE),
    frame_options: block('FrameOptions', { frame_option: attr('FrameOption'), ...OVERRIDE }),
    referrer_policy: block('ReferrerPolicy', { referrer_policy: attr('ReferrerPolicy'), ...OVERRIDE }),
    strict_transport_security: block('StrictTransportSecurity', {
      access_control_max_age_sec: attr('AccessControlMaxAgeSec'),
      include_subdomains: attr('IncludeSubdomains'),
      preload: attr('Preload'),
      ...OVERRIDE,
    }),
    xss_protection: block('XSSProtection', {
      mode_block: attr('ModeBlock'),
      protection: attr('Protection'),
      report_uri: attr('ReportUri'),
      ...OVERRIDE,
    }),
  }),
  server_timing_headers_config: block('ServerTimingHeadersConfig', {
    enabled: attr('Enabled'),
    sampling_rate: attr('SamplingRate'),
  }),
  ...POLICY_META,
};

/** A resolved `aws_cloudfront_origin_request_policy` body as the API's `OriginRequestPolicyConfig`. */
export function originRequestPolicyConfigFromTf(body: Json, path: string): Json {
  return apiShape(body, ORIGIN_REQUEST_POLICY, path);
}

/** A resolved `aws_cloudfront_response_headers_policy` body as the API's `ResponseHeadersPolicyConfig`. */
export function responseHeadersPolicyConfigFromTf(body: Json, path: string): Json {
  return apiShape(body, RESPONSE_HEADERS_POLICY, path);
}

/** Says that a Terraform value could not be mapped because it is not the block it should be. */
export function notADistribution(path: string, got: unknown): never {
  throw new EdgecaseError(
    'InvalidOption',
    `${path}: expected an aws_cloudfront_distribution body, got ${describe(got)}.`,
    {
      value: got,
    },
  );
}
