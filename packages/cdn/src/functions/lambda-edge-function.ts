/**
 * Contract: resolves the `lambdas` option (the handler module the app deploys, by versioned ARN or
 * name, as a loaded config names functions by `LambdaFunctionARN`) and a behaviour's
 * `lambdaFunctionAssociations` into the Lambda@Edge functions the behaviour runs. §10/§20
 * (CFDG lambda-at-edge-function-restrictions, lambda-cloudfront-trigger-events): one function per
 * event type, a numbered version (not `$LATEST` or an alias), `includeBody` on request events only,
 * timeouts of at most 5 s (viewer events) and 30 s (origin events).
 */
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { toMs } from '../clock/duration.js';
import { EdgecaseError, invalid } from '../errors.js';
import { checkArray, checkBoolean, checkObject } from '../options/checks.js';
import type {
  BehaviorLambdas,
  LambdaAssociation,
  LambdaEdgeHandler,
  LambdaEdgeSource,
  LambdaEventType,
  LambdaFunctionAssociationOptions,
  ResolvedLambda,
} from '../options/lambda-edge-types.js';
import { checkOptionKeys, optionKeys } from '../options/strict-keys.js';

const SOURCE_KEYS = optionKeys<LambdaEdgeSource>()([
  'handler',
  'file',
  'export',
  'timeout',
  'duration',
  'coldStart',
]);
const ASSOCIATION_KEYS = optionKeys<LambdaFunctionAssociationOptions>()([
  'eventType',
  'lambdaFunctionARN',
  'includeBody',
]);
const EVENT_TYPES: readonly LambdaEventType[] = [
  'viewer-request',
  'viewer-response',
  'origin-request',
  'origin-response',
];
// §10/§20 cloudfront-limits (Quotas on Lambda@Edge): function timeout 5 s for viewer events, 30 s for origin events.
export const VIEWER_TIMEOUT_MS = 5_000;
export const ORIGIN_TIMEOUT_MS = 30_000;

/** `arn:aws:lambda:us-east-1:123456789012:function:auth:3` → `{ name: 'auth', version: '3' }`; a name as is. */
export function lambdaNameOf(nameOrArn: string): { name: string; version: string | undefined } {
  const at = nameOrArn.indexOf(':function:');
  if (!nameOrArn.startsWith('arn:') || at < 0) return { name: nameOrArn, version: undefined };
  const [name = '', version] = nameOrArn.slice(at + ':function:'.length).split(':');
  return { name, version };
}

class LambdaFunction implements ResolvedLambda {
  readonly name: string;
  readonly timeoutMs: number | undefined;
  readonly durationMs: number;
  readonly coldStartMs: number;
  readonly #source: LambdaEdgeSource;
  readonly #what: string;
  #loaded: Promise<LambdaEdgeHandler> | undefined;
  #warm = new Set<string>();

  constructor(name: string, source: LambdaEdgeSource, what: string) {
    this.name = name;
    this.#source = source;
    this.#what = what;
    this.timeoutMs = source.timeout === undefined ? undefined : toMs(source.timeout, `${what}.timeout`);
    if (this.timeoutMs !== undefined && (this.timeoutMs < 1 || this.timeoutMs > ORIGIN_TIMEOUT_MS))
      invalid(
        'InvalidOption',
        `${what}.timeout`,
        'from 1 ms to 30 s (Lambda@Edge origin events allow 30 s)',
        source.timeout,
      );
    this.durationMs = source.duration === undefined ? 0 : toMs(source.duration, `${what}.duration`);
    this.coldStartMs = source.coldStart === undefined ? 0 : toMs(source.coldStart, `${what}.coldStart`);
  }

  handler(): Promise<LambdaEdgeHandler> {
    this.#loaded ??= this.#load();
    return this.#loaded;
  }

  async #load(): Promise<LambdaEdgeHandler> {
    const source = this.#source;
    if (source.handler !== undefined) return source.handler;
    const file = source.file as string;
    const name = source.export ?? 'handler';
    const module = (await import(pathToFileURL(resolve(file)).href)) as Record<string, unknown>;
    const handler = module[name] ?? (module.default as Record<string, unknown> | undefined)?.[name];
    if (typeof handler !== 'function') {
      throw new EdgecaseError(
        'InvalidOption',
        `${this.#what}: expected ${JSON.stringify(file)} to export a handler function named ${JSON.stringify(name)}, got ${Object.keys(module).length ? `exports ${Object.keys(module).join(', ')}` : 'no exports'}.`,
        {
          value: file,
          hint: "Name the export with `export`, as Lambda's handler setting (index.handler) does.",
        },
      );
    }
    return handler as LambdaEdgeHandler;
  }

  coldIn(region: string): boolean {
    if (this.#warm.has(region)) return false;
    this.#warm.add(region);
    return true;
  }

  reset(): void {
    // A new Set, not `clear()`, which links the old table to the new one (see `Topology.reset`).
    this.#warm = new Set();
  }
}

function compileLambda(source: unknown, name: string, what: string): ResolvedLambda {
  checkOptionKeys(source, SOURCE_KEYS, what);
  const s = source as LambdaEdgeSource;
  if ((s.handler === undefined) === (s.file === undefined))
    invalid(
      'InvalidOption',
      what,
      'exactly one of handler (the function your module exports) or file (the module that exports it)',
      source,
    );
  if (s.handler !== undefined && typeof s.handler !== 'function')
    invalid('InvalidOption', `${what}.handler`, 'a function (event, context, callback?)', s.handler);
  if (s.file !== undefined) {
    if (typeof s.file !== 'string') invalid('InvalidOption', `${what}.file`, 'a path', s.file);
    const path = isAbsolute(s.file) ? s.file : resolve(s.file);
    if (!existsSync(path))
      invalid('InvalidOption', `${what}.file`, 'a handler module that exists', s.file, `Looked for ${path}.`);
  }
  if (s.export !== undefined && (typeof s.export !== 'string' || s.file === undefined))
    invalid('InvalidOption', `${what}.export`, 'the export name of `file` (only with file)', s.export);
  return new LambdaFunction(name, s, what);
}

/** Compiles every function of the `lambdas` option, keyed as given. */
export function resolveLambdas(input: unknown): ReadonlyMap<string, ResolvedLambda> {
  const out = new Map<string, ResolvedLambda>();
  if (input === undefined) return out;
  checkObject(input, 'InvalidOption', 'lambdas');
  for (const [key, source] of Object.entries(input as Record<string, unknown>)) {
    out.set(key, compileLambda(source, lambdaNameOf(key).name, `lambdas[${JSON.stringify(key)}]`));
  }
  return out;
}

/**
 * The function an association names: the key equal to its ARN, else a key naming the same function
 * without a version (a name or an unversioned ARN). A key with another version does not match.
 */
function findLambda(arn: string, lambdas: ReadonlyMap<string, ResolvedLambda>): ResolvedLambda | undefined {
  const exact = lambdas.get(arn);
  if (exact) return exact;
  const { name } = lambdaNameOf(arn);
  for (const [key, lambda] of lambdas) {
    const k = lambdaNameOf(key);
    if (k.name === name && k.version === undefined) return lambda;
  }
  return undefined;
}

const SLOT: Record<LambdaEventType, keyof BehaviorLambdas> = {
  'viewer-request': 'viewerRequest',
  'viewer-response': 'viewerResponse',
  'origin-request': 'originRequest',
  'origin-response': 'originResponse',
};

/** A behaviour's `lambdaFunctionAssociations`: at most one function per event type (§10). */
export function resolveLambdaAssociations(
  input: unknown,
  lambdas: ReadonlyMap<string, ResolvedLambda>,
  what: string,
): BehaviorLambdas | undefined {
  if (input === undefined) return undefined;
  const list = checkArray(input, 'InvalidOption', what);
  const out: BehaviorLambdas = {
    viewerRequest: undefined,
    viewerResponse: undefined,
    originRequest: undefined,
    originResponse: undefined,
  };
  list.forEach((entry, i) => {
    const at = `${what}[${i}]`;
    checkOptionKeys(entry, ASSOCIATION_KEYS, at);
    const a = entry as unknown as LambdaFunctionAssociationOptions;
    if (!EVENT_TYPES.includes(a.eventType))
      invalid('InvalidOption', `${at}.eventType`, `one of ${EVENT_TYPES.join(', ')}`, a.eventType);
    const slot = SLOT[a.eventType];
    if (out[slot] !== undefined)
      invalid(
        'InvalidOption',
        `${at}.eventType`,
        `one function per event type (${a.eventType} is already associated)`,
        a.eventType,
      );
    if (typeof a.lambdaFunctionARN !== 'string' || a.lambdaFunctionARN === '')
      invalid(
        'InvalidOption',
        `${at}.lambdaFunctionARN`,
        'a versioned Lambda ARN or a name in `lambdas`',
        a.lambdaFunctionARN,
      );
    const arn = a.lambdaFunctionARN;
    // §20 lambda-at-edge-function-restrictions: "You must use a numbered version of the Lambda
    // function, not $LATEST or aliases."
    const { version } = lambdaNameOf(arn);
    if (arn.startsWith('arn:') && (version === undefined || !/^\d+$/.test(version)))
      invalid(
        'InvalidOption',
        `${at}.lambdaFunctionARN`,
        'the ARN of a numbered version (…:function:name:3), as CloudFront requires',
        arn,
        version === undefined
          ? 'Add the version number the app published.'
          : `${version} is not a numbered version ($LATEST and aliases are refused).`,
      );
    const includeBody =
      a.includeBody === undefined ? false : checkBoolean(a.includeBody, 'InvalidOption', `${at}.includeBody`);
    // §20 lambda-include-body-access: the body is exposed to viewer-request and origin-request events.
    if (includeBody && (a.eventType === 'viewer-response' || a.eventType === 'origin-response'))
      invalid(
        'InvalidOption',
        `${at}.includeBody`,
        'includeBody on a request event only (viewer-request, origin-request)',
        includeBody,
      );
    const lambda = findLambda(arn, lambdas);
    if (!lambda) {
      const { name } = lambdaNameOf(arn);
      throw new EdgecaseError(
        'NoSuchFunction',
        `${at}.lambdaFunctionARN: expected a Lambda@Edge function of the lambdas option, got ${JSON.stringify(arn)}.`,
        {
          value: arn,
          hint: `Map it to its handler module: lambdas: { ${JSON.stringify(name)}: { file: './src/edge/${name}.mjs' } } (a name matches every version; a versioned ARN only itself).${lambdas.size ? ` Known: ${[...lambdas.keys()].join(', ')}.` : ''}`,
        },
      );
    }
    const timeoutMs = lambda.timeoutMs;
    const quota = a.eventType.startsWith('viewer-') ? VIEWER_TIMEOUT_MS : ORIGIN_TIMEOUT_MS;
    if (timeoutMs !== undefined && timeoutMs > quota)
      invalid(
        'InvalidOption',
        `${at}`,
        `a function whose timeout is at most ${quota / 1000} s for ${a.eventType} (Lambda@Edge's quota)`,
        `${lambda.name} with timeout ${timeoutMs / 1000} s`,
      );
    out[slot] = { lambda, arn, includeBody } satisfies LambdaAssociation;
  });
  return out.viewerRequest || out.viewerResponse || out.originRequest || out.originResponse ? out : undefined;
}
