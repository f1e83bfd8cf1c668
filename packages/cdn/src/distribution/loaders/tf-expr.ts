import { describe } from '../../errors.js';
import { type Node, Parser } from './tf-expr-parse.js';
import { fail, iteration, known, number, text, truth, Unknown } from './tf-values.js';

export { catchable, fail, known, number, text, truth, Unknown, unknowable } from './tf-values.js';

/**
 * Terraform's expression language, as far as a distribution's configuration needs it: literals,
 * string templates (`"www.${var.domain}"`), references (`var.x`, `local.y`,
 * `aws_s3_bucket.b.bucket_regional_domain_name`), indexes and splats, arithmetic, comparison and
 * logic, conditionals, list and object constructors, `for` expressions, and the functions in
 * tf-functions.ts. What a reference means is the caller's (`TfScope`); anything else (a template
 * directive, an unknown function) is an error naming the expression and where it is.
 */

export type Step = string | number;

export interface TfScope {
  /**
   * The value of a reference: its first name and the attribute/index steps after it. Returns the
   * value and how many steps it consumed (the rest are applied to the value).
   */
  reference(root: string, steps: readonly Step[], path: string): { value: unknown; used: number };
  /** A function call, by name, with its evaluated arguments (tf-functions.ts). */
  call(name: string, args: readonly Thunk[], path: string): unknown;
}

/** An argument evaluated on demand (`try` and `can` evaluate and catch). */
export type Thunk = () => unknown;

/**
 * Evaluates a value of Terraform's JSON form (what `@cdktn/hcl2json` gives for HCL): strings are
 * templates (`"${var.x}"` alone gives the value itself, not its string), arrays and objects are
 * evaluated item by item.
 */
export function evaluateJson(value: unknown, scope: TfScope, path: string): unknown {
  if (typeof value === 'string') {
    if (!value.includes('${') && !value.includes('%{')) return value;
    const parser = new Parser(value, path, false);
    const node = parser.template(undefined);
    return evaluate(node, scope, path);
  }
  if (Array.isArray(value)) return value.map((item, i) => evaluateJson(item, scope, `${path}[${i}]`));
  if (typeof value === 'object' && value !== null && !(value instanceof Unknown)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = evaluateJson(item, scope, `${path}.${key}`);
    return out;
  }
  return value;
}

/** Evaluates one expression's source text (`var.x != null ? 1 : 2`). */
export function evaluateExpression(source: string, scope: TfScope, path: string): unknown {
  const parser = new Parser(source, path, true);
  const node = parser.expression();
  parser.end();
  return evaluate(node, scope, path);
}

/** Evaluates an expression tree; references and calls go to the scope. */
function evaluate(node: Node, scope: TfScope, path: string): unknown {
  const ev = (n: Node): unknown => evaluate(n, scope, path);
  switch (node.k) {
    case 'lit':
      return node.v;
    case 'tpl': {
      if (node.parts.length === 1 && typeof node.parts[0] !== 'string') return ev(node.parts[0] as Node);
      return node.parts.map((part) => (typeof part === 'string' ? part : text(ev(part), path))).join('');
    }
    case 'name':
    case 'get':
    case 'index':
      return traverse(node, scope, path);
    case 'splat': {
      const list = ev(node.obj);
      if (list === null || list === undefined) return [];
      const items = Array.isArray(list) ? list : [list];
      return items.map((item) => evaluate(node.rest({ k: 'lit', v: item }), scope, path));
    }
    case 'call': {
      let args: (() => unknown)[] = node.args.map((arg) => () => ev(arg));
      if (node.expand) {
        const last = ev(node.args.at(-1) as Node);
        if (!Array.isArray(last)) return fail(path, 'a list before "..."', last, 'Fix the expression.');
        args = [...args.slice(0, -1), ...last.map((item) => () => item)];
      }
      return scope.call(node.name, args, path);
    }
    case 'cond':
      return truth(ev(node.c), path) ? ev(node.a) : ev(node.b);
    case 'un': {
      const x = known(ev(node.x), path);
      return node.op === '!' ? !truth(x, path) : -number(x, path);
    }
    case 'bin':
      return binary(
        node.op,
        () => ev(node.l),
        () => ev(node.r),
        path,
      );
    case 'list':
      return node.items.map(ev);
    case 'obj':
      return Object.fromEntries(node.entries.map(([k, v]) => [text(ev(k), path), ev(v)]));
    case 'for':
      return forExpression(node, scope, path);
  }
}

/** A reference with its steps: the scope resolves as many as it names, the rest index the value. */
function traverse(node: Node, scope: TfScope, path: string): unknown {
  const steps: Step[] = [];
  let root: Node = node;
  for (;;) {
    if (root.k === 'get') steps.unshift(root.attr);
    else if (root.k === 'index') {
      const index = evaluate(root.index, scope, path);
      if (typeof index !== 'string' && typeof index !== 'number')
        return fail(path, 'an index that is a string or number', index, 'Fix the expression.');
      steps.unshift(index);
    } else break;
    root = root.obj;
  }
  let value: unknown;
  let rest: readonly Step[] = steps;
  if (root.k === 'name') {
    const found = scope.reference(root.name, steps, path);
    value = found.value;
    rest = steps.slice(found.used);
  } else value = evaluate(root, scope, path);
  for (const step of rest) value = stepInto(value, step, path);
  return value;
}

export function stepInto(value: unknown, step: Step, path: string): unknown {
  if (value instanceof Unknown)
    return new Unknown(`${value.ref}${typeof step === 'number' ? `[${step}]` : `.${step}`}`);
  if (Array.isArray(value)) {
    const item = value[Number(step)];
    if (item === undefined)
      return fail(path, `an index into a list of ${value.length}`, step, 'Fix the expression.');
    return item;
  }
  if (typeof value === 'object' && value !== null && String(step) in value)
    return (value as Record<string, unknown>)[String(step)];
  return fail(path, `a value with ${describe(step)}`, value, 'Fix the expression.');
}

function forExpression(node: Extract<Node, { k: 'for' }>, scope: TfScope, path: string): unknown {
  const coll = known(evaluate(node.coll, scope, path), path);
  const pairs: [unknown, unknown][] =
    iteration(coll) ?? fail(path, 'a list or map to iterate', coll, 'Fix the expression.');
  const out: unknown[] = [];
  const map: Record<string, unknown> = {};
  for (const [k, v] of pairs) {
    const bindings: Record<string, unknown> = { [node.value]: v, ...(node.key ? { [node.key]: k } : {}) };
    const inner = withBindings(scope, bindings);
    if (node.cond && !truth(evaluate(node.cond, inner, path), path)) continue;
    const value = evaluate(node.out, inner, path);
    if (node.outKey === undefined) out.push(value);
    else {
      const key = text(evaluate(node.outKey, inner, path), path);
      if (!node.group) map[key] = value;
      else if (Array.isArray(map[key])) map[key].push(value);
      else map[key] = [value];
    }
  }
  return node.outKey === undefined ? out : map;
}

/** A scope where some names (an iterator, a `for` variable) are bound to values. */
export function withBindings(scope: TfScope, bindings: Readonly<Record<string, unknown>>): TfScope {
  return {
    reference: (root, steps, path) =>
      root in bindings ? { value: bindings[root], used: 0 } : scope.reference(root, steps, path),
    call: (name, args, path) => scope.call(name, args, path),
  };
}

function binary(op: string, left: () => unknown, right: () => unknown, path: string): unknown {
  if (op === '&&') return truth(left(), path) && truth(right(), path);
  if (op === '||') return truth(left(), path) || truth(right(), path);
  const l = known(left(), path);
  const r = known(right(), path);
  switch (op) {
    case '==':
      return JSON.stringify(l) === JSON.stringify(r);
    case '!=':
      return JSON.stringify(l) !== JSON.stringify(r);
    case '<':
      return number(l, path) < number(r, path);
    case '>':
      return number(l, path) > number(r, path);
    case '<=':
      return number(l, path) <= number(r, path);
    case '>=':
      return number(l, path) >= number(r, path);
    case '+':
      return number(l, path) + number(r, path);
    case '-':
      return number(l, path) - number(r, path);
    case '*':
      return number(l, path) * number(r, path);
    case '/':
      return number(l, path) / number(r, path);
    default:
      return number(l, path) % number(r, path);
  }
}
