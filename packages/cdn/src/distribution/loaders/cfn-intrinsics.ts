import { describe, EdgecaseError } from '../../errors.js';

/**
 * Resolves CloudFormation intrinsic functions in a resource's properties, as a deploy would:
 * `Ref` (parameters, pseudo parameters, `AWS::NoValue`, resources), `Fn::GetAtt`, `Fn::Sub`,
 * `Fn::Join`, `Fn::Select`, `Fn::Split`, `Fn::If` with the template's `Conditions`, `Fn::FindInMap`,
 * `Fn::Base64`. A value that cannot be known before deploying (`Fn::ImportValue`, `Fn::GetAZs`,
 * `Fn::Cidr`, an unknown name) is an error naming the intrinsic and where it is.
 */
export interface CfnContext {
  template: Record<string, unknown>;
  parameters: Readonly<Record<string, unknown>>;
  /** Values of other stacks' exports, by export name, for `Fn::ImportValue`. */
  imports?: Readonly<Record<string, unknown>>;
  /** Other stacks' outputs `Fn::GetStackOutput` reads, by stack name then output name. */
  stackOutputs?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** Values of dynamic references (`{{resolve:ssm:/site/prefix}}`), by the reference as written. */
  dynamicReferences?: Readonly<Record<string, string>>;
  region: string;
  /** What `Ref` / `Fn::GetAtt` of a resource gives; the loader decides per resource type. */
  resourceRef(logicalId: string, attribute: string | undefined, path: string): unknown;
  /** Whether a transform (SAM) generates a resource of this logical id when the stack deploys. */
  generated?(logicalId: string): boolean;
}

const NO_VALUE = Symbol('AWS::NoValue');

export function resolveIntrinsics(value: unknown, ctx: CfnContext, path: string): unknown {
  const resolved = resolve(value, ctx, path);
  return resolved === NO_VALUE ? undefined : resolved;
}

/** `{{resolve:service:…}}`: a value CloudFormation reads when the stack deploys (dynamic references). */
const DYNAMIC_REFERENCE = /\{\{resolve:[^}]*\}\}/;
const DYNAMIC_REFERENCES = new RegExp(DYNAMIC_REFERENCE.source, 'g');

function resolve(value: unknown, ctx: CfnContext, path: string): unknown {
  if (typeof value === 'string' && value.includes('{{resolve:')) return dynamicReferences(value, ctx);
  if (Array.isArray(value)) {
    return value.map((item, i) => resolve(item, ctx, `${path}[${i}]`)).filter((item) => item !== NO_VALUE);
  }
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value);
  if (entries.length === 1) {
    const [key, arg] = entries[0] as [string, unknown];
    if (key === 'Ref') return ref(resolve(arg, ctx, `${path}.Ref`), ctx, path);
    if (key.startsWith('Fn::')) {
      // A dynamic reference may be built by the function (`!Join ['', ['{{resolve:secretsmanager:', …]]`).
      const out = fn(key.slice(4), arg, ctx, `${path}.${key}`);
      return typeof out === 'string' && out.includes('{{resolve:') ? dynamicReferences(out, ctx) : out;
    }
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of entries) {
    const resolvedItem = resolve(item, ctx, `${path}.${key}`);
    if (resolvedItem !== NO_VALUE) out[key] = resolvedItem;
  }
  return out;
}

/**
 * A string with dynamic references (User Guide, "Get values stored in other services using dynamic
 * references"): each one given in `dynamicReferences` is replaced by its value; the others stay as
 * written, and `unresolvedDynamicReference` names one left where it would change what a viewer gets.
 */
function dynamicReferences(text: string, ctx: CfnContext): string {
  return text.replace(DYNAMIC_REFERENCES, (reference) => ctx.dynamicReferences?.[reference] ?? reference);
}

/** A value a resource of the template stands for, known only when deploying (`cfn:Api.RootResourceId`). */
function isPlaceholder(value: unknown): boolean {
  return typeof value === 'string' && /^cfn:[\w.]+$/.test(value);
}

/** The first dynamic reference left in `text`, if any. */
export function unresolvedDynamicReference(text: unknown): string | undefined {
  return typeof text === 'string' ? DYNAMIC_REFERENCE.exec(text)?.[0] : undefined;
}

function fail(path: string, what: string, got: unknown, hint: string): never {
  throw new EdgecaseError('InvalidOption', `${path}: expected ${what}, got ${describe(got)}.`, {
    value: got,
    hint,
  });
}

const PSEUDO: Record<string, (ctx: CfnContext) => unknown> = {
  'AWS::Region': (ctx) => ctx.region,
  'AWS::AccountId': () => '123456789012',
  'AWS::Partition': () => 'aws',
  'AWS::URLSuffix': () => 'amazonaws.com',
  'AWS::StackName': () => 'stack',
  'AWS::StackId': (ctx) => `arn:aws:cloudformation:${ctx.region}:123456789012:stack/stack/edgecase`,
  'AWS::NoValue': () => NO_VALUE,
};

function ref(name: unknown, ctx: CfnContext, path: string): unknown {
  if (typeof name !== 'string')
    return fail(`${path}.Ref`, 'a logical id or parameter name', name, 'Fix the template.');
  const pseudo = PSEUDO[name];
  if (pseudo) return pseudo(ctx);
  const parameters = (ctx.template.Parameters ?? {}) as Record<
    string,
    { Default?: unknown; Type?: unknown } | undefined
  >;
  if (name in parameters) {
    const type = parameters[name]?.Type;
    const given = ctx.parameters[name];
    // Parameters: an SSM parameter type's value (its Default is the parameter's name) is read from
    // Parameter Store when the stack deploys.
    if (given === undefined && typeof type === 'string' && type.startsWith('AWS::SSM::Parameter::Value<')) {
      return fail(
        `${path}.Ref`,
        `the value of parameter ${describe(name)}`,
        `${type} ${describe(parameters[name]?.Default)}`,
        `CloudFormation reads it from Parameter Store when the stack deploys: pass it in { parameters: { ${name}: … } }.`,
      );
    }
    const value = parameterText(listParameter(type, given ?? parameters[name]?.Default));
    if (value === undefined) {
      return fail(
        `${path}.Ref`,
        `a value for parameter ${describe(name)}`,
        undefined,
        `It has no Default: pass { parameters: { ${name}: … } }.`,
      );
    }
    return value;
  }
  const resources = ctx.template.Resources as Record<string, unknown>;
  if (name in resources || ctx.generated?.(name) === true) return ctx.resourceRef(name, undefined, path);
  return fail(
    `${path}.Ref`,
    'a parameter or resource of the template',
    name,
    'Check the name, or pass it in { parameters }.',
  );
}

/**
 * A `CommaDelimitedList` or `List<…>` parameter given as text is the list of its comma-separated
 * members, each trimmed; `''` is `['']` (CloudFormation User Guide, "Parameters", Type:
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html).
 */
/**
 * A parameter's value as CloudFormation hands it to the template: text (a YAML `true` or `0`, a
 * `Number` parameter: "when you use the parameter elsewhere in your template (for example, by using
 * the Ref intrinsic function), the parameter value becomes a string", User Guide, "Parameters").
 */
function parameterText(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(parameterText);
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : value;
}

function listParameter(type: unknown, value: unknown): unknown {
  const isList = type === 'CommaDelimitedList' || (typeof type === 'string' && type.startsWith('List<'));
  return isList && typeof value === 'string' ? value.split(',').map((member) => member.trim()) : value;
}

function fn(name: string, arg: unknown, ctx: CfnContext, path: string): unknown {
  const list = (n: number): unknown[] => {
    const value = resolve(arg, ctx, path);
    if (!Array.isArray(value) || value.length < n)
      fail(path, `a list of ${n} arguments`, value, 'Fix the template.');
    return value;
  };
  switch (name) {
    case 'GetAtt': {
      const [id, attribute] = (typeof arg === 'string' ? arg.split(/\.(.*)/) : list(2)) as [unknown, unknown];
      if (
        typeof id !== 'string' ||
        !(id in (ctx.template.Resources as object) || ctx.generated?.(id) === true)
      ) {
        return fail(path, 'a resource of the template', id, 'Check the logical id.');
      }
      return ctx.resourceRef(id, String(attribute), path);
    }
    case 'Sub': {
      const [text, vars] = (typeof arg === 'string' ? [arg, {}] : list(1)) as [unknown, unknown];
      if (typeof text !== 'string') return fail(path, 'a string', text, 'Fix the template.');
      const locals = (resolve(vars ?? {}, ctx, `${path}[1]`) ?? {}) as Record<string, unknown>;
      return text.replace(/\$\{(!?)([^}]+)\}/g, (_, bang: string, expr: string) => {
        if (bang) return `\${${expr}}`;
        if (expr in locals) return String(locals[expr]);
        const [id, attribute] = expr.split(/\.(.*)/) as [string, string | undefined];
        return String(attribute === undefined ? ref(id, ctx, path) : ctx.resourceRef(id, attribute, path));
      });
    }
    case 'Join': {
      const [delimiter, items] = list(2) as [unknown, unknown];
      if (!Array.isArray(items)) return fail(path, 'a list to join', items, 'Fix the template.');
      return items.join(String(delimiter));
    }
    case 'Select': {
      const [index, items] = list(2) as [unknown, unknown];
      const item = Array.isArray(items) ? items[Number(index)] : undefined;
      // A part of a value edgecase does not know (`!Select [2, !Split ['/', !GetAtt Api.Url]]`) stands
      // for itself, as the value does: fine for a domain name, which matches no origin by itself.
      if (item === undefined && Array.isArray(items) && items.length === 1 && isPlaceholder(items[0]))
        return `${items[0]}[${Number(index)}]`;
      return item === undefined ? fail(path, `an index into the list`, index, 'Fix the template.') : item;
    }
    case 'Split': {
      const [delimiter, text] = list(2) as [unknown, unknown];
      return String(text).split(String(delimiter));
    }
    case 'If': {
      const [condition, yes, no] = Array.isArray(arg) ? (arg as unknown[]) : [];
      if (typeof condition !== 'string')
        return fail(path, 'a condition name', condition, 'Fix the template.');
      return resolve(evaluateCondition(condition, ctx, path) ? yes : no, ctx, path);
    }
    case 'FindInMap': {
      const [map, first, second] = list(3) as [string, string, string];
      const found = (
        ctx.template.Mappings as Record<string, Record<string, Record<string, unknown>>> | undefined
      )?.[map]?.[first]?.[second];
      return found === undefined
        ? fail(path, `a value in Mappings.${map}`, `${first}.${second}`, 'Check the mapping keys.')
        : found;
    }
    case 'Base64':
      return Buffer.from(String(resolve(arg, ctx, path))).toString('base64');
    case 'GetStackOutput': {
      // Another stack's output, read when the stack deploys (Template Reference, Fn::GetStackOutput;
      // what CDK writes for a cross-Region reference).
      const target = resolve(arg, ctx, path) as { StackName?: unknown; OutputName?: unknown } | null;
      const stack = typeof target?.StackName === 'string' ? target.StackName : undefined;
      const output = typeof target?.OutputName === 'string' ? target.OutputName : undefined;
      if (stack === undefined || output === undefined)
        return fail(path, '{ StackName, OutputName }', target, 'Fix the template.');
      const outputs = ctx.stackOutputs?.[stack];
      if (outputs !== undefined && Object.hasOwn(outputs, output)) return outputs[output];
      return fail(
        path,
        "a value known before deploying (another stack's output)",
        `${stack}.${output}`,
        `Pass the output's value: { stackOutputs: { ${JSON.stringify(stack)}: { ${JSON.stringify(output)}: … } } }.`,
      );
    }
    case 'ImportValue': {
      // Another stack's export (what CDK writes for a cross-stack reference): known when deploying.
      const name = resolve(arg, ctx, path);
      if (typeof name === 'string' && ctx.imports !== undefined && Object.hasOwn(ctx.imports, name))
        return ctx.imports[name];
      return fail(
        path,
        "a value known before deploying (another stack's export)",
        typeof name === 'string' ? name : `Fn::${name}`,
        `Pass the export's value: { imports: { ${JSON.stringify(typeof name === 'string' ? name : 'ExportName')}: … } }.`,
      );
    }
    default:
      return fail(
        path,
        'a value known before deploying',
        `Fn::${name}`,
        'edgecase cannot resolve it: replace it with a parameter and pass the value in { parameters }.',
      );
  }
}

function evaluateCondition(name: string, ctx: CfnContext, path: string): boolean {
  const conditions = (ctx.template.Conditions ?? {}) as Record<string, unknown>;
  if (!(name in conditions)) return fail(path, 'a condition of the template', name, 'Check Conditions.');
  return Boolean(condition(conditions[name], ctx, `Conditions.${name}`));
}

function condition(value: unknown, ctx: CfnContext, path: string): boolean {
  const [key, arg] = (Object.entries(value as object)[0] ?? []) as [string, unknown];
  if (key === 'Condition') return evaluateCondition(String(arg), ctx, path);
  const args = Array.isArray(arg) ? arg : [];
  switch (key) {
    case 'Fn::Equals': {
      // Values compare as the text CloudFormation holds them as (`!Equals [!Ref Ttl, 0]`).
      const [a, b] = args.map((x, i) => parameterText(resolve(x, ctx, `${path}[${i}]`)));
      return JSON.stringify(a) === JSON.stringify(b);
    }
    case 'Fn::Not':
      return !condition(args[0], ctx, path);
    case 'Fn::And':
      return args.every((x) => condition(x, ctx, path));
    case 'Fn::Or':
      return args.some((x) => condition(x, ctx, path));
    default:
      return fail(path, 'Fn::Equals, Fn::Not, Fn::And, Fn::Or or Condition', key, 'Fix the template.');
  }
}
