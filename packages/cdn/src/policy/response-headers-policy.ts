import { describe, EdgecaseError, invalid } from '../errors.js';
import { checkArray, checkBoolean, checkInteger, checkObject, checkString } from '../options/checks.js';
import type {
  CorsMethod,
  ManagedResponseHeadersPolicyName,
  PolicyHeader,
  ReferrerPolicyValue,
  ResolvedCors,
  ResolvedResponseHeadersPolicy,
  ResponseHeadersCorsConfig,
  ResponseHeadersPolicyConfig,
  ResponseHeadersPolicyInput,
  SecurityHeadersConfig,
} from '../options/header-policy-types.js';
import { checkOptionKeys, optionKeys } from '../options/strict-keys.js';

/**
 * Response headers policies (§16 CFDG modifying-response-headers, understanding-response-headers-policies,
 * using-managed-response-headers-policies): headers CloudFront removes from and adds to what it sends
 * the viewer. They are applied on the way out, to hits and misses alike, and are never part of the
 * cached object: a hit gets the headers of the policy its behaviour has now.
 */

export type {
  CorsMethod,
  ManagedResponseHeadersPolicyName,
  PolicyHeader,
  ReferrerPolicyValue,
  ResolvedCors,
  ResolvedResponseHeadersPolicy,
  ResponseHeadersCorsConfig,
  ResponseHeadersPolicyConfig,
  ResponseHeadersPolicyInput,
  SecurityHeadersConfig,
} from '../options/header-policy-types.js';

const CODE = 'InvalidResponseHeadersPolicy';
const ALL_METHODS = 'DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT';

// §16 using-managed-response-headers-policies. SimpleCORS's table was read (Access-Control-Allow-Origin:
// *, no override). The others' per-header values are UNCONFIRMED: the plausible values of the facts file.
const SIMPLE_CORS: ResponseHeadersCorsConfig = {
  accessControlAllowOrigins: ['*'],
  accessControlAllowHeaders: ['*'],
  accessControlAllowMethods: ['ALL'],
  accessControlAllowCredentials: false,
  originOverride: false,
};
const CORS_WITH_PREFLIGHT: ResponseHeadersCorsConfig = {
  accessControlAllowOrigins: ['*'],
  accessControlAllowHeaders: ['*'],
  accessControlAllowMethods: ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'],
  accessControlAllowCredentials: false,
  accessControlExposeHeaders: ['*'],
  originOverride: false,
};
const SECURITY: SecurityHeadersConfig = {
  contentTypeOptions: { override: true },
  frameOptions: { frameOption: 'SAMEORIGIN', override: false },
  referrerPolicy: { referrerPolicy: 'strict-origin-when-cross-origin', override: false },
  strictTransportSecurity: { accessControlMaxAgeSec: 31_536_000, override: false },
  xssProtection: { protection: true, modeBlock: true, override: false },
};
const MANAGED_ROWS: Readonly<
  Record<ManagedResponseHeadersPolicyName, [string, ResponseHeadersPolicyConfig]>
> = {
  SimpleCORS: ['60669652-455b-4ae9-85a4-c4c02393f86c', { corsConfig: SIMPLE_CORS }],
  'CORS-With-Preflight': ['5cc3b908-e619-4b99-88e5-2cf7f45965bd', { corsConfig: CORS_WITH_PREFLIGHT }],
  SecurityHeadersPolicy: ['67f7725c-6f97-4210-82d7-5512b31e9d03', { securityHeadersConfig: SECURITY }],
  'CORS-and-SecurityHeadersPolicy': [
    'e61eb60c-9c35-4d20-a928-2b84e02af89c',
    { corsConfig: SIMPLE_CORS, securityHeadersConfig: SECURITY },
  ],
  'CORS-with-preflight-and-SecurityHeadersPolicy': [
    'eaab4381-ed33-4a86-88ca-d9558dc6cd63',
    { corsConfig: CORS_WITH_PREFLIGHT, securityHeadersConfig: SECURITY },
  ],
};

export const managedResponseHeadersPolicyNames = Object.keys(
  MANAGED_ROWS,
) as ManagedResponseHeadersPolicyName[];

/** Resolves a managed response headers policy (name or id) or a custom `ResponseHeadersPolicyConfig`. */
export function resolveResponseHeadersPolicy(
  input: ResponseHeadersPolicyInput,
  what: string,
): ResolvedResponseHeadersPolicy {
  if (typeof input === 'string') {
    const managed = findManagedResponseHeadersPolicy(input);
    if (managed) return managed;
    throw new EdgecaseError(
      'NoSuchResponseHeadersPolicy',
      `${what}: expected a managed response headers policy name or id (${managedResponseHeadersPolicyNames.join(', ')}), got ${describe(input)}.`,
      {
        value: input,
        hint: 'For a custom policy pass a ResponseHeadersPolicyConfig object instead of a string.',
      },
    );
  }
  return Object.freeze(resolveConfig(input, what));
}

const POLICY_KEYS = optionKeys<ResponseHeadersPolicyConfig>()([
  'name',
  'comment',
  'corsConfig',
  'securityHeadersConfig',
  'customHeadersConfig',
  'removeHeadersConfig',
  'serverTimingHeadersConfig',
]);
const CORS_KEYS = optionKeys<ResponseHeadersCorsConfig>()([
  'accessControlAllowOrigins',
  'accessControlAllowHeaders',
  'accessControlAllowMethods',
  'accessControlAllowCredentials',
  'accessControlExposeHeaders',
  'accessControlMaxAgeSec',
  'originOverride',
]);
const SECURITY_KEYS = optionKeys<SecurityHeadersConfig>()([
  'contentSecurityPolicy',
  'contentTypeOptions',
  'frameOptions',
  'referrerPolicy',
  'strictTransportSecurity',
  'xssProtection',
]);
const CORS_METHODS: readonly CorsMethod[] = [
  'GET',
  'DELETE',
  'HEAD',
  'OPTIONS',
  'PATCH',
  'POST',
  'PUT',
  'ALL',
];
const REFERRER_POLICIES: readonly ReferrerPolicyValue[] = [
  'no-referrer',
  'no-referrer-when-downgrade',
  'origin',
  'origin-when-cross-origin',
  'same-origin',
  'strict-origin',
  'strict-origin-when-cross-origin',
  'unsafe-url',
];
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// §16 understanding-response-headers-policies: a wildcard only as the leftmost label.
const ALLOWED_ORIGIN = /^(\*|(https?:\/\/)?(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*(:\d+)?)$/;
// §16 RemoveHeadersConfig: headers CloudFront does not let a policy remove.
const NOT_REMOVABLE = new Set([
  'connection',
  'content-encoding',
  'content-length',
  'expect',
  'host',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'via',
  'warning',
  'x-accel-buffering',
  'x-accel-charset',
  'x-accel-limit-rate',
  'x-accel-redirect',
  'x-amzn-auth',
  'x-amzn-cf-billing',
  'x-amzn-cf-id',
  'x-amzn-cf-xff',
  'x-amzn-errortype',
  'x-amzn-fle-profile',
  'x-amzn-header-count',
  'x-amzn-header-order',
  'x-amzn-lambda-integration-tag',
  'x-amzn-requestid',
  'x-cache',
  'x-forwarded-proto',
  'x-real-ip',
]);
// §16 cloudfront-limits: 10 custom headers per policy; CSP at most 1,783 characters.
const MAX_CUSTOM_HEADERS = 10;
const MAX_CSP_LENGTH = 1783;

function resolveConfig(input: unknown, what: string): Omit<ResolvedResponseHeadersPolicy, never> {
  checkObject(input, CODE, what);
  checkOptionKeys(input, POLICY_KEYS, what, CODE);
  const config = input as ResponseHeadersPolicyConfig;
  const name = config.name === undefined ? what : checkString(config.name, CODE, `${what}.name`);
  if (config.comment !== undefined && typeof config.comment !== 'string')
    invalid(CODE, `${what}.comment`, 'a string', config.comment);
  const cors =
    config.corsConfig === undefined ? undefined : resolveCors(config.corsConfig, `${what}.corsConfig`);
  const headers: PolicyHeader[] = [];
  if (config.securityHeadersConfig !== undefined)
    headers.push(...securityHeaders(config.securityHeadersConfig, `${what}.securityHeadersConfig`));
  if (config.customHeadersConfig !== undefined)
    headers.push(...customHeaders(config.customHeadersConfig, `${what}.customHeadersConfig`));
  const remove = new Set<string>();
  if (config.removeHeadersConfig !== undefined) {
    const at = `${what}.removeHeadersConfig`;
    checkObject(config.removeHeadersConfig, CODE, at);
    checkOptionKeys(config.removeHeadersConfig, ['items'], at, CODE);
    checkArray(config.removeHeadersConfig.items, CODE, `${at}.items`).forEach((item, i) => {
      const itemAt = `${at}.items[${i}]`;
      checkObject(item, CODE, itemAt);
      checkOptionKeys(item, ['header'], itemAt, CODE);
      const header = headerName(item.header, `${itemAt}.header`);
      if (NOT_REMOVABLE.has(header) || header.startsWith('x-amz-cf-') || header.startsWith('x-edge-')) {
        invalid(
          CODE,
          `${itemAt}.header`,
          'a header CloudFront lets a policy remove',
          item.header,
          'CloudFront refuses to remove hop-by-hop headers and its own X-Amz-Cf-*, X-Cache and X-Edge-* headers.',
        );
      }
      remove.add(header);
    });
  }
  let serverTimingSamplingRate: number | undefined;
  if (config.serverTimingHeadersConfig !== undefined) {
    const at = `${what}.serverTimingHeadersConfig`;
    const st = config.serverTimingHeadersConfig;
    checkObject(st, CODE, at);
    checkOptionKeys(st, ['enabled', 'samplingRate'], at, CODE);
    const enabled = checkBoolean(st.enabled, CODE, `${at}.enabled`);
    // §16 #server-timing-header: SamplingRate 0–100 with up to four decimals.
    const rate = st.samplingRate ?? 0;
    if (
      typeof rate !== 'number' ||
      !(rate >= 0 && rate <= 100) ||
      Math.round(rate * 10_000) !== rate * 10_000
    )
      invalid(CODE, `${at}.samplingRate`, 'a number from 0 to 100 with at most 4 decimals', st.samplingRate);
    if (enabled) serverTimingSamplingRate = rate;
  }
  return { id: `custom:${name}`, name, managed: false, cors, headers, remove, serverTimingSamplingRate };
}

function headerName(value: unknown, at: string): string {
  const name = checkString(value, CODE, at);
  if (!HEADER_NAME.test(name)) invalid(CODE, at, 'an HTTP header name (letters, digits, -)', value);
  return name.toLowerCase();
}

function names(list: unknown, at: string, allowStar: boolean): string[] {
  return checkArray(list, CODE, at).map((item, i) =>
    allowStar && item === '*' ? '*' : headerName(item, `${at}[${i}]`),
  );
}

function resolveCors(input: unknown, what: string): ResolvedCors {
  checkObject(input, CODE, what);
  checkOptionKeys(input, CORS_KEYS, what, CODE);
  const cors = input as unknown as ResponseHeadersCorsConfig;
  const origins = checkArray(cors.accessControlAllowOrigins, CODE, `${what}.accessControlAllowOrigins`).map(
    (origin, i) => {
      const at = `${what}.accessControlAllowOrigins[${i}]`;
      const lower = checkString(origin, CODE, at).toLowerCase();
      if (!ALLOWED_ORIGIN.test(lower))
        invalid(
          CODE,
          at,
          '"*", an origin such as "https://example.org", or "*.example.org" (a wildcard only as the leftmost label)',
          origin,
        );
      return lower;
    },
  );
  if (origins.length === 0)
    invalid(CODE, `${what}.accessControlAllowOrigins`, 'at least one origin', cors.accessControlAllowOrigins);
  const allowHeaders = names(cors.accessControlAllowHeaders, `${what}.accessControlAllowHeaders`, true);
  // §16 (CloudFormation, third-party report): AccessControlAllowHeaders cannot be empty.
  if (allowHeaders.length === 0)
    invalid(
      CODE,
      `${what}.accessControlAllowHeaders`,
      'at least one header name or "*"',
      cors.accessControlAllowHeaders,
    );
  const methods = checkArray(cors.accessControlAllowMethods, CODE, `${what}.accessControlAllowMethods`).map(
    (m, i) => {
      if (!CORS_METHODS.includes(m as CorsMethod))
        invalid(CODE, `${what}.accessControlAllowMethods[${i}]`, `one of ${CORS_METHODS.join(', ')}`, m);
      return m as CorsMethod;
    },
  );
  if (methods.length === 0)
    invalid(
      CODE,
      `${what}.accessControlAllowMethods`,
      'at least one method or "ALL"',
      cors.accessControlAllowMethods,
    );
  const expose =
    cors.accessControlExposeHeaders === undefined
      ? []
      : names(cors.accessControlExposeHeaders, `${what}.accessControlExposeHeaders`, true);
  const maxAge =
    cors.accessControlMaxAgeSec === undefined
      ? undefined
      : checkInteger(cors.accessControlMaxAgeSec, 0, 2_147_483_647, CODE, `${what}.accessControlMaxAgeSec`);
  return {
    allowOrigins: origins,
    allowHeaders: allowHeaders.join(', '),
    allowMethods: methods.includes('ALL') ? ALL_METHODS : methods.join(', '),
    allowCredentials: checkBoolean(
      cors.accessControlAllowCredentials,
      CODE,
      `${what}.accessControlAllowCredentials`,
    ),
    exposeHeaders: expose.length === 0 ? undefined : expose.join(', '),
    maxAgeSeconds: maxAge,
    originOverride: checkBoolean(cors.originOverride, CODE, `${what}.originOverride`),
  };
}

function securityHeaders(input: unknown, what: string): PolicyHeader[] {
  checkObject(input, CODE, what);
  checkOptionKeys(input, SECURITY_KEYS, what, CODE);
  const config = input as SecurityHeadersConfig;
  const out: PolicyHeader[] = [];
  const part = <K extends keyof SecurityHeadersConfig>(key: K, keys: readonly string[]) => {
    const value = config[key];
    if (value === undefined) return undefined;
    checkObject(value, CODE, `${what}.${key}`);
    checkOptionKeys(value, keys, `${what}.${key}`, CODE);
    return {
      value: value as NonNullable<SecurityHeadersConfig[K]>,
      override: checkBoolean(value.override, CODE, `${what}.${key}.override`),
    };
  };
  const csp = part('contentSecurityPolicy', ['contentSecurityPolicy', 'override']);
  if (csp) {
    const value = checkString(
      csp.value.contentSecurityPolicy,
      CODE,
      `${what}.contentSecurityPolicy.contentSecurityPolicy`,
    );
    if (value.length > MAX_CSP_LENGTH)
      invalid(
        CODE,
        `${what}.contentSecurityPolicy.contentSecurityPolicy`,
        `at most ${MAX_CSP_LENGTH} characters`,
        `${value.length} characters`,
      );
    out.push({ name: 'content-security-policy', value, override: csp.override });
  }
  const cto = part('contentTypeOptions', ['override']);
  if (cto) out.push({ name: 'x-content-type-options', value: 'nosniff', override: cto.override });
  const frame = part('frameOptions', ['frameOption', 'override']);
  if (frame) {
    if (frame.value.frameOption !== 'DENY' && frame.value.frameOption !== 'SAMEORIGIN')
      invalid(CODE, `${what}.frameOptions.frameOption`, '"DENY" or "SAMEORIGIN"', frame.value.frameOption);
    out.push({ name: 'x-frame-options', value: frame.value.frameOption, override: frame.override });
  }
  const referrer = part('referrerPolicy', ['referrerPolicy', 'override']);
  if (referrer) {
    if (!REFERRER_POLICIES.includes(referrer.value.referrerPolicy))
      invalid(
        CODE,
        `${what}.referrerPolicy.referrerPolicy`,
        `one of ${REFERRER_POLICIES.join(', ')}`,
        referrer.value.referrerPolicy,
      );
    out.push({ name: 'referrer-policy', value: referrer.value.referrerPolicy, override: referrer.override });
  }
  const hsts = part('strictTransportSecurity', [
    'accessControlMaxAgeSec',
    'includeSubdomains',
    'preload',
    'override',
  ]);
  if (hsts) {
    const at = `${what}.strictTransportSecurity`;
    let value = `max-age=${checkInteger(hsts.value.accessControlMaxAgeSec, 0, 2_147_483_647, CODE, `${at}.accessControlMaxAgeSec`)}`;
    if (
      hsts.value.includeSubdomains !== undefined &&
      checkBoolean(hsts.value.includeSubdomains, CODE, `${at}.includeSubdomains`)
    )
      value += '; includeSubDomains';
    if (hsts.value.preload !== undefined && checkBoolean(hsts.value.preload, CODE, `${at}.preload`))
      value += '; preload';
    out.push({ name: 'strict-transport-security', value, override: hsts.override });
  }
  const xss = part('xssProtection', ['protection', 'modeBlock', 'reportUri', 'override']);
  if (xss) {
    const at = `${what}.xssProtection`;
    const on = checkBoolean(xss.value.protection, CODE, `${at}.protection`);
    const block =
      xss.value.modeBlock === undefined ? false : checkBoolean(xss.value.modeBlock, CODE, `${at}.modeBlock`);
    const report =
      xss.value.reportUri === undefined
        ? undefined
        : checkString(xss.value.reportUri, CODE, `${at}.reportUri`);
    // §16: mode=block or report=<uri>, not both; neither when protection is off.
    if (block && report !== undefined) invalid(CODE, at, 'modeBlock or reportUri, not both', xss.value);
    if (!on && (block || report !== undefined))
      invalid(CODE, at, 'no modeBlock or reportUri while protection is false', xss.value);
    const value = !on ? '0' : block ? '1; mode=block' : report !== undefined ? `1; report=${report}` : '1';
    out.push({ name: 'x-xss-protection', value, override: xss.override });
  }
  return out;
}

function customHeaders(input: unknown, what: string): PolicyHeader[] {
  checkObject(input, CODE, what);
  checkOptionKeys(input, ['items'], what, CODE);
  const items = checkArray(input.items, CODE, `${what}.items`);
  if (items.length > MAX_CUSTOM_HEADERS)
    invalid(
      CODE,
      `${what}.items`,
      `at most ${MAX_CUSTOM_HEADERS} headers (CloudFront's quota)`,
      `${items.length} headers`,
    );
  return items.map((item, i) => {
    const at = `${what}.items[${i}]`;
    checkObject(item, CODE, at);
    checkOptionKeys(item, ['header', 'value', 'override'], at, CODE);
    // §16: the value may be empty.
    if (typeof item.value !== 'string') invalid(CODE, `${at}.value`, 'a string (may be empty)', item.value);
    return {
      name: headerName(item.header, `${at}.header`),
      value: item.value,
      override: checkBoolean(item.override, CODE, `${at}.override`),
    };
  });
}

/** The managed response headers policies by name, resolved. */
export const managedResponseHeadersPolicies: Readonly<
  Record<ManagedResponseHeadersPolicyName, ResolvedResponseHeadersPolicy>
> = Object.freeze(
  Object.fromEntries(
    Object.entries(MANAGED_ROWS).map(([name, [id, config]]) => [
      name,
      Object.freeze({
        ...resolveConfig(config, `Managed-${name}`),
        id,
        name: `Managed-${name}`,
        managed: true,
      }),
    ]),
  ) as unknown as Record<ManagedResponseHeadersPolicyName, ResolvedResponseHeadersPolicy>,
);

/** A managed response headers policy by name, `Managed-` name or id. */
export function findManagedResponseHeadersPolicy(
  nameOrId: string,
): ResolvedResponseHeadersPolicy | undefined {
  const name = nameOrId.startsWith('Managed-') ? nameOrId.slice('Managed-'.length) : nameOrId;
  const byName = (managedResponseHeadersPolicies as Record<string, ResolvedResponseHeadersPolicy>)[name];
  if (byName) return byName;
  return Object.values(managedResponseHeadersPolicies).find((p) => p.id === nameOrId);
}
