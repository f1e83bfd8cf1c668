import { readFile } from 'node:fs/promises';
import { describe, EdgecaseError, invalid } from '../../errors.js';
import type { DistributionOptions } from '../../options/config-types.js';
import type { CloudFrontFunctionSource } from '../../options/edge-code-types.js';
import type { LambdaEdgeSource } from '../../options/lambda-edge-types.js';
import type { KeyGroupOptions } from '../../options/signing-types.js';
import { checkOptionKeys, optionKeys } from '../../options/strict-keys.js';
import type { Origin } from '../../origin/types.js';
import { findManagedCachePolicy } from '../../policy/managed-cache-policies.js';
import { findManagedOriginRequestPolicy } from '../../policy/origin-request-policy.js';
import { findManagedResponseHeadersPolicy } from '../../policy/response-headers-policy.js';
import type { UnmodelledOption } from '../classify-fields.js';
import {
  type FromDistributionConfigOptions,
  loadDistributionConfig,
  type OriginAccessControlConfigInput,
  type VpcOriginEndpointConfig,
  type VpcOriginInput,
} from '../from-distribution-config.js';
import type { ApiPath } from '../source-paths.js';
import { textScalars } from './api-scalars.js';
import { givenFunction, mergeFunctions } from './function-sources.js';
import { concretize, evaluateBody } from './tf-body.js';
import { evaluateJson, truth } from './tf-expr.js';
import {
  IN_DYNAMIC_BLOCK,
  readTerraform,
  type TerraformSource,
  type TfModule,
  type TfResource,
} from './tf-module.js';
import { TfContext } from './tf-scope.js';
import {
  cachePolicyConfigFromTf,
  distributionConfigFromTf,
  NO_EFFECT_ARGUMENTS,
  originRequestPolicyConfigFromTf,
  responseHeadersPolicyConfigFromTf,
  tfPolicyWords,
  tfWords,
} from './tf-shape.js';

export type { TerraformSource } from './tf-module.js';

export interface FromTerraformOptions {
  /**
   * The `aws_cloudfront_distribution` to load, by address (`aws_cloudfront_distribution.site`,
   * `module.cdn.aws_cloudfront_distribution.this[0]`); needed when the source has several.
   */
  address?: string;
  /** Values of the configuration's variables (others take their `default`; a plan's own values come next). */
  variables?: Readonly<Record<string, unknown>>;
  /**
   * Your origin objects, keyed by the origin's `origin_id`, by its `domain_name` as edgecase resolves
   * it, or by the reference it is written as (`'aws_s3_bucket.site.bucket_regional_domain_name'`).
   */
  origins: Readonly<Record<string, Origin>>;
  /**
   * Values for references edgecase cannot read, by the reference as written: a data source's
   * attribute (`'data.aws_s3_bucket.site.bucket_regional_domain_name'`) or the whole data source
   * (`'data.aws_s3_bucket.site': { id: …, bucket_regional_domain_name: … }`), a module output
   * (`'module.cert.arn'`), or any resource attribute known only after apply.
   */
  references?: Readonly<Record<string, unknown>>;
  /**
   * CloudFront Functions' code by name or ARN: an `aws_cloudfront_function` of the files is read from
   * its `code` when that is text (a heredoc); one whose code is `file("…")` needs an entry here
   * (`{ 'rewrite': { file: './infra/functions/rewrite.js' } }`), which also replaces a read one.
   */
  functions?: Readonly<Record<string, CloudFrontFunctionSource>>;
  /**
   * Key groups by id for `trusted_key_groups`, as `fromDistributionConfig` takes them. The
   * configuration's own `aws_cloudfront_key_group` and `aws_cloudfront_public_key` resources are read
   * (`encoded_key` as text or `file("…")`); an entry here replaces a read one.
   */
  keyGroups?: Readonly<Record<string, KeyGroupOptions>>;
  /**
   * The directory of the configuration's files (default: the current directory): `path.module`, and
   * where the `file("…")` of a function's `code` or a public key's `encoded_key` is read from.
   */
  directory?: string;
  /** The AWS Region for S3 domain names (default: the `aws` provider's `region`, else `us-east-1`). */
  region?: string;
  /** As in `fromDistributionConfig`: what to do with fields edgecase does not model. */
  unmodelled?: UnmodelledOption;
  /**
   * Lambda@Edge handlers by versioned ARN or function name, for the `lambda_function_association`
   * blocks (`{ auth: { file: './src/edge/auth.mjs' } }`). A `lambda_arn` known only after apply
   * (`aws_lambda_function.auth.qualified_arn`) takes its value from `references`.
   */
  lambdas?: Readonly<Record<string, LambdaEdgeSource>>;
  /**
   * Custom policies the configuration names by an id it does not define (one of another
   * configuration, or made by hand), keyed by that id, as `fromDistributionConfig` takes them; the
   * configuration's own `aws_cloudfront_*_policy` resources are read from it.
   */
  cachePolicies?: FromDistributionConfigOptions['cachePolicies'];
  /** As `cachePolicies`, for origin request policies. */
  originRequestPolicies?: FromDistributionConfigOptions['originRequestPolicies'];
  /** As `cachePolicies`, for response headers policies. */
  responseHeadersPolicies?: FromDistributionConfigOptions['responseHeadersPolicies'];
  /**
   * VPC origins a `vpc_origin_config` names by an id the configuration does not define, keyed by that
   * id, as `fromDistributionConfig` takes them; the configuration's own `aws_cloudfront_vpc_origin`
   * resources are read from it.
   */
  vpcOrigins?: FromDistributionConfigOptions['vpcOrigins'];
}

const KEYS = optionKeys<FromTerraformOptions>()([
  'address',
  'variables',
  'references',
  'functions',
  'keyGroups',
  'directory',
  'origins',
  'region',
  'unmodelled',
  'lambdas',
  'cachePolicies',
  'originRequestPolicies',
  'responseHeadersPolicies',
  'vpcOrigins',
]);
const TYPE = 'aws_cloudfront_distribution';
const MULTI_TENANT: ReadonlySet<string> = new Set([
  'aws_cloudfront_multitenant_distribution',
  'aws_cloudfront_distribution_tenant',
  'aws_cloudfront_connection_group',
]);

/**
 * Loads the distribution a Terraform configuration deploys: HCL text (one file, or several of one
 * module as `{ 'main.tf': text, … }`), Terraform's JSON syntax, or `terraform show -json` output of a
 * plan or a state. Variables, locals, expressions and the module's own cache policies are resolved;
 * a reference edgecase cannot resolve (a data source, a module output, a function it does not
 * evaluate) is an error naming it and its path. Returns the options `createCdn` takes, classified
 * as `fromDistributionConfig` classifies them. Asynchronous: the HCL parser is WebAssembly.
 */
export async function fromTerraform(
  source: TerraformSource,
  options: FromTerraformOptions,
): Promise<DistributionOptions> {
  checkOptionKeys(options, KEYS, 'fromTerraform options');
  const directory = checkDirectory(options.directory);
  if (
    options.keyGroups !== undefined &&
    (typeof options.keyGroups !== 'object' || options.keyGroups === null || Array.isArray(options.keyGroups))
  )
    invalid(
      'InvalidOption',
      'fromTerraform keyGroups',
      'a record of key group id to { publicKeys }',
      options.keyGroups,
    );
  if (
    options.variables !== undefined &&
    (typeof options.variables !== 'object' || options.variables === null)
  )
    invalid(
      'InvalidOption',
      'fromTerraform variables',
      'a record of variable name to value',
      options.variables,
    );
  const module = await readTerraform(source);
  const { resource, key, address } = pickDistribution(module, options.address);
  const ctx = new TfContext(
    module,
    {
      variables: options.variables ?? {},
      region: options.region,
      references: checkReferences(options.references),
      directory,
    },
    resource.module,
  );
  if (module.kind === 'configuration' && 'count' in resource.body) {
    const count = evaluateBody(resource.body.count, ctx.scope, `${address}.count`);
    if (count === 0) {
      invalid(
        'InvalidOption',
        `${address}.count`,
        'a configuration that creates the distribution',
        count,
        'Pass the variables that turn it on in { variables }.',
      );
    }
  }
  const effective = Object.fromEntries(
    Object.entries(resource.body).filter(([name]) => !NO_EFFECT_ARGUMENTS.has(name)),
  );
  const body = concretize(
    evaluateBody(effective, ctx.instanceScope(resource, key, address), address),
  ) as Record<string, unknown>;
  refuseDynamicUnknowns(body);
  const config = distributionConfigFromTf(body, address);
  // The provider's schema requires an `origin` block: say so in the configuration's words rather than
  // as a DistributionConfig without Origins (a plan fixture hit it).
  if (config.Origins === undefined)
    invalid(
      'InvalidOption',
      `${address}.origin`,
      'one origin block (the AWS provider requires it)',
      undefined,
    );
  const domainName =
    typeof body.domain_name === 'string' && body.domain_name !== '' ? body.domain_name : undefined;
  lambdaVersions(config, ctx, resource.module, options.lambdas, address);
  const functions = functionsOf(ctx, options.functions);
  const keyGroups = await keyGroupsOf(config, ctx, options.keyGroups, options.references ?? {});
  return loadDistributionConfig(
    domainName
      ? { Distribution: { DomainName: domainName, DistributionConfig: config } }
      : { DistributionConfig: config },
    originsById(config, references(resource), options.origins, address),
    {
      cachePolicies: {
        ...options.cachePolicies,
        ...policiesOf(config, ctx, 'CachePolicyId', 'aws_cloudfront_cache_policy'),
      },
      originRequestPolicies: {
        ...options.originRequestPolicies,
        ...policiesOf(config, ctx, 'OriginRequestPolicyId', 'aws_cloudfront_origin_request_policy'),
      },
      responseHeadersPolicies: {
        ...options.responseHeadersPolicies,
        ...policiesOf(config, ctx, 'ResponseHeadersPolicyId', 'aws_cloudfront_response_headers_policy'),
      },
      originAccessControls: originAccessControlsOf(config, ctx),
      vpcOrigins: { ...options.vpcOrigins, ...vpcOriginsOf(config, ctx) },
      ...(options.unmodelled !== undefined ? { unmodelled: options.unmodelled } : {}),
      ...(functions ? { functions } : {}),
      ...(keyGroups ? { keyGroups } : {}),
      ...(options.lambdas ? { lambdas: options.lambdas } : {}),
    },
    tfWords(address),
    tfPolicyWords,
  );
}

function checkDirectory(directory: unknown): string | undefined {
  if (directory !== undefined && (typeof directory !== 'string' || directory === ''))
    invalid(
      'InvalidOption',
      'fromTerraform directory',
      "the configuration's directory, e.g. './infra'",
      directory,
    );
  return directory as string | undefined;
}

/**
 * §9, §21: the key groups `trusted_key_groups` names that the configuration defines
 * (`aws_cloudfront_key_group`), with their `aws_cloudfront_public_key`s' PEMs, keyed by the id the
 * distribution uses (the reference as written, the id a state records, or a `references` value).
 * A public key's id — the `Key-Pair-Id` a signed URL carries — is known only after apply: it is
 * `references['aws_cloudfront_public_key.<name>.id']` when given, else the reference text.
 */
async function keyGroupsOf(
  config: Record<string, unknown>,
  ctx: TfContext,
  given: Readonly<Record<string, KeyGroupOptions>> | undefined,
  references: Readonly<Record<string, unknown>>,
): Promise<Record<string, KeyGroupOptions> | undefined> {
  const ids = new Set<string>();
  for (const [, behavior] of behaviorsOf(config)) {
    const trusted = behavior?.TrustedKeyGroups as { Items?: unknown[] } | undefined;
    for (const id of trusted?.Items ?? []) if (typeof id === 'string') ids.add(id);
  }
  const resources = (type: string) =>
    ctx.module.resources.filter((r) => r.mode === 'managed' && r.type === type);
  const idOf = (r: TfResource, written: string): boolean => {
    const ref = `${addressOf({ ...r, module: '' })}.id`;
    return written === ref || r.body.id === written || references[ref] === written;
  };
  const read: Record<string, KeyGroupOptions> = {};
  for (const id of ids) {
    if (given && id in given) continue;
    const group = resources('aws_cloudfront_key_group').find((r) => idOf(r, id));
    if (group === undefined) continue;
    const at = addressOf(group);
    const body = concretize(evaluateBody(group.body, ctx.instanceScope(group, group.index, at), at)) as {
      items?: unknown;
    };
    const publicKeys: Record<string, string> = {};
    for (const [i, item] of (Array.isArray(body.items) ? body.items : []).entries()) {
      const keyId = String(item);
      const key = resources('aws_cloudfront_public_key').find((r) => idOf(r, keyId));
      if (key === undefined) {
        throw new EdgecaseError(
          'InvalidOption',
          `${at}.items[${i}]: expected an aws_cloudfront_public_key of the configuration, got ${describe(keyId)}.`,
          {
            value: keyId,
            hint: `Pass the key group instead: { keyGroups: { ${JSON.stringify(id)}: { publicKeys: { … } } } }.`,
          },
        );
      }
      publicKeys[keyId] = await encodedKey(key, ctx);
    }
    read[id] = { publicKeys };
  }
  if (Object.keys(read).length === 0 && given === undefined) return undefined;
  return { ...read, ...given };
}

/** A public key's `encoded_key`: its text, or the file `file("…")` names. */
async function encodedKey(key: TfResource, ctx: TfContext): Promise<string> {
  const at = `${addressOf(key)}.encoded_key`;
  const scope = ctx.instanceScope(key, key.index, addressOf(key));
  const file = ctx.filePath(key.body.encoded_key, scope, at);
  if (file !== undefined) {
    try {
      return await readFile(file, 'utf8');
    } catch (error) {
      throw new EdgecaseError(
        'InvalidOption',
        `${at}: expected a readable PEM file, got ${describe(file)}.`,
        {
          value: file,
          cause: error,
          hint: "Pass { directory } (the configuration's folder) or the key group in { keyGroups }.",
        },
      );
    }
  }
  const pem = concretize(evaluateBody(key.body.encoded_key, scope, at));
  if (typeof pem !== 'string')
    invalid('InvalidOption', at, 'the PEM text or file("…") of the public key', pem);
  return pem as string;
}

/**
 * §18: the configuration's `aws_cloudfront_origin_access_control` resources an origin names by
 * `origin_access_control_id` (its reference, or the id a state or plan records), as
 * OriginAccessControlConfigs, so their signing behaviour applies.
 */
function originAccessControlsOf(
  config: Record<string, unknown>,
  ctx: TfContext,
): Record<string, OriginAccessControlConfigInput> {
  const out: Record<string, OriginAccessControlConfigInput> = {};
  const controls = ctx.module.resources.filter(
    (r) => r.mode === 'managed' && r.type === 'aws_cloudfront_origin_access_control',
  );
  const origins = ((config.Origins as { Items?: unknown[] } | undefined)?.Items ?? []) as (
    | Record<string, unknown>
    | undefined
  )[];
  for (const origin of origins) {
    const id = origin?.OriginAccessControlId;
    if (typeof id !== 'string' || id === '' || id in out) continue;
    const control = controls.find((c) => id === `${addressOf({ ...c, module: '' })}.id` || c.body.id === id);
    if (control === undefined) continue;
    const path = addressOf(control);
    const body = concretize(
      evaluateBody(control.body, ctx.instanceScope(control, control.index, path), path),
    ) as Record<string, unknown>;
    const mapped: Record<string, unknown> = {};
    const fields: [string, string][] = [
      ['name', 'Name'],
      ['description', 'Description'],
      ['signing_behavior', 'SigningBehavior'],
      ['signing_protocol', 'SigningProtocol'],
      ['origin_access_control_origin_type', 'OriginAccessControlOriginType'],
    ];
    for (const [from, to] of fields) if (body[from] !== undefined) mapped[to] = body[from];
    out[id] = mapped as OriginAccessControlConfigInput;
  }
  return out;
}

/**
 * §8: the `aws_cloudfront_vpc_origin` resources the origins' `vpc_origin_config` names (by reference,
 * or by the id a state records): their `vpc_origin_endpoint_config`, in the API's shape.
 */
function vpcOriginsOf(config: Record<string, unknown>, ctx: TfContext): Record<string, VpcOriginInput> {
  const out: Record<string, VpcOriginInput> = {};
  const resources = ctx.module.resources.filter(
    (r) => r.mode === 'managed' && r.type === 'aws_cloudfront_vpc_origin',
  );
  const origins = ((config.Origins as { Items?: unknown[] } | undefined)?.Items ?? []) as (
    | { VpcOriginConfig?: { VpcOriginId?: unknown } }
    | undefined
  )[];
  for (const origin of origins) {
    const id = origin?.VpcOriginConfig?.VpcOriginId;
    if (typeof id !== 'string' || id in out) continue;
    const resource = resources.find(
      (r) => id === `${addressOf({ ...r, module: '' })}.id` || r.body.id === id,
    );
    if (resource === undefined) continue;
    const path = addressOf(resource);
    const body = concretize(
      evaluateBody(resource.body, ctx.instanceScope(resource, resource.index, path), path),
    ) as { vpc_origin_endpoint_config?: unknown };
    const written = body.vpc_origin_endpoint_config;
    const endpoint = (Array.isArray(written) ? written[0] : written) as Record<string, unknown> | undefined;
    if (endpoint === undefined) continue;
    // Ports written as text are read as numbers, as for the distribution's own arguments.
    out[id] = {
      VpcOriginEndpointConfig: textScalars({
        OriginProtocolPolicy: endpoint.origin_protocol_policy,
        HTTPPort: endpoint.http_port,
        HTTPSPort: endpoint.https_port,
      }) as VpcOriginEndpointConfig,
    };
  }
  return out;
}

/** The functions the distribution uses: read from the files, and the option's (which win). */
function functionsOf(
  ctx: TfContext,
  given: Readonly<Record<string, CloudFrontFunctionSource>> | undefined,
): Record<string, CloudFrontFunctionSource> | undefined {
  for (const [name, { resource, code }] of ctx.unreadableFunctions) {
    const arn = `arn:aws:cloudfront::123456789012:function/${name}`;
    if (given && (name in given || arn in given)) continue;
    throw new EdgecaseError(
      'InvalidOption',
      `${resource}.code: expected the function's source text, got ${describe(code)}, which edgecase cannot read.`,
      {
        value: code,
        hint: `Pass the file it deploys: fromTerraform(source, { functions: { ${JSON.stringify(name)}: { file: './path/to/${name}.js' } } }).`,
      },
    );
  }
  for (const [name, resource] of ctx.unpublishedFunctions) {
    const arn = `arn:aws:cloudfront::123456789012:function/${name}`;
    if (given && (name in given || arn in given)) continue;
    throw new EdgecaseError(
      'InvalidOption',
      `${resource}.publish: expected the function published (a distribution runs its LIVE stage), got false: this code stays in the DEVELOPMENT stage.`,
      {
        value: false,
        hint: `Set publish = true, or give the code that is live: fromTerraform(source, { functions: { ${JSON.stringify(name)}: { file: './path/to/live.js' } } }).`,
      },
    );
  }
  for (const [resource, store] of ctx.functionsWithoutKeys) {
    const name = Object.keys(ctx.functions).find((n) => resource.endsWith(`.${n}`)) ?? resource;
    if (givenFunction(given, name)?.keyValueStore !== undefined) continue;
    throw new EdgecaseError(
      'InvalidOption',
      `${resource}.key_value_store_associations: expected keys of ${describe(store)} in the configuration (aws_cloudfrontkeyvaluestore_key), got none.`,
      {
        value: store,
        hint: 'Give the store\'s keys: fromTerraform(source, { functions: { <function name>: { keyValueStore: { key: "value" } } } }).',
      },
    );
  }
  const read = ctx.functions;
  if (Object.keys(read).length === 0 && given === undefined) return undefined;
  return mergeFunctions(read, given);
}

/** A DistributionConfig's behaviours, the default first, each with its path in the config. */
function behaviorsOf(config: Record<string, unknown>): [ApiPath, Record<string, unknown> | undefined][] {
  const ordered = (config.CacheBehaviors as { Items?: Record<string, unknown>[] } | undefined)?.Items ?? [];
  return [
    [['DefaultCacheBehavior'], config.DefaultCacheBehavior as Record<string, unknown> | undefined],
    ...ordered.map((b, i): [ApiPath, Record<string, unknown>] => [['CacheBehaviors', 'Items', i], b]),
  ];
}

/**
 * §20: a Lambda@Edge association names a numbered version. Written as a reference to the module's
 * `aws_lambda_function`, `.arn` is the unqualified ARN and `.qualified_arn` of a function without
 * `publish = true` is `…:$LATEST`: CloudFront refuses both, so edgecase does. A published function's
 * `qualified_arn` (a version known only after apply) stands for that function: it runs the handler
 * `lambdas` gives for its `function_name` (or for the reference as written).
 */
function lambdaVersions(
  config: Record<string, unknown>,
  ctx: TfContext,
  module: string,
  lambdas: Readonly<Record<string, LambdaEdgeSource>> | undefined,
  address: string,
): void {
  for (const [at, behavior] of behaviorsOf(config)) {
    const associations =
      (behavior?.LambdaFunctionAssociations as { Items?: Record<string, unknown>[] } | undefined)?.Items ??
      [];
    for (const [i, association] of associations.entries()) {
      const written = association.LambdaFunctionARN;
      if (typeof written !== 'string') continue;
      const ref = /^aws_lambda_function\.([\w-]+)\.(arn|qualified_arn)$/.exec(written);
      if (!ref) continue;
      const fn = ctx.module.resources.find(
        (r) =>
          r.mode === 'managed' &&
          r.type === 'aws_lambda_function' &&
          r.name === ref[1] &&
          r.module === module,
      );
      if (fn === undefined) continue;
      const resource = `aws_lambda_function.${ref[1]}`;
      const published =
        'publish' in fn.body &&
        truth(evaluateJson(fn.body.publish, ctx.scope, `${resource}.publish`), `${resource}.publish`);
      if (ref[2] === 'arn' || !published)
        invalid(
          'InvalidOption',
          tfWords(address)([...at, 'LambdaFunctionAssociations', 'Items', i, 'LambdaFunctionARN']),
          'the ARN of a numbered version, as CloudFront requires',
          written,
          ref[2] === 'arn'
            ? `${resource}.arn has no version: write ${resource}.qualified_arn, with publish = true on the function.`
            : `${resource} has no publish = true, so its qualified_arn is its $LATEST ARN, which CloudFront refuses: add publish = true.`,
        );
      const name = evaluateJson(fn.body.function_name, ctx.scope, `${resource}.function_name`);
      if (typeof name === 'string' && !(lambdas !== undefined && written in lambdas))
        association.LambdaFunctionARN = name;
    }
  }
}

/** The `references` option: keys written as references (`data.x.y.attr`, `module.m.out`, `aws_x.y.attr`). */
function checkReferences(references: unknown): Readonly<Record<string, unknown>> {
  if (references === undefined) return {};
  if (typeof references !== 'object' || references === null || Array.isArray(references))
    invalid('InvalidOption', 'fromTerraform references', 'a record of reference to value', references);
  for (const key of Object.keys(references)) {
    if (
      !/^(data\.[\w-]+\.[\w-]+|module\.[\w-]+|[a-z][a-z0-9_]*\.[\w-]+)([.[].*)?$/.test(key) ||
      /^(var|local)\./.test(key)
    ) {
      invalid(
        'InvalidOption',
        'fromTerraform references',
        "references as written in the configuration ('data.aws_s3_bucket.site.id', 'module.cert.arn'; variables go in { variables })",
        key,
      );
    }
  }
  // A key as the error message writes it (`fn["dir-index"].arn`) or in the dotted form references are
  // looked up by (`referenceText`): both name the same reference.
  return Object.fromEntries(
    Object.entries(references).map(([key, value]) => [key.replace(/\["([A-Za-z_][\w-]*)"\]/g, '.$1'), value]),
  );
}

function addressOf(r: TfResource, key?: string | number): string {
  const base = `${r.module ? `${r.module}.` : ''}${r.mode === 'data' ? 'data.' : ''}${r.type}.${r.name}`;
  const index = key ?? r.index;
  return index === undefined ? base : `${base}[${JSON.stringify(index)}]`;
}

function pickDistribution(
  module: TfModule,
  wanted: string | undefined,
): { resource: TfResource; key: string | number | undefined; address: string } {
  const found = module.resources.filter((r) => r.mode === 'managed' && r.type === TYPE);
  const addresses = found.map((r) => addressOf(r));
  // A multi-tenant distribution (and its tenants) serves viewers through tenants' domains and
  // parameters, which edgecase does not model: say so, rather than "no distribution".
  const tenants = module.resources.filter((r) => r.mode === 'managed' && MULTI_TENANT.has(r.type));
  const tenant = tenants.find((r) => wanted === undefined || addressOf(r) === wanted);
  if (tenant !== undefined && (wanted !== undefined || found.length === 0))
    throw new EdgecaseError(
      'UnmodelledFeature',
      `${addressOf(tenant)}: expected an aws_cloudfront_distribution, got ${tenant.type}, which edgecase does not model (multi-tenant distributions and their tenants); a test would pass where production differs.`,
      { value: tenant.type, hint: 'Load a standard aws_cloudfront_distribution.' },
    );
  if (wanted !== undefined) {
    if (typeof wanted !== 'string')
      invalid('InvalidOption', 'fromTerraform address', 'a resource address', wanted);
    const exact = found.find((r) => addressOf(r) === wanted);
    if (exact) return { resource: exact, key: exact.index, address: wanted };
    // `….site[0]` / `….site["a"]` in a configuration: that instance of a count / for_each resource.
    const indexed = /^(.*)\[(\d+|"[^"]*")\]$/.exec(wanted);
    const base = found.filter((r) => addressOf(r) === (indexed?.[1] ?? wanted));
    const single = base.length === 1 ? base[0] : undefined;
    if (indexed && single && single.index === undefined)
      return { resource: single, key: JSON.parse(indexed[2] as string) as string | number, address: wanted };
    if (!indexed && base.length === 0) {
      const instances = found.filter((r) => addressOf(r).replace(/\[[^\]]*\]$/, '') === wanted);
      if (instances.length === 1)
        return {
          resource: instances[0] as TfResource,
          key: instances[0]?.index,
          address: addressOf(instances[0] as TfResource),
        };
    }
    return invalid(
      'InvalidOption',
      'fromTerraform address',
      `one of the source's distributions (${addresses.join(', ') || 'none'})`,
      wanted,
    );
  }
  if (found.length !== 1) {
    throw new EdgecaseError(
      'InvalidOption',
      `fromTerraform source: expected one ${TYPE}, got ${found.length === 0 ? 'none' : describe(addresses)}.`,
      {
        value: addresses,
        hint:
          found.length > 1
            ? 'Pass { address } to pick one.'
            : 'Is this the configuration (or plan, or state) that deploys it? Pass all its files: { "main.tf": …, "cdn.tf": … }.',
      },
    );
  }
  const only = found[0] as TfResource;
  return { resource: only, key: only.index, address: addressOf(only) };
}

/** Each static origin block's `domain_name` written as a plain reference (`aws_s3_bucket.b.…`). */
function references(resource: TfResource): (string | undefined)[] {
  const origins = resource.body.origin;
  const blocks = Array.isArray(origins) ? origins : origins ? [origins] : [];
  return blocks.map((o) => {
    const raw = (o as { domain_name?: unknown }).domain_name;
    return typeof raw === 'string' ? /^\$\{\s*([\w.[\]"-]+)\s*\}$/.exec(raw)?.[1] : undefined;
  });
}

/** The user's origins keyed by origin Id, found by Id, resolved domain name or written reference. */
function originsById(
  config: Record<string, unknown>,
  refs: readonly (string | undefined)[],
  given: Readonly<Record<string, Origin>>,
  address: string,
): Record<string, Origin> {
  if (typeof given !== 'object' || given === null)
    invalid(
      'InvalidOrigin',
      'fromTerraform origins',
      'a record of origin_id (or domain name) to Origin',
      given,
    );
  const items =
    (config.Origins as { Items?: { Id?: string; DomainName?: string }[] } | undefined)?.Items ?? [];
  const out: Record<string, Origin> = {};
  for (const [i, item] of items.entries()) {
    const ref = refs[i];
    const origin =
      (item.Id !== undefined ? given[item.Id] : undefined) ??
      (item.DomainName !== undefined ? given[item.DomainName] : undefined) ??
      (ref !== undefined ? given[ref] : undefined);
    if (origin === undefined) {
      throw new EdgecaseError(
        'NoSuchOrigin',
        `${address}.origin[${i}]: expected an origin keyed by origin_id ${describe(item.Id)} or domain_name ${describe(item.DomainName)}${ref !== undefined && ref !== item.DomainName ? ` (or ${describe(ref)})` : ''}, got keys ${describe(Object.keys(given))}.`,
        { value: item.Id, hint: `Pass { origins: { ${JSON.stringify(item.Id)}: memoryOrigin() } }.` },
      );
    }
    if (item.Id !== undefined) out[item.Id] = origin;
  }
  return out;
}

const POLICY_TYPES = {
  aws_cloudfront_cache_policy: {
    field: 'CachePolicyId',
    map: cachePolicyConfigFromTf,
    managed: findManagedCachePolicy,
  },
  aws_cloudfront_origin_request_policy: {
    field: 'OriginRequestPolicyId',
    map: originRequestPolicyConfigFromTf,
    managed: findManagedOriginRequestPolicy,
  },
  aws_cloudfront_response_headers_policy: {
    field: 'ResponseHeadersPolicyId',
    map: responseHeadersPolicyConfigFromTf,
    managed: findManagedResponseHeadersPolicy,
  },
} as const;

/**
 * The module's own policy resources of `type` (cache, origin request, response headers) that the
 * behaviours use through `field`, by the id they use.
 */
function policiesOf<T>(
  config: Record<string, unknown>,
  ctx: TfContext,
  field: 'CachePolicyId' | 'OriginRequestPolicyId' | 'ResponseHeadersPolicyId',
  type: keyof typeof POLICY_TYPES,
): Record<string, T> {
  const out: Record<string, T> = {};
  const { map, managed } = POLICY_TYPES[type];
  const policies = ctx.module.resources.filter((r) => r.mode === 'managed' && r.type === type);
  for (const [, behavior] of behaviorsOf(config)) {
    const id = behavior?.[field];
    if (typeof id !== 'string' || id in out || managed(id)) continue;
    // Matched by the reference a configuration writes, or by the id a state or plan records.
    const policy = policies.find((p) => id === `${addressOf({ ...p, module: '' })}.id` || p.body.id === id);
    if (policy === undefined) continue;
    const path = addressOf(policy);
    const body = concretize(
      evaluateBody(policy.body, ctx.instanceScope(policy, policy.index, path), path),
    ) as Record<string, unknown>;
    out[id] = map(body, path) as T;
  }
  return out;
}

/**
 * A plan's argument known only after apply inside a `dynamic` block (a behaviour's `cache_policy_id`
 * of a policy the plan creates, or the whole block list): the plan records no expression for it, so
 * the deployed value cannot be read from the plan. Named with the way forward.
 */
function refuseDynamicUnknowns(value: unknown): void {
  if (typeof value === 'string' && value.endsWith(IN_DYNAMIC_BLOCK)) {
    invalid(
      'InvalidOption',
      value.slice(0, -IN_DYNAMIC_BLOCK.length - 1),
      'a value the plan records',
      'a value known only after apply, in a dynamic block',
      "Terraform's plan JSON leaves out the expressions of dynamic blocks: load the configuration's .tf files (with its variables) or a state instead.",
    );
  }
  if (Array.isArray(value)) for (const item of value) refuseDynamicUnknowns(item);
  else if (typeof value === 'object' && value !== null)
    for (const item of Object.values(value)) refuseDynamicUnknowns(item);
}
