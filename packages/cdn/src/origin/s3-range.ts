/** The part of an object a `Range` header selects. */
export type RangeSelection =
  | { kind: 'full' }
  | { kind: 'partial'; start: number; endInclusive: number }
  | { kind: 'unsatisfiable' };

const SINGLE = /^bytes=\s*(\d*)\s*-\s*(\d*)\s*$/i;

/**
 * Interprets a `Range` header for an object of `size` bytes as S3 does.
 * §11 "S3 behaviour that matters through CloudFront" [CFDG RangeGETs]: S3 REST endpoints support
 * Range requests. S3 serves one range only (S3 API GetObject: "doesn't support retrieving multiple
 * ranges of data per GET request"), so a multi-range header gets the whole object, as does a header
 * that is not a valid byte range (RFC 9110 §14.2: an invalid Range is ignored). A valid range that
 * starts past the end — or any range of an empty object — is unsatisfiable (416, RFC 9110 §14.1.1).
 */
export function selectRange(header: string | undefined, size: number): RangeSelection {
  if (header === undefined) return { kind: 'full' };
  const match = SINGLE.exec(header.trim());
  if (!match) return { kind: 'full' };
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return { kind: 'full' };

  if (first === '') {
    // Suffix range `bytes=-n`: the last n bytes; n = 0 selects nothing.
    const suffixLength = Number(last);
    if (suffixLength === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', start: Math.max(0, size - suffixLength), endInclusive: size - 1 };
  }

  const start = Number(first);
  const end = last === '' ? size - 1 : Number(last);
  if (last !== '' && end < start) return { kind: 'full' };
  if (start >= size) return { kind: 'unsatisfiable' };
  return { kind: 'partial', start, endInclusive: Math.min(end, size - 1) };
}
