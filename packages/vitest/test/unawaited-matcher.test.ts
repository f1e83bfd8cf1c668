import { describe, expect, test } from '@edgecase/vitest';

// An async matcher written without `await` used to pass its test and fail the run later with an
// unattributed "Unhandled Rejection". Now it fails its own test, saying to await it (the message is
// pinned in src/awaited-guard.test.ts); the run reports nothing after the test.
describe('an async matcher that is not awaited', () => {
  test.fails('fails its test although the assertion holds', async ({ origin }) => {
    await origin.put('a.png', 'png');
    expect('/a.png').toBecomeVisibleEverywhereWithin('10s');
  });

  test.fails('fails its test, not the run, when the assertion fails', async ({ origin }) => {
    await origin.put('a.png', 'v1');
    await fetch('https://d111111abcdef8.cloudfront.net/a.png');
    await origin.put('a.png', 'v2');
    expect('/a.png').toServeOneVersion('v2');
  });

  test('awaited, it counts as before', async ({ origin }) => {
    await origin.put('a.png', 'png');
    await expect('/a.png').toBecomeVisibleEverywhereWithin('10s');
    await Promise.all([expect('/a.png').toServeOneVersion('png')]);
  });
});
