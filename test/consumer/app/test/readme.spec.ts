import { expect, test } from 'vitest';
// The package READMEs' examples (src/readme/*), run as a user would paste them: at import.
import * as cdnExample from '../src/readme/cdn-example.js';
import * as s3Example from '../src/readme/s3-example.js';

test('the @edgecase/cdn README example', () => {
  expect(cdnExample.xCache).toBe('Miss from cloudfront');
  expect(cdnExample.edges).toHaveLength(8); // 2 POPs x 4 servers, each with the v1 copy it would serve
  expect(cdnExample.edges.every((edge) => edge.answer === 'cache')).toBe(true);
  expect(cdnExample.second).toBe('v2');
});

test('the @edgecase/s3 README example', () => {
  expect([s3Example.before, s3Example.after]).toEqual(['<h1>v1</h1>', '<h1>v2</h1>']);
});
