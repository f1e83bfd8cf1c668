import { unknowable } from './tf-values.js';

/**
 * The syntax tree of a Terraform expression, and its parser: templates with `${…}` and their escapes,
 * operators by precedence, conditionals, references with attribute, index and splat steps, function
 * calls (with `...` expansion), list and object constructors, `for` expressions. What it does not
 * read (template directives, heredocs inside an expression) is an error naming where it is.
 */

export type Node =
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

export class Parser {
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
