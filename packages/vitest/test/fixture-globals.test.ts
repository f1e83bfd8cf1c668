import { expect, test } from '@edgecase/vitest';

// The cdn fixture registers its failure report with Error.stackTraceLimit at 0 for a moment (see
// fixtures/test.ts); the test body, and the app's own errors, get the suite's limit back.
const limit = Error.stackTraceLimit;

test('the cdn fixture leaves Error.stackTraceLimit as the suite has it', ({ cdn }) => {
  expect(cdn.trace.size).toBe(0);
  expect(Error.stackTraceLimit).toBe(limit);
  expect(limit).toBeGreaterThan(0);
  expect(new Error('app').stack).toContain('fixture-globals.test.ts');
});
