// A real `cdk synth` output: cdk-app/site-stack.ts (an S3 bucket behind a Distribution with an
// /assets/* behaviour on a cache policy of its own, an /api/* behaviour on an HTTP origin and a
// SPA error response) synthesized with aws-cdk-lib 2.278.0 into
// configs/cdk/edgecase-recipe-SiteStack.template.json. CDK generates the origin Ids
// (SiteStackSiteDistributionOrigin19C5F5C3B): the test names its origins by DomainName instead.
import { createCdn, fromCloudFormation, ManualClock, memoryOrigin } from '@edgecase/cdn';
import { describe, expect, it } from 'vitest';
import { corpusText, expectIgnoredFields, xCache } from './support.js';

describe('the CDK recipe app (docs/recipes/cdk.md): SiteStack.template.json', () => {
  const template = corpusText('cdk/edgecase-recipe-SiteStack.template.json');

  function load() {
    const clock = new ManualClock();
    const site = memoryOrigin({ clock, bucket: 'acme-site-assets' });
    const api = memoryOrigin({ clock });
    const cdn = createCdn({
      ...fromCloudFormation(template, {
        // The stack's env region: the bucket's RegionalDomainName is acme-site-assets.s3.eu-west-1.amazonaws.com.
        region: 'eu-west-1',
        origins: { 'acme-site-assets.s3.eu-west-1.amazonaws.com': site, 'api.acme.example': api },
      }),
      clock,
    });
    return { clock, site, api, cdn };
  }

  it('loads with nothing ignored', () => {
    expectIgnoredFields(load().cdn, 'edgecase-recipe-SiteStack');
  });

  it('/assets/* keeps a fingerprinted file a year whatever the origin says (MinTTL 365 days)', async () => {
    const { clock, site, cdn } = load();
    await site.put('assets/app.1a2b.js', 'v1', { cacheControl: 'max-age=60' });
    expect(await xCache(cdn, '/assets/app.1a2b.js')).toBe('Miss from cloudfront');
    await clock.advance('364d');
    expect(await xCache(cdn, '/assets/app.1a2b.js')).toBe('Hit from cloudfront');
  });

  it('/api/* is not cached (CachingDisabled) and reaches the API origin', async () => {
    const { api, cdn } = load();
    await api.put('api/me', '{"name":"ada"}');
    expect(await xCache(cdn, '/api/me')).toBe('Miss from cloudfront');
    expect(await xCache(cdn, '/api/me')).toBe('Miss from cloudfront');
    expect(api.requestCount()).toBe(2);
  });

  it('a missing page is the app shell, 200, and that answer is cached 10 s', async () => {
    const { clock, site, cdn } = load();
    await site.put('index.html', '<div id="app"></div>');
    const page = await cdn.fetch('/account/settings', { pop: 'IAD89', server: 1 });
    expect(page.status).toBe(200);
    expect(await page.text()).toBe('<div id="app"></div>');
    await site.put('account/settings', 'now exists');
    expect(await (await cdn.fetch('/account/settings', { pop: 'IAD89', server: 1 })).text()).toBe(
      '<div id="app"></div>',
    );
    await clock.advance('11s');
    expect(await (await cdn.fetch('/account/settings', { pop: 'IAD89', server: 1 })).text()).toBe(
      'now exists',
    );
  });
});
