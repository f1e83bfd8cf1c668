import { isPlainObject } from '../../options/checks.js';
import { evaluateJson, fail, known, type TfScope, Unknown, withBindings } from './tf-expr.js';
import { iteration } from './tf-values.js';

/**
 * A resource body or nested block of Terraform's JSON form, evaluated: attributes as expressions,
 * nested blocks one by one, `dynamic` blocks expanded over their `for_each` with their iterator
 * bound; and the evaluated config with values known only after apply written as their reference.
 */
type Json = Record<string, unknown>;

/** Meta-arguments Terraform itself reads on any resource: not part of the resource's own body. */
export const META = new Set([
  'count',
  'for_each',
  'provider',
  'depends_on',
  'lifecycle',
  'provisioner',
  'connection',
]);

/**
 * Evaluates a resource body or block: attributes as expressions, nested blocks one by one, and
 * `dynamic` blocks expanded over their `for_each` (with their iterator bound).
 */
export function evaluateBody(raw: unknown, scope: TfScope, path: string): unknown {
  if (Array.isArray(raw) && raw.length > 0 && raw.every((item) => isPlainObject(item))) {
    return raw.map((item, i) => evaluateBody(item, scope, `${path}[${i}]`));
  }
  if (!isPlainObject(raw) || raw instanceof Unknown) return evaluateJson(raw, scope, path);
  const out: Json = {};
  for (const [key, value] of Object.entries(raw as Json)) {
    if (key === 'dynamic' || META.has(key)) continue;
    out[key] = evaluateBody(value, scope, `${path}.${key}`);
  }
  const dynamic = (raw as Json).dynamic;
  if (!isPlainObject(dynamic)) return out;
  for (const [name, specs] of Object.entries(dynamic as Json)) {
    if (name === 'ordered_cache_behavior' && name in out) {
      fail(
        `${path}.${name}`,
        'ordered_cache_behavior blocks all static or all dynamic',
        'both',
        'Their order decides which behaviour takes a request, and the parsed HCL does not keep the order between static and dynamic blocks: write them one way.',
      );
    }
    const items = [...((out[name] as unknown[] | undefined) ?? [])];
    for (const spec of Array.isArray(specs) ? specs : [specs]) {
      const s = spec as Json;
      const where = `${path}.dynamic.${name}`;
      const forEach = known(evaluateJson(s.for_each, scope, `${where}.for_each`), where);
      const iterator = typeof s.iterator === 'string' ? s.iterator.replace(/^\$\{(.*)\}$/, '$1') : name;
      const content = (Array.isArray(s.content) ? s.content[0] : s.content) ?? {};
      const entries: [unknown, unknown][] =
        forEach === null || forEach === undefined
          ? []
          : (iteration(forEach) ??
            fail(`${where}.for_each`, 'a list, set or map', forEach, 'Fix the expression.'));
      for (const [key, value] of entries) {
        const inner = withBindings(scope, { [iterator]: { key, value } });
        items.push(evaluateBody(content, inner, `${path}.${name}[${items.length}]`));
      }
    }
    out[name] = items;
  }
  return out;
}

/** Values known only after apply become their reference's text in the config edgecase reads. */
export function concretize(value: unknown): unknown {
  if (value instanceof Unknown) return value.ref;
  if (Array.isArray(value)) return value.map(concretize);
  if (isPlainObject(value))
    return Object.fromEntries(Object.entries(value as Json).map(([k, v]) => [k, concretize(v)]));
  return value;
}
