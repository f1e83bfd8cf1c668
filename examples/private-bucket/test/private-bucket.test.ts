import { createCdn, ManualClock, type TraceOriginFetch } from '@edgecase/cdn';
import { injectMinio } from '@edgecase/minio/vitest';
import { afterEach, describe, expect, test } from 'vitest';
import { allowDistribution, PAGES, publishSite } from '../src/deploy.js';
import { type PrivateSite, privateSite } from './private-site.js';

// The distribution of the site, and the staging one whose ARN a copied policy still names.
const PRODUCTION = 'arn:aws:cloudfront::123456789012:distribution/E2PRODUCTION';
const STAGING = 'arn:aws:cloudfront::123456789012:distribution/E1STAGING';
const onMinio = injectMinio() !== undefined;

let site: PrivateSite | undefined;
afterEach(() => site?.close());

const originFetches = (cdn: ReturnType<typeof createCdn>) =>
  cdn.trace.all().filter((record): record is TraceOriginFetch => record.type === 'origin');

describe('trap: origin access control not attached to the origin', () => {
  test('CloudFront reads anonymously: every viewer gets 403 AccessDenied, not cached, until the fix deploys', async () => {
    const clock = new ManualClock();
    site = await privateSite(clock);
    await publishSite(site.s3, site.bucket);
    // The bucket policy is right (on MinIO: the restricted credentials): only the OAC is missing.
    if (site.on === 'memory') await allowDistribution(site.s3, site.bucket, PRODUCTION);
    const cdn = createCdn({ clock, arn: PRODUCTION, origin: site.origin });

    for (const server of [1, 2, 1]) {
      const response = await cdn.fetch('/index.html', { pop: 'IAD89', server });
      expect(response.status).toBe(403);
      expect(response.headers.get('x-cache')).toBe('Error from cloudfront');
      expect(await response.text()).toContain('<Code>AccessDenied</Code>');
    }
    // S3's 403 carries no max-age, so CloudFront does not cache it (§2): each request asks the bucket.
    expect(site.requestCount('/index.html')).toBe(3);
    expect(originFetches(cdn).every((fetch) => fetch.originAccess === undefined)).toBe(true);

    // The fix: the origin reads through the OAC. Once deployed, the next viewer gets the page at once.
    cdn.updateDistribution({
      origin: { origin: site.origin, originAccessControl: { signingBehavior: 'always' } },
    });
    await clock.advance('5m');
    const fixed = await cdn.fetch('/index.html', { pop: 'IAD89', server: 1 });
    expect([fixed.status, await fixed.text()]).toEqual([200, PAGES['index.html']]);
  });
});

describe('trap: the bucket policy names another distribution', () => {
  // MinIO has no counterpart: its bucket policies apply to anonymous requests only, so there the OAC's
  // principal is the restricted credentials, and no policy names a distribution.
  test.skipIf(onMinio)(
    'a policy copied from staging refuses production: 403 AccessDenied although the request is signed',
    async () => {
      const clock = new ManualClock();
      site = await privateSite(clock);
      await publishSite(site.s3, site.bucket);
      await allowDistribution(site.s3, site.bucket, STAGING);
      const cdn = createCdn({
        clock,
        arn: PRODUCTION,
        origin: { origin: site.origin, originAccessControl: {} },
      });

      const response = await cdn.fetch('/index.html');
      expect(response.status).toBe(403);
      expect(originFetches(cdn)[0]?.originAccess).toEqual({
        signedBy: 'origin-access-control',
        id: 'E2EDGECASEOAC',
        principal: `cloudfront.amazonaws.com (AWS:SourceArn ${PRODUCTION})`,
      });

      // The fix: the deploy script names the distribution that reads the bucket.
      await allowDistribution(site.s3, site.bucket, cdn.arn);
      expect((await cdn.fetch('/index.html')).status).toBe(200);
    },
  );
});

describe('fix: the OAC attached and the policy naming this distribution', () => {
  test('pages are served and cached; a missing page is 403 on S3 (no s3:ListBucket), 404 on MinIO', async () => {
    const clock = new ManualClock();
    site = await privateSite(clock);
    await publishSite(site.s3, site.bucket);
    const cdn = createCdn({
      clock,
      arn: PRODUCTION,
      origin: { origin: site.origin, originAccessControl: {} },
    });
    if (site.on === 'memory') await allowDistribution(site.s3, site.bucket, cdn.arn);

    for (const key of Object.keys(PAGES)) {
      const first = await cdn.fetch(`/${key}`, { pop: 'IAD89', server: 1 });
      expect([first.status, first.headers.get('x-cache')]).toEqual([200, 'Miss from cloudfront']);
      const again = await cdn.fetch(`/${key}`, { pop: 'IAD89', server: 1 });
      expect([again.status, again.headers.get('x-cache')]).toEqual([200, 'Hit from cloudfront']);
      expect(await again.text()).toBe(PAGES[key]);
    }
    expect(originFetches(cdn).map((fetch) => fetch.originAccess?.signedBy)).toEqual([
      'origin-access-control',
      'origin-access-control',
    ]);
    // The OAC may read objects, not list the bucket: S3 hides which keys exist (403); MinIO does not (404).
    expect((await cdn.fetch('/no-such-page.html')).status).toBe(site.on === 'memory' ? 403 : 404);
  });
});
