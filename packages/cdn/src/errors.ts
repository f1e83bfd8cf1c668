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
  | 'NoSuchCORSConfiguration';

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

/** Renders any value for an error message: strings quoted, objects as short JSON. */
export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'undefined';
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  if (typeof value === 'function') return 'a function';
  if (value instanceof Date)
    return `Date(${Number.isNaN(value.getTime()) ? 'Invalid' : value.toISOString()})`;
  try {
    const json = JSON.stringify(value);
    return json.length > 80 ? `${json.slice(0, 77)}...` : json;
  } catch {
    return Object.prototype.toString.call(value);
  }
}

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
