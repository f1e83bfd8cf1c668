import { describe, EdgecaseError, invalid } from '../errors.js';
import { checkArray, checkObject, checkString } from '../options/checks.js';
import type {
  ForwardRule,
  ManagedOriginRequestPolicyName,
  OriginRequestHeaderBehavior,
  OriginRequestListBehavior,
  OriginRequestPolicyConfig,
  OriginRequestPolicyInput,
  ResolvedOriginRequestPolicy,
} from '../options/header-policy-types.js';
import { checkOptionKeys, optionKeys } from '../options/strict-keys.js';
import { CLOUDFRONT_HEADERS, CLOUDFRONT_HEADERS_2022_06, NOT_PRODUCED } from './cloudfront-headers.js';

/**
 * Origin request policies (§15 CFDG controlling-origin-requests, using-managed-origin-request-policies):
 * which viewer headers, cookies and query strings CloudFront sends to the origin on top of what the
 * cache key already forwards. What they add is forwarded but never keyed, so two viewers that differ
 * only in such a value share one cached object (the `Origin` trap of §19).
 */

export type {
  ForwardRule,
  ManagedOriginRequestPolicyName,
  OriginRequestHeaderBehavior,
  OriginRequestListBehavior,
  OriginRequestPolicyConfig,
  OriginRequestPolicyInput,
  ResolvedOriginRequestPolicy,
} from '../options/header-policy-types.js';

const CODE = 'InvalidOriginRequestPolicy';
const rule = (behavior: OriginRequestListBehavior, names: readonly string[] = []): ForwardRule =>
  Object.freeze({ behavior, names: new Set(names) });

interface ManagedRow {
  id: string;
  headers: ForwardRule;
  cloudFrontHeaders?: readonly string[];
  exceptHost?: boolean;
  cookies: OriginRequestListBehavior;
  queryStrings: OriginRequestListBehavior;
}

// §15 CFDG using-managed-origin-request-policies (2023 snapshot; HostHeaderOnly from the current
// page's list, its id and settings UNCONFIRMED against AWS text).
const MANAGED: Readonly<Record<ManagedOriginRequestPolicyName, ManagedRow>> = {
  AllViewer: {
    id: '216adef6-5c7f-47e4-b989-5492eafa07d3',
    headers: rule('all'),
    cookies: 'all',
    queryStrings: 'all',
  },
  'AllViewerAndCloudFrontHeaders-2022-06': {
    id: '33f36d7e-f396-46d9-90e0-52428a34d9dc',
    headers: rule('all'),
    cloudFrontHeaders: CLOUDFRONT_HEADERS_2022_06,
    cookies: 'all',
    queryStrings: 'all',
  },
  AllViewerExceptHostHeader: {
    id: 'b689b0a8-53d0-40ab-baf2-68738e2966ac',
    headers: rule('all'),
    exceptHost: true,
    cookies: 'all',
    queryStrings: 'all',
  },
  'CORS-CustomOrigin': {
    id: '59781a5b-3903-41f3-afcb-af62929ccde1',
    headers: rule('whitelist', ['origin']),
    cookies: 'none',
    queryStrings: 'none',
  },
  'CORS-S3Origin': {
    id: '88a5eaf4-2fd4-4709-b370-b4c650ea3fcf',
    headers: rule('whitelist', ['origin', 'access-control-request-headers', 'access-control-request-method']),
    cookies: 'none',
    queryStrings: 'none',
  },
  'Elemental-MediaTailor-PersonalizedManifests': {
    id: '775133bc-15f2-49f9-abea-afb2e0bf67d2',
    headers: rule('whitelist', [
      'origin',
      'access-control-request-headers',
      'access-control-request-method',
      'user-agent',
      'x-forwarded-for',
    ]),
    cookies: 'none',
    queryStrings: 'all',
  },
  UserAgentRefererHeaders: {
    id: 'acba4595-bd28-49b8-b9fe-13317c0390fa',
    headers: rule('whitelist', ['user-agent', 'referer']),
    cookies: 'none',
    queryStrings: 'none',
  },
  HostHeaderOnly: {
    id: 'bf0718e1-ba1e-49d1-88b1-f726733018ae',
    headers: rule('whitelist', ['host']),
    cookies: 'none',
    queryStrings: 'none',
  },
};

export const managedOriginRequestPolicyNames = Object.keys(MANAGED) as ManagedOriginRequestPolicyName[];

/** The managed origin request policies by name, resolved (`managedOriginRequestPolicies['CORS-S3Origin'].id`). */
export const managedOriginRequestPolicies: Readonly<
  Record<ManagedOriginRequestPolicyName, ResolvedOriginRequestPolicy>
> = Object.freeze(
  Object.fromEntries(
    Object.entries(MANAGED).map(([name, row]) => [
      name,
      Object.freeze({
        id: row.id,
        name: `Managed-${name}`,
        managed: true,
        headers: row.headers,
        cloudFrontHeaders: new Set(row.cloudFrontHeaders ?? []),
        exceptHost: row.exceptHost === true,
        cookies: rule(row.cookies),
        queryStrings: rule(row.queryStrings),
      }),
    ]),
  ) as unknown as Record<ManagedOriginRequestPolicyName, ResolvedOriginRequestPolicy>,
);

/** A managed origin request policy by name, `Managed-` name or id. */
export function findManagedOriginRequestPolicy(nameOrId: string): ResolvedOriginRequestPolicy | undefined {
  const name = nameOrId.startsWith('Managed-') ? nameOrId.slice('Managed-'.length) : nameOrId;
  const byName = (managedOriginRequestPolicies as Record<string, ResolvedOriginRequestPolicy>)[name];
  if (byName) return byName;
  return Object.values(managedOriginRequestPolicies).find((p) => p.id === nameOrId);
}

const POLICY_KEYS = optionKeys<OriginRequestPolicyConfig>()([
  'name',
  'comment',
  'headersConfig',
  'cookiesConfig',
  'queryStringsConfig',
]);
const HEADER_BEHAVIORS: readonly OriginRequestHeaderBehavior[] = [
  'none',
  'whitelist',
  'allViewer',
  'allViewerAndWhitelistCloudFront',
  'allExcept',
];
const LIST_BEHAVIORS: readonly OriginRequestListBehavior[] = ['none', 'whitelist', 'all', 'allExcept'];
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9a-z-]+$/;
// §15 cloudfront-limits: 10 headers, cookies and query strings per origin request policy (the same
// quota as cache policies).
const MAX_NAMES = 10;

/** Resolves a managed origin request policy (name or id) or a custom `OriginRequestPolicyConfig`. */
export function resolveOriginRequestPolicy(
  input: OriginRequestPolicyInput,
  what: string,
): ResolvedOriginRequestPolicy {
  if (typeof input === 'string') {
    const managed = findManagedOriginRequestPolicy(input);
    if (managed) return managed;
    throw new EdgecaseError(
      'NoSuchOriginRequestPolicy',
      `${what}: expected a managed origin request policy name or id (${managedOriginRequestPolicyNames.join(', ')}), got ${describe(input)}.`,
      {
        value: input,
        hint: 'For a custom policy pass an OriginRequestPolicyConfig object instead of a string.',
      },
    );
  }
  checkObject(input, CODE, what);
  checkOptionKeys(input, POLICY_KEYS, what, CODE);
  const config = input as OriginRequestPolicyConfig;
  const name = config.name === undefined ? what : checkString(config.name, CODE, `${what}.name`);
  if (config.comment !== undefined && typeof config.comment !== 'string')
    invalid(CODE, `${what}.comment`, 'a string', config.comment);

  const headersWhat = `${what}.headersConfig`;
  const headersConfig = config.headersConfig ?? { headerBehavior: 'none' };
  checkObject(headersConfig, CODE, headersWhat);
  checkOptionKeys(headersConfig, ['headerBehavior', 'headers'], headersWhat, CODE);
  const headerBehavior = headersConfig.headerBehavior;
  if (!HEADER_BEHAVIORS.includes(headerBehavior)) {
    invalid(CODE, `${headersWhat}.headerBehavior`, `one of ${HEADER_BEHAVIORS.join(', ')}`, headerBehavior);
  }
  const listed = names(headersConfig.headers, headerBehavior, `${headersWhat}.headers`, (header, at) => {
    const lower = checkString(header, CODE, at).toLowerCase();
    if (!HEADER_NAME.test(lower)) invalid(CODE, at, 'an HTTP header name (letters, digits, -)', header);
    // §15 CFDG add-origin-custom-headers: Authorization cannot be listed in an origin request policy.
    if (lower === 'authorization' && headerBehavior === 'whitelist') {
      invalid(
        CODE,
        at,
        'a header other than Authorization',
        header,
        'CloudFront forwards Authorization only when it is in the cache policy or with an all-viewer-headers policy (e.g. AllViewer).',
      );
    }
    if (headerBehavior === 'allViewerAndWhitelistCloudFront' && !CLOUDFRONT_HEADERS.has(lower)) {
      invalid(
        CODE,
        at,
        'a CloudFront header such as CloudFront-Viewer-Country (allViewerAndWhitelistCloudFront lists the headers CloudFront adds)',
        header,
      );
    }
    if (NOT_PRODUCED.has(lower) && headerBehavior !== 'allExcept') {
      throw new EdgecaseError(
        'UnmodelledFeature',
        `${at}: expected CloudFront headers edgecase produces, got ${describe(header)}: CloudFront computes it from the viewer's TLS Client Hello, which edgecase does not model; a test would pass where production differs.`,
        {
          value: header,
          hint: 'Test the origin with this header set by hand, or leave it out of the policy edgecase loads.',
        },
      );
    }
    return lower;
  });
  // §14/§15 adding-cloudfront-headers: CloudFront adds the CloudFront headers a policy lists (in
  // whitelist as in allViewerAndWhitelistCloudFront), replacing what the viewer sent under that name.
  const added =
    headerBehavior === 'whitelist' || headerBehavior === 'allViewerAndWhitelistCloudFront'
      ? listed.filter((name) => CLOUDFRONT_HEADERS.has(name))
      : [];
  const headers =
    headerBehavior === 'allViewer' || headerBehavior === 'allViewerAndWhitelistCloudFront'
      ? rule('all')
      : rule(
          headerBehavior,
          headerBehavior === 'whitelist' ? listed.filter((name) => !CLOUDFRONT_HEADERS.has(name)) : listed,
        );

  const cookies = listRule(config.cookiesConfig, `${what}.cookiesConfig`, 'cookieBehavior', 'cookies');
  const queryStrings = listRule(
    config.queryStringsConfig,
    `${what}.queryStringsConfig`,
    'queryStringBehavior',
    'queryStrings',
  );
  return Object.freeze({
    id: `custom:${name}`,
    name,
    managed: false,
    headers,
    cloudFrontHeaders: new Set(added),
    exceptHost: false,
    cookies,
    queryStrings,
  });
}

/** A cookies or query strings section (absent: behaviour `none`), checked, as a forwarding rule. */
function listRule(
  section: unknown,
  what: string,
  behaviorField: 'cookieBehavior' | 'queryStringBehavior',
  listField: 'cookies' | 'queryStrings',
): ForwardRule {
  const config = (section ?? { [behaviorField]: 'none' }) as Record<string, unknown>;
  checkObject(config, CODE, what);
  checkOptionKeys(config, [behaviorField, listField], what, CODE);
  const behavior = config[behaviorField];
  const list = config[listField];
  if (typeof behavior !== 'string' || !LIST_BEHAVIORS.includes(behavior as OriginRequestListBehavior)) {
    invalid(CODE, `${what}.${behaviorField}`, `one of ${LIST_BEHAVIORS.join(', ')}`, behavior);
  }
  const b = behavior as OriginRequestListBehavior;
  return rule(
    b,
    names(list, b, `${what}.${listField}`, (name, at) => checkString(name, CODE, at)),
  );
}

function names(
  list: unknown,
  behavior: string,
  what: string,
  normalise: (name: unknown, at: string) => string,
): string[] {
  const listsNames =
    behavior === 'whitelist' || behavior === 'allExcept' || behavior === 'allViewerAndWhitelistCloudFront';
  if (!listsNames) {
    if (list !== undefined && !(Array.isArray(list) && list.length === 0)) {
      invalid(
        CODE,
        what,
        `no list with behaviour "${behavior}"`,
        list,
        'Use "whitelist" or "allExcept" to name them.',
      );
    }
    return [];
  }
  const items = checkArray(list ?? [], CODE, what);
  if (items.length === 0 && behavior !== 'allViewerAndWhitelistCloudFront') {
    invalid(CODE, what, `a non-empty list with behaviour "${behavior}"`, list);
  }
  if (items.length > MAX_NAMES) {
    invalid(CODE, what, `at most ${MAX_NAMES} names (CloudFront's quota per origin request policy)`, list);
  }
  return items.map((item, i) => normalise(item, `${what}[${i}]`));
}
