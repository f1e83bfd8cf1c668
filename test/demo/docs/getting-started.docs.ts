// The code docs/getting-started.md shows, run by the `docs` project of the root vitest.config.ts
// with the plugin options of examples/profile-picture/vitest.config.ts (domains: img.example.com).
import { expect, test } from '@edgecase/vitest';

// #region first-test
test('a replaced product photo reaches every user within a day', async ({ origin, clock }) => {
  const v1 = await origin.put('products/42.jpg', 'photo v1', { contentType: 'image/jpeg' });
  const response = await fetch('https://img.example.com/products/42.jpg'); // what your app does
  expect(response).toHaveCacheResult('Miss');
  expect(response).toServeVersion(v1);

  await clock.advance('1h');
  const v2 = await origin.put('products/42.jpg', 'photo v2', { contentType: 'image/jpeg' });
  await expect('/products/42.jpg').toServeOneVersion(v1); // every edge server still has v1
  await expect('/products/42.jpg').not.toBecomeVisibleEverywhereWithin('22h', v2);
  await expect('/products/42.jpg').toBecomeVisibleEverywhereWithin('23h', v2); // DefaultTTL: 24 h
});
// #endregion
