import { invalid } from '../errors.js';
import type {
  KeyBehavior,
  KeyRule,
  ManagedCachePolicyName,
  ResolvedCachePolicy,
} from '../options/config-types.js';

/** A managed cache policy: the resolved policy plus its TTLs in CloudFront's unit and its API name. */
export interface ManagedCachePolicy extends ResolvedCachePolicy {
  readonly name: ManagedCachePolicyName;
  /** The name the CloudFront API lists: `Managed-<name>`, except for the two UseOriginCacheControlHeaders ones. */
  readonly apiName: string;
  readonly minTtlSeconds: number;
  readonly defaultTtlSeconds: number;
  readonly maxTtlSeconds: number;
  /** `false` where the values come from third-party sources only (see cloudfront-behaviour.md §1.4). */
  readonly confirmed: boolean;
}

/** A frozen key rule; `names` are lower-case for headers, as given for cookies and query strings. */
export function keyRule(behavior: KeyBehavior, names: readonly string[] = []): KeyRule {
  return Object.freeze({ behavior, names: new Set(names) });
}

interface Row {
  id: string;
  prefixed: boolean;
  ttlSeconds: [min: number, def: number, max: number];
  headers: readonly string[];
  cookies: KeyBehavior;
  queryStrings: KeyRule;
  gzip: boolean;
  brotli: boolean;
  confirmed: boolean;
}

const NONE = keyRule('none');
const ALL = keyRule('all');
const ORIGIN_CACHE_CONTROL_HEADERS = [
  'host',
  'origin',
  'x-http-method-override',
  'x-http-method',
  'x-method-override',
];

// §1.4 CFDG using-managed-cache-policies (2023 snapshot for the first five), ids cross-checked
// against CDK/Terraform constants. The two UseOriginCacheControlHeaders* rows: ids confirmed by
// several codebases, TTLs and key contents from a third-party emulator only — UNCONFIRMED against
// AWS text. They are also the only managed policies whose API names lack the `Managed-` prefix.
const ROWS: Record<ManagedCachePolicyName, Row> = {
  CachingOptimized: {
    id: '658327ea-f89d-4fab-a63d-7e88639e58f6',
    prefixed: true,
    ttlSeconds: [1, 86_400, 31_536_000],
    headers: [],
    cookies: 'none',
    queryStrings: NONE,
    gzip: true,
    brotli: true,
    confirmed: true,
  },
  CachingOptimizedForUncompressedObjects: {
    id: 'b2884449-e4de-46a7-ac36-70bc7f1ddd6d',
    prefixed: true,
    ttlSeconds: [1, 86_400, 31_536_000],
    headers: [],
    cookies: 'none',
    queryStrings: NONE,
    gzip: false,
    brotli: false,
    confirmed: true,
  },
  CachingDisabled: {
    id: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
    prefixed: true,
    ttlSeconds: [0, 0, 0],
    headers: [],
    cookies: 'none',
    queryStrings: NONE,
    gzip: false,
    brotli: false,
    confirmed: true,
  },
  Amplify: {
    id: '2e54312d-136d-493c-8eb9-b001f22f67d2',
    prefixed: true,
    ttlSeconds: [2, 2, 600],
    headers: ['authorization', 'cloudfront-viewer-country', 'host'],
    cookies: 'all',
    queryStrings: ALL,
    gzip: true,
    brotli: true,
    confirmed: true,
  },
  'Elemental-MediaPackage': {
    id: '08627262-05a9-4f76-9ded-b50ca2e3a84f',
    prefixed: true,
    ttlSeconds: [0, 86_400, 31_536_000],
    headers: ['origin'],
    cookies: 'none',
    queryStrings: keyRule('whitelist', ['aws.manifestfilter', 'start', 'end', 'm']),
    gzip: true,
    brotli: false,
    confirmed: true,
  },
  UseOriginCacheControlHeaders: {
    id: '83da9c7e-98b4-4e11-a168-04f0df8e2c65',
    prefixed: false,
    ttlSeconds: [0, 0, 31_536_000],
    headers: ORIGIN_CACHE_CONTROL_HEADERS,
    cookies: 'all',
    queryStrings: NONE,
    gzip: true,
    brotli: true,
    confirmed: false,
  },
  'UseOriginCacheControlHeaders-QueryStrings': {
    id: '4cc15a8a-d715-48a4-82b8-cc0b614638fe',
    prefixed: false,
    ttlSeconds: [0, 0, 31_536_000],
    headers: ORIGIN_CACHE_CONTROL_HEADERS,
    cookies: 'all',
    queryStrings: ALL,
    gzip: true,
    brotli: true,
    confirmed: false,
  },
};

function build(name: ManagedCachePolicyName, row: Row): ManagedCachePolicy {
  const [min, def, max] = row.ttlSeconds;
  return Object.freeze({
    id: row.id,
    name,
    apiName: row.prefixed ? `Managed-${name}` : name,
    managed: true,
    minTtlSeconds: min,
    defaultTtlSeconds: def,
    maxTtlSeconds: max,
    minTtlMs: min * 1000,
    defaultTtlMs: def * 1000,
    maxTtlMs: max * 1000,
    gzip: row.gzip,
    brotli: row.brotli,
    headers: row.headers.length > 0 ? keyRule('whitelist', row.headers) : NONE,
    cookies: row.cookies === 'all' ? ALL : NONE,
    queryStrings: row.queryStrings,
    confirmed: row.confirmed,
  });
}

/** CloudFront's managed cache policies by name, frozen. */
export const managedCachePolicies: Readonly<Record<ManagedCachePolicyName, ManagedCachePolicy>> =
  Object.freeze(
    Object.fromEntries(
      Object.entries(ROWS).map(([name, row]) => [name, build(name as ManagedCachePolicyName, row)]),
    ) as Record<ManagedCachePolicyName, ManagedCachePolicy>,
  );

const LOOKUP = new Map<string, ManagedCachePolicy>();
for (const policy of Object.values(managedCachePolicies)) {
  LOOKUP.set(policy.name, policy);
  LOOKUP.set(`Managed-${policy.name}`, policy);
  LOOKUP.set(policy.id, policy);
}

/**
 * Finds a managed policy by name (`CachingOptimized`), API name (`Managed-CachingOptimized`, accepted
 * for every policy) or id. Names are case-sensitive, as in CloudFront; ids are compared lower-case.
 */
export function findManagedCachePolicy(nameOrId: string): ManagedCachePolicy | undefined {
  if (typeof nameOrId !== 'string') {
    invalid(
      'InvalidCachePolicy',
      'findManagedCachePolicy',
      "a policy name or id such as 'CachingOptimized'",
      nameOrId,
    );
  }
  return LOOKUP.get(nameOrId) ?? LOOKUP.get(nameOrId.toLowerCase());
}

/** The names `findManagedCachePolicy` knows, for error messages. */
export const managedCachePolicyNames: readonly ManagedCachePolicyName[] = Object.freeze(
  Object.keys(ROWS) as ManagedCachePolicyName[],
);
