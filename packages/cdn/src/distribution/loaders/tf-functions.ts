import { describe } from '../../errors.js';
import { catchable, fail, known, number, type Thunk, text, truth, Unknown, unknowable } from './tf-expr.js';
import { asSet } from './tf-values.js';

/**
 * The Terraform functions a distribution's configuration commonly uses (modules build blocks with
 * `lookup`, `try`, `merge`, `concat`...), evaluated as Terraform does. Any other function is an
 * error naming it and where it is: edgecase does not guess.
 */
type Fn = (args: readonly Thunk[], path: string) => unknown;

const values = (args: readonly Thunk[], path: string): unknown[] => args.map((arg) => known(arg(), path));
const list = (value: unknown, path: string): unknown[] => {
  if (Array.isArray(value)) return value;
  if (value === null || value === undefined) return fail(path, 'a list', value, 'Fix the expression.');
  return fail(path, 'a list', value, 'Fix the expression.');
};
const map = (value: unknown, path: string): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : fail(path, 'a map or object', value, 'Fix the expression.');

const FUNCTIONS: Record<string, Fn> = {
  lookup: (args, path) => {
    const [m, key, fallback] = args;
    const object = map(known(m?.(), path), path);
    const k = text(known(key?.(), path), path);
    if (k in object) return object[k];
    if (fallback) return fallback();
    return fail(path, `a map with key ${describe(k)}`, Object.keys(object), 'Add the key or a default.');
  },
  try: (args, path) => {
    for (const arg of args) {
      try {
        return arg();
      } catch (error) {
        if (!catchable(error)) throw error;
      }
    }
    return fail(path, 'one argument of try() that evaluates', 'none', 'Fix the expression.');
  },
  can: (args) => {
    try {
      args[0]?.();
      return true;
    } catch (error) {
      if (!catchable(error)) throw error;
      return false;
    }
  },
  coalesce: (args, path) => {
    const found = args.map((arg) => arg()).find((v) => v !== null && v !== undefined && v !== '');
    return found === undefined ? fail(path, 'a non-null argument', null, 'Fix the expression.') : found;
  },
  coalescelist: (args, path) => values(args, path).find((v) => Array.isArray(v) && v.length > 0) ?? [],
  concat: (args, path) => values(args, path).flatMap((v) => list(v, path)),
  merge: (args, path) =>
    Object.assign({}, ...values(args, path).map((v) => (v === null ? {} : map(v, path)))),
  flatten: (args, path) => {
    const flat = (v: unknown): unknown[] => (Array.isArray(v) ? v.flatMap(flat) : [v]);
    return flat(known(args[0]?.(), path));
  },
  compact: (args, path) => list(known(args[0]?.(), path), path).filter((v) => v !== null && v !== ''),
  distinct: (args, path) => {
    const seen = new Set<string>();
    return list(known(args[0]?.(), path), path).filter((v) => {
      const key = JSON.stringify(v);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  },
  length: (args, path) => {
    const v = known(args[0]?.(), path);
    if (typeof v === 'string') return [...v].length;
    return Array.isArray(v) ? v.length : Object.keys(map(v, path)).length;
  },
  keys: (args, path) => Object.keys(map(known(args[0]?.(), path), path)).sort(),
  values: (args, path) => {
    const m = map(known(args[0]?.(), path), path);
    return Object.keys(m)
      .sort()
      .map((k) => m[k]);
  },
  contains: (args, path) => {
    const [l, v] = values(args, path);
    return list(l, path).some((item) => JSON.stringify(item) === JSON.stringify(v));
  },
  element: (args, path) => {
    const [l, i] = values(args, path);
    const items = list(l, path);
    return items[number(i, path) % items.length];
  },
  index: (args, path) => {
    const [l, v] = values(args, path);
    return list(l, path).findIndex((item) => JSON.stringify(item) === JSON.stringify(v));
  },
  join: (args, path) => {
    const [sep, ...lists] = values(args, path);
    return lists.flatMap((l) => list(l, path).map((v) => text(v, path))).join(text(sep, path));
  },
  split: (args, path) => {
    const [sep, s] = values(args, path);
    return text(s, path).split(text(sep, path));
  },
  lower: (args, path) => text(known(args[0]?.(), path), path).toLowerCase(),
  upper: (args, path) => text(known(args[0]?.(), path), path).toUpperCase(),
  trimprefix: (args, path) => {
    const [s, prefix] = values(args, path).map((v) => text(v, path)) as [string, string];
    return s.startsWith(prefix) ? s.slice(prefix.length) : s;
  },
  trimsuffix: (args, path) => {
    const [s, suffix] = values(args, path).map((v) => text(v, path)) as [string, string];
    return suffix !== '' && s.endsWith(suffix) ? s.slice(0, -suffix.length) : s;
  },
  replace: (args, path) => {
    const [s, search, replacement] = values(args, path).map((v) => text(v, path)) as [string, string, string];
    if (search.startsWith('/') && search.endsWith('/') && search.length > 1)
      return fail(
        path,
        'a plain substring to replace',
        search,
        'edgecase does not evaluate regular expressions.',
      );
    return s.split(search).join(replacement);
  },
  format: (args, path) => {
    const [spec, ...rest] = values(args, path);
    return format(text(spec, path), rest, path);
  },
  tostring: (args, path) => {
    const v = args[0]?.();
    return v === null || v instanceof Unknown ? v : text(known(v, path), path);
  },
  tonumber: (args, path) => {
    const v = known(args[0]?.(), path);
    return v === null ? null : number(v, path);
  },
  tobool: (args, path) => {
    const v = known(args[0]?.(), path);
    return v === null ? null : truth(v, path);
  },
  tolist: (args, path) => list(known(args[0]?.(), path), path),
  toset: (args, path) => asSet(list(known(args[0]?.(), path), path)),
  tomap: (args, path) => map(known(args[0]?.(), path), path),
  min: (args, path) => Math.min(...values(args, path).map((v) => number(v, path))),
  max: (args, path) => Math.max(...values(args, path).map((v) => number(v, path))),
};

/** Calls a Terraform function by name, or fails naming it. */
export function callFunction(name: string, args: readonly Thunk[], path: string): unknown {
  const fn = FUNCTIONS[name];
  if (fn === undefined) {
    return unknowable(
      path,
      `a function edgecase evaluates (${Object.keys(FUNCTIONS).join(', ')})`,
      `${name}()`,
      'Replace the call with its value, or with a variable whose value you pass in { variables }.',
    );
  }
  return fn(args, path);
}

/**
 * Terraform's `format` (https://developer.hashicorp.com/terraform/language/functions/format):
 * `%[flags][width][.precision]verb` with the flags `-` (left-justify), `0` (zero-pad), `+`, space and
 * `#`, an argument index `%[n]v`, and the verbs `v`, `#v`, `t`, `b`, `d`, `o`, `x`, `X`, `e`, `E`,
 * `f`, `g`, `G`, `s`, `q` and `%%`. A verb it does not have is an error, not passed through.
 */
function format(spec: string, args: readonly unknown[], path: string): string {
  let next = 0;
  return spec.replace(
    /%(?:\[(\d+)\])?([-+# 0]*)(\d+)?(?:\.(\d+))?(.)/g,
    (
      whole,
      index: string | undefined,
      flags: string,
      width: string | undefined,
      precision: string | undefined,
      verb: string,
    ) => {
      if (verb === '%' && index === undefined && flags === '' && width === undefined) return '%';
      if (index !== undefined) next = Number(index) - 1;
      if (next >= args.length)
        return fail(
          path,
          `an argument for ${describe(whole)}`,
          `${args.length} arguments`,
          'Fix the expression.',
        );
      const value = args[next++];
      const digits = precision === undefined ? undefined : Number(precision);
      const body = formatValue(value, verb, flags, digits, whole, path);
      const pad = Number(width ?? 0) - body.length;
      if (pad <= 0) return body;
      if (flags.includes('-')) return body + ' '.repeat(pad);
      if (flags.includes('0') && /[bdoxXeEfgG]/.test(verb)) {
        const sign = /^[-+ ]/.test(body) ? (body[0] as string) : '';
        return sign + '0'.repeat(pad) + body.slice(sign.length);
      }
      return ' '.repeat(pad) + body;
    },
  );
}

function formatValue(
  value: unknown,
  verb: string,
  flags: string,
  precision: number | undefined,
  whole: string,
  path: string,
): string {
  const signed = (n: number, digits: string): string =>
    n < 0 ? digits : flags.includes('+') ? `+${digits}` : flags.includes(' ') ? ` ${digits}` : digits;
  const integer = (base: number, upper = false): string => {
    const n = number(value, path);
    if (!Number.isInteger(n))
      return fail(path, `a whole number for ${describe(whole)}`, value, 'Fix the expression.');
    const digits = Math.abs(n).toString(base);
    const prefix = flags.includes('#')
      ? (({ 2: '0b', 8: '0', 16: '0x' } as Record<number, string>)[base] ?? '')
      : '';
    const out = (n < 0 ? '-' : '') + prefix + (upper ? digits.toUpperCase() : digits);
    return signed(n, out);
  };
  switch (verb) {
    case 'v':
      if (flags.includes('#')) return JSON.stringify(value);
      return typeof value === 'object' && value !== null ? JSON.stringify(value) : text(value, path);
    case 's': {
      const s = text(value, path);
      return precision === undefined ? s : s.slice(0, precision);
    }
    case 'q':
      return JSON.stringify(text(value, path));
    case 't':
      return String(truth(value, path));
    case 'd':
      return integer(10);
    case 'b':
      return integer(2);
    case 'o':
      return integer(8);
    case 'x':
      return typeof value === 'string' && Number.isNaN(Number(value))
        ? Buffer.from(value).toString('hex')
        : integer(16);
    case 'X':
      return typeof value === 'string' && Number.isNaN(Number(value))
        ? Buffer.from(value).toString('hex').toUpperCase()
        : integer(16, true);
    case 'f': {
      const n = number(value, path);
      return signed(n, n.toFixed(precision ?? 6));
    }
    case 'e':
    case 'E': {
      const n = number(value, path);
      // Go writes a two-digit exponent at least: 1.5e+03.
      const e = n.toExponential(precision ?? 6).replace(/e([+-])(\d)$/, 'e$10$2');
      return signed(n, verb === 'E' ? e.toUpperCase() : e);
    }
    case 'g':
    case 'G': {
      const n = number(value, path);
      const g = precision === undefined ? String(n) : String(Number(n.toPrecision(precision)));
      return signed(n, verb === 'G' ? g.toUpperCase() : g);
    }
    default:
      return fail(
        path,
        'a format verb Terraform has (v, t, b, d, o, x, X, e, E, f, g, G, s, q, %)',
        whole,
        'Fix the format string.',
      );
  }
}
