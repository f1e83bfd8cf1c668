// biome-ignore-all assist/source/organizeImports: README's example, below, starts with its own imports
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, type MockInstance, vi } from 'vitest';

// README.md's example is the code between the markers; test/demo/readme.test.ts checks it is
// shown exactly, and the hooks at the end check that README shows the timeline it prints.
// readme-example-start
import { formatTimeline } from '@edgecase/cdn';
import { expect, test } from '@edgecase/vitest';

const avatar = 'https://d111111abcdef8.cloudfront.net/avatars/42.png';

test('an avatar shown before its upload finished stays a 404 for 10 s', async ({ origin, clock, cdn }) => {
  // The profile page shows the new avatar while the upload is still running...
  expect(await fetch(avatar)).toHaveCacheResult('Error'); // a 404, which CloudFront caches
  await origin.put('avatars/42.png', 'png-bytes', { contentType: 'image/png' });

  // ...so CloudFront keeps serving the 404 after the upload, on every server, for 10 s.
  expect('/avatars/42.png').toBeNegativelyCached({ status: 404, for: '10s' });
  await expect('/avatars/42.png').toBecomeVisibleEverywhereWithin('10s');
  await clock.advance('9s');
  expect((await fetch(avatar)).status).toBe(404);
  await clock.advance('1s');
  expect((await fetch(avatar)).status).toBe(200);
  console.log(formatTimeline(cdn.trace.all()));
});
// readme-example-end

let log: MockInstance<typeof console.log>;
beforeEach(() => {
  log = vi.spyOn(console, 'log'); // still prints: npm run demo shows the timeline
});
afterEach(() => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const shown = /The trace prints as a timeline:\n\n```\n([\s\S]*?)\n```/.exec(readme)?.[1];
  expect(log.mock.calls.at(-1)?.[0]).toBe(shown);
  log.mockRestore();
});
