import { type EdgecaseOptions, edgecase } from '@edgecase/vitest/plugin';
import { defineConfig } from 'vitest/config';

export const options: EdgecaseOptions = {
  // The shop's pages and assets are at https://shop.example.com/: the test's distribution answers it.
  domains: ['shop.example.com'],
  distribution: {
    // Three edge locations in three Regions, two servers each: 6 edge caches, 3 regional edge caches.
    topology: {
      pops: [
        { id: 'IAD89', region: 'us-east-1' },
        { id: 'FRA56', region: 'eu-central-1' },
        { id: 'NRT57', region: 'ap-northeast-1' },
      ],
      serversPerPop: 2,
    },
    // Users all over the world: each request lands on any POP and server (seeded, so every run is
    // the same). The default keeps one viewer on one POP, and the app's fetch is one viewer here.
    routing: 'random',
  },
};

export default defineConfig({ plugins: [edgecase(options)] });
