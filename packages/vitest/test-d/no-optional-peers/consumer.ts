// An app's test file and config without p-retry, the AWS SDK, @edgecase/s3 or @edgecase/minio.
import { expect, test } from '@edgecase/vitest';
import { edgecase } from '@edgecase/vitest/plugin';

const plugin = edgecase({ domains: ['img.example.com'] });

test('a 404 is cached for 10 s', async ({ origin }) => {
  await origin.put('a.png', 'png');
  await expect('/a.png').toBecomeVisibleEverywhereWithin('10s');
});
expect(plugin.name).toBe('edgecase');
