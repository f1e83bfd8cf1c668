import { invalid } from '../errors.js';
import { isPlainObject } from '../options/checks.js';
import type { OriginRequestPolicyConfig } from './origin-request-policy.js';
import type { ResponseHeadersPolicyConfig } from './response-headers-policy.js';

/**
 * A custom origin request or response headers policy for `fromDistributionConfig`: edgecase's
 * camelCase config, or the AWS shape — bare (`OriginRequestPolicyConfig`, `{ Quantity, Items }` lists
 * or CloudFormation's plain arrays), as `get-*-policy-config` prints it (`{ ETag, <Kind>Config }`) or
 * as `get-*-policy` prints it (`{ ETag, <Kind>: { Id, <Kind>Config } }`).
 */
export type OriginRequestPolicyConfigInput = OriginRequestPolicyConfig | Readonly<Record<string, unknown>>;
export type ResponseHeadersPolicyConfigInput =
  | ResponseHeadersPolicyConfig
  | Readonly<Record<string, unknown>>;

type Kind = 'OriginRequestPolicy' | 'ResponseHeadersPolicy';

/** Converts any accepted shape to edgecase's config; values are checked when the policy is resolved. */
export function fromPolicyConfig(
  input: unknown,
  kind: 'OriginRequestPolicy',
  what: string,
): OriginRequestPolicyConfig;
export function fromPolicyConfig(
  input: unknown,
  kind: 'ResponseHeadersPolicy',
  what: string,
): ResponseHeadersPolicyConfig;
export function fromPolicyConfig(input: unknown, kind: Kind, what: string): unknown {
  const code = kind === 'OriginRequestPolicy' ? 'InvalidOriginRequestPolicy' : 'InvalidResponseHeadersPolicy';
  if (!isPlainObject(input)) return invalid(code, what, `a ${kind}Config object`, input);
  const wrapped = input as Record<string, Record<string, unknown> | undefined>;
  const aws = (wrapped[kind]?.[`${kind}Config`] ?? wrapped[`${kind}Config`] ?? input) as Record<
    string,
    unknown
  >;
  const isAws = Object.keys(aws).some((key) => /^[A-Z]/.test(key));
  return isAws ? convert(aws, undefined) : aws;
}

// Lists that stay objects with `items` in edgecase's shape (the rest become arrays).
const KEEP_ITEMS = new Set(['CustomHeadersConfig', 'RemoveHeadersConfig']);

function camel(key: string): string {
  return key === 'XSSProtection' ? 'xssProtection' : key.charAt(0).toLowerCase() + key.slice(1);
}

function convert(value: unknown, key: string | undefined): unknown {
  if (Array.isArray(value)) return value.map((item) => convert(item, undefined));
  if (!isPlainObject(value)) return value;
  const keys = Object.keys(value);
  const keep = key !== undefined && KEEP_ITEMS.has(key);
  if (!keep && keys.length > 0 && keys.every((k) => k === 'Items' || k === 'Quantity'))
    return convert(value.Items ?? [], undefined);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (keep && k === 'Quantity') continue;
    out[camel(k)] = convert(v, k);
  }
  if (keep && out.items === undefined) out.items = [];
  return out;
}
