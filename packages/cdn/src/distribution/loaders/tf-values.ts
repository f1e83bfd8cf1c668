import { describe, EdgecaseError } from '../../errors.js';

/**
 * The values and errors of Terraform expressions as edgecase evaluates them: a value known only
 * after apply (`Unknown`), the errors that name a path in the configuration, and the conversions
 * Terraform applies where an expression needs a bool, a number or a string.
 */

/** A value Terraform knows only after apply, standing for itself by its reference. */
export class Unknown {
  constructor(readonly ref: string) {}
  toString(): string {
    return this.ref;
  }
}

/** Fails with the path in the config and what was found there. */
export function fail(path: string, expected: string, got: unknown, hint: string): never {
  throw new EdgecaseError('InvalidOption', `${path}: expected ${expected}, got ${describe(got)}.`, {
    value: got,
    hint,
  });
}

/** Errors for what edgecase cannot know (a data source, a function it does not evaluate...). */
const UNKNOWABLE = new WeakSet<Error>();

/**
 * Fails on something Terraform would know and edgecase cannot: `try()` and `can()` must not turn it
 * into their fallback, or the loaded distribution would silently differ from the deployed one.
 */
export function unknowable(path: string, expected: string, got: unknown, hint: string): never {
  try {
    fail(path, expected, got, hint);
  } catch (error) {
    UNKNOWABLE.add(error as Error);
    throw error;
  }
}

/** Whether `try()` / `can()` may catch this error: Terraform's own evaluation errors only. */
export function catchable(error: unknown): boolean {
  return error instanceof EdgecaseError && !UNKNOWABLE.has(error);
}

/** Fails on a value known only after apply where the expression needs the value itself. */
export function known(value: unknown, path: string): unknown {
  if (value instanceof Unknown) {
    return unknowable(
      path,
      'a value known before apply',
      value.ref,
      'Terraform knows it only after creating the resource: pass the value as a variable, or write it in the configuration.',
    );
  }
  return value;
}

export function truth(value: unknown, path: string): boolean {
  const v = known(value, path);
  if (v === true || v === 'true') return true;
  if (v === false || v === 'false') return false;
  return fail(path, 'a bool', v, 'Fix the expression.');
}

export function number(value: unknown, path: string): number {
  const v = known(value, path);
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  if (typeof n !== 'number' || Number.isNaN(n)) return fail(path, 'a number', v, 'Fix the expression.');
  return n;
}

export function text(value: unknown, path: string): string {
  if (value instanceof Unknown) return value.ref;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return fail(path, 'a string, number or bool in a template', value, 'Fix the expression.');
}

/** Lists that are Terraform sets (`toset`, a `set(...)` variable): a dynamic block's key is the element. */
const SETS = new WeakSet<readonly unknown[]>();

/**
 * `items` as a Terraform set: distinct, in Terraform's order. Sets of strings iterate in lexical
 * order and sets of numbers in numeric order (Terraform language, `for` expressions, "Element
 * ordering": https://developer.hashicorp.com/terraform/language/expressions/for#element-ordering);
 * other sets keep the order written (Terraform's is unspecified for them).
 */
export function asSet(items: readonly unknown[]): unknown[] {
  const distinct = [...new Map(items.map((item) => [JSON.stringify(item), item])).values()];
  if (distinct.every((item) => typeof item === 'string')) distinct.sort((a, b) => compareText(a, b));
  else if (distinct.every((item) => typeof item === 'number'))
    distinct.sort((a, b) => (a as number) - (b as number));
  SETS.add(distinct);
  return distinct;
}

/**
 * The (key, element) pairs Terraform iterates a collection by: a list by index, a set by its
 * elements (the key is the element: "If the for_each expression produces a set value then key is
 * identical to value", `dynamic` blocks), a map or object by key in lexical order ("Element
 * ordering" above), whatever order the value was built in.
 */
export function iteration(collection: unknown): [unknown, unknown][] | undefined {
  if (Array.isArray(collection))
    return SETS.has(collection) ? collection.map((v) => [v, v]) : collection.map((v, i) => [i, v]);
  if (typeof collection === 'object' && collection !== null && !(collection instanceof Unknown))
    return Object.entries(collection).sort(([a], [b]) => compareText(a, b));
  return undefined;
}

/** Lexical order by Unicode code point, as Terraform sorts keys and strings. */
function compareText(a: unknown, b: unknown): number {
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
