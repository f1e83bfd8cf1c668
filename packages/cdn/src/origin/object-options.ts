import { describe, EdgecaseError, invalid } from '../errors.js';
import { optionKeys } from '../options/strict-keys.js';
import { formatHttpDate, parseHttpDate } from './http-date.js';

/** The system metadata and user metadata an object is stored with (§11 "Last-Modified and metadata"). */
/** The keys of `ObjectMetadataOptions` and `WriteConditions`, for the strict checks of put, copy and multipart. */
export const METADATA_KEYS = optionKeys<ObjectMetadataOptions>()([
  'contentType',
  'cacheControl',
  'expires',
  'contentDisposition',
  'contentEncoding',
  'metadata',
]);
export const CONDITION_KEYS = optionKeys<WriteConditions>()(['ifNoneMatch', 'ifMatch']);

export interface ObjectMetadataOptions {
  /** Default `binary/octet-stream`, what S3 stores when a PUT sends none. */
  contentType?: string;
  cacheControl?: string;
  /** A Date or an HTTP-date string; stored and served as an IMF-fixdate. */
  expires?: Date | string;
  contentDisposition?: string;
  contentEncoding?: string;
  /** User metadata, served as `x-amz-meta-<name>` with the name lower-cased. */
  metadata?: Readonly<Record<string, string>>;
}

/** S3 conditional writes (§11 "Conditional writes"). */
export interface WriteConditions {
  /** `'*'`: fail with 412 PreconditionFailed if the key exists. */
  ifNoneMatch?: '*';
  /** Fail with 412 PreconditionFailed unless the key exists with this ETag (quoted or not). */
  ifMatch?: string;
}

/** Metadata after validation, as stored. */
export interface ObjectMetadata {
  contentType: string;
  cacheControl: string | undefined;
  /** An IMF-fixdate. */
  expires: string | undefined;
  contentDisposition: string | undefined;
  contentEncoding: string | undefined;
  /** User metadata with lower-case names (served as `x-amz-meta-*`). */
  metadata: Readonly<Record<string, string>>;
}

export const DEFAULT_CONTENT_TYPE = 'binary/octet-stream';
const MAX_KEY_BYTES = 1024;
const MAX_USER_METADATA_BYTES = 2048;
const TOKEN = /^[!#$%&'*+.^_`|~0-9a-z-]+$/;
const encoder = new TextEncoder();

/** The user metadata of an object given none. */
const NO_USER_METADATA: Record<string, string> = Object.freeze({}) as Record<string, string>;

/** S3 object key rules (S3UG object-keys): 1–1024 UTF-8 bytes. A leading `/` is a common slip. */
export function validateKey(key: unknown, what = 'key'): string {
  if (typeof key !== 'string' || key === '') invalid('InvalidKey', what, 'a non-empty string', key);
  if (key.startsWith('/')) {
    invalid(
      'InvalidKey',
      what,
      'a key without a leading "/"',
      key,
      'S3 keys have no leading slash: use "a.txt", not "/a.txt".',
    );
  }
  // A UTF-16 code unit is at most 3 UTF-8 bytes: a short key needs no encoding to be within the limit.
  if (key.length * 3 <= MAX_KEY_BYTES) return key;
  const bytes = encoder.encode(key).length;
  if (bytes > MAX_KEY_BYTES) {
    invalid(
      'InvalidKey',
      what,
      `at most ${MAX_KEY_BYTES} UTF-8 bytes`,
      `${bytes} bytes (${describe(key.slice(0, 40))}...)`,
    );
  }
  return key;
}

/** Strings become UTF-8; byte arrays are copied, so later changes by the caller cannot reach the store. */
export function toBody(body: unknown, what = 'body'): Uint8Array {
  if (typeof body === 'string') return (body.length <= 256 && asciiBytes(body)) || encoder.encode(body);
  if (body instanceof Uint8Array) return new Uint8Array(body);
  return invalid('InvalidBody', what, 'a string or a Uint8Array', body);
}

/** A short ASCII string's bytes without TextEncoder (~0.5 µs a call); `undefined` past ASCII. */
function asciiBytes(text: string): Uint8Array | undefined {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0x7f) return undefined;
    bytes[i] = code;
  }
  return bytes;
}

function headerValue(value: unknown, what: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || /[\r\n]/.test(value)) {
    invalid('InvalidHeader', what, 'a string without line breaks', value);
  }
  return value;
}

function expiresValue(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const ms =
    value instanceof Date ? value.getTime() : typeof value === 'string' ? parseHttpDate(value) : Number.NaN;
  if (ms === undefined || !Number.isFinite(ms)) {
    invalid(
      'InvalidDate',
      'expires',
      "a Date or an HTTP-date such as 'Thu, 01 Jan 2026 00:00:00 GMT'",
      value,
    );
  }
  return formatHttpDate(ms);
}

/**
 * Validates system and user metadata. §11 "Last-Modified and metadata" [S3UG UsingMetadata]: user
 * metadata names are lower-cased (served as `x-amz-meta-*`) and user metadata is limited to 2 KB,
 * counted as the UTF-8 bytes of every name and value.
 */
export function normalizeMetadata(options: ObjectMetadataOptions = {}): ObjectMetadata {
  if (typeof options !== 'object' || options === null)
    invalid('InvalidOption', 'object options', 'an object', options);
  // `null` as no metadata, as before (it was read as `{}`).
  const given = options.metadata ?? undefined;
  // The same system metadata as the last upload without user metadata (a scenario run many times
  // uploads the same objects): the same frozen record.
  const last = lastMetadata;
  if (
    given === undefined &&
    last !== undefined &&
    options.cacheControl === last.cacheControl &&
    options.contentType === last.givenContentType &&
    options.expires === undefined &&
    last.expires === undefined &&
    options.contentDisposition === last.contentDisposition &&
    options.contentEncoding === last.contentEncoding
  )
    return last.metadata;
  const normalized = normalizeAnew(options, given);
  if (given === undefined && normalized.expires === undefined) {
    lastMetadata = {
      givenContentType: options.contentType,
      cacheControl: normalized.cacheControl,
      expires: undefined,
      contentDisposition: normalized.contentDisposition,
      contentEncoding: normalized.contentEncoding,
      metadata: Object.freeze(normalized),
    };
    return lastMetadata.metadata;
  }
  return normalized;
}

/** The last metadata `normalizeMetadata` made without user metadata nor Expires, and what was given for it. */
let lastMetadata:
  | {
      givenContentType: string | undefined;
      cacheControl: string | undefined;
      expires: undefined;
      contentDisposition: string | undefined;
      contentEncoding: string | undefined;
      metadata: ObjectMetadata;
    }
  | undefined;

function normalizeAnew(
  options: ObjectMetadataOptions,
  given: Readonly<Record<string, string>> | undefined,
): ObjectMetadata {
  const metadata: Record<string, string> = given === undefined ? NO_USER_METADATA : {};
  let userBytes = 0;
  if (given !== undefined && (typeof given !== 'object' || given === null))
    invalid('InvalidOption', 'metadata', 'a record of strings', given);
  // Most uploads name no user metadata: they share one frozen empty record (a third of a put's cost).
  if (given !== undefined)
    for (const [rawName, value] of Object.entries(given)) {
      const name = rawName.toLowerCase();
      if (!TOKEN.test(name))
        invalid('InvalidHeader', 'metadata name', 'an HTTP token such as "author"', rawName);
      if (name in metadata) {
        throw new EdgecaseError(
          'InvalidHeader',
          `metadata: the names differ only in case near ${describe(rawName)}.`,
          {
            value: rawName,
            hint: 'S3 lower-cases user metadata names, so give each name once.',
          },
        );
      }
      metadata[name] = headerValue(value, `metadata ${describe(rawName)}`) as string;
      userBytes += encoder.encode(name).length + encoder.encode(metadata[name]).length;
    }
  if (userBytes > MAX_USER_METADATA_BYTES) {
    invalid(
      'InvalidOption',
      'metadata',
      `at most ${MAX_USER_METADATA_BYTES} bytes of names and values`,
      `${userBytes} bytes`,
    );
  }
  const contentType = headerValue(options.contentType, 'contentType');
  return {
    contentType: contentType === undefined || contentType === '' ? DEFAULT_CONTENT_TYPE : contentType,
    cacheControl: headerValue(options.cacheControl, 'cacheControl'),
    expires: expiresValue(options.expires),
    contentDisposition: headerValue(options.contentDisposition, 'contentDisposition'),
    contentEncoding: headerValue(options.contentEncoding, 'contentEncoding'),
    metadata: metadata === NO_USER_METADATA ? metadata : Object.freeze(metadata),
  };
}

/** Validates `ifNoneMatch`/`ifMatch` options. */
export function validateConditions(options: WriteConditions = {}): WriteConditions {
  if (options.ifNoneMatch !== undefined && options.ifNoneMatch !== '*') {
    invalid('InvalidOption', 'ifNoneMatch', "'*' (S3 conditional writes accept only *)", options.ifNoneMatch);
  }
  if (options.ifMatch !== undefined && (typeof options.ifMatch !== 'string' || options.ifMatch === '')) {
    invalid('InvalidOption', 'ifMatch', 'an ETag string', options.ifMatch);
  }
  return options;
}
