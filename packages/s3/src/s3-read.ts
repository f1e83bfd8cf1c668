import { type ConditionalHeaders, evaluatePreconditions, selectRange } from '@edgecase/cdn';

/**
 * The read rules of S3's GetObject/HeadObject for an existing object, as an app's SDK sees them
 * through `mockS3Client`: the same rules memoryOrigin serves to CloudFront.
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
 * §11 "Conditional GET and HEAD" and Range, as memoryOrigin applies them (@edgecase/cdn's
 * `evaluatePreconditions` and `selectRange`): preconditions first (RFC 9110 §13.2.2), then one range.
 */
export function evaluateRead(
  conditions: ReadConditions,
  object: { etag: string; lastModified: Date; size: number },
): ReadOutcome {
  const headers: ConditionalHeaders = {};
  if (conditions.ifMatch !== undefined) headers['if-match'] = conditions.ifMatch;
  if (conditions.ifNoneMatch !== undefined) headers['if-none-match'] = conditions.ifNoneMatch;
  if (conditions.ifModifiedSince !== undefined)
    headers['if-modified-since'] = conditions.ifModifiedSince.toUTCString();
  if (conditions.ifUnmodifiedSince !== undefined) {
    headers['if-unmodified-since'] = conditions.ifUnmodifiedSince.toUTCString();
  }
  const precondition = evaluatePreconditions(headers, {
    etag: object.etag,
    lastModifiedMs: object.lastModified.getTime(),
  });
  if (precondition.result !== 'proceed') return precondition;
  const range = selectRange(conditions.range, object.size);
  return range.kind === 'partial'
    ? { result: 'partial', start: range.start, endInclusive: range.endInclusive }
    : { result: range.kind };
}
