/**
 * The read rules of S3's GetObject/HeadObject for an existing object, as an app's SDK sees them
 * through `mockS3Client`. They are the rules memoryOrigin serves to CloudFront (packages/cdn
 * origin/s3-conditional.ts and s3-range.ts, not exported), and the same conformance suite checks
 * both (test/conformance/).
 */

export type ReadOutcome =
  | { result: 'full' }
  | { result: 'partial'; start: number; endInclusive: number }
  | { result: 'not-modified' }
  | { result: 'precondition-failed'; condition: 'If-Match' | 'If-Unmodified-Since' }
  | { result: 'unsatisfiable' };

export interface ReadConditions {
  ifMatch?: string | undefined;
  ifNoneMatch?: string | undefined;
  ifModifiedSince?: Date | undefined;
  ifUnmodifiedSince?: Date | undefined;
  range?: string | undefined;
}

/**
 * §11 "Conditional GET and HEAD": If-None-Match matches → 304; If-Modified-Since not modified → 304;
 * If-Match fails → 412; If-Unmodified-Since fails → 412; when both kinds are sent the ETag decides
 * (RFC 9110 §13.2.2 order). Preconditions come before Range (RFC 9110 §13.2.2 step 5); S3 serves a
 * single range, a multi-range or invalid header gets the whole object, and a range starting past
 * the end is 416 (S3 API GetObject; RFC 9110 §14.1.1).
 */
export function evaluateRead(
  conditions: ReadConditions,
  object: { etag: string; lastModified: Date; size: number },
): ReadOutcome {
  const lastModifiedMs = object.lastModified.getTime();
  if (conditions.ifMatch !== undefined) {
    if (!etagListMatches(conditions.ifMatch, object.etag, 'strong'))
      return { result: 'precondition-failed', condition: 'If-Match' };
  } else if (
    conditions.ifUnmodifiedSince !== undefined &&
    lastModifiedMs > conditions.ifUnmodifiedSince.getTime()
  ) {
    return { result: 'precondition-failed', condition: 'If-Unmodified-Since' };
  }
  if (conditions.ifNoneMatch !== undefined) {
    if (etagListMatches(conditions.ifNoneMatch, object.etag, 'weak')) return { result: 'not-modified' };
  } else if (
    conditions.ifModifiedSince !== undefined &&
    lastModifiedMs <= conditions.ifModifiedSince.getTime()
  ) {
    return { result: 'not-modified' };
  }
  return selectRange(conditions.range, object.size);
}

const SINGLE_RANGE = /^bytes=\s*(\d*)\s*-\s*(\d*)\s*$/i;

function selectRange(header: string | undefined, size: number): ReadOutcome {
  const match = header === undefined ? null : SINGLE_RANGE.exec(header.trim());
  if (!match) return { result: 'full' };
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return { result: 'full' };
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return { result: 'unsatisfiable' };
    return { result: 'partial', start: Math.max(0, size - suffix), endInclusive: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Number(last);
  if (last !== '' && end < start) return { result: 'full' };
  if (start >= size) return { result: 'unsatisfiable' };
  return { result: 'partial', start, endInclusive: Math.min(end, size - 1) };
}

/** RFC 9110 §13.1.1-2: `*` matches any object; If-Match compares strongly, If-None-Match weakly. */
export function etagListMatches(header: string, etag: string, comparison: 'strong' | 'weak'): boolean {
  if (header.trim() === '*') return true;
  const wanted = opaque(etag);
  const tags = (header.match(/(?:W\/)?"[^"]*"|[^,\s][^,]*/g) ?? []).map((tag) => tag.trim());
  return tags.some((tag) => !(comparison === 'strong' && tag.startsWith('W/')) && opaque(tag) === wanted);
}

function opaque(tag: string): string {
  const strong = tag.startsWith('W/') ? tag.slice(2) : tag;
  return strong.length >= 2 && strong.startsWith('"') && strong.endsWith('"') ? strong.slice(1, -1) : strong;
}
