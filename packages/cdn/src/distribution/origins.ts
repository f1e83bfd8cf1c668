import { describe, EdgecaseError, invalid } from '../errors.js';
import {
  checkBoolean,
  checkInteger,
  checkKeys,
  checkObject,
  checkRegion,
  isPlainObject,
} from '../options/checks.js';
import type {
  DistributionOptions,
  OriginAccessControlOptions,
  OriginOptions,
  ResolvedOrigin,
  ResolvedOriginAccess,
  SigningBehavior,
} from '../options/config-types.js';
import { checkOptionKeys, optionKeys } from '../options/strict-keys.js';
import type { Origin } from '../origin/types.js';
import { ttlInputToMs } from '../policy/ttl-input.js';

const CODE = 'InvalidOrigin';

// §8 CFDG distribution-web-values-specify; high_availability_origin_failover; cloudfront-limits:
// connection attempts 1–3 (default 3), connection timeout 1–10 s (default 10), response (read)
// timeout 1–120 s (default 30), which cannot be changed for S3 REST origins.
export const DEFAULT_CONNECTION_ATTEMPTS = 3;
export const DEFAULT_CONNECTION_TIMEOUT_MS = 10_000;
export const DEFAULT_ORIGIN_READ_TIMEOUT_MS = 30_000;
const MAX_CONNECTION_TIMEOUT_MS = 10_000;
const MAX_ORIGIN_READ_TIMEOUT_MS = 120_000;

// §7 CFDG origin-shield (2023 snapshot): the Regions Origin Shield is offered in.
export const ORIGIN_SHIELD_REGIONS: readonly string[] = Object.freeze([
  'us-east-1',
  'us-east-2',
  'us-west-2',
  'ap-south-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'eu-central-1',
  'eu-west-1',
  'eu-west-2',
  'sa-east-1',
]);

const OPTION_KEYS = [
  'origin',
  'kind',
  'domainName',
  'region',
  'originShield',
  'connectionAttempts',
  'connectionTimeout',
  'originReadTimeout',
  'originPath',
  'customHeaders',
  'originProtocolPolicy',
  'httpPort',
  'httpsPort',
  'originAccessControl',
  'originAccessIdentity',
];
// §8 CFDG distribution-web-values-specify #DownloadDistValuesOriginProtocolPolicy, #DownloadDistValuesHTTPPort.
const ORIGIN_PROTOCOL_POLICIES = ['http-only', 'https-only', 'match-viewer'] as const;

// §15 CFDG add-origin-custom-headers: headers an origin's custom headers may not set.
const DISALLOWED_CUSTOM_HEADERS = new Set([
  'cache-control',
  'connection',
  'content-length',
  'cookie',
  'host',
  'if-match',
  'if-modified-since',
  'if-none-match',
  'if-range',
  'if-unmodified-since',
  'max-forwards',
  'pragma',
  'proxy-authorization',
  'proxy-connection',
  'range',
  'request-range',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'via',
  'x-real-ip',
]);
// §15 cloudfront-limits: 10 custom headers per origin, names ≤ 256 characters, values ≤ 1,783, all
// names and values together ≤ 10,240.
const MAX_CUSTOM_HEADERS = 10;
const MAX_CUSTOM_HEADER_NAME = 256;
const MAX_CUSTOM_HEADER_VALUE = 1783;
const MAX_CUSTOM_HEADERS_TOTAL = 10_240;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// §15 #DownloadDistValuesOriginPath: begins with "/", does not end with "/", URL-encoded (no spaces,
// "?" or "#"); at most 255 characters (the Lambda@Edge origin.path limit).
const ORIGIN_PATH = /^(\/[A-Za-z0-9\-._~!$&'()*+,;=:@%]+)+$/;

/** A bare `Origin` is told apart from `OriginOptions` by its `fetch` function. */
export function isOrigin(value: unknown): value is Origin {
  return (
    typeof value === 'object' && value !== null && typeof (value as { fetch?: unknown }).fetch === 'function'
  );
}

/** Resolves `origin` (id `origin`) or the `origins` record, in the record's order. */
export function resolveOrigins(options: DistributionOptions): Map<string, ResolvedOrigin> {
  const { origin, origins } = options;
  if (origin !== undefined && origins !== undefined) {
    invalid(CODE, 'origin and origins', 'one of them, not both', {
      origin: 'given',
      origins: Object.keys(origins),
    });
  }
  const entries: [string, unknown][] =
    origin !== undefined ? [['origin', origin]] : isPlainObject(origins) ? Object.entries(origins) : [];
  if (origins !== undefined && !isPlainObject(origins)) {
    invalid(CODE, 'origins', 'a record of origin id to Origin or OriginOptions', origins);
  }
  if (entries.length === 0) {
    invalid(
      CODE,
      'origin',
      'an Origin (e.g. memoryOrigin()) or a non-empty origins record',
      origins ?? origin,
      'Pass `origin` for one origin or `origins: { id: origin }` for several.',
    );
  }
  const resolved = new Map<string, ResolvedOrigin>();
  for (const [id, entry] of entries) {
    resolved.set(id, resolveOrigin(id, entry, origin !== undefined ? 'origin' : `origins.${id}`));
  }
  return resolved;
}

export function resolveOrigin(id: string, entry: unknown, what: string): ResolvedOrigin {
  if (id.length === 0) invalid(CODE, 'origins', 'non-empty origin ids', id);
  const options: OriginOptions = isOrigin(entry) ? { origin: entry } : (entry as OriginOptions);
  checkObject(options, CODE, what);
  checkKeys(options, OPTION_KEYS, CODE, what);
  if (!isOrigin(options.origin)) {
    invalid(
      CODE,
      `${what}.origin`,
      'an Origin with a fetch function (memoryOrigin(), httpOrigin(url), s3Origin(...))',
      options.origin,
    );
  }
  const kind = options.kind ?? options.origin.kind;
  if (kind !== 's3' && kind !== 'custom')
    invalid(CODE, `${what}.${options.kind === undefined ? 'origin.kind' : 'kind'}`, '"s3" or "custom"', kind);
  const connectionAttempts =
    options.connectionAttempts === undefined
      ? DEFAULT_CONNECTION_ATTEMPTS
      : checkInteger(options.connectionAttempts, 1, 3, CODE, `${what}.connectionAttempts`);
  const connectionTimeoutMs =
    options.connectionTimeout === undefined
      ? DEFAULT_CONNECTION_TIMEOUT_MS
      : inRange(
          ttlInputToMs(options.connectionTimeout, `${what}.connectionTimeout`, CODE),
          MAX_CONNECTION_TIMEOUT_MS,
          options.connectionTimeout,
          `${what}.connectionTimeout`,
        );
  let readTimeoutMs = DEFAULT_ORIGIN_READ_TIMEOUT_MS;
  if (options.originReadTimeout !== undefined) {
    const at = `${what}.originReadTimeout`;
    readTimeoutMs = inRange(
      ttlInputToMs(options.originReadTimeout, at, CODE),
      MAX_ORIGIN_READ_TIMEOUT_MS,
      options.originReadTimeout,
      at,
    );
    // API_S3OriginConfig (OriginReadTimeout, added in 2025): an S3 origin's response timeout is set
    // as a custom origin's is (it was fixed at 30 s, CFDG RequestAndResponseBehaviorS3Origin).
  }
  // The Region given here, or the one the origin knows (an s3Origin's bucket Region).
  const regionInput = options.region ?? options.origin.region;
  const region = regionInput === undefined ? undefined : checkRegion(regionInput, CODE, `${what}.region`);
  if (
    options.domainName !== undefined &&
    (typeof options.domainName !== 'string' || options.domainName === '')
  )
    invalid(
      CODE,
      `${what}.domainName`,
      'a domain name such as my-bucket.s3.us-east-1.amazonaws.com',
      options.domainName,
    );
  return Object.freeze({
    id,
    origin: options.origin,
    ...(options.domainName === undefined ? {} : { domainName: options.domainName }),
    originPath: resolveOriginPath(options.originPath, `${what}.originPath`),
    customHeaders: resolveCustomHeaders(options.customHeaders, `${what}.customHeaders`),
    ...resolveProtocol(options, what),
    kind,
    region,
    shieldRegion: resolveShield(options.originShield, `${what}.originShield`),
    access: resolveAccess(options, kind, what),
    connectionAttempts,
    connectionTimeoutMs,
    readTimeoutMs,
  });
}

const PRIVATE_S3_PAGE =
  'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-restricting-access-to-s3.html';
const OAC_KEYS = optionKeys<OriginAccessControlOptions>()([
  'id',
  'signingBehavior',
  'signingProtocol',
  'originAccessControlOriginType',
  'name',
  'description',
]);
const CLOUDFRONT_ID = /^[^\s/]{1,128}$/;

/**
 * §18 (CFDG private-content-restricting-access-to-s3; API_OriginAccessControlConfig): an OAC or an
 * OAI on an S3 REST origin, not both; a website endpoint is a custom origin and takes neither.
 */
function resolveAccess(
  options: OriginOptions,
  kind: 's3' | 'custom',
  what: string,
): ResolvedOriginAccess | undefined {
  const oac = options.originAccessControl;
  const oai = options.originAccessIdentity;
  if (oac === undefined && (oai === undefined || oai === '')) return undefined;
  if (oac !== undefined && oai !== undefined && oai !== '') {
    invalid(
      CODE,
      `${what}: originAccessControl and originAccessIdentity`,
      'one of them',
      { originAccessControl: oac, originAccessIdentity: oai },
      `CloudFront refuses an origin with both (IllegalOriginAccessConfiguration); the bucket policy can allow both principals while you migrate from the OAI to the OAC (${PRIVATE_S3_PAGE}).`,
    );
  }
  // CFDG private-content-restricting-access-to-lambda: an OAC of type `lambda` signs the requests to a
  // Lambda function URL, a custom origin.
  const originType = oac?.originAccessControlOriginType ?? 's3';
  if (originType !== 's3' && originType !== 'lambda') {
    throw new EdgecaseError(
      'UnmodelledFeature',
      `${what}.originAccessControl.originAccessControlOriginType: expected "s3" or "lambda" (edgecase models OACs of S3 and Lambda function URL origins), got ${describe(originType)}.`,
      { value: originType, hint: 'MediaStore and MediaPackage v2 origins are not modelled.' },
    );
  }
  if (kind !== 's3' && originType !== 'lambda') {
    invalid(
      CODE,
      `${what}.${oac !== undefined ? 'originAccessControl' : 'originAccessIdentity'}`,
      'an S3 origin (an S3 REST endpoint)',
      `the custom origin ${options.origin.name}`,
      `CloudFront does not support origin access control or origin access identity with an S3 website endpoint or another custom origin; restrict a website endpoint with a secret origin custom header instead (${PRIVATE_S3_PAGE}).`,
    );
  }
  if (oac === undefined) {
    const id = /^origin-access-identity\/cloudfront\/(.+)$/.exec(oai as string)?.[1] ?? oai;
    if (typeof id !== 'string' || !CLOUDFRONT_ID.test(id)) {
      invalid(
        CODE,
        `${what}.originAccessIdentity`,
        'an OAI id such as "E2QWRUHEXAMPLE" or "origin-access-identity/cloudfront/E2QWRUHEXAMPLE"',
        oai,
      );
    }
    return Object.freeze({ type: 'origin-access-identity', id });
  }
  const at = `${what}.originAccessControl`;
  checkObject(oac, CODE, at);
  checkOptionKeys(oac, OAC_KEYS, at);
  const id = oac.id ?? 'E2EDGECASEOAC';
  if (typeof id !== 'string' || !CLOUDFRONT_ID.test(id))
    invalid(CODE, `${at}.id`, 'an OAC id such as "E2QWRUHEXAMPLE"', id);
  const signingBehavior = oac.signingBehavior ?? 'always';
  if (!['always', 'never', 'no-override'].includes(signingBehavior as string)) {
    invalid(CODE, `${at}.signingBehavior`, '"always", "never" or "no-override"', signingBehavior);
  }
  if (oac.signingProtocol !== undefined && oac.signingProtocol !== 'sigv4') {
    invalid(
      CODE,
      `${at}.signingProtocol`,
      '"sigv4" (the only one, API_OriginAccessControlConfig)',
      oac.signingProtocol,
    );
  }
  if (originType === 'lambda' && kind !== 'custom') {
    invalid(
      CODE,
      `${at}.originAccessControlOriginType`,
      '"s3" for an S3 origin ("lambda" signs the requests to a Lambda function URL, a custom origin)',
      originType,
    );
  }

  if (
    oac.name !== undefined &&
    (typeof oac.name !== 'string' || oac.name.length === 0 || oac.name.length > 64)
  ) {
    invalid(CODE, `${at}.name`, 'a name of 1 to 64 characters (API_OriginAccessControlConfig)', oac.name);
  }
  if (oac.description !== undefined && typeof oac.description !== 'string') {
    invalid(CODE, `${at}.description`, 'a string', oac.description);
  }
  return Object.freeze({
    type: 'origin-access-control',
    id,
    signingBehavior: signingBehavior as SigningBehavior,
  });
}

function inRange(ms: number, maxMs: number, input: unknown, what: string): number {
  if (ms < 1000 || ms > maxMs) invalid(CODE, what, `1 to ${maxMs / 1000} seconds`, input);
  return ms;
}

function resolveShield(shield: unknown, what: string): string | undefined {
  if (shield === undefined) return undefined;
  checkObject(shield, CODE, what);
  checkKeys(shield, ['enabled', 'originShieldRegion'], CODE, what);
  if (!checkBoolean(shield.enabled, CODE, `${what}.enabled`)) return undefined;
  // §7 CFDG origin-shield: an enabled Origin Shield needs one of the offered Regions.
  const region = shield.originShieldRegion;
  if (typeof region !== 'string' || !ORIGIN_SHIELD_REGIONS.includes(region)) {
    invalid(
      CODE,
      `${what}.originShieldRegion`,
      `one of ${ORIGIN_SHIELD_REGIONS.join(', ')}`,
      region,
      'Origin Shield is offered in those Regions only; pick the one nearest the origin.',
    );
  }
  return region;
}

function resolveOriginPath(input: unknown, what: string): string {
  // get-distribution-config prints "" when no OriginPath is set.
  if (input === undefined || input === '') return '';
  if (typeof input !== 'string' || input.length > 255 || !ORIGIN_PATH.test(input)) {
    invalid(
      CODE,
      what,
      'a URL-encoded path that begins with "/" and does not end with "/", at most 255 characters, e.g. "/production"',
      input,
    );
  }
  return input;
}

function resolveCustomHeaders(input: unknown, what: string): Readonly<Record<string, string>> {
  if (input === undefined) return Object.freeze({});
  if (!isPlainObject(input)) invalid(CODE, what, 'a record of header name to value', input);
  const entries = Object.entries(input);
  if (entries.length > MAX_CUSTOM_HEADERS) {
    invalid(
      CODE,
      what,
      `at most ${MAX_CUSTOM_HEADERS} headers (CloudFront's quota per origin)`,
      `${entries.length} headers`,
    );
  }
  const out: Record<string, string> = {};
  let total = 0;
  for (const [name, value] of entries) {
    const at = `${what}[${JSON.stringify(name)}]`;
    const lower = name.toLowerCase();
    if (!HEADER_NAME.test(name) || name.length > MAX_CUSTOM_HEADER_NAME)
      invalid(CODE, at, `an HTTP header name of at most ${MAX_CUSTOM_HEADER_NAME} characters`, name);
    if (DISALLOWED_CUSTOM_HEADERS.has(lower) || lower.startsWith('x-amz-') || lower.startsWith('x-edge-')) {
      invalid(
        CODE,
        at,
        'a header CloudFront lets an origin custom header set',
        name,
        'CloudFront refuses Cache-Control, Connection, Content-Length, Cookie, Host, If-*, Max-Forwards, Pragma, Proxy-*, Range, Request-Range, TE, Trailer, Transfer-Encoding, Upgrade, Via, X-Real-Ip, X-Amz-* and X-Edge-* here.',
      );
    }
    if (typeof value !== 'string' || value.length > MAX_CUSTOM_HEADER_VALUE)
      invalid(CODE, at, `a string of at most ${MAX_CUSTOM_HEADER_VALUE} characters`, value);
    total += name.length + value.length;
    out[lower] = value;
  }
  if (total > MAX_CUSTOM_HEADERS_TOTAL)
    invalid(
      CODE,
      what,
      `names and values of at most ${MAX_CUSTOM_HEADERS_TOTAL} characters together`,
      `${total} characters`,
    );
  return Object.freeze(out);
}

function resolveProtocol(options: OriginOptions, what: string) {
  const { originProtocolPolicy: policy, httpPort, httpsPort } = options;
  // An S3 REST origin (memoryOrigin, s3Origin) may stand for a custom origin of a loaded config: it
  // gets the protocol and port too, and answers the same over either.
  if (policy !== undefined && !ORIGIN_PROTOCOL_POLICIES.includes(policy)) {
    invalid(CODE, `${what}.originProtocolPolicy`, `one of ${ORIGIN_PROTOCOL_POLICIES.join(', ')}`, policy);
  }
  return {
    originProtocolPolicy: policy,
    httpPort: port(httpPort, 80, `${what}.httpPort`),
    httpsPort: port(httpsPort, 443, `${what}.httpsPort`),
  };
}

// §8 CFDG distribution-web-values-specify #DownloadDistValuesHTTPPort: 80, 443, or 1024–65535.
function port(value: unknown, fallback: number, what: string): number {
  if (value === undefined) return fallback;
  const ok =
    typeof value === 'number' &&
    Number.isInteger(value) &&
    (value === 80 || value === 443 || (value >= 1024 && value <= 65535));
  if (!ok) invalid(CODE, what, 'a port: 80, 443, or 1024 to 65535', value);
  return value as number;
}
