import { describe, expect, it } from 'vitest';
import { selectRange } from './s3-range.js';

describe('selectRange', () => {
  it('serves the whole object without a Range header', () => {
    expect(selectRange(undefined, 10)).toEqual({ kind: 'full' });
  });

  it('selects bytes=a-b, clamping the end to the object', () => {
    expect(selectRange('bytes=0-0', 10)).toEqual({ kind: 'partial', start: 0, endInclusive: 0 });
    expect(selectRange('bytes=2-5', 10)).toEqual({ kind: 'partial', start: 2, endInclusive: 5 });
    expect(selectRange('bytes=5-99', 10)).toEqual({ kind: 'partial', start: 5, endInclusive: 9 });
  });

  it('selects bytes=a- to the end', () => {
    expect(selectRange('bytes=0-', 10)).toEqual({ kind: 'partial', start: 0, endInclusive: 9 });
    expect(selectRange('bytes=7-', 10)).toEqual({ kind: 'partial', start: 7, endInclusive: 9 });
  });

  it('selects the last n bytes for bytes=-n, the whole object when n exceeds it', () => {
    expect(selectRange('bytes=-3', 10)).toEqual({ kind: 'partial', start: 7, endInclusive: 9 });
    expect(selectRange('bytes=-30', 10)).toEqual({ kind: 'partial', start: 0, endInclusive: 9 });
  });

  it('is unsatisfiable past the end, for bytes=-0, and for any range of an empty object', () => {
    expect(selectRange('bytes=10-', 10)).toEqual({ kind: 'unsatisfiable' });
    expect(selectRange('bytes=10-20', 10)).toEqual({ kind: 'unsatisfiable' });
    expect(selectRange('bytes=-0', 10)).toEqual({ kind: 'unsatisfiable' });
    expect(selectRange('bytes=0-', 0)).toEqual({ kind: 'unsatisfiable' });
    expect(selectRange('bytes=-5', 0)).toEqual({ kind: 'unsatisfiable' });
  });

  it('serves the whole object for multiple ranges (S3 ignores them)', () => {
    expect(selectRange('bytes=0-1,4-5', 10)).toEqual({ kind: 'full' });
  });

  it('ignores invalid ranges and other units', () => {
    expect(selectRange('bytes=5-2', 10)).toEqual({ kind: 'full' });
    expect(selectRange('bytes=-', 10)).toEqual({ kind: 'full' });
    expect(selectRange('bytes=a-b', 10)).toEqual({ kind: 'full' });
    expect(selectRange('items=0-1', 10)).toEqual({ kind: 'full' });
    expect(selectRange('', 10)).toEqual({ kind: 'full' });
  });
});
