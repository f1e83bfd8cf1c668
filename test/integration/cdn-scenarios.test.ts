import { type Duration, memoryOrigin } from '@edgecase/cdn';
import { describe } from 'vitest';
import { describeCdnScenarios } from './cdn-scenarios.js';

// A describe written in this file: `vitest list` parses test files statically (Vitest 5's default,
// --staticParse) and sees only the calls a file makes itself; without one it fails the whole listing
// with "No test suite found" (the tests inside are listed with --staticParse=false).
describe('in memory', () => {
  describeCdnScenarios(
    'memoryOrigin',
    (clock) => {
      const origin = memoryOrigin({ clock });
      return Object.assign(origin, {
        putSlowly: (key: string, body: string, duration: Duration) =>
          origin.put(key, body, { uploadDuration: duration }),
      });
    },
    { timedUploads: true, answersOnClock: true },
  );
});
