import { describe, expect, test } from 'vitest';
import { outcome } from '../test/support/outcome.js';
import { edgecase } from './plugin.js';

describe('edgecase()', () => {
  test('adds the matchers as a setup file and provides the options to the fixtures', () => {
    const plugin = edgecase({ domains: ['CDN.example.com'], distribution: { seed: 3 } });
    const config = (plugin.config as () => unknown)();
    expect(config).toEqual({
      test: {
        setupFiles: [expect.stringMatching(/[/\\]matchers\.(js|ts)$/)],
        provide: {
          edgecase: {
            origin: 'memory',
            distribution: { seed: 3, aliases: ['cdn.example.com'] },
            passthrough: ['localhost', '127.0.0.1', '[::1]'],
          },
        },
      },
    });
  });

  test("with origin: 'minio' adds the global setup that starts one MinIO per run", () => {
    const config = (edgecase({ origin: 'minio' }).config as () => { test: Record<string, unknown> })();
    expect(config.test.globalSetup).toEqual([expect.stringMatching(/[/\\]minio[/\\]global-setup\.(js|ts)$/)]);
    expect(config.test.provide).toEqual({ edgecase: expect.objectContaining({ origin: 'minio' }) });
  });

  test('rejects bad options before any test runs', async () => {
    // @ts-expect-error not an origin kind
    expect(await outcome(() => edgecase({ origin: 's3' }))).toMatchInlineSnapshot(
      `"EdgecaseError(InvalidOption): [edgecase] edgecase() origin: expected 'memory' or 'minio', got "s3"."`,
    );
    expect(await outcome(() => edgecase({ domains: ['https://cdn.example.com/'] }))).toMatchInlineSnapshot(
      `"EdgecaseError(InvalidOption): [edgecase] edgecase() domains: expected host names such as ['cdn.example.com'], got ["https://cdn.example.com/"]."`,
    );
  });
});
