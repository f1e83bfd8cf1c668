import { EdgecaseError } from '../../errors.js';
import type { PolicyRender, RenderPath } from '../source-paths.js';
import { textScalars } from './api-scalars.js';

/**
 * CloudFormation's `AWS::CloudFront::Distribution` writes lists as plain arrays where the API's
 * `DistributionConfig` has `{ Quantity, Items }`, and renames a few fields. This turns a resolved
 * CloudFormation `DistributionConfig` into the API shape `fromDistributionConfig` reads, so both go
 * through one set of rules and one field classification.
 */
type Json = Record<string, unknown>;

const list = (value: unknown): unknown =>
  Array.isArray(value) ? { Quantity: value.length, Items: value } : value;

function rename(object: Json, from: string, to: string): void {
  if (from in object) {
    object[to] = object[from];
    delete object[from];
  }
}

export function distributionConfigFromCfn(cfn: Json, path: string): Json {
  const out: Json = { ...(textScalars(cfn) as Json) };
  for (const legacy of ['CustomOrigin', 'S3Origin']) {
    if (legacy in out) {
      throw new EdgecaseError(
        'UnmodelledFeature',
        `${path}.${legacy}: expected Origins, got the legacy ${legacy} property, which is not modelled.`,
        { value: legacy, hint: 'Declare the origin under Origins (as CDK and current templates do).' },
      );
    }
  }
  if ('CNAMEs' in out && 'Aliases' in out) {
    throw new EdgecaseError(
      'InvalidOption',
      `${path}.CNAMEs: expected either Aliases or the legacy CNAMEs, got both (${JSON.stringify(out.CNAMEs)} and ${JSON.stringify(out.Aliases)}).`,
      { value: out.CNAMEs, hint: 'Move the names into Aliases and remove CNAMEs.' },
    );
  }
  rename(out, 'CNAMEs', 'Aliases');
  rename(out, 'IPV6Enabled', 'IsIPV6Enabled');
  out.Aliases = list(out.Aliases);
  if (Array.isArray(out.Origins)) out.Origins = list(out.Origins.map((o) => origin(o as Json)));
  if (out.DefaultCacheBehavior) out.DefaultCacheBehavior = behavior(out.DefaultCacheBehavior as Json);
  if (Array.isArray(out.CacheBehaviors))
    out.CacheBehaviors = list(out.CacheBehaviors.map((b) => behavior(b as Json)));
  out.CustomErrorResponses = list(out.CustomErrorResponses);
  const geo = (out.Restrictions as { GeoRestriction?: Json } | undefined)?.GeoRestriction;
  if (geo) {
    const { Locations, ...rest } = geo;
    const items = Array.isArray(Locations) ? Locations : [];
    out.Restrictions = { GeoRestriction: { ...rest, Quantity: items.length, Items: items } };
  }
  return defined(out);
}

/** CloudFormation's names for the API's, where they differ (the renames above, reversed). */
const CFN_NAMES: Readonly<Record<string, string>> = {
  CustomHeaders: 'OriginCustomHeaders',
  OriginSslProtocols: 'OriginSSLProtocols',
  IsIPV6Enabled: 'IPV6Enabled',
};

/**
 * A DistributionConfig path in the template's words: `Origins.Items[0].CustomHeaders` →
 * `Resources.<id>.Properties.DistributionConfig.Origins[0].OriginCustomHeaders` (lists are arrays,
 * CachedMethods sits beside AllowedMethods, geo locations are `Locations`).
 */
export function cfnWords(logicalId: string): RenderPath {
  return (path) => {
    let out = `Resources.${logicalId}.Properties.DistributionConfig`;
    for (let at = 0; at < path.length; at++) {
      const token = path[at] as string | number;
      if (typeof token === 'number') out += `[${token}]`;
      else if (token === 'AllowedMethods' && path[at + 1] === 'CachedMethods') continue;
      else if (token === 'Items') out += path[at - 1] === 'GeoRestriction' ? '.Locations' : '';
      else out += `.${CFN_NAMES[token] ?? token}`;
    }
    return out;
  };
}

/**
 * A policy's field in the words of the `AWS::CloudFront::*Policy` resource of the template a
 * behaviour names (`!Ref Policy`): `Resources.Policy.Properties.CachePolicyConfig.MinTTL` (lists as
 * arrays). Undefined for a policy named otherwise.
 */
export const cfnPolicyWords: PolicyRender = (field, id, path) => {
  const resource = /^cfn:([\w-]+)$/.exec(id);
  if (!resource) return undefined;
  const config = `${field.slice(0, -'Id'.length)}Config`;
  return `Resources.${resource[1]}.Properties.${config}${path
    .filter((token) => token !== 'Items')
    .map((token) => (typeof token === 'number' ? `[${token}]` : `.${token}`))
    .join('')}`;
};

/** Drops keys left undefined by the conversions (a list the template did not have). */
function defined(object: Json): Json {
  for (const [key, value] of Object.entries(object)) if (value === undefined) delete object[key];
  return object;
}

function origin(cfn: Json): Json {
  // Not an origin (a `null` item): left as written, for fromDistributionConfig to name.
  if (typeof cfn !== 'object' || cfn === null) return cfn;
  const out: Json = { ...cfn };
  rename(out, 'OriginCustomHeaders', 'CustomHeaders');
  out.CustomHeaders = list(out.CustomHeaders);
  const custom = out.CustomOriginConfig as Json | undefined;
  if (custom) {
    const copy: Json = { ...custom };
    rename(copy, 'OriginSSLProtocols', 'OriginSslProtocols');
    copy.OriginSslProtocols = list(copy.OriginSslProtocols);
    out.CustomOriginConfig = defined(copy);
  }
  return defined(out);
}

function behavior(cfn: Json): Json {
  if (typeof cfn !== 'object' || cfn === null) return cfn;
  const out: Json = { ...cfn };
  const cached = out.CachedMethods;
  delete out.CachedMethods;
  // AWS::CloudFront::Distribution CacheBehavior: AllowedMethods defaults to GET and HEAD; the
  // CachedMethods written beside it must be a subset of it (checked when resolved), whether or not
  // AllowedMethods is written.
  const allowed = Array.isArray(out.AllowedMethods)
    ? out.AllowedMethods
    : cached
      ? ['GET', 'HEAD']
      : undefined;
  if (allowed !== undefined) {
    out.AllowedMethods = {
      ...(list(allowed) as Json),
      ...(cached ? { CachedMethods: list(cached) } : {}),
    };
  }
  for (const key of ['TrustedSigners', 'TrustedKeyGroups']) {
    if (Array.isArray(out[key])) {
      const items = out[key] as unknown[];
      out[key] = { Enabled: items.length > 0, Quantity: items.length, Items: items };
    }
  }
  out.FunctionAssociations = list(out.FunctionAssociations);
  out.LambdaFunctionAssociations = list(out.LambdaFunctionAssociations);
  const forwarded = out.ForwardedValues as Json | undefined;
  if (forwarded) {
    const cookies = forwarded.Cookies as Json | undefined;
    out.ForwardedValues = {
      ...forwarded,
      ...(cookies ? { Cookies: { ...cookies, WhitelistedNames: list(cookies.WhitelistedNames) } } : {}),
      Headers: list(forwarded.Headers),
      QueryStringCacheKeys: list(forwarded.QueryStringCacheKeys),
    };
  }
  return defined(out);
}

/** A `AWS::CloudFront::CachePolicy`'s `CachePolicyConfig` in the API shape (`{ Quantity, Items }` lists). */
export function cachePolicyConfigFromCfn(template: Json): Json {
  const cfn = textScalars(template) as Json;
  const params = cfn.ParametersInCacheKeyAndForwardedToOrigin as Json | undefined;
  if (!params) return cfn;
  const config = (key: string, items: string): Json | undefined => {
    const value = params[key] as Json | undefined;
    if (!value) return undefined;
    const { [items]: names, ...rest } = value;
    return names === undefined ? rest : { ...rest, [items]: list(names) };
  };
  return {
    ...cfn,
    ParametersInCacheKeyAndForwardedToOrigin: {
      ...params,
      ...(params.CookiesConfig ? { CookiesConfig: config('CookiesConfig', 'Cookies') } : {}),
      ...(params.HeadersConfig ? { HeadersConfig: config('HeadersConfig', 'Headers') } : {}),
      ...(params.QueryStringsConfig
        ? { QueryStringsConfig: config('QueryStringsConfig', 'QueryStrings') }
        : {}),
    },
  };
}
