import { ManualClock, memoryOrigin } from '@edgecase/cdn';
import { describe } from 'vitest';
import type { BucketDriver } from './bucket-driver.js';
import { describeOriginConformance } from './origin-conformance.js';

// A describe written in this file: `vitest list` parses test files statically (Vitest 5's default,
// --staticParse) and sees only the calls a file makes itself; without one it fails the whole listing
// with "No test suite found" (the tests inside are listed with --staticParse=false).
describe('in memory', () => {
  describeOriginConformance('memoryOrigin', ({ listBucket }): BucketDriver => {
    // Start mid-second, so Last-Modified truncation shows.
    const clock = new ManualClock({ start: Date.UTC(2026, 0, 1, 12, 0, 0, 400) });
    const origin = memoryOrigin({ bucket: 'conformance', clock, listBucket });
    return {
      put: (key, body, options) => origin.put(key, body, options),
      putMultipart: (key, parts, options) => origin.putMultipart(key, parts, options),
      delete: (key) => origin.delete(key),
      fetch: (request) => origin.fetch(request, { clock }),
      wait: (ms) => clock.advance(ms),
    };
  });
});
