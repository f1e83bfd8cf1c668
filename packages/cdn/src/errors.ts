/**
 * The one error class edgecase throws. `code` says what kind of mistake it is; the message carries
 * the offending value and what to do next. Invalidation codes use CloudFront's own API error names.
 */
export type EdgecaseErrorCode =
  // Options and arguments given to edgecase itself.
  | 'InvalidOption'
  | 'InvalidDuration'
  | 'InvalidDate'
  | 'InvalidUrl'
  | 'InvalidHeader'
  | 'InvalidPathPattern'
  | 'InvalidCachePolicy'
  | 'NoSuchCachePolicy'
  | 'InvalidOriginRequestPolicy'
  | 'NoSuchOriginRequestPolicy'
  | 'InvalidResponseHeadersPolicy'
  | 'NoSuchResponseHeadersPolicy'
  | 'InvalidOrigin'
  | 'NoSuchOrigin'
  | 'InvalidTopology'
  | 'NoSuchPop'
  | 'NoSuchServer'
  | 'InvalidKey'
  | 'InvalidBody'
  | 'ClockNotBound'
  | 'ClockMismatch'
  // Statistics asked of a window the trace's ring no longer holds in full (trace.limit).
  | 'IncompleteTrace'
  // A CloudFront Function's code that CloudFront would not accept (size, syntax, modules).
  | 'InvalidFunction'
  | 'NoSuchFunction'
  // A key group or public key given for signed URLs and cookies.
  | 'InvalidPublicKey'
  // A field of a loaded distribution config that edgecase does not model (see `unmodelled`).
  | 'UnmodelledFeature'
  // Environment: what the machine lacks (e.g. no Docker engine and no MinIO binary).
  | 'MinioUnavailable'
  // An S3 command the in-memory S3 client does not model.
  | 'UnsupportedCommand'
  // CloudFront API errors (CreateInvalidation, GetInvalidation).
  | 'InvalidArgument'
  | 'TooManyInvalidationsInProgress'
  | 'InvalidationBatchAlreadyExists'
  | 'NoSuchInvalidation'
  // CloudFront API errors (UpdateDistribution, GetDistribution).
  | 'InvalidIfMatchVersion'
  | 'NoSuchDistribution'
  | 'IllegalUpdate'
  // S3 API errors raised by memoryOrigin's direct API.
  | 'NoSuchKey'
  | 'PreconditionFailed'
  | 'NoSuchUpload'
  | 'InvalidPart'
  | 'NoSuchCORSConfiguration'
  | 'MalformedPolicy'
  | 'NoSuchBucketPolicy';

export interface EdgecaseErrorDetails {
  /** The value that was rejected, for programmatic inspection. */
  value?: unknown;
  /** What the caller can do about it. Appended to the message. */
  hint?: string;
  cause?: unknown;
}

export class EdgecaseError extends Error {
  override readonly name = 'EdgecaseError';
  readonly code: EdgecaseErrorCode;
  readonly value: unknown;
  readonly hint: string | undefined;

  constructor(code: EdgecaseErrorCode, message: string, details: EdgecaseErrorDetails = {}) {
    super(`[edgecase] ${message}${details.hint ? ` ${details.hint}` : ''}`, { cause: details.cause });
    this.code = code;
    this.value = details.value;
    this.hint = details.hint;
  }
}

/**
 * Renders any received value for an "expected X, got Y" message: short and never throwing. The one
 * renderer of every package (@edgecase/s3 and @edgecase/vitest import it as `describeValue`):
 * strings quoted, primitives as written, a class instance by its class (`a Map`, `a Response (status
 * 200)`, `a Promise`), plain objects and arrays as JSON cut at 80 characters.
 */
export function describe(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'undefined':
    case 'number':
    case 'boolean':
      return String(value);
    case 'bigint':
      return `${value}n`;
    case 'symbol':
      return value.toString();
    case 'function':
      return 'a function';
  }
  if (value === null) return 'null';
  if (value instanceof Date)
    return `Date(${Number.isNaN(value.getTime()) ? 'Invalid' : value.toISOString()})`;
  if (typeof Response === 'function' && value instanceof Response)
    return `a Response (status ${value.status})`;
  if (value instanceof Promise) return 'a Promise';
  if (!Array.isArray(value)) {
    const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
    if (typeof name === 'string' && name !== '' && name !== 'Object') return `a ${name}`;
  }
  try {
    const json = JSON.stringify(value);
    if (json === undefined) return Object.prototype.toString.call(value);
    return json.length > 80 ? `${json.slice(0, 77)}...` : json;
  } catch {
    return Array.isArray(value) ? `an array of ${value.length}` : 'an object';
  }
}

/** `describe` under the name the other packages import. */
export const describeValue = describe;

/** Throws `EdgecaseError(code)` with the "expected X, got Y" message the public boundary uses. */
export function invalid(
  code: EdgecaseErrorCode,
  what: string,
  expected: string,
  got: unknown,
  hint?: string,
): never {
  throw new EdgecaseError(code, `${what}: expected ${expected}, got ${describe(got)}.`, {
    value: got,
    ...(hint ? { hint } : {}),
  });
}
