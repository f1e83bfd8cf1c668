// #region plugin
import { edgecase } from '@edgecase/vitest/plugin';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [
    edgecase({
      // The CNAME the app fetches; requests to it and to the distribution's domain go to `cdn`.
      domains: ['img.example.com'],
      // Every test's `cdn` starts from these options (behaviours, cache policies, topology...).
      distribution: {
        cacheBehaviors: [{ pathPattern: '/api/*', cachePolicy: 'CachingDisabled' }],
        topology: { pops: ['SFO5', 'IAD89'], serversPerPop: 4 },
      },
      // Hosts that reach the real network (default: loopback only). Any other host fails the test.
      passthrough: ['localhost', '127.0.0.1'],
    }),
  ],
});
// #endregion
