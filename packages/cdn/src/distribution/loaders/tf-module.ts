import { describe, EdgecaseError, invalid } from '../../errors.js';
import { isPlainObject } from '../../options/checks.js';
import { Unknown } from './tf-expr.js';

/**
 * What a Terraform source declares, in one form whichever it came as: HCL text (parsed by
 * `@cdktn/hcl2json`, Terraform's own HCL parser compiled to WebAssembly), Terraform's JSON
 * configuration syntax (`*.tf.json`), or `terraform show -json` output of a plan or a state. Bodies
 * are in Terraform's JSON form: strings are templates (`"${var.x}"`), blocks are lists of objects. A
 * plan's values known only after apply are read from its `configuration` (the reference they come
 * from) or stand for themselves (`Unknown`).
 */
type Json = Record<string, unknown>;

export interface TfResource {
  mode: 'managed' | 'data';
  type: string;
  name: string;
  /** The module it is in (`''` for the root, `module.cdn` ...). */
  module: string;
  /** `count.index` / `each.key` of this instance in plans and states. */
  index?: string | number;
  body: Json;
}

export interface TfModule {
  kind: 'configuration' | 'plan' | 'state';
  resources: TfResource[];
  /** Declared variables (their `default`) and, in a plan, the values it was made with. */
  variables: Record<string, { default?: unknown; value?: unknown; type?: unknown }>;
  locals: Record<string, unknown>;
  /** The default `aws` provider's `region` expression, when the configuration has one. */
  region?: unknown;
}

/** Source text, a parsed JSON object, or several files of one module keyed by file name. */
export type TerraformSource = string | Readonly<Record<string, unknown>>;

const WHAT = 'fromTerraform source';
/** The files of a module: configuration (`.tf`, `.tf.json`) and variable values (`.tfvars`, `.tfvars.json`). */
const FILE = /\.(tf|tfvars)(\.json)?$/;
const TFVARS = /\.tfvars(\.json)?$/;

export async function readTerraform(source: unknown): Promise<TfModule> {
  if (typeof source === 'string') return readText('main.tf', source);
  if (!isPlainObject(source)) {
    return invalid(
      'InvalidOption',
      WHAT,
      'HCL text, `terraform show -json` output, or { "main.tf": text, ... }',
      source,
    );
  }
  const entries = Object.entries(source);
  if (entries.length > 0 && entries.every(([key, value]) => FILE.test(key) && typeof value === 'string')) {
    const modules = await Promise.all(entries.map(([file, text]) => readText(file, text as string)));
    return merge(modules);
  }
  return readJson(source as Json, 'main.tf.json');
}

async function readText(file: string, text: string): Promise<TfModule> {
  const trimmed = text.trimStart();
  if (TFVARS.test(file)) return tfvars(file, await parseText(file, text, trimmed.startsWith('{')));
  if (trimmed.startsWith('{')) return readJson(await parseText(file, text, true), file);
  return fromConfiguration(await parseText(file, text, false));
}

/** A `.tfvars` file: the values of variables, as `-var-file` gives them (after the `variables` option). */
function tfvars(file: string, values: Json): TfModule {
  const variables: TfModule['variables'] = {};
  for (const [name, value] of Object.entries(values)) {
    if (typeof value === 'string' && value.includes('${'))
      invalid(
        'InvalidOption',
        `${WHAT} ${file}: ${name}`,
        'a literal value (a .tfvars file has no expressions)',
        value,
      );
    variables[name] = { value };
  }
  return { kind: 'configuration', resources: [], variables, locals: {} };
}

async function parseText(file: string, text: string, json: boolean): Promise<Json> {
  if (json) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new EdgecaseError(
        'InvalidOption',
        `${WHAT} ${file}: expected JSON, got text that does not parse (${(error as Error).message}).`,
        {
          value: text.slice(0, 80),
          cause: error,
        },
      );
    }
    return parsed as Json;
  }
  const { parse } = await import('@cdktn/hcl2json');
  let parsed: Json;
  try {
    parsed = (await parse(file, text)) as Json;
  } catch (error) {
    throw new EdgecaseError(
      'InvalidOption',
      `${WHAT} ${file}: expected Terraform HCL, got text that does not parse (${(error as Error).message}).`,
      { value: text.slice(0, 80), cause: error },
    );
  }
  return parsed;
}

function readJson(json: Json, file: string): TfModule {
  if ('format_version' in json) return 'planned_values' in json ? fromPlan(json) : fromState(json);
  // A `terraform.tfstate` file as Terraform writes it (version 4): the same attributes as
  // `terraform show -json`, in another shape.
  if (typeof json.version === 'number' && Array.isArray(json.resources) && 'lineage' in json)
    return fromRawState(json);
  const known = ['resource', 'data', 'variable', 'locals', 'provider', 'module', 'output', 'terraform'];
  if (!Object.keys(json).some((key) => known.includes(key))) {
    invalid(
      'InvalidOption',
      `${WHAT} ${file}`,
      'a Terraform configuration (resource, variable, locals...) or `terraform show -json` output (format_version)',
      `keys ${describe(Object.keys(json))}`,
    );
  }
  return fromConfiguration(json);
}

/** Terraform's JSON syntax allows one block as an object or several as a list. */
const asList = (value: unknown): Json[] =>
  Array.isArray(value) ? (value as Json[]) : isPlainObject(value) ? [value as Json] : [];

function fromConfiguration(config: Json): TfModule {
  const resources: TfResource[] = [];
  for (const mode of ['resource', 'data'] as const) {
    const byType = (config[mode] ?? {}) as Record<string, Record<string, unknown>>;
    for (const [type, byName] of Object.entries(byType)) {
      for (const [name, bodies] of Object.entries(byName ?? {})) {
        for (const body of asList(bodies))
          resources.push({ mode: mode === 'resource' ? 'managed' : 'data', type, name, module: '', body });
      }
    }
  }
  const variables: TfModule['variables'] = {};
  for (const [name, bodies] of Object.entries((config.variable ?? {}) as Record<string, unknown>)) {
    const body = asList(bodies)[0] ?? {};
    variables[name] = {
      ...('default' in body ? { default: body.default } : {}),
      ...('type' in body ? { type: body.type } : {}),
    };
  }
  const locals: Record<string, unknown> = {};
  for (const body of asList(config.locals)) Object.assign(locals, body);
  const provider = asList((config.provider as Json | undefined)?.aws).find((p) => p.alias === undefined);
  return {
    kind: 'configuration',
    resources,
    variables,
    locals,
    ...(provider && 'region' in provider ? { region: provider.region } : {}),
  };
}

function merge(modules: TfModule[]): TfModule {
  const out: TfModule = { kind: 'configuration', resources: [], variables: {}, locals: {} };
  for (const module of modules) {
    if (module.kind !== 'configuration')
      invalid(
        'InvalidOption',
        WHAT,
        'configuration files (.tf, .tf.json, .tfvars) when given several',
        module.kind,
      );
    out.resources.push(...module.resources);
    // A declaration (.tf) and a value (.tfvars) of one variable meet here, in either order.
    for (const [name, variable] of Object.entries(module.variables))
      out.variables[name] = { ...out.variables[name], ...variable };
    Object.assign(out.locals, module.locals);
    if (module.region !== undefined) out.region = module.region;
  }
  return out;
}

interface ShowResource {
  address?: string;
  mode?: string;
  type?: string;
  name?: string;
  index?: string | number;
  values?: Json;
}
interface ShowModule {
  address?: string;
  resources?: ShowResource[];
  child_modules?: ShowModule[];
}

function collect(module: ShowModule | undefined, out: ShowResource[] = []): ShowResource[] {
  if (!module) return out;
  out.push(...(module.resources ?? []));
  for (const child of module.child_modules ?? []) collect(child, out);
  return out;
}

function resource(r: ShowResource, body: Json): TfResource {
  const module = r.address?.match(/^((?:module\.[^.]+(?:\[[^\]]*\])?\.)*)/)?.[1]?.replace(/\.$/, '') ?? '';
  return {
    mode: r.mode === 'data' ? 'data' : 'managed',
    type: r.type ?? '',
    name: r.name ?? '',
    module,
    ...(r.index !== undefined ? { index: r.index } : {}),
    body,
  };
}

function fromState(json: Json): TfModule {
  return stateOf(collect((json.values as { root_module?: ShowModule } | undefined)?.root_module));
}

/** A state's resources, with the attributes it records as their bodies. */
function stateOf(resources: readonly ShowResource[]): TfModule {
  return {
    kind: 'state',
    resources: resources.map((r) => resource(r, asValues(r.values ?? {}) as Json)),
    variables: {},
    locals: {},
  };
}

/** A `terraform.tfstate` file (format version 4): each resource's instances, with their attributes. */
function fromRawState(json: Json): TfModule {
  const resources: ShowResource[] = [];
  for (const entry of json.resources as unknown[]) {
    if (!isPlainObject(entry)) continue;
    const r = entry as { module?: string; mode?: string; type?: string; name?: string; instances?: unknown };
    for (const instance of Array.isArray(r.instances) ? r.instances : []) {
      if (!isPlainObject(instance)) continue;
      const { index_key: index, attributes } = instance as { index_key?: string | number; attributes?: Json };
      const address = `${r.module ? `${r.module}.` : ''}${r.mode === 'data' ? 'data.' : ''}${r.type}.${r.name}${index === undefined ? '' : `[${JSON.stringify(index)}]`}`;
      resources.push({
        address,
        ...(r.mode !== undefined ? { mode: r.mode } : {}),
        ...(r.type !== undefined ? { type: r.type } : {}),
        ...(r.name !== undefined ? { name: r.name } : {}),
        ...(index !== undefined ? { index } : {}),
        values: attributes ?? {},
      });
    }
  }
  return stateOf(resources);
}

function fromPlan(json: Json): TfModule {
  const root = (json.planned_values as { root_module?: ShowModule } | undefined)?.root_module;
  const changes = new Map<string, unknown>();
  for (const change of (json.resource_changes ?? []) as {
    address?: string;
    change?: { after_unknown?: unknown };
  }[])
    if (change.address) changes.set(change.address, change.change?.after_unknown);
  const configuration = (json.configuration as { root_module?: ConfigModule } | undefined)?.root_module;
  const provider = (json.configuration as { provider_config?: Record<string, ProviderConfig> } | undefined)
    ?.provider_config?.aws;
  const region = provider?.expressions?.region?.constant_value;
  const variables: TfModule['variables'] = {};
  for (const [name, v] of Object.entries((json.variables ?? {}) as Record<string, { value?: unknown }>))
    variables[name] = { value: v.value };
  return {
    kind: 'plan',
    resources: collect(root).map((r) => {
      const expressions = configFor(configuration, r);
      const body = fill(
        asValues(r.values ?? {}),
        changes.get(r.address ?? ''),
        expressions,
        r.address ?? '',
        r.type === 'aws_cloudfront_distribution',
      );
      return resource(r, body as Json);
    }),
    variables,
    locals: {},
    ...(region !== undefined ? { region } : {}),
  };
}

interface ProviderConfig {
  expressions?: { region?: { constant_value?: unknown } };
}

interface ConfigModule {
  resources?: { address?: string; expressions?: Json }[];
  module_calls?: Record<string, { module?: ConfigModule }>;
}

/** The `configuration` expressions of a planned resource (module addresses lose their instance keys). */
function configFor(root: ConfigModule | undefined, r: ShowResource): Json | undefined {
  let module = root;
  const address = r.address ?? '';
  const parts = address.match(/module\.([^.[]+)(?:\[[^\]]*\])?\./g) ?? [];
  for (const part of parts) module = module?.module_calls?.[part.slice(7).replace(/(\[.*)?\.$/, '')]?.module;
  const local = `${r.mode === 'data' ? 'data.' : ''}${r.type}.${r.name}`;
  return module?.resources?.find((c) => c.address === local)?.expressions;
}

/** Marks a plan's value known after apply inside a `dynamic` block (see `fill`). */
export const IN_DYNAMIC_BLOCK = '(known after apply; a plan records no expression in a dynamic block)';

/**
 * What the AWS provider computes for an `aws_cloudfront_distribution` (its attributes, and the
 * Optional + Computed TTLs of a legacy behaviour): known after apply without the configuration
 * writing them.
 */
const PROVIDER_COMPUTED = new Set([
  'id',
  'arn',
  'etag',
  'domain_name',
  'hosted_zone_id',
  'status',
  'last_modified_time',
  'in_progress_validation_batches',
  'caller_reference',
  'tags_all',
  'trusted_key_groups',
  'trusted_signers',
  'min_ttl',
  'default_ttl',
  'max_ttl',
]);

/**
 * A plan's values with those known only after apply filled in: from the reference the
 * configuration gives (`${aws_s3_bucket.b.bucket_regional_domain_name}`) or as `Unknown`.
 */
function fill(
  value: unknown,
  unknown: unknown,
  expression: unknown,
  path: string,
  distribution: boolean,
): unknown {
  if (unknown === true) {
    const e = expression as { references?: string[]; constant_value?: unknown } | undefined;
    if (e === undefined) {
      // Not written in the configuration: a value the provider computes (a TTL, an id), left out. But
      // a plan records no expression inside a `dynamic` block either (Terraform's jsonconfig ignores
      // them): a distribution's argument that is not one the provider computes stays unknown, so
      // what it would change (a behaviour's cache policy) is refused rather than dropped.
      const key = /([a-z_]+)(?:\[\d+\])*$/.exec(path)?.[1] ?? '';
      if (!distribution || PROVIDER_COMPUTED.has(key)) return undefined;
      return new Unknown(`${path} ${IN_DYNAMIC_BLOCK}`);
    }
    if ('constant_value' in e) return asValues(e.constant_value);
    const ref = e?.references?.[0];
    return ref !== undefined ? `\${${ref}}` : new Unknown(`${path} (known after apply)`);
  }
  if (Array.isArray(unknown)) {
    const items = Array.isArray(value) ? [...value] : [];
    for (const [i, u] of unknown.entries()) {
      const e = Array.isArray(expression) ? expression[i] : undefined;
      items[i] = fill(items[i], u, e, `${path}[${i}]`, distribution);
    }
    return items;
  }
  if (isPlainObject(unknown)) {
    const object = isPlainObject(value) ? { ...(value as Json) } : {};
    for (const [key, u] of Object.entries(unknown as Json)) {
      const e = isPlainObject(expression) ? (expression as Json)[key] : undefined;
      if (u === false) continue;
      object[key] = fill(object[key], u, e, `${path}.${key}`, distribution);
    }
    return object;
  }
  return value;
}

/** A state's strings are values, not templates: `${` in them is written `$${`. */
function asValues(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(/([$%])\{/g, '$1$1{');
  if (Array.isArray(value)) return value.map(asValues);
  if (isPlainObject(value))
    return Object.fromEntries(Object.entries(value as Json).map(([k, v]) => [k, asValues(v)]));
  return value;
}
