import { resolve as resolvePath } from 'node:path';
import { describe, EdgecaseError } from '../../errors.js';
import type { CloudFrontFunctionSource } from '../../options/edge-code-types.js';
import { didYouMean } from '../../options/strict-keys.js';
import { findManagedCachePolicy } from '../../policy/managed-cache-policies.js';
import { findManagedOriginRequestPolicy } from '../../policy/origin-request-policy.js';
import { findManagedResponseHeadersPolicy } from '../../policy/response-headers-policy.js';
import { evaluateBody, META } from './tf-body.js';
import {
  evaluateJson,
  fail,
  known,
  type Step,
  type TfScope,
  text,
  Unknown,
  unknowable,
  withBindings,
} from './tf-expr.js';
import { callFunction } from './tf-functions.js';
import type { TfModule, TfResource } from './tf-module.js';
import { convert, readType } from './tf-types.js';
import { iteration, truth } from './tf-values.js';

/**
 * What a reference in a Terraform module means to edgecase: `var.x` (the option, a plan's value, the
 * default), `local.y`, attributes of resources declared in the module (written ones are evaluated;
 * an S3 bucket's domain names are derived from its name; others are known only after apply and stand
 * for themselves, e.g. `aws_cloudfront_function.f.arn`), managed cache policies read by a data
 * source by name. A data source edgecase cannot read, a module output, an undeclared name: an error
 * naming the reference and where it is.
 */
export interface ScopeOptions {
  variables: Readonly<Record<string, unknown>>;
  region: string | undefined;
  /** Values for references edgecase cannot read (`'data.aws_s3_bucket.b.id'`, `'module.x.y'`). */
  references: Readonly<Record<string, unknown>>;
  /** The directory of the configuration's files: `path.module`, and where `file(...)` paths start. */
  directory?: string | undefined;
}

/** `file("…")` as a whole attribute (a function's code, a public key's PEM): the path expression. */
const FILE_CALL = /^\$\{\s*file\(([\s\S]*)\)\s*\}$/;

/** The text of a reference, as written: `data.aws_s3_bucket.b.id`, `aws_x.y[0].z`, `module.m["k"].out`. */
export function referenceText(root: string, steps: readonly Step[]): string {
  return steps.reduce<string>(
    (text, step) =>
      typeof step === 'number'
        ? `${text}[${step}]`
        : /^[A-Za-z_][\w-]*$/.test(step)
          ? `${text}.${step}`
          : `${text}[${JSON.stringify(step)}]`,
    root,
  );
}

/** Roots whose references the `references` option may answer: data sources, modules, resources. */
const SELF_ROOTS = new Set(['var', 'local', 'path', 'terraform', 'count', 'each', 'self']);

export class TfContext {
  private readonly localValues = new Map<string, unknown>();
  private readonly variableValues = new Map<string, unknown>();
  private readonly evaluating = new Set<string>();
  readonly region: string;

  constructor(
    readonly module: TfModule,
    private readonly options: ScopeOptions,
    /** The module (`''` root, `module.cdn`) whose resources references name. */
    private readonly within: string,
  ) {
    this.checkVariables();
    let region = options.region;
    if (region === undefined && module.region !== undefined) {
      try {
        const value = evaluateJson(module.region, this.scope, 'provider.aws.region');
        if (typeof value === 'string') region = value;
      } catch {
        // A region the module computes in a way edgecase does not follow: the default below.
      }
    }
    this.region = region ?? 'us-east-1';
  }

  /** The scope of the module's top level. */
  readonly scope: TfScope = {
    reference: (root, steps, path) => this.reference(root, steps, path),
    call: (name, args, path) => callFunction(name, args, path),
  };

  private checkVariables(): void {
    if (this.module.kind !== 'configuration') return;
    const declared = Object.keys(this.module.variables);
    for (const name of Object.keys(this.options.variables)) {
      if (!declared.includes(name)) {
        const suggestion = didYouMean(name, declared);
        fail(
          'fromTerraform variables',
          `a variable the configuration declares (${declared.join(', ') || 'none'})`,
          name,
          suggestion
            ? `Did you mean ${describe(suggestion)}?`
            : 'Declare it with a variable block, or remove it.',
        );
      }
    }
  }

  private reference(root: string, steps: readonly Step[], path: string): { value: unknown; used: number } {
    if (!SELF_ROOTS.has(root)) {
      // The longest written prefix the option gives a value for: `data.x.y.id`, then `data.x.y`.
      for (let used = steps.length; used > 0; used--) {
        const text = referenceText(root, steps.slice(0, used));
        if (Object.hasOwn(this.options.references, text))
          return { value: this.options.references[text], used };
      }
    }
    const name = steps[0];
    switch (root) {
      case 'var':
        return { value: this.variable(String(name), path), used: 1 };
      case 'local':
        return { value: this.local(String(name), path), used: 1 };
      case 'path':
        return { value: this.options.directory ?? '.', used: 1 };
      case 'terraform':
        return { value: 'default', used: 1 };
      case 'module':
        return unknowable(
          path,
          'a value edgecase can read',
          `module.${String(name)}.${String(steps[1])}`,
          `edgecase does not run other modules: pass its value as { references: { ${JSON.stringify(`module.${String(name)}.${String(steps[1])}`)}: … } }.`,
        );
      case 'count':
      case 'each':
      case 'self':
        return unknowable(
          path,
          `${root} inside a resource with count / for_each`,
          `${root}.${String(name)}`,
          'Fix the reference.',
        );
      case 'data': {
        const found = this.resourceAttribute('data', String(name), steps.slice(1), path);
        return { value: found.value, used: found.used + 1 };
      }
      default:
        return this.resourceAttribute('managed', root, steps, path);
    }
  }

  private variable(name: string, path: string): unknown {
    if (this.variableValues.has(name)) return this.variableValues.get(name);
    const value = convert(
      this.rawVariable(name, path),
      readType(this.module.variables[name]?.type),
      `var.${name}`,
    );
    this.variableValues.set(name, value);
    return value;
  }

  private rawVariable(name: string, path: string): unknown {
    if (Object.hasOwn(this.options.variables, name)) return this.options.variables[name];
    const declared = this.module.variables[name];
    if (declared === undefined) {
      const suggestion = didYouMean(name, Object.keys(this.module.variables));
      return unknowable(
        path,
        'a declared variable',
        `var.${name}`,
        suggestion ? `Did you mean var.${suggestion}?` : 'Declare it, or pass its value in { variables }.',
      );
    }
    if ('value' in declared) return declared.value;
    if ('default' in declared) return evaluateJson(declared.default, this.scope, `variable.${name}.default`);
    return unknowable(
      path,
      `a value for var.${name}`,
      undefined,
      `It has no default: pass { variables: { ${name}: … } } to fromTerraform.`,
    );
  }

  private local(name: string, path: string): unknown {
    if (this.localValues.has(name)) return this.localValues.get(name);
    if (!(name in this.module.locals)) {
      const hint =
        this.module.kind === 'configuration'
          ? 'Declare it in a locals block.'
          : '`terraform show -json` does not record locals: load the .tf files instead.';
      return unknowable(path, 'a declared local value', `local.${name}`, hint);
    }
    if (this.evaluating.has(name))
      return fail(path, 'locals without a cycle', `local.${name}`, 'Fix the locals.');
    this.evaluating.add(name);
    try {
      const value = evaluateJson(this.module.locals[name], this.scope, `locals.${name}`);
      this.localValues.set(name, value);
      return value;
    } finally {
      this.evaluating.delete(name);
    }
  }

  /** The resources of this module with that type and name (one per instance in plans and states). */
  instances(mode: TfResource['mode'], type: string, name: string): TfResource[] {
    return this.module.resources.filter(
      (r) => r.mode === mode && r.type === type && r.name === name && r.module === this.within,
    );
  }

  private resourceAttribute(
    mode: TfResource['mode'],
    type: string,
    steps: readonly Step[],
    path: string,
  ): { value: unknown; used: number } {
    const name = String(steps[0]);
    const prefix = mode === 'data' ? `data.${type}` : type;
    const instances = this.instances(mode, type, name);
    if (instances.length === 0) {
      const declared = this.module.resources
        .filter((r) => r.mode === mode && r.type === type && r.module === this.within)
        .map((r) => `${prefix}.${r.name}`);
      return unknowable(
        path,
        mode === 'data'
          ? 'a data source declared in this configuration'
          : 'a resource declared in this configuration',
        `${prefix}.${name}`,
        declared.length > 0
          ? `Declared: ${declared.join(', ')}.`
          : 'Load the files that declare it too ({ "main.tf": …, "s3.tf": … }).',
      );
    }
    let used = 1;
    let instance = instances[0] as TfResource;
    let key: Step | undefined;
    if (isMultiInstance(instances)) {
      key = steps[1];
      used = 2;
      const match =
        instances.find((r) => r.index === key) ??
        (instances.length === 1 && r0(instances) ? instance : undefined);
      if (match === undefined)
        return fail(path, `an instance of ${prefix}.${name}`, key, 'Check the index or key.');
      instance = match;
    }
    const attribute = steps[used];
    const address = `${prefix}.${name}${key === undefined ? '' : `[${describe(key)}]`}`;
    if (attribute === undefined) return { value: new Unknown(address), used };
    used += 1;
    const ref = `${address}.${String(attribute)}`;
    const value = this.attributeValue(instance, key, String(attribute), ref, path);
    return { value: value instanceof Unknown ? new Unknown(ref) : value, used };
  }

  private attributeValue(
    r: TfResource,
    key: Step | undefined,
    attribute: string,
    ref: string,
    path: string,
  ): unknown {
    const scope = this.instanceScope(r, key, path);
    const written =
      attribute in r.body && !META.has(attribute) ? evaluateBody(r.body[attribute], scope, ref) : undefined;
    if (written !== undefined && !(written instanceof Unknown)) return written;
    if (r.mode === 'data') return this.dataAttribute(r, attribute, ref, scope, path);
    if (r.type === 'aws_s3_bucket') {
      const bucket = 'bucket' in r.body ? evaluateJson(r.body.bucket, scope, `${ref}`) : undefined;
      if (typeof bucket === 'string') {
        // The names S3 gives a bucket, as the provider's aws_s3_bucket attributes document them.
        const derived: Record<string, string> = {
          id: bucket,
          bucket_regional_domain_name: `${bucket}.s3.${this.region}.amazonaws.com`,
          bucket_domain_name: `${bucket}.s3.amazonaws.com`,
          website_endpoint: `${bucket}.s3-website-${this.region}.amazonaws.com`,
          website_domain: `s3-website-${this.region}.amazonaws.com`,
        };
        if (attribute in derived) return derived[attribute];
      }
    }
    if (r.type === 'aws_cloudfront_function' && attribute === 'arn') {
      // §10: a function association names the function by ARN; its code is the resource's `code`.
      const name = 'name' in r.body ? evaluateJson(r.body.name, scope, `${ref}`) : undefined;
      if (typeof name === 'string') {
        this.collectFunction(r, name, scope);
        return `arn:aws:cloudfront::123456789012:function/${name}`;
      }
    }
    // Known only after apply (an id, an ARN): it stands for itself, so the field it fills is
    // classified like any other (a key group in trusted_key_groups is UnmodelledFeature).
    return new Unknown(ref);
  }

  /** CloudFront Functions of the module that the distribution uses, by name: their code and runtime. */
  readonly functions: Record<string, CloudFrontFunctionSource> = {};
  /** Functions whose `code` edgecase cannot read (`file(...)`): the written expression, by name. */
  readonly unreadableFunctions = new Map<string, { resource: string; code: unknown }>();

  /** Functions with `publish = false`: what runs is the LIVE stage, which the files do not hold. */
  readonly unpublishedFunctions = new Map<string, string>();

  private collectFunction(r: TfResource, name: string, scope: TfScope): void {
    if (name in this.functions || this.unreadableFunctions.has(name)) return;
    const where = `aws_cloudfront_function.${r.name}`;
    // The provider's `publish` (default true) publishes the code to the LIVE stage a distribution runs.
    if (
      'publish' in r.body &&
      !truth(evaluateJson(r.body.publish, scope, `${where}.publish`), `${where}.publish`)
    )
      this.unpublishedFunctions.set(name, where);
    const runtime = 'runtime' in r.body ? evaluateJson(r.body.runtime, scope, `${where}.runtime`) : undefined;
    const keyValueStore = this.keyValueStoreOf(r, scope, where);
    const rest: Omit<CloudFrontFunctionSource, 'code' | 'file'> = {
      ...(runtime === 'cloudfront-js-1.0' || runtime === 'cloudfront-js-2.0'
        ? { runtime: runtime as 'cloudfront-js-1.0' | 'cloudfront-js-2.0' }
        : {}),
      ...(keyValueStore ? { keyValueStore } : {}),
    };
    // `code = file("${path.module}/index.js")`: the file it deploys, read when the distribution is made.
    const file = this.filePath(r.body.code, scope, `${where}.code`);
    if (file !== undefined) {
      this.functions[name] = { file, ...rest };
      return;
    }
    let code: unknown;
    try {
      code = evaluateJson(r.body.code, scope, `${where}.code`);
    } catch (error) {
      if (!(error instanceof EdgecaseError)) throw error;
      this.unreadableFunctions.set(name, { resource: where, code: r.body.code });
      return;
    }
    if (typeof code !== 'string') {
      this.unreadableFunctions.set(name, { resource: where, code: r.body.code });
      return;
    }
    this.functions[name] = { code, ...rest };
  }

  /**
   * The path of an attribute written as `file("…")`, from the configuration's directory (the
   * `directory` option; Terraform reads it from where it runs, which `path.module` names).
   */
  filePath(written: unknown, scope: TfScope, path: string): string | undefined {
    const call = typeof written === 'string' ? FILE_CALL.exec(written) : null;
    if (!call) return undefined;
    const value = evaluateJson(`\${${call[1]}}`, scope, path);
    if (typeof value !== 'string') return undefined;
    return resolvePath(this.options.directory ?? '.', value);
  }

  /**
   * §20 kvs-with-functions-associate: a function's `key_value_store_associations` name its store; the
   * keys are the configuration's `aws_cloudfrontkeyvaluestore_key` resources of that store. A store
   * without any is refused: its keys live outside the configuration (pass them in `functions`).
   */
  readonly functionsWithoutKeys = new Map<string, string>();
  private keyValueStoreOf(r: TfResource, scope: TfScope, where: string): Record<string, string> | undefined {
    if (!('key_value_store_associations' in r.body)) return undefined;
    const stores = evaluateJson(
      r.body.key_value_store_associations,
      scope,
      `${where}.key_value_store_associations`,
    );
    const arns = (Array.isArray(stores) ? stores : [stores]).map((a) => (a instanceof Unknown ? a.ref : a));
    if (arns.length === 0) return undefined;
    const data: Record<string, string> = {};
    let found = false;
    for (const key of this.module.resources) {
      if (key.mode === 'managed' && key.type === 'aws_cloudfrontkeyvaluestore_keys_exclusive') {
        // The store's whole key set, as `resource_key_value_pair` blocks.
        const at = `aws_cloudfrontkeyvaluestore_keys_exclusive.${key.name}`;
        const keyScope = this.instanceScope(key, key.index, at);
        const arn = evaluateJson(key.body.key_value_store_arn, keyScope, `${at}.key_value_store_arn`);
        if (!arns.includes(arn instanceof Unknown ? arn.ref : arn)) continue;
        const pairs = key.body.resource_key_value_pair;
        for (const [i, pair] of (Array.isArray(pairs)
          ? pairs
          : pairs === undefined
            ? []
            : [pairs]
        ).entries()) {
          const written = pair as { key?: unknown; value?: unknown };
          const k = evaluateJson(written.key, keyScope, `${at}.resource_key_value_pair[${i}].key`);
          const v = evaluateJson(written.value, keyScope, `${at}.resource_key_value_pair[${i}].value`);
          if (typeof k === 'string' && typeof v === 'string') data[k] = v;
        }
        found = true;
        continue;
      }
      if (key.mode !== 'managed' || key.type !== 'aws_cloudfrontkeyvaluestore_key') continue;
      const at = `aws_cloudfrontkeyvaluestore_key.${key.name}`;
      const keyScope = this.instanceScope(key, key.index, at);
      const arn = evaluateJson(key.body.key_value_store_arn, keyScope, `${at}.key_value_store_arn`);
      if (!arns.includes(arn instanceof Unknown ? arn.ref : arn)) continue;
      const k = evaluateJson(key.body.key, keyScope, `${at}.key`);
      const v = evaluateJson(key.body.value, keyScope, `${at}.value`);
      if (typeof k === 'string' && typeof v === 'string') {
        data[k] = v;
        found = true;
      }
    }
    if (!found) {
      this.functionsWithoutKeys.set(where, String(arns[0]));
      return undefined;
    }
    return data;
  }

  private dataAttribute(
    r: TfResource,
    attribute: string,
    ref: string,
    scope: TfScope,
    path: string,
  ): unknown {
    const managed = managedPolicyData(r, scope, ref);
    if (managed !== undefined) {
      const value = managed.attributes[attribute];
      if (value !== undefined) return value;
      return unknowable(
        path,
        `an attribute of the managed policy ${managed.attributes.name} (${Object.keys(managed.attributes).join(', ')})`,
        ref,
        `Pass its value as { references: { ${JSON.stringify(ref)}: … } }.`,
      );
    }
    if (r.type === 'aws_region' && (attribute === 'name' || attribute === 'region' || attribute === 'id'))
      return this.region;
    if (POLICY_DATA_SOURCES.has(r.type)) {
      const name = 'name' in r.body ? evaluateJson(r.body.name, scope, ref) : undefined;
      const kind = r.type.replace('aws_cloudfront_', '');
      // The provider compares the name exactly (cache_policy_data_source.go): a managed policy is
      // "Managed-<name>"; any other name is a policy of the account.
      const bare = typeof name === 'string' ? managedByName(r.type, `Managed-${name}`) : undefined;
      return unknowable(
        path,
        `a managed ${kind.replaceAll('_', ' ')} (its name starts with "Managed-") or one the files declare`,
        ref,
        bare !== undefined
          ? `The data source looks up the policy named exactly ${describe(name)}, which is your account's own, not the managed ${describe(`Managed-${name}`)}: write name = ${describe(`Managed-${name}`)} for the managed policy, or declare yours as an ${r.type} resource in the files you load.`
          : `It reads ${typeof name === 'string' ? `the policy named ${describe(name)}` : 'a policy'} from your AWS account, which edgecase cannot do: declare it as an ${r.type} resource in the files you load, or pass the value as { references: { ${JSON.stringify(ref)}: … } }.`,
      );
    }
    return unknowable(
      path,
      'a value edgecase can read',
      ref,
      `${ref} is read from your AWS account by a data source, which edgecase cannot do: pass its value as { references: { ${JSON.stringify(ref)}: … } }.`,
    );
  }

  /** The scope inside a resource: its `count.index` or `each.key` / `each.value`. */
  instanceScope(r: TfResource, key: Step | undefined, path: string): TfScope {
    if (this.module.kind !== 'configuration') return this.scope;
    if ('count' in r.body) return withBindings(this.scope, { count: { index: key ?? 0 } });
    if ('for_each' in r.body) {
      const each = known(evaluateJson(r.body.for_each, this.scope, `${path}.for_each`), path);
      const entries = Array.isArray(each)
        ? each.map((v) => [text(v, path), v] as const)
        : (iteration(each) as [string, unknown][]);
      const entry = key === undefined && entries.length === 1 ? entries[0] : entries.find(([k]) => k === key);
      if (!entry)
        return fail(
          path,
          `a key of for_each (${entries.map(([k]) => k).join(', ')})`,
          key,
          'Pick one in the address.',
        );
      return withBindings(this.scope, { each: { key: entry[0], value: entry[1] } });
    }
    return this.scope;
  }
}

function r0(instances: TfResource[]): boolean {
  return instances[0]?.index === undefined;
}

function isMultiInstance(instances: TfResource[]): boolean {
  const first = instances[0];
  if (first === undefined) return false;
  return first.index !== undefined || 'count' in first.body || 'for_each' in first.body;
}

const POLICY_DATA_SOURCES: ReadonlySet<string> = new Set([
  'aws_cloudfront_cache_policy',
  'aws_cloudfront_origin_request_policy',
  'aws_cloudfront_response_headers_policy',
]);

function managedByName(type: string, nameOrId: string): { id: string; name: string } | undefined {
  if (type === 'aws_cloudfront_cache_policy') return findManagedCachePolicy(nameOrId);
  if (type === 'aws_cloudfront_origin_request_policy') return findManagedOriginRequestPolicy(nameOrId);
  if (type === 'aws_cloudfront_response_headers_policy') return findManagedResponseHeadersPolicy(nameOrId);
  return undefined;
}

/**
 * §1.1, §15, §16: a policy data source that names a managed policy (by its exact API name,
 * `Managed-CachingOptimized`, or by id) reads the same in every account: its id, name and, for a
 * cache policy, its TTLs. Undefined for any other data source.
 */
function managedPolicyData(
  r: TfResource,
  scope: TfScope,
  ref: string,
): { attributes: Readonly<Record<string, unknown>> } | undefined {
  if (!POLICY_DATA_SOURCES.has(r.type)) return undefined;
  const name = 'name' in r.body ? evaluateJson(r.body.name, scope, ref) : undefined;
  const id = 'id' in r.body ? evaluateJson(r.body.id, scope, ref) : undefined;
  const byName =
    typeof name === 'string' && name.startsWith('Managed-') ? managedByName(r.type, name) : undefined;
  const byId = typeof id === 'string' ? managedByName(r.type, id) : undefined;
  const managed = byName ?? (byId?.id === id ? byId : undefined);
  if (managed === undefined) return undefined;
  const fullName = managed.name.startsWith('Managed-') ? managed.name : `Managed-${managed.name}`;
  const attributes: Record<string, unknown> = { id: managed.id, name: fullName };
  if (r.type === 'aws_cloudfront_cache_policy') {
    const policy = managed as ReturnType<typeof findManagedCachePolicy> & object;
    attributes.min_ttl = policy.minTtlMs / 1000;
    attributes.default_ttl = policy.defaultTtlMs / 1000;
    attributes.max_ttl = policy.maxTtlMs / 1000;
  }
  return { attributes };
}
