/**
 * Contract: runs one CloudFront Function's code in its own node:vm context with only what the runtime
 * offers (§10, §20 functions-javascript-runtime-10/-20, cloudfront-function-restrictions): no timers,
 * no network, no file system, no `process`, no `eval`/`new Function`; `require` (1.0) or `import`
 * (2.0) of `crypto`, `querystring` and, in 2.0, `cloudfront` (KeyValueStore) and `Buffer`. `Date`
 * always reads the invocation's start on the virtual clock (§20: "every Date call returns the
 * function's start time") and `Math.random` is seeded, so a seed gives the same run.
 *
 * Why node:vm called directly, measured on this machine (busy, 2 cores): a call into the context
 * costs ~0.6–0.8 µs with the event built; `script.runInContext({ timeout })` costs ~400–500 µs (a
 * watchdog thread per call); quickjs-emscripten ~24 µs (JSON in and out). So the default stops a
 * runaway with a tick inserted into every loop body that, every 1,024 ticks, compares the wall clock
 * with the invocation's safety limit — the one wall-clock read in edgecase, allowed because no virtual
 * clock can interrupt synchronous code. Once past the limit every later tick throws, so a `catch`
 * cannot swallow it. node:vm is not a security boundary: it keeps a function to CloudFront's API, it
 * does not contain hostile code.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash, createHmac, getHashes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import querystring from 'node:querystring';
import vm from 'node:vm';
import { SeededRandom } from '../clock/random.js';
import { EdgecaseError } from '../errors.js';
import type { FunctionRuntime, InvocationRecord, ResolvedFunction } from '../options/edge-code-types.js';
import { prepareFunctionCode, REQUIRE, TICK } from './function-code.js';
import type { KeyValueStore } from './key-value-store.js';
import type { OriginChange } from './origin-changes.js';

export interface CloudFrontFunctionDefinition {
  name: string;
  runtime: FunctionRuntime;
  code: string;
  keyValueStore?: KeyValueStore | undefined;
  /** The real-time safety limit per invocation, in ms. */
  safetyLimitMs: number;
}

/** Thrown (inside the function) when the safety limit stops it. */
export class FunctionRunaway extends Error {
  override readonly name = 'FunctionRunaway';
}

const TICKS_PER_CHECK = 1024;
const NONE: readonly never[] = Object.freeze([]);
const UTF8 = new TextDecoder('utf-8', { fatal: true });

export class CloudFrontFunction implements ResolvedFunction {
  readonly name: string;
  readonly runtime: FunctionRuntime;
  readonly keyValueStore: KeyValueStore | undefined;
  readonly #handler: (event: unknown) => unknown;
  /** What the top-level code threw, thrown again by every invocation. */
  #startupError: unknown;
  readonly #safetyLimitMs: number;
  /** The current invocation's record (an async handler's code finds its own through #context). */
  #run: InvocationRecord = { eventType: undefined };
  /** For an async handler: each invocation's record follows its own awaits (concurrent requests). */
  #context: AsyncLocalStorage<InvocationRecord> | undefined;
  #nowMs = 0;
  #ticks = 0;
  #deadline = 0;
  #halted = false;

  constructor(definition: CloudFrontFunctionDefinition) {
    this.name = definition.name;
    this.runtime = definition.runtime;
    this.keyValueStore = definition.keyValueStore;
    this.#safetyLimitMs = definition.safetyLimitMs;
    const script = prepareFunctionCode(definition.name, definition.code, definition.runtime);
    const context = vm.createContext(
      {},
      { name: `CloudFront Function ${definition.name}`, codeGeneration: { strings: false, wasm: false } },
    );
    const random = new SeededRandom(`function:${definition.name}`);
    const host = {
      now: () => this.#nowMs,
      random: () => random.next(),
      log: (text: string) => {
        const run = this.#context?.getStore() ?? this.#run;
        run.logs ??= [];
        if (run.logs.length < 100) run.logs.push(text);
      },
      require: (name: string) => this.#module(name),
      // Runtime 1.0's byte strings are latin1 strings here (see byteStrings in the prelude).
      decode: (text: string, encoding: BufferEncoding) => Buffer.from(text, encoding).toString('latin1'),
      encode: (bytes: string, encoding: BufferEncoding) => Buffer.from(bytes, 'latin1').toString(encoding),
      toUTF8: (text: string) => Buffer.from(text, 'utf8').toString('latin1'),
      fromUTF8: (bytes: string) => {
        try {
          return UTF8.decode(Buffer.from(bytes, 'latin1'));
        } catch {
          return null;
        }
      },
    };
    const tick = () => {
      if (this.#halted || (++this.#ticks % TICKS_PER_CHECK === 0 && performance.now() > this.#deadline)) {
        this.#halted = true;
        throw new FunctionRunaway(
          `the function ran past the ${this.#safetyLimitMs} ms safety limit (an endless loop?)`,
        );
      }
    };
    vm.runInContext(PRELUDE, context)(host, tick, definition.runtime === 'cloudfront-js-1.0');
    // The top-level code runs once here, under the same safety limit as an invocation. What it throws
    // (a `require` 2.0 lacks, a module 1.0 lacks: §10) is not a syntax error CloudFront refuses at
    // create time but a failure of every run: each invocation throws it again (503, execution error).
    this.#deadline = performance.now() + this.#safetyLimitMs;
    try {
      vm.runInContext(script, context, { filename: `${definition.name}.js` });
    } catch (error) {
      this.#startupError = error;
    }
    this.#halted = false;
    const handler = vm.runInContext('globalThis.__edgecase_handler', context) as unknown;
    vm.runInContext('delete globalThis.__edgecase_handler', context);
    if (this.#startupError === undefined && typeof handler !== 'function') {
      throw new EdgecaseError(
        'InvalidFunction',
        `CloudFront Function ${JSON.stringify(definition.name)}: expected handler to be a function, got ${typeof handler}.`,
        { hint: 'Define function handler(event) { … } at the top level.' },
      );
    }
    this.#handler = handler as (event: unknown) => unknown;
    if ((handler as { constructor?: { name?: unknown } } | undefined)?.constructor?.name === 'AsyncFunction')
      this.#context = new AsyncLocalStorage();
  }

  /**
   * Calls `handler(event)` at `nowMs` (virtual). Returns what it returned (a Promise for an async
   * handler); throws what it threw. `logs` collects console output of this invocation.
   */
  invoke(event: unknown, nowMs: number): unknown {
    this.#nowMs = nowMs;
    this.#halted = false;
    this.#ticks = 0;
    this.#deadline = performance.now() + this.#safetyLimitMs;
    const run: InvocationRecord = {
      eventType: (event as { context?: { eventType?: unknown } } | null)?.context?.eventType,
    };
    this.#run = run;
    if (this.#startupError !== undefined) throw this.#startupError;
    return this.#context ? this.#context.run(run, this.#handler, event) : this.#handler(event);
  }

  /** Whether the last invocation was stopped by the safety limit (even if its code caught the error). */
  get halted(): boolean {
    return this.#halted;
  }

  get logs(): readonly string[] {
    return this.#run.logs ?? NONE;
  }

  /** The last invocation's record; read right after `invoke`, it stays that invocation's. */
  get invocation(): InvocationRecord {
    return this.#run;
  }

  /** The origin helpers the last invocation called, in order (runtime 2.0, viewer-request). */
  get originChanges(): readonly OriginChange[] {
    return this.#run.originChanges ?? NONE;
  }

  #module(name: string): unknown {
    switch (name) {
      case 'crypto':
        return this.#crypto();
      case 'querystring':
        return querystringModule;
      case 'cloudfront':
        if (this.runtime === 'cloudfront-js-2.0') return this.#cloudfront();
        break;
      case 'buffer':
        if (this.runtime === 'cloudfront-js-2.0') return { Buffer };
        break;
    }
    // §10 functions-javascript-runtime-10/-20: only the built-in modules load (no fs, no network).
    throw new Error(
      `Cannot find module "${name}": CloudFront Functions (${this.runtime}) offer ${this.runtime === 'cloudfront-js-1.0' ? '"crypto", "querystring"' : '"crypto", "querystring", "cloudfront", "buffer"'}`,
    );
  }

  #crypto(): unknown {
    const v2 = this.runtime === 'cloudfront-js-2.0';
    // §10: hash.digest()/hmac.digest() without an encoding give a Buffer in 2.0, a byte string in 1.0.
    const wrap = (h: { update(d: string | Uint8Array): unknown; digest(e?: string): string | Buffer }) => {
      const api = {
        update(data: string | Uint8Array) {
          h.update(data);
          return api;
        },
        digest(encoding?: string) {
          if (encoding === 'hex' || encoding === 'base64' || encoding === 'base64url')
            return h.digest(encoding);
          const bytes = h.digest() as Buffer;
          return v2 ? bytes : bytes.toString('latin1');
        },
      };
      return api;
    };
    return {
      createHash: (algorithm: string) => wrap(createHash(checkAlgorithm(algorithm))),
      createHmac: (algorithm: string, key: string | Uint8Array) =>
        wrap(createHmac(checkAlgorithm(algorithm), key)),
    };
  }

  #cloudfront(): unknown {
    const store = this.keyValueStore;
    // §20 helper-functions-origin-modification: recorded now, applied (and checked) when the function
    // returns the request; "you can update the origin on viewer request CloudFront Functions only".
    const record = (helper: OriginChange['helper']) => (params: unknown) => {
      const run = this.#context?.getStore() ?? this.#run;
      if (run.eventType !== 'viewer-request')
        throw new Error(
          `cf.${helper} changes the origin of a viewer request; this is a ${String(run.eventType)} function`,
        );
      run.originChanges ??= [];
      run.originChanges.push({ helper, params: copyOut(params) });
    };
    return {
      // §20 functions-custom-methods: cf.kvs() gives the function's one associated store.
      kvs: () => {
        if (!store) throw new Error('This function has no KeyValueStore associated (keyValueStore option)');
        return {
          get: async (key: string, options?: { format?: string }) => store.read(key, options?.format),
          exists: async (key: string) => store.has(key),
          meta: async () => store.meta(),
        };
      },
      updateRequestOrigin: record('updateRequestOrigin'),
      selectRequestOriginById: record('selectRequestOriginById'),
      createRequestOriginGroup: record('createRequestOriginGroup'),
    };
  }
}

/** A helper's argument as plain data of this realm (the function cannot change it afterwards). */
function copyOut(value: unknown): unknown {
  if (value === undefined || value === null || typeof value !== 'object') return value;
  try {
    return JSON.parse(JSON.stringify(value));
  } catch {
    return String(value);
  }
}

// §10: the crypto module offers md5, sha1 and sha256 (hash and HMAC).
const ALGORITHMS = new Set(['md5', 'sha1', 'sha256']);
function checkAlgorithm(algorithm: string): string {
  if (!ALGORITHMS.has(algorithm) || !getHashes().includes(algorithm))
    throw new Error(`crypto: unsupported algorithm ${String(algorithm)} (md5, sha1, sha256)`);
  return algorithm;
}

const querystringModule = {
  parse: querystring.parse,
  stringify: querystring.stringify,
  escape: querystring.escape,
  unescape: querystring.unescape,
  decode: querystring.decode,
  encode: querystring.encode,
};

// Runs first in each context: installs the runtime's globals and hides the host bridge.
const PRELUDE = `(function (host, tick, v1) {
  'use strict';
  var g = globalThis;
  var RealDate = Date;
  var CFDate = new Proxy(RealDate, {
    construct: function (target, args, newTarget) {
      return args.length === 0 ? Reflect.construct(target, [host.now()], newTarget) : Reflect.construct(target, args, newTarget);
    },
    apply: function () { return new RealDate(host.now()).toString(); },
    get: function (target, key) { return key === 'now' ? function now() { return host.now(); } : target[key]; },
  });
  var define = function (name, value) { Object.defineProperty(g, name, { value: value, writable: false, configurable: false, enumerable: false }); };
  define('Date', CFDate);
  Math.random = function random() { return host.random(); };
  var text = function (args) { return Array.prototype.map.call(args, function (a) { return typeof a === 'string' ? a : JSON.stringify(a); }).join(' '); };
  var log = function () { host.log(text(arguments)); };
  define('console', { log: log, info: log, warn: log, error: log, debug: log });
  define(${JSON.stringify(TICK)}, tick);
  define(${JSON.stringify(REQUIRE)}, function (name) { return host.require(String(name)); });
  if (v1) define('require', function require(name) { return host.require(String(name)); });
  else define('Buffer', host.require('buffer').Buffer);
  if (v1) byteStrings();

  // Runtime 1.0's nonstandard byte-string methods (functions-javascript-runtime-10; gone in 2.0, §20):
  // a byte string is a string whose every character is one byte (0-255), as 1.0's digest() returns.
  function byteStrings() {
    var method = function (target, name, fn) {
      Object.defineProperty(target, name, { value: fn, writable: true, configurable: true, enumerable: false });
    };
    var part = function (s, start, end) { return s.slice(start === undefined ? 0 : start, end); };
    var isBytes = function (s) { return !/[^\\u0000-\\u00ff]/.test(s); };
    var ENCODINGS = ['hex', 'base64', 'base64url'];
    // String.bytesFrom(array | string, encoding): a byte string from octets or from hex/base64/base64url text.
    method(String, 'bytesFrom', function bytesFrom(input, encoding) {
      if (Array.isArray(input)) {
        return input.map(function (n) { return String.fromCharCode(Number(n) & 255); }).join('');
      }
      if (typeof input !== 'string') throw new TypeError('String.bytesFrom: expected an array of octets or a string');
      if (ENCODINGS.indexOf(encoding) < 0) throw new TypeError('String.bytesFrom: unknown encoding "' + encoding + '" (hex, base64, base64url)');
      return host.decode(input, encoding);
    });
    // fromBytes: each byte becomes the code point of the same number (null when it is not a byte string).
    method(String.prototype, 'fromBytes', function fromBytes(start, end) {
      var s = part(String(this), start, end);
      return isBytes(s) ? s : null;
    });
    // fromUTF8: a Unicode string from UTF-8 bytes; null when the bytes are not UTF-8.
    method(String.prototype, 'fromUTF8', function fromUTF8(start, end) {
      var s = part(String(this), start, end);
      return isBytes(s) ? host.fromUTF8(s) : null;
    });
    // toBytes: a byte string of a string whose characters are all 0-255; null otherwise.
    method(String.prototype, 'toBytes', function toBytes(start, end) {
      var s = part(String(this), start, end);
      return isBytes(s) ? s : null;
    });
    // toUTF8: the UTF-8 bytes of a Unicode string, as a byte string.
    method(String.prototype, 'toUTF8', function toUTF8(start, end) {
      return host.toUTF8(part(String(this), start, end));
    });
    // toString(encoding): a byte string written as hex/base64/base64url ('£'.toBytes().toString('hex') is 'a3').
    var toString = String.prototype.toString;
    method(String.prototype, 'toString', function (encoding) {
      var s = toString.call(this);
      if (encoding === undefined) return s;
      if (ENCODINGS.indexOf(encoding) < 0) throw new TypeError('Unknown encoding: "' + encoding + '" (hex, base64, base64url)');
      return host.encode(isBytes(s) ? s : host.toUTF8(s), encoding);
    });
  }
})`;
