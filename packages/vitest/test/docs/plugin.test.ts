import { expect, test } from '@edgecase/vitest';
import config from './vitest.config.example.js';
import minioConfig from './vitest.config.minio.example.js';

test('the documented vitest.config.ts registers the matchers and provides the options', () => {
  const plugin = config.plugins?.[0] as { name: string; config: () => { test: Record<string, unknown> } };
  expect(plugin.name).toBe('edgecase');
  const { test: testConfig } = plugin.config();
  expect(testConfig.setupFiles).toEqual([expect.stringMatching(/[/\\]matchers\.(js|ts)$/)]);
  expect(testConfig.provide).toMatchObject({
    edgecase: { distribution: { aliases: ['img.example.com'] }, passthrough: ['localhost', '127.0.0.1'] },
  });
});

test('the documented MinIO config adds the global setup that starts one MinIO per run', () => {
  const plugin = minioConfig.plugins?.[0] as unknown as { config: () => { test: Record<string, unknown> } };
  const { test: testConfig } = plugin.config();
  expect(testConfig.globalSetup).toEqual([expect.stringMatching(/[/\\]minio[/\\]global-setup\.(js|ts)$/)]);
  expect(testConfig.provide).toMatchObject({ edgecase: { origin: 'minio' } });
});
