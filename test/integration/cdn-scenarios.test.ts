import { type Duration, memoryOrigin } from '@edgecase/cdn';
import { describeCdnScenarios } from './cdn-scenarios.js';

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
