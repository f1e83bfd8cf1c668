// The plugin's distribution is a Terraform file, loaded by path:
// edgecase({ distribution: { terraform: './…/cdn.tf', origins, unmodelled } }).
import { expect, test } from '@edgecase/vitest';

test('the ordered behaviours of the .tf file route and cache as written', async ({ cdn, buckets, clock }) => {
  const bucket = buckets.get('mybucket');
  await bucket?.put('content/page.html', 'page');
  await bucket?.put('content/immutable/app.js', 'app');
  const at = { pop: 'IAD89', server: 1 }; // one edge server, whose cache we watch
  await cdn.fetch('/content/page.html', at);
  await cdn.fetch('/content/immutable/app.js', at);
  await clock.advance('3601s');
  // /content/* keeps 3,600 s; /content/immutable/* (precedence 0) 86,400 s.
  expect((await cdn.fetch('/content/page.html', at)).headers.get('x-cache')).not.toBe('Hit from cloudfront');
  expect((await cdn.fetch('/content/immutable/app.js', at)).headers.get('x-cache')).toBe(
    'Hit from cloudfront',
  );
  expect(cdn.distribution.ignoredFields).toEqual([]);
});

test("the file's aliases are answered by the test's cdn", async ({ buckets }) => {
  await buckets.get('mybucket')?.put('index.html', 'home');
  expect(await (await fetch('https://mysite.example.com/')).text()).toBe('home');
});
