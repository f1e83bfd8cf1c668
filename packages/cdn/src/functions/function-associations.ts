/**
 * Contract: resolves the `functions` option (function code by name or ARN, as a loaded config names
 * functions by ARN) and a behaviour's `functionAssociations` into the compiled functions the
 * behaviour runs. §10: one function per event type per behaviour; CloudFront Functions run on the
 * viewer events only.
 */
import { readFileSync } from 'node:fs';
import { toMs } from '../clock/duration.js';
import { EdgecaseError, invalid } from '../errors.js';
import { checkArray, checkObject } from '../options/checks.js';
import type {
  BehaviorFunctions,
  CloudFrontFunctionSource,
  FunctionAssociationOptions,
  FunctionRuntime,
  KeyValueStoreInput,
  ResolvedFunction,
} from '../options/edge-code-types.js';
import { checkOneOf, checkOptionKeys, optionKeys } from '../options/strict-keys.js';
import { CloudFrontFunction } from './function-runtime.js';
import { KeyValueStore } from './key-value-store.js';

const SOURCE_KEYS = optionKeys<CloudFrontFunctionSource>()([
  'file',
  'code',
  'runtime',
  'keyValueStore',
  'safetyLimit',
]);
const ASSOCIATION_KEYS = optionKeys<FunctionAssociationOptions>()(['eventType', 'functionARN', 'function']);
const RUNTIMES: readonly FunctionRuntime[] = ['cloudfront-js-1.0', 'cloudfront-js-2.0'];
const DEFAULT_SAFETY_LIMIT_MS = 1000;

/** `arn:aws:cloudfront::123456789012:function/Name` → `Name`; a plain name as is. */
export function functionNameOf(nameOrArn: string): string {
  const slash = nameOrArn.lastIndexOf(':function/');
  return slash < 0 ? nameOrArn : nameOrArn.slice(slash + ':function/'.length);
}

/** Compiles every function of the `functions` option, keyed by name (an ARN key by its name). */
export function resolveFunctions(input: unknown): ReadonlyMap<string, ResolvedFunction> {
  const out = new Map<string, ResolvedFunction>();
  if (input === undefined) return out;
  checkObject(input, 'InvalidOption', 'functions');
  for (const [key, source] of Object.entries(input as Record<string, unknown>)) {
    const name = functionNameOf(key);
    out.set(name, compileSource(source, name, `functions[${JSON.stringify(key)}]`));
  }
  return out;
}

export function compileSource(source: unknown, name: string, what: string): CloudFrontFunction {
  checkOptionKeys(source, SOURCE_KEYS, what);
  const s = source as CloudFrontFunctionSource;
  if ((s.file === undefined) === (s.code === undefined))
    invalid('InvalidOption', what, 'exactly one of file (the function file) or code (its source)', source);
  let code: string;
  if (s.file !== undefined) {
    if (typeof s.file !== 'string') invalid('InvalidOption', `${what}.file`, 'a path', s.file);
    try {
      code = readFileSync(s.file, 'utf8');
    } catch (error) {
      throw new EdgecaseError(
        'InvalidOption',
        `${what}.file: expected a readable function file, got ${JSON.stringify(s.file)}.`,
        {
          cause: error,
          value: s.file,
        },
      );
    }
  } else {
    if (typeof s.code !== 'string') invalid('InvalidOption', `${what}.code`, 'the source text', s.code);
    code = s.code as string;
  }
  const runtime = checkOneOf(s.runtime, RUNTIMES, `${what}.runtime`) ?? 'cloudfront-js-2.0';
  let keyValueStore: KeyValueStore | undefined;
  if (s.keyValueStore !== undefined) {
    // §20: KeyValueStore needs runtime 2.0.
    if (runtime !== 'cloudfront-js-2.0')
      invalid(
        'InvalidOption',
        `${what}.keyValueStore`,
        'a function on runtime cloudfront-js-2.0 (KeyValueStore needs it)',
        runtime,
      );
    keyValueStore =
      s.keyValueStore instanceof KeyValueStore
        ? s.keyValueStore
        : new KeyValueStore(s.keyValueStore as KeyValueStoreInput);
  }
  const safetyLimitMs =
    s.safetyLimit === undefined ? DEFAULT_SAFETY_LIMIT_MS : toMs(s.safetyLimit, `${what}.safetyLimit`);
  return new CloudFrontFunction({ name, runtime, code, keyValueStore, safetyLimitMs });
}

/** A behaviour's `functionAssociations`: at most one function per event type (§10). */
export function resolveFunctionAssociations(
  input: unknown,
  functions: ReadonlyMap<string, ResolvedFunction>,
  what: string,
): BehaviorFunctions | undefined {
  if (input === undefined) return undefined;
  const list = checkArray(input, 'InvalidOption', what);
  const out: BehaviorFunctions = { viewerRequest: undefined, viewerResponse: undefined };
  list.forEach((entry, i) => {
    const at = `${what}[${i}]`;
    checkOptionKeys(entry, ASSOCIATION_KEYS, at);
    const a = entry as unknown as FunctionAssociationOptions;
    if (a.eventType !== 'viewer-request' && a.eventType !== 'viewer-response') {
      invalid(
        'InvalidOption',
        `${at}.eventType`,
        "'viewer-request' or 'viewer-response' (CloudFront Functions run on viewer events)",
        a.eventType,
        (a.eventType as string)?.startsWith?.('origin-')
          ? 'Origin events take Lambda@Edge: lambdaFunctionAssociations, with its handler in the lambdas option.'
          : undefined,
      );
    }
    const slot = a.eventType === 'viewer-request' ? 'viewerRequest' : 'viewerResponse';
    if (out[slot] !== undefined)
      invalid(
        'InvalidOption',
        `${at}.eventType`,
        `one function per event type (${a.eventType} is already associated)`,
        a.eventType,
      );
    if ((a.functionARN === undefined) === (a.function === undefined))
      invalid(
        'InvalidOption',
        at,
        'exactly one of functionARN (a name or ARN in `functions`) or function',
        entry,
      );
    if (a.function !== undefined) {
      out[slot] = compileSource(
        a.function,
        `${slot === 'viewerRequest' ? 'viewer-request' : 'viewer-response'}@${what}`,
        `${at}.function`,
      );
      return;
    }
    if (typeof a.functionARN !== 'string')
      invalid('InvalidOption', `${at}.functionARN`, 'a function name or ARN', a.functionARN);
    const fn = functions.get(functionNameOf(a.functionARN as string));
    if (!fn) {
      throw new EdgecaseError(
        'NoSuchFunction',
        `${at}.functionARN: expected a function name or ARN of the functions option, got ${JSON.stringify(a.functionARN)}.`,
        {
          value: a.functionARN,
          hint: `Map it to its code: functions: { ${JSON.stringify(functionNameOf(a.functionARN as string))}: { file: './functions/viewer-request.js' } }.${functions.size ? ` Known: ${[...functions.keys()].join(', ')}.` : ''}`,
        },
      );
    }
    out[slot] = fn;
  });
  return out.viewerRequest || out.viewerResponse ? out : undefined;
}
