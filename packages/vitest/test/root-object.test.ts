import { describe, expect, test } from '@edgecase/vitest';

describe('a path matcher on / with a default root object', () => {
  test.override('cdnOptions', { defaultRootObject: 'index.html' });

  test('reads the root object', async ({ cdn, origin }) => {
    const page = await origin.put('index.html', '<app v1>');
    await cdn.fetch('/');
    await expect('/').toServeOneVersion(page);
  });
});
