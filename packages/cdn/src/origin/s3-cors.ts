import { describe, EdgecaseError, invalid } from '../errors.js';
import { isPlainObject } from '../options/checks.js';
import { checkOptionKeys, optionKeys } from '../options/strict-keys.js';
import type { HeaderMap } from './types.js';

/**
 * A bucket's CORS configuration as S3 keeps it (PutBucketCors / GetBucketCors / DeleteBucketCors),
 * in the SDK's shape, and how S3 answers a request with it (§19 S3UG cors, ManageCorsUsing,
 * cors-troubleshooting).
 */
export type S3CorsMethod = 'GET' | 'PUT' | 'POST' | 'DELETE' | 'HEAD';

export interface CorsRule {
  ID?: string;
  AllowedHeaders?: readonly string[];
  AllowedMethods: readonly S3CorsMethod[];
  AllowedOrigins: readonly string[];
  ExposeHeaders?: readonly string[];
  MaxAgeSeconds?: number;
}

export interface CorsConfiguration {
  CORSRules: readonly CorsRule[];
}

const RULE_KEYS = optionKeys<CorsRule>()([
  'ID',
  'AllowedHeaders',
  'AllowedMethods',
  'AllowedOrigins',
  'ExposeHeaders',
  'MaxAgeSeconds',
]);
const METHODS: readonly S3CorsMethod[] = ['GET', 'PUT', 'POST', 'DELETE', 'HEAD'];
// S3UG cors: at most 100 rules; AllowedOrigin and AllowedHeader may hold one `*` wildcard each.
const MAX_RULES = 100;

/** Checks a CORS configuration as S3's PutBucketCors does; returns a frozen copy. */
export function validateCorsConfiguration(input: unknown, what = 'putBucketCors'): CorsConfiguration {
  const code = 'InvalidOption';
  if (!isPlainObject(input)) invalid(code, what, '{ CORSRules: [...] }', input);
  checkOptionKeys(input, ['CORSRules'], what, code);
  const rules = input.CORSRules;
  if (!Array.isArray(rules) || rules.length === 0 || rules.length > MAX_RULES)
    invalid(code, `${what}.CORSRules`, `1 to ${MAX_RULES} rules`, rules);
  const out = rules.map((rule, i) => {
    const at = `${what}.CORSRules[${i}]`;
    if (!isPlainObject(rule)) invalid(code, at, 'a CORS rule object', rule);
    checkOptionKeys(rule, RULE_KEYS, at, code);
    const strings = (field: string, required: boolean, check?: (s: string, at: string) => void) => {
      const value = rule[field];
      if (value === undefined && !required) return undefined;
      if (!Array.isArray(value) || (required && value.length === 0))
        invalid(
          code,
          `${at}.${field}`,
          required ? 'a non-empty list of strings' : 'a list of strings',
          value,
        );
      return Object.freeze(
        value.map((s, j) => {
          if (typeof s !== 'string' || s === '')
            invalid(code, `${at}.${field}[${j}]`, 'a non-empty string', s);
          check?.(s, `${at}.${field}[${j}]`);
          return s;
        }),
      );
    };
    const oneStar = (s: string, where: string) => {
      if (s.split('*').length > 2) invalid(code, where, 'at most one "*" wildcard', s);
    };
    const methods = strings('AllowedMethods', true, (m, where) => {
      if (!METHODS.includes(m as S3CorsMethod)) invalid(code, where, `one of ${METHODS.join(', ')}`, m);
    }) as readonly S3CorsMethod[];
    const resolved: CorsRule = {
      AllowedMethods: methods,
      AllowedOrigins: strings('AllowedOrigins', true, oneStar) as readonly string[],
    };
    if (rule.ID !== undefined) {
      if (typeof rule.ID !== 'string' || rule.ID.length > 255)
        invalid(code, `${at}.ID`, 'a string of at most 255 characters', rule.ID);
      resolved.ID = rule.ID;
    }
    const headers = strings('AllowedHeaders', false, oneStar);
    if (headers) resolved.AllowedHeaders = headers;
    const expose = strings('ExposeHeaders', false);
    if (expose) resolved.ExposeHeaders = expose;
    if (rule.MaxAgeSeconds !== undefined) {
      if (
        typeof rule.MaxAgeSeconds !== 'number' ||
        !Number.isInteger(rule.MaxAgeSeconds) ||
        rule.MaxAgeSeconds < 0
      )
        invalid(code, `${at}.MaxAgeSeconds`, 'a whole number of seconds >= 0', rule.MaxAgeSeconds);
      resolved.MaxAgeSeconds = rule.MaxAgeSeconds;
    }
    return Object.freeze(resolved);
  });
  return Object.freeze({ CORSRules: Object.freeze(out) });
}

export type CorsOutcome =
  | { kind: 'not-cors' }
  | { kind: 'headers'; headers: HeaderMap }
  | { kind: 'refused'; message: string };

// §19 S3UG cors-troubleshooting: the two 403 messages of a refused preflight.
export const CORS_NOT_ENABLED = 'CORSResponse: CORS is not enabled for this bucket.';
export const CORS_NOT_ALLOWED =
  "CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.";

/**
 * §19 S3UG cors: a request without `Origin` is not a CORS request and gets no CORS headers. With
 * `Origin`, the first rule whose AllowedOrigin matches it, whose AllowedMethod holds the method (the
 * preflight's Access-Control-Request-Method) and whose AllowedHeader covers every requested header
 * decides. `Access-Control-Allow-Origin` is `*` for a rule allowing `*` and the request's Origin
 * (with `Access-Control-Allow-Credentials: true`) otherwise — seen in S3's answers, UNCONFIRMED in
 * AWS text. `Vary: Origin, Access-Control-Request-Headers, Access-Control-Request-Method` comes with
 * them (§19, third-party captures); nothing is added when no rule matches.
 */
export function s3CorsOutcome(
  config: CorsConfiguration | undefined,
  method: string,
  headers: HeaderMap,
  preflight: boolean,
): CorsOutcome {
  const origin = headers.origin;
  if (origin === undefined) return { kind: 'not-cors' };
  if (config === undefined)
    return preflight ? { kind: 'refused', message: CORS_NOT_ENABLED } : { kind: 'not-cors' };
  const wanted = preflight ? (headers['access-control-request-method'] ?? '') : method;
  const requested = preflight
    ? (headers['access-control-request-headers'] ?? '')
        .split(',')
        .map((h) => h.trim().toLowerCase())
        .filter((h) => h !== '')
    : [];
  for (const rule of config.CORSRules) {
    if (!rule.AllowedOrigins.some((allowed) => glob(allowed, origin, false))) continue;
    if (!rule.AllowedMethods.includes(wanted as S3CorsMethod)) continue;
    const allowedHeaders = rule.AllowedHeaders ?? [];
    if (!requested.every((h) => allowedHeaders.some((a) => glob(a, h, true)))) continue;
    const star = rule.AllowedOrigins.includes('*');
    const out: HeaderMap = {
      'access-control-allow-origin': star ? '*' : origin,
      'access-control-allow-methods': rule.AllowedMethods.join(', '),
      vary: 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method',
    };
    if (!star) out['access-control-allow-credentials'] = 'true';
    if (preflight && requested.length > 0) out['access-control-allow-headers'] = requested.join(', ');
    if (rule.ExposeHeaders && rule.ExposeHeaders.length > 0)
      out['access-control-expose-headers'] = rule.ExposeHeaders.join(', ');
    if (rule.MaxAgeSeconds !== undefined) out['access-control-max-age'] = String(rule.MaxAgeSeconds);
    return { kind: 'headers', headers: out };
  }
  return preflight ? { kind: 'refused', message: CORS_NOT_ALLOWED } : { kind: 'not-cors' };
}

/** One `*` wildcard; origins compare case-sensitively, header names case-insensitively. */
function glob(pattern: string, value: string, ignoreCase: boolean): boolean {
  const p = ignoreCase ? pattern.toLowerCase() : pattern;
  const v = ignoreCase ? value.toLowerCase() : value;
  const star = p.indexOf('*');
  if (star < 0) return p === v;
  const prefix = p.slice(0, star);
  const suffix = p.slice(star + 1);
  return v.length >= prefix.length + suffix.length && v.startsWith(prefix) && v.endsWith(suffix);
}

/** GetBucketCors on a bucket without a configuration: S3's NoSuchCORSConfiguration. */
export function noSuchCorsConfiguration(bucket: string): never {
  throw new EdgecaseError(
    'NoSuchCORSConfiguration',
    `getBucketCors: expected a CORS configuration on bucket ${describe(bucket)}, got none.`,
    { value: bucket, hint: 'Put one with putBucketCors({ CORSRules: [...] }) first.' },
  );
}
