import { edgecase } from '@edgecase/vitest/plugin';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [
    edgecase({
      // Users open https://app.example.com/: the test's distribution answers it.
      domains: ['app.example.com'],
      distribution: { defaultRootObject: 'index.html' },
    }),
  ],
});
