// Both whole-run checks fire on a hand-made violation and pass on a faithful run.
import { EdgecaseError } from '@edgecase/cdn';
import { describe, expect, it } from 'vitest';
import { onlyEdgecaseErrors, sameTrace } from './run-checks.js';

describe('onlyEdgecaseErrors', () => {
  it('passes an EdgecaseError', () => {
    const error = new EdgecaseError('InvalidArgument', 'expected a path, got 1.');
    expect(onlyEdgecaseErrors(error, 'op 3 inv')).toBeUndefined();
  });

  it('flags a TypeError, a plain Error and a thrown string', () => {
    expect(
      onlyEdgecaseErrors(new TypeError("Cannot read properties of undefined (reading 'etag')"), 'op 3 get'),
    ).toBe(
      "op 3 get threw TypeError (TypeError: Cannot read properties of undefined (reading 'etag')), not an EdgecaseError",
    );
    expect(onlyEdgecaseErrors(new Error('boom'), 'op 4 put')).toContain('threw Error (Error: boom)');
    expect(onlyEdgecaseErrors('boom', 'op 5 adv')).toContain('threw string (boom)');
  });
});

describe('sameTrace', () => {
  const run = {
    transcript: ['0 put /a.txt "1"', '1 GET /a.txt +0ms → 200 Miss "1" age -'],
    timeline: 't+0s a\nt+1s b',
  };

  it('passes two identical runs', () => {
    expect(sameTrace(run, { ...run, transcript: [...run.transcript] })).toBeUndefined();
  });

  it('flags the first answer or timeline line that differs, and a missing line', () => {
    expect(
      sameTrace(run, { ...run, transcript: ['0 put /a.txt "1"', '1 GET /a.txt +0ms → 200 Hit "1" age 0'] }),
    ).toContain('answers line 2 was "1 GET /a.txt +0ms → 200 Miss \\"1\\" age -"');
    expect(sameTrace(run, { ...run, timeline: 't+0s a' })).toContain(
      'timeline line 2 was "t+1s b", then "(none)"',
    );
  });
});
