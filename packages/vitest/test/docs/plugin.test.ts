import { expect, test } from '@edgecase/vitest';
import config from './vitest.config.example.js';

test('the documented vitest.config.ts registers the matchers and provides the options', () => {
  const plugin = config.plugins?.[0] as { name: string; config: () => { test: Record<string, unknown> } };
  expect(plugin.name).toBe('edgecase');
  const { test: testConfig } = plugin.config();
  expect(testConfig.setupFiles).toEqual([expect.stringMatching(/[/\\]matchers\.(js|ts)$/)]);
  expect(testConfig.provide).toMatchObject({
    edgecase: { distribution: { aliases: ['img.example.com'] }, passthrough: ['localhost', '127.0.0.1'] },
  });
});
