import type { Cdn, TraceOriginFetch } from '@edgecase/cdn';
import { injectMinio } from '@edgecase/minio/vitest';
import { describe, expect, test } from '@edgecase/vitest';
import { allowDistribution, PAGES, publishSite } from '../src/deploy.js';

// The plugin's bucket (vitest.config.ts) is private: `origin` is that bucket, `s3` the deploy script's
// client (the bucket owner's), `cdn` the site's distribution. On MinIO (`npm run test:minio`) bucket
// policies apply to anonymous requests only, so there CloudFront's principal is the restricted
// credentials the plugin gives the bucket, and the deploy script's policy is not needed.
const onMinio = injectMinio() !== undefined;
// A staging distribution, whose ARN a copied policy still names.
const STAGING = 'arn:aws:cloudfront::123456789012:distribution/E1STAGING';

const originFetches = (cdn: Cdn) =>
  cdn.trace.all().filter((record): record is TraceOriginFetch => record.type === 'origin');

describe('trap: origin access control not attached to the origin', () => {
  test('CloudFront reads anonymously: every viewer gets 403 AccessDenied, not cached, until the fix deploys', async ({
    cdn,
    clock,
    origin,
    s3,
  }) => {
    await publishSite(s3, origin.bucket);
    // The bucket policy is right (on MinIO: the restricted credentials): only the OAC is missing.
    if (!onMinio) await allowDistribution(s3, origin.bucket, cdn.arn);

    for (const server of [1, 2, 1]) {
      const response = await cdn.fetch('/index.html', { pop: 'IAD89', server });
      expect(response.status).toBe(403);
      expect(response.headers.get('x-cache')).toBe('Error from cloudfront');
      expect(await response.text()).toContain('<Code>AccessDenied</Code>');
    }
    // S3's 403 carries no max-age, so CloudFront does not cache it (§2): each request asks the bucket.
    expect(origin.requestCount('/index.html')).toBe(3);
    expect(originFetches(cdn).every((fetch) => fetch.originAccess === undefined)).toBe(true);

    // The fix: the origin reads through the OAC. Once deployed, the next viewer gets the page at once.
    cdn.updateDistribution({ origin: { origin, originAccessControl: { signingBehavior: 'always' } } });
    await clock.advance('5m');
    const fixed = await cdn.fetch('/index.html', { pop: 'IAD89', server: 1 });
    expect([fixed.status, await fixed.text()]).toEqual([200, PAGES['index.html']]);
  });
});

describe('with the OAC attached', () => {
  // Every test's distribution reads the bucket through an origin access control.
  test.override('cdnOptions', { originSettings: { originAccessControl: {} } });

  // MinIO has no counterpart: its bucket policies apply to anonymous requests only, so there the OAC's
  // principal is the restricted credentials, and no policy names a distribution.
  test.skipIf(onMinio)(
    'trap: a policy copied from staging refuses production: 403 AccessDenied although the request is signed',
    async ({ cdn, origin, s3 }) => {
      await publishSite(s3, origin.bucket);
      await allowDistribution(s3, origin.bucket, STAGING);

      const response = await cdn.fetch('/index.html');
      expect(response.status).toBe(403);
      expect(originFetches(cdn)[0]?.originAccess).toEqual({
        signedBy: 'origin-access-control',
        id: 'E2EDGECASEOAC',
        principal: `cloudfront.amazonaws.com (AWS:SourceArn ${cdn.arn})`,
      });

      // The fix: the deploy script names the distribution that reads the bucket.
      await allowDistribution(s3, origin.bucket, cdn.arn);
      expect((await cdn.fetch('/index.html')).status).toBe(200);
    },
  );

  test('fix: pages are served and cached; a missing page is 403 on S3 (no s3:ListBucket), 404 on MinIO', async ({
    cdn,
    origin,
    s3,
  }) => {
    await publishSite(s3, origin.bucket);
    if (!onMinio) await allowDistribution(s3, origin.bucket, cdn.arn);

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
    expect((await cdn.fetch('/no-such-page.html')).status).toBe(onMinio ? 404 : 403);
  });
});
