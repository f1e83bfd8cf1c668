/**
 * Contract: turns the code a CloudFront Function is deployed with into a script node:vm can run,
 * refusing what CloudFront refuses before the first request: code over 10 KB, syntax the runtime
 * does not parse (runtime 1.0 is ES 5.1 with a few ES 6–9 additions, checked on acorn's syntax tree),
 * imports of modules the runtime lacks. It also inserts a tick at the top of every loop body, which
 * the runtime uses for its real-time safety limit (a runaway loop is stopped; see function-runtime).
 */
import type { Node } from 'acorn';
import { EdgecaseError } from '../errors.js';
import { lazyModule } from '../lazy-module.js';

import type { FunctionRuntime } from '../options/edge-code-types.js';

export type { FunctionRuntime };

const acorn = lazyModule<typeof import('acorn')>('acorn');

// §10 cloudfront-limits: function code up to 10 KB.
export const MAX_FUNCTION_CODE_BYTES = 10 * 1024;

/** Modules a function may load. §10/§20 functions-javascript-runtime-10/-20 "Built-in modules". */
export const FUNCTION_MODULES: Readonly<Record<FunctionRuntime, readonly string[]>> = {
  'cloudfront-js-1.0': ['crypto', 'querystring'],
  'cloudfront-js-2.0': ['crypto', 'querystring', 'cloudfront', 'buffer'],
};

/** The name loop bodies call; defined by the runtime's prelude. */
export const TICK = '__edgecase_tick';
export const REQUIRE = '__edgecase_require';

interface AnyNode extends Node {
  [key: string]: unknown;
}

/**
 * Checks `code` for `runtime` and returns the script to run (imports turned into calls of the
 * runtime's module loader, loop bodies ticking). Throws `InvalidFunction` as CloudFront's
 * CreateFunction/UpdateFunction would refuse it.
 */
export function prepareFunctionCode(name: string, code: string, runtime: FunctionRuntime): string {
  const bytes = Buffer.byteLength(code, 'utf8');
  if (bytes > MAX_FUNCTION_CODE_BYTES) {
    throw new EdgecaseError(
      'InvalidFunction',
      `CloudFront Function ${JSON.stringify(name)}: expected code of at most ${MAX_FUNCTION_CODE_BYTES} bytes (CloudFront's 10 KB), got ${bytes} bytes.`,
      { value: bytes, hint: 'Move data into a KeyValueStore or split the function.' },
    );
  }
  const v2 = runtime === 'cloudfront-js-2.0';
  let ast: AnyNode;
  try {
    // 1.0 parses as a script; 2.0 as a module (it has `import`). Both run in strict mode (§10
    // functions-javascript-runtime-10 "Strict mode").
    ast = acorn().parse(code, {
      ecmaVersion: v2 ? 2021 : 2018,
      sourceType: v2 ? 'module' : 'script',
      allowReturnOutsideFunction: false,
    }) as unknown as AnyNode;
  } catch (error) {
    throw syntaxError(name, runtime, (error as Error).message);
  }
  const edits: { start: number; end: number; text: string }[] = [];
  walk(ast, (node) => {
    if (!v2) {
      const refused = refusedIn10(node);
      if (refused)
        throw syntaxError(
          name,
          runtime,
          `${refused}, which it does not support (${where(code, node.start)})`,
        );
    }
    switch (node.type) {
      case 'ImportDeclaration':
        edits.push({ start: node.start, end: node.end, text: importAsVar(name, runtime, node) });
        return false;
      case 'ExportNamedDeclaration':
      case 'ExportDefaultDeclaration':
      case 'ExportAllDeclaration':
        throw syntaxError(
          name,
          runtime,
          `export (${where(code, node.start)}): define a top-level function named handler instead`,
        );
      case 'ForStatement':
      case 'ForInStatement':
      case 'ForOfStatement':
      case 'WhileStatement':
      case 'DoWhileStatement': {
        const body = node.body as AnyNode;
        if (body.type === 'BlockStatement')
          edits.push({ start: body.start + 1, end: body.start + 1, text: `${TICK}();` });
        else {
          edits.push({ start: body.start, end: body.start, text: `{${TICK}();` });
          edits.push({ start: body.end, end: body.end, text: '}' });
        }
        return true;
      }
      default:
        return true;
    }
  });
  if (!hasHandler(ast)) {
    throw syntaxError(name, runtime, 'no top-level function named handler (CloudFront calls handler(event))');
  }
  edits.sort((a, b) => b.start - a.start || b.end - a.end);
  let out = code;
  for (const edit of edits) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return `'use strict';${out}\n;globalThis.__edgecase_handler = handler;`;
}

function syntaxError(name: string, runtime: FunctionRuntime, detail: string): EdgecaseError {
  return new EdgecaseError(
    'InvalidFunction',
    `CloudFront Function ${JSON.stringify(name)}: expected code ${runtime} compiles, got ${detail}.`,
    {
      hint:
        runtime === 'cloudfront-js-1.0'
          ? 'Runtime 1.0 is ES 5.1 plus template literals, arrow functions, rest parameters and **; use runtime cloudfront-js-2.0 for const, let and async.'
          : 'See the runtime 2.0 features page for what CloudFront Functions parse.',
    },
  );
}

function where(code: string, offset: number): string {
  const before = code.slice(0, offset);
  const line = before.split('\n').length;
  return `line ${line}, column ${offset - before.lastIndexOf('\n')}`;
}

/**
 * §10 functions-javascript-runtime-10 (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/functions-javascript-runtime-10.html):
 * ES 5.1, plus `**`, template literals, arrow functions and rest parameters; `const` and `let` are
 * not supported. Anything else newer than ES 5.1 is refused here.
 */
function refusedIn10(node: AnyNode): string | undefined {
  switch (node.type) {
    case 'VariableDeclaration':
      return node.kind === 'var' ? undefined : `${String(node.kind)} (runtime 1.0 has var only)`;
    case 'ClassDeclaration':
    case 'ClassExpression':
      return 'class';
    case 'ForOfStatement':
      return 'for...of';
    case 'ObjectPattern':
    case 'ArrayPattern':
      return 'destructuring';
    case 'AssignmentPattern':
      return 'a default parameter value';
    case 'SpreadElement':
      return 'spread (...) in a call or literal';
    case 'AwaitExpression':
      return 'await';
    case 'YieldExpression':
      return 'yield';
    case 'ImportDeclaration':
    case 'ImportExpression':
      return 'import (runtime 1.0 uses require)';
    case 'FunctionDeclaration':
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
      if (node.async === true) return 'async functions (runtime 2.0 has them)';
      if (node.generator === true) return 'generators';
      return undefined;
    case 'Property':
      if (node.shorthand === true) return 'shorthand properties';
      if (node.computed === true) return 'computed property names';
      if (node.method === true) return 'method shorthand';
      return undefined;
    default:
      return undefined;
  }
}

function importAsVar(name: string, runtime: FunctionRuntime, node: AnyNode): string {
  const source = String((node.source as AnyNode).value);
  if (!FUNCTION_MODULES[runtime].includes(source)) {
    throw syntaxError(
      name,
      runtime,
      `an import of ${JSON.stringify(source)} (the runtime offers ${FUNCTION_MODULES[runtime].map((m) => JSON.stringify(m)).join(', ')})`,
    );
  }
  const load = `${REQUIRE}(${JSON.stringify(source)})`;
  const parts = (node.specifiers as AnyNode[]).map((spec) => {
    const local = (spec.local as AnyNode).name as string;
    if (spec.type === 'ImportSpecifier') {
      const imported = spec.imported as AnyNode;
      const key = imported.type === 'Identifier' ? (imported.name as string) : String(imported.value);
      return `var ${local} = ${load}[${JSON.stringify(key)}];`;
    }
    return `var ${local} = ${load};`;
  });
  return parts.join('') || `${load};`;
}

function hasHandler(ast: AnyNode): boolean {
  for (const statement of ast.body as AnyNode[]) {
    if (statement.type === 'FunctionDeclaration' && (statement.id as AnyNode | null)?.name === 'handler')
      return true;
    if (statement.type === 'VariableDeclaration') {
      for (const d of statement.declarations as AnyNode[]) {
        if ((d.id as AnyNode).name === 'handler' && d.init) return true;
      }
    }
  }
  return false;
}

/** Depth-first over every node; `visit` returns false to skip a node's children. */
function walk(node: AnyNode, visit: (node: AnyNode) => boolean): void {
  if (!visit(node)) return;
  for (const key in node) {
    if (key === 'type' || key === 'start' || key === 'end' || key === 'loc') continue;
    const value = node[key];
    if (Array.isArray(value)) {
      for (const child of value) if (child && typeof child.type === 'string') walk(child, visit);
    } else if (value && typeof (value as AnyNode).type === 'string') walk(value as AnyNode, visit);
  }
}
