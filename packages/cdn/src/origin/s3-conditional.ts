import { invalid } from '../errors.js';
import { etagListMatches } from './etag.js';
import { parseHttpDate } from './http-date.js';

/** What S3 answers to a GET/HEAD once its preconditions are evaluated. */
export type PreconditionOutcome =
  | { result: 'proceed' }
  | { result: 'not-modified' }
  | { result: 'precondition-failed'; condition: 'If-Match' | 'If-Unmodified-Since' };

export interface ConditionalHeaders {
  'if-match'?: string;
  'if-none-match'?: string;
  'if-modified-since'?: string;
  'if-unmodified-since'?: string;
}

/**
 * Evaluates S3's conditional GET/HEAD headers against an existing object.
 * §11 "Conditional GET and HEAD" (S3 SDK GetObjectRequest docs): If-None-Match matches → 304;
 * If-Modified-Since not modified → 304; If-Match fails → 412; If-Unmodified-Since fails → 412.
 * When both kinds are sent the ETag decides: If-Match true + If-Unmodified-Since false → 200, and
 * If-None-Match false (the tag matches) + If-Modified-Since true → 304. This is RFC 9110 §13.2.2's
 * order, where a date precondition is skipped when its ETag counterpart is present.
 */
export function evaluatePreconditions(
  headers: ConditionalHeaders,
  object: { etag: string; lastModifiedMs: number },
): PreconditionOutcome {
  if (typeof headers !== 'object' || headers === null) {
    invalid(
      'InvalidHeader',
      'evaluatePreconditions headers',
      "a record of lower-case header names ({ 'if-match': ... })",
      headers,
    );
  }
  if (typeof object?.etag !== 'string' || !Number.isFinite(object.lastModifiedMs)) {
    invalid('InvalidOption', 'evaluatePreconditions object', '{ etag, lastModifiedMs }', object);
  }
  const ifMatch = headers['if-match'];
  if (ifMatch !== undefined) {
    if (!etagListMatches(ifMatch, object.etag, 'strong')) {
      return { result: 'precondition-failed', condition: 'If-Match' };
    }
  } else {
    const since = dateHeader(headers['if-unmodified-since']);
    if (since !== undefined && object.lastModifiedMs > since) {
      return { result: 'precondition-failed', condition: 'If-Unmodified-Since' };
    }
  }

  const ifNoneMatch = headers['if-none-match'];
  if (ifNoneMatch !== undefined) {
    return etagListMatches(ifNoneMatch, object.etag, 'weak')
      ? { result: 'not-modified' }
      : { result: 'proceed' };
  }
  const since = dateHeader(headers['if-modified-since']);
  if (since !== undefined && object.lastModifiedMs <= since) return { result: 'not-modified' };
  return { result: 'proceed' };
}

function dateHeader(value: string | undefined): number | undefined {
  return value === undefined ? undefined : parseHttpDate(value);
}
