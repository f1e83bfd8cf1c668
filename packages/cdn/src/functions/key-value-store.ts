/**
 * Contract: a CloudFront KeyValueStore as a CloudFront Function reads it through `cf.kvs()`
 * (§20 functions-custom-methods, https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/functions-custom-methods.html):
 * string keys to string values, loaded from an object or a JSON file (the import format
 * `{ "data": [{ "key", "value" }] }` or a plain `{ key: value }` object), changed by a test with
 * `put`/`delete` and read by the next invocation — as on CloudFront, a change needs no republish.
 */
import { readFileSync } from 'node:fs';
import type { Clock } from '../clock/clock.js';
import { EdgecaseError, invalid } from '../errors.js';

import type { KeyValueStoreHandle, KeyValueStoreInput } from '../options/edge-code-types.js';

export type { KeyValueStoreInput };

export class KeyValueStore implements KeyValueStoreHandle {
  readonly #data = new Map<string, string>();
  #clock: Pick<Clock, 'now'> | undefined;
  #createdAtMs: number | undefined;
  #updatedAtMs: number | undefined;

  constructor(input: KeyValueStoreInput = {}) {
    if (typeof input !== 'object' || input === null)
      invalid('InvalidOption', 'keyValueStore', 'an object of string values or { file }', input);
    const entries = 'file' in input && typeof input.file === 'string' ? readKvsFile(input.file) : input;
    for (const [key, value] of Object.entries(entries)) this.put(key, value as string);
  }

  /** Sets a key; the next function invocation sees it. */
  put(key: string, value: string): this {
    if (typeof key !== 'string' || key === '')
      invalid('InvalidOption', 'KeyValueStore key', 'a non-empty string', key);
    if (typeof value !== 'string')
      invalid('InvalidOption', `KeyValueStore value of ${JSON.stringify(key)}`, 'a string', value);
    this.#data.set(key, value);
    this.#touch();
    return this;
  }

  delete(key: string): boolean {
    const had = this.#data.delete(key);
    if (had) this.#touch();
    return had;
  }

  /** The value as stored, or undefined. */
  peek(key: string): string | undefined {
    return this.#data.get(key);
  }

  get size(): number {
    return this.#data.size;
  }

  /** @internal Dates in `meta()` come from the distribution's clock. */
  bindClock(clock: Pick<Clock, 'now'>): void {
    this.#clock ??= clock;
    this.#createdAtMs ??= clock.now();
    this.#updatedAtMs ??= this.#createdAtMs;
  }

  /** @internal What `kvs.get(key, { format })` resolves to; throws when the key is missing. */
  read(key: string, format: unknown): unknown {
    const value = this.#data.get(String(key));
    // §20: a missing key makes get() reject. The message is UNCONFIRMED.
    if (value === undefined) throw new Error(`KeyValueStore: key not found: ${String(key)}`);
    switch (format ?? 'string') {
      case 'string':
        return value;
      case 'json':
        return JSON.parse(value);
      case 'bytes':
        return new Uint8Array(Buffer.from(value, 'utf8'));
      default:
        throw new TypeError(
          `KeyValueStore get: format must be "string", "json" or "bytes", got ${String(format)}`,
        );
    }
  }

  /** @internal */
  has(key: string): boolean {
    return this.#data.has(String(key));
  }

  /** @internal `kvs.meta()`: ISO 8601 dates and the key count (keyCount is UNCONFIRMED, §20). */
  meta(): { creationDateTime: string; lastUpdatedDateTime: string; keyCount: number } {
    return {
      creationDateTime: new Date(this.#createdAtMs ?? 0).toISOString(),
      lastUpdatedDateTime: new Date(this.#updatedAtMs ?? 0).toISOString(),
      keyCount: this.#data.size,
    };
  }

  #touch(): void {
    if (this.#clock) this.#updatedAtMs = this.#clock.now();
  }
}

function readKvsFile(path: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new EdgecaseError(
      'InvalidOption',
      `keyValueStore file: expected a readable JSON file, got ${JSON.stringify(path)}.`,
      {
        cause: error,
        hint: 'Give { "data": [{ "key": "k", "value": "v" }] } (the KeyValueStore import format) or { "k": "v" }.',
      },
    );
  }
  // The KeyValueStore import file format: { "data": [ { "key": ..., "value": ... } ] }.
  const data = (parsed as { data?: unknown })?.data;
  if (Array.isArray(data)) {
    const out: Record<string, string> = {};
    for (const item of data as { key?: unknown; value?: unknown }[]) {
      if (typeof item?.key !== 'string' || typeof item.value !== 'string')
        invalid(
          'InvalidOption',
          `keyValueStore file ${path} item`,
          '{ "key": string, "value": string }',
          item,
        );
      out[item.key] = item.value;
    }
    return out;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    invalid('InvalidOption', `keyValueStore file ${path}`, 'a JSON object', parsed);
  return parsed as Record<string, string>;
}
