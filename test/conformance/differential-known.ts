import type { Operation } from './differential-operations.js';

/**
 * The MinIO differences the differential accepts, each listed in docs/origins.md ("Where MinIO
 * differs from S3"): given the operation and both answers, the name of the difference they show, or
 * undefined when they must be equal. The test counts how often each one was seen.
 */
export function knownDifference(step: Operation, memory: unknown, minio: unknown): string | undefined {
  const mine = memory as { status?: number; contentRange?: string };
  const theirs = minio as { status?: number; contentRange?: string };
  // A suffix range on an empty object: RFC 9110 §14.1.2 (and memoryOrigin) 416; MinIO 206 with the
  // impossible `Content-Range: bytes 0--1/0` and an empty body.
  if (
    step.op === 'read' &&
    step.condition.kind === 'suffix' &&
    mine.status === 416 &&
    theirs.status === 206 &&
    theirs.contentRange === 'bytes 0--1/0'
  ) {
    return 'suffix-range-on-empty-object';
  }
  // A failing If-Match with an unsatisfiable Range: RFC 9110 §13.2.2 evaluates the precondition
  // first (412, as memoryOrigin does); MinIO answers 416 InvalidRange.
  if (
    step.op === 'read' &&
    step.condition.kind === 'range-if-match' &&
    mine.status === 412 &&
    theirs.status === 416
  ) {
    return 'range-checked-before-if-match';
  }
  // ListObjectsV2 whose last page is exactly full: S3 says IsTruncated false; MinIO says true and
  // then answers one more, empty page. Equal once that empty page is folded into the one before.
  if (
    step.op === 'list' &&
    Array.isArray(memory) &&
    Array.isArray(minio) &&
    minio.length === memory.length + 1
  ) {
    const pages = minio.map((page) => ({ ...(page as object) })) as Page[];
    const last = pages.pop();
    const before = pages.at(-1);
    if (last && before && last.keyCount === 0 && !last.truncated && before.truncated) {
      before.truncated = false;
      if (JSON.stringify(pages) === JSON.stringify(memory)) return 'list-truncated-at-exact-end';
    }
  }
  return undefined;
}

interface Page {
  keyCount?: number;
  truncated: boolean;
}
