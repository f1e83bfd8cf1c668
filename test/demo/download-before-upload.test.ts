// The README's example. test/demo/readme.test.ts checks that README.md shows exactly this code.
// readme-example-start
import { createCdn, formatTimeline, ManualClock, memoryOrigin } from '@edgecase/cdn';
import { expect, test } from 'vitest';

test('a download requested before the upload finished stays a 404 for 10 s', async () => {
  const clock = new ManualClock();
  const bucket = memoryOrigin({ clock });
  const cdn = createCdn({ clock, origin: bucket });

  // The browser asks for the avatar before the upload has finished...
  expect((await cdn.fetch('/avatars/42.png')).status).toBe(404);
  await bucket.put('avatars/42.png', 'png-bytes', { contentType: 'image/png' });

  // ...and CloudFront keeps serving the cached 404 after the object exists.
  await clock.advance('9s');
  expect((await cdn.fetch('/avatars/42.png')).status).toBe(404);

  await clock.advance('1s');
  expect((await cdn.fetch('/avatars/42.png')).status).toBe(200);
  console.log(formatTimeline(cdn.trace.all()));
});
// readme-example-end
