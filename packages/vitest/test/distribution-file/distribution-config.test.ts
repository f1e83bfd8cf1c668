// The plugin's distribution is `aws cloudfront get-distribution-config` output, loaded by path:
// edgecase({ distribution: { distributionConfig: './…/dist.json', origins } }).
import { expect, test } from '@edgecase/vitest';

test('the default root object, cached for the config’s DefaultTTL (86,400 s)', async ({
  cdn,
  buckets,
  clock,
}) => {
  await buckets.get('amzn-s3-demo-bucket')?.put('index.html', 'home');
  const at = { pop: 'IAD89', server: 1 }; // one edge server, whose cache we watch
  expect(await (await cdn.fetch('/', at)).text()).toBe('home');
  await clock.advance('86399s');
  expect((await cdn.fetch('/', at)).headers.get('x-cache')).toBe('Hit from cloudfront');
  expect(cdn.distribution.ignoredFields).toEqual([]);
});
