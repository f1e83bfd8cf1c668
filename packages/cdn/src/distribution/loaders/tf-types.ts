import { describe } from '../../errors.js';
import { isPlainObject } from '../../options/checks.js';
import { evaluateJson, fail, type TfScope, Unknown } from './tf-expr.js';
import { asSet } from './tf-values.js';

/**
 * A variable's `type` constraint, applied to its value as Terraform applies it: objects keep their
 * declared attributes, a missing `optional(type, default)` attribute gets its default (or null), a
 * missing required one is an error, primitives convert (`"60"` to 60 for a number). Modules such as
 * terraform-aws-modules/cloudfront read `var.default_cache_behavior.compress` and rely on this.
 * Source: developer.hashicorp.com/terraform/language/expressions/type-constraints.
 */
type TfType =
  | { t: 'string' | 'number' | 'bool' | 'any' }
  | { t: 'list' | 'set' | 'map'; of: TfType }
  | { t: 'tuple'; items: TfType[] }
  | { t: 'object'; attrs: Record<string, TfType> }
  | { t: 'optional'; of: TfType; default?: unknown };

const PRIMITIVES = new Set(['string', 'number', 'bool', 'any']);

const TYPE_SCOPE: TfScope = {
  reference: (root, _steps, path) =>
    PRIMITIVES.has(root)
      ? { value: { t: root } as TfType, used: 0 }
      : fail(path, 'a type (string, number, bool, any, list(…), object({…})…)', root, 'Fix the type.'),
  call: (name, args, path) => {
    const arg = (i: number) => args[i]?.();
    switch (name) {
      case 'list':
      case 'set':
      case 'map':
        return { t: name, of: arg(0) as TfType };
      case 'tuple':
        return { t: 'tuple', items: arg(0) as TfType[] };
      case 'object':
        return { t: 'object', attrs: arg(0) as Record<string, TfType> };
      case 'optional':
        return args.length > 1
          ? { t: 'optional', of: arg(0) as TfType, default: arg(1) }
          : { t: 'optional', of: arg(0) as TfType };
      default:
        return fail(path, 'a type constructor', `${name}()`, 'Fix the type.');
    }
  },
};

/** The type a `variable` block declares, or `undefined` when it declares none (or edgecase cannot read it). */
export function readType(raw: unknown): TfType | undefined {
  if (raw === undefined) return undefined;
  try {
    return evaluateJson(raw, TYPE_SCOPE, 'type') as TfType;
  } catch {
    // A type edgecase does not read is left unchecked: the value is used as given.
    return undefined;
  }
}

/** `value` converted to `type`, as Terraform converts a variable's value. */
export function convert(value: unknown, type: TfType | undefined, path: string): unknown {
  if (type === undefined || value === null || value === undefined || value instanceof Unknown)
    return value ?? null;
  switch (type.t) {
    case 'any':
      return value;
    case 'optional':
      return convert(value, type.of, path);
    case 'string':
      if (typeof value === 'string') return value;
      if (typeof value === 'number' || typeof value === 'boolean') return String(value);
      return fail(path, 'a string', value, 'Fix the value.');
    case 'number': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      return typeof n === 'number' && !Number.isNaN(n) ? n : fail(path, 'a number', value, 'Fix the value.');
    }
    case 'bool':
      if (value === true || value === 'true') return true;
      if (value === false || value === 'false') return false;
      return fail(path, 'a bool', value, 'Fix the value.');
    case 'list':
    case 'set': {
      if (!Array.isArray(value)) return fail(path, `a ${type.t}`, value, 'Fix the value.');
      const items = value.map((item, i) => convert(item, type.of, `${path}[${i}]`));
      return type.t === 'set' ? asSet(items) : items;
    }
    case 'tuple':
      if (!Array.isArray(value)) return fail(path, 'a tuple', value, 'Fix the value.');
      return value.map((item, i) => convert(item, type.items[i], `${path}[${i}]`));
    case 'map':
      if (!isPlainObject(value)) return fail(path, 'a map', value, 'Fix the value.');
      return Object.fromEntries(
        Object.entries(value).map(([key, item]) => [key, convert(item, type.of, `${path}.${key}`)]),
      );
    case 'object': {
      if (!isPlainObject(value)) return fail(path, 'an object', value, 'Fix the value.');
      const out: Record<string, unknown> = {};
      for (const [key, attr] of Object.entries(type.attrs)) {
        if (key in value && value[key] !== null && value[key] !== undefined) {
          out[key] = convert(value[key], attr, `${path}.${key}`);
        } else if (attr.t === 'optional') {
          out[key] = 'default' in attr ? convert(attr.default, attr.of, `${path}.${key}`) : null;
        } else if (key in value) {
          out[key] = null;
        } else {
          return fail(
            path,
            `an object with the attribute ${describe(key)} its type requires`,
            Object.keys(value),
            'Add it to the value.',
          );
        }
      }
      return out;
    }
  }
}
