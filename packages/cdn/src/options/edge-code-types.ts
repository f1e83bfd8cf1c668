/**
 * Option and resolved shapes of a behaviour's edge code (CloudFront Functions). The implementations
 * live in functions/; options/ only names what they look like, so it imports no other folder.
 */

export type FunctionRuntime = 'cloudfront-js-1.0' | 'cloudfront-js-2.0';

/** What a KeyValueStore offers a test (functions/key-value-store.ts implements it). */
export interface KeyValueStoreHandle {
  put(key: string, value: string): this;
  delete(key: string): boolean;
  peek(key: string): string | undefined;
  readonly size: number;
  bindClock(clock: { now(): number }): void;
}

/** A KeyValueStore's data: an object of string values, or a JSON file (import format or plain object). */
export type KeyValueStoreInput = Readonly<Record<string, string>> | { readonly file: string };

/** A CloudFront Function's code: the file the app deploys, or its source text. */
export interface CloudFrontFunctionSource {
  /** Path of the function file (read once, when the distribution is created). */
  file?: string;
  /** The source text (e.g. a CloudFormation `FunctionCode`). */
  code?: string;
  /** Default `'cloudfront-js-2.0'`. */
  runtime?: FunctionRuntime;
  /** The KeyValueStore `cf.kvs()` reads (runtime 2.0): a `KeyValueStore`, or its data / `{ file }`. */
  keyValueStore?: KeyValueStoreHandle | KeyValueStoreInput;
  /** Real-time limit that stops a runaway invocation (answered 503): ms or `'1s'`. Default `'1s'`. */
  safetyLimit?: number | `${number}${'ms' | 's' | 'm' | 'h' | 'd'}`;
}

export interface FunctionAssociationOptions {
  eventType: 'viewer-request' | 'viewer-response';
  /** A name or ARN found in the distribution's `functions` option. */
  functionARN?: string;
  /** The function itself, instead of `functionARN`. */
  function?: CloudFrontFunctionSource;
}

/** A compiled CloudFront Function (functions/function-runtime.ts). */
export interface ResolvedFunction {
  readonly name: string;
  readonly runtime: FunctionRuntime;
  readonly keyValueStore: KeyValueStoreHandle | undefined;
  /** Calls `handler(event)` at `nowMs` (virtual); a Promise for an async handler. */
  invoke(event: unknown, nowMs: number): unknown;
  /** Whether the last invocation was stopped by the safety limit. */
  readonly halted: boolean;
  /** console output of the last invocation. */
  readonly logs: readonly string[];
  /** Runtime 2.0's origin helpers the last invocation called, in order. */
  readonly originChanges?: readonly OriginChange[];
  /** The last invocation's record: read right after `invoke`, it stays that invocation's own. */
  readonly invocation?: InvocationRecord;
}

/** What one invocation did besides its result: its console output and origin helper calls. */
export interface InvocationRecord {
  eventType: unknown;
  logs?: string[];
  originChanges?: OriginChange[];
}

export interface BehaviorFunctions {
  viewerRequest: ResolvedFunction | undefined;
  viewerResponse: ResolvedFunction | undefined;
}

/** One call of a runtime 2.0 origin helper, as the function made it (its argument copied out). */
export type OriginChange = {
  helper: 'updateRequestOrigin' | 'selectRequestOriginById' | 'createRequestOriginGroup';
  params: unknown;
};
