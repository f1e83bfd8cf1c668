import { describe, EdgecaseError } from '../../errors.js';

/**
 * Terraform's expression language, as far as a distribution's configuration needs it: literals,
 * string templates (`"www.${var.domain}"`), references (`var.x`, `local.y`,
 * `aws_s3_bucket.b.bucket_regional_domain_name`), indexes and splats, arithmetic, comparison and
 * logic, conditionals, list and object constructors, `for` expressions, and the functions in
 * tf-functions.ts. What a reference means is the caller's (`TfScope`); anything else (a template
 * directive, an unknown function) is an error naming the expression and where it is.
 */

/** A value Terraform knows only after apply, standing for itself by its reference. */
export class Unknown {
  constructor(readonly ref: string) {}
  toString(): string {
    return this.ref;
  }
}

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

type Node =
  | { k: 'lit'; v: unknown }
  | { k: 'tpl'; parts: (string | Node)[] }
  | { k: 'name'; name: string }
  | { k: 'get'; obj: Node; attr: string }
  | { k: 'index'; obj: Node; index: Node }
  | { k: 'splat'; obj: Node; rest: (obj: Node) => Node }
  | { k: 'call'; name: string; args: Node[]; expand: boolean }
  | { k: 'cond'; c: Node; a: Node; b: Node }
  | { k: 'bin'; op: string; l: Node; r: Node }
  | { k: 'un'; op: string; x: Node }
  | { k: 'list'; items: Node[] }
  | { k: 'obj'; entries: [Node, Node][] }
  | {
      k: 'for';
      key?: string;
      value: string;
      coll: Node;
      out: Node;
      outKey?: Node;
      cond?: Node;
      group: boolean;
    };

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

class Parser {
  private pos = 0;
  constructor(
    private readonly src: string,
    private readonly path: string,
    private readonly escapes: boolean,
  ) {}

  private error(expected: string): never {
    return unknowable(
      this.path,
      expected,
      this.src.slice(Math.max(0, this.pos - 20), this.pos + 20),
      'edgecase reads a subset of Terraform expressions: replace this one with a variable and pass its value in { variables }.',
    );
  }

  private skip(): void {
    for (;;) {
      const rest = this.src.slice(this.pos);
      const space = /^(?:\s+|#[^\n]*|\/\/[^\n]*|\/\*[\s\S]*?\*\/)/.exec(rest);
      if (!space) return;
      this.pos += space[0].length;
    }
  }

  private peek(token: string): boolean {
    this.skip();
    return this.src.startsWith(token, this.pos);
  }

  private eat(token: string): boolean {
    if (!this.peek(token)) return false;
    this.pos += token.length;
    return true;
  }

  private expect(token: string): void {
    if (!this.eat(token)) this.error(`"${token}"`);
  }

  end(): void {
    this.skip();
    if (this.pos < this.src.length) this.error('the end of the expression');
  }

  /** A template up to `terminator` (a closing quote) or the end of the text. */
  template(terminator: string | undefined): Node {
    const parts: (string | Node)[] = [];
    let text = '';
    while (this.pos < this.src.length) {
      const rest = this.src.slice(this.pos);
      if (terminator !== undefined && rest.startsWith(terminator)) break;
      if (rest.startsWith('$${') || rest.startsWith('%%{')) {
        text += rest.slice(1, 3);
        this.pos += 3;
      } else if (rest.startsWith('${')) {
        this.pos += 2;
        this.eat('~');
        if (text) parts.push(text);
        text = '';
        parts.push(this.expression());
        this.eat('~');
        this.expect('}');
      } else if (rest.startsWith('%{')) {
        return this.error('no template directive (%{ if } / %{ for })');
      } else if (this.escapes && rest.startsWith('\\')) {
        const sequence = /^\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/.exec(rest)?.[1] ?? '';
        const simple: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };
        text += simple[sequence] ?? String.fromCodePoint(Number.parseInt(sequence.slice(1), 16));
        this.pos += sequence.length + 1;
      } else {
        text += rest[0];
        this.pos += 1;
      }
    }
    if (terminator !== undefined && !this.src.startsWith(terminator, this.pos)) this.error(terminator);
    if (text || parts.length === 0) parts.push(text);
    return { k: 'tpl', parts };
  }

  expression(): Node {
    const c = this.binary(0);
    if (!this.eat('?')) return c;
    const a = this.expression();
    this.expect(':');
    const b = this.expression();
    return { k: 'cond', c, a, b };
  }

  private static readonly LEVELS: readonly (readonly string[])[] = [
    ['||'],
    ['&&'],
    ['==', '!='],
    ['<=', '>=', '<', '>'],
    ['+', '-'],
    ['*', '/', '%'],
  ];

  private binary(level: number): Node {
    if (level === Parser.LEVELS.length) return this.unary();
    let l = this.binary(level + 1);
    for (;;) {
      this.skip();
      const op = Parser.LEVELS[level]?.find(
        (o) => this.src.startsWith(o, this.pos) && !(o === '=' && this.src[this.pos + 1] === '>'),
      );
      if (op === undefined) return l;
      this.pos += op.length;
      l = { k: 'bin', op, l, r: this.binary(level + 1) };
    }
  }

  private unary(): Node {
    if (this.eat('!')) return { k: 'un', op: '!', x: this.unary() };
    if (this.peek('-') && !/^-\d/.test(this.src.slice(this.pos))) {
      this.pos += 1;
      return { k: 'un', op: '-', x: this.unary() };
    }
    return this.postfix(this.primary());
  }

  private postfix(node: Node): Node {
    for (;;) {
      if (this.eat('[*]') || this.eat('.*')) {
        // A splat applies the rest of the traversal to each element.
        const steps: ((obj: Node) => Node)[] = [];
        for (;;) {
          if (this.peek('.') && !this.peek('.*')) {
            this.pos += 1;
            const attr = this.identifier();
            steps.push((obj) => ({ k: 'get', obj, attr }));
          } else if (this.peek('[') && !this.peek('[*]')) {
            this.pos += 1;
            const index = this.expression();
            this.expect(']');
            steps.push((obj) => ({ k: 'index', obj, index }));
          } else break;
        }
        node = { k: 'splat', obj: node, rest: (obj) => steps.reduce((acc, step) => step(acc), obj) };
      } else if (this.peek('.') && !this.peek('..')) {
        this.pos += 1;
        this.skip();
        const number = /^\d+/.exec(this.src.slice(this.pos));
        if (number) {
          this.pos += number[0].length;
          node = { k: 'index', obj: node, index: { k: 'lit', v: Number(number[0]) } };
        } else node = { k: 'get', obj: node, attr: this.identifier() };
      } else if (this.peek('[')) {
        this.pos += 1;
        const index = this.expression();
        this.expect(']');
        node = { k: 'index', obj: node, index };
      } else return node;
    }
  }

  private identifier(): string {
    this.skip();
    const match = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(this.src.slice(this.pos));
    if (!match) return this.error('a name');
    this.pos += match[0].length;
    return match[0];
  }

  private primary(): Node {
    this.skip();
    const rest = this.src.slice(this.pos);
    const number = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(rest);
    if (number) {
      this.pos += number[0].length;
      return { k: 'lit', v: Number(number[0]) };
    }
    if (rest.startsWith('"')) {
      this.pos += 1;
      const node = this.template('"');
      this.pos += 1;
      return node;
    }
    if (rest.startsWith('<<')) return this.error('no heredoc inside an expression');
    if (this.eat('(')) {
      const node = this.expression();
      this.expect(')');
      return node;
    }
    if (this.eat('[')) return this.listOrFor();
    if (this.eat('{')) return this.objectOrFor();
    const name = this.identifier();
    if (name === 'true' || name === 'false') return { k: 'lit', v: name === 'true' };
    if (name === 'null') return { k: 'lit', v: null };
    if (this.peek('(') || this.peek('::')) {
      let full = name;
      while (this.eat('::')) full += `::${this.identifier()}`;
      this.expect('(');
      const args: Node[] = [];
      let expand = false;
      while (!this.eat(')')) {
        args.push(this.expression());
        if (this.eat('...')) expand = true;
        if (!this.eat(',')) {
          this.expect(')');
          break;
        }
      }
      return { k: 'call', name: full, args, expand };
    }
    return { k: 'name', name };
  }

  private forHead(): { key?: string; value: string; coll: Node } {
    const first = this.identifier();
    const second = this.eat(',') ? this.identifier() : undefined;
    if (this.identifier() !== 'in') this.error('"in"');
    const coll = this.expression();
    this.expect(':');
    return second === undefined ? { value: first, coll } : { key: first, value: second, coll };
  }

  private isFor(): boolean {
    this.skip();
    return /^for\s/.test(this.src.slice(this.pos));
  }

  private listOrFor(): Node {
    if (this.isFor()) {
      this.pos += 3;
      const head = this.forHead();
      const out = this.expression();
      const cond = this.condition();
      this.expect(']');
      return { k: 'for', ...head, out, ...(cond ? { cond } : {}), group: false };
    }
    const items: Node[] = [];
    while (!this.eat(']')) {
      items.push(this.expression());
      if (!this.eat(',')) {
        this.expect(']');
        break;
      }
    }
    return { k: 'list', items };
  }

  /** A `for` expression's `if` clause, when it has one. */
  private condition(): Node | undefined {
    if (!this.peekKeyword('if')) return undefined;
    this.identifier();
    return this.expression();
  }

  private peekKeyword(word: string): boolean {
    this.skip();
    return new RegExp(`^${word}\\b`).test(this.src.slice(this.pos));
  }

  private objectOrFor(): Node {
    if (this.isFor()) {
      this.pos += 3;
      const head = this.forHead();
      const outKey = this.expression();
      this.expect('=>');
      const out = this.expression();
      const group = this.eat('...');
      const cond = this.condition();
      this.expect('}');
      return { k: 'for', ...head, out, outKey, ...(cond ? { cond } : {}), group };
    }
    const entries: [Node, Node][] = [];
    while (!this.eat('}')) {
      const keyNode = this.expression();
      // A bare name as a key is the name itself, not a reference.
      const key: Node = keyNode.k === 'name' ? { k: 'lit', v: keyNode.name } : keyNode;
      if (!this.eat('=') && !this.eat(':')) this.error('"=" after an object key');
      entries.push([key, this.expression()]);
      this.eat(',');
    }
    return { k: 'obj', entries };
  }
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
  const pairs: [unknown, unknown][] = Array.isArray(coll)
    ? coll.map((v, i) => [i, v])
    : typeof coll === 'object' && coll !== null
      ? Object.entries(coll)
      : fail(path, 'a list or map to iterate', coll, 'Fix the expression.');
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
