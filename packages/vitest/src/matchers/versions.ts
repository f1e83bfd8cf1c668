import { EdgecaseError } from '@edgecase/cdn';
import { describeValue } from '../describe-value.js';

/**
 * A version of an object: its body (`'v2'` or bytes) or anything with an `etag`, such as the
 * `PutResult` of `origin.put` or `{ etag: '"9b2c..."' }`.
 */
export type Version = string | Uint8Array | { readonly etag: string };

export type ResolvedVersion = { kind: 'etag'; etag: string } | { kind: 'body'; body: Uint8Array };

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export function resolveVersion(version: unknown, what: string): ResolvedVersion {
  if (typeof version === 'string') return { kind: 'body', body: encoder.encode(version) };
  if (version instanceof Uint8Array) return { kind: 'body', body: version };
  if (
    typeof version === 'object' &&
    version !== null &&
    typeof (version as { etag?: unknown }).etag === 'string'
  ) {
    return {
      kind: 'etag',
      etag: (version as { etag: string }).etag.replace(/^W\//, '').replace(/^"|"$/g, ''),
    };
  }
  throw new EdgecaseError(
    'InvalidOption',
    `${what}: expected a version (a body string, bytes, or { etag } such as origin.put's result), got ${describeValue(version)}.`,
    { value: version },
  );
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** `"test 1"` for short text bodies, else `12 bytes`; with the ETag when known. */
export function describeBody(body: Uint8Array, etag?: string): string {
  let text: string | undefined;
  try {
    text = body.byteLength <= 40 ? decoder.decode(body) : undefined;
  } catch {
    text = undefined;
  }
  const shown =
    text !== undefined && /^[\x20-\x7e]*$/.test(text) ? JSON.stringify(text) : `${body.byteLength} bytes`;
  return etag ? `${shown} (ETag ${etag})` : shown;
}

export function describeVersion(version: ResolvedVersion): string {
  return version.kind === 'etag' ? `ETag "${version.etag}"` : describeBody(version.body);
}
