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

  test('rejects bad options before any test runs', async () => {
    expect(await outcome(() => edgecase({ origin: 'minio' }))).toMatchInlineSnapshot(
      `"EdgecaseError(InvalidOption): [edgecase] edgecase(): origin 'minio' needs @edgecase/minio, which is not available yet. Use origin: 'memory' (the default) until it ships."`,
    );
    // @ts-expect-error not an origin kind
    expect(await outcome(() => edgecase({ origin: 's3' }))).toMatchInlineSnapshot(
      `"EdgecaseError(InvalidOption): [edgecase] edgecase() origin: expected 'memory' or 'minio', got "s3"."`,
    );
    expect(await outcome(() => edgecase({ domains: ['https://cdn.example.com/'] }))).toMatchInlineSnapshot(
      `"EdgecaseError(InvalidOption): [edgecase] edgecase() domains: expected host names such as ['cdn.example.com'], got ["https://cdn.example.com/"]."`,
    );
  });
});
