import { describe, expect, test } from '@edgecase/vitest';
import { publishOutagePage, publishPage, SITE_URL } from '../src/site.js';

const PAGE = '<h1>Pricing</h1>';

// #region trap
test('trap: S3 answers 503: servers holding the page serve it stale, the others pass the 503 on for 10 s', async ({
  s3,
  origin,
  viewer,
  clock,
}) => {
  await publishPage({ s3, bucket: origin.bucket }, 'pricing.html', PAGE); // max-age=60
  await viewer.get('/pricing.html', { pop: 'SFO5', server: 1 }); // a visitor on server 1

  const outage = origin.faults.respond(503); // S3: 503 Service Unavailable
  await clock.advance('1h'); // long after the 60 s TTL, without any stale-if-error

  const warm = await viewer.get('/pricing.html', { pop: 'SFO5', server: 1 });
  expect(warm).toHaveCacheResult('RefreshHit'); // the expired copy, since S3 failed
  await expect(warm).toServeVersion(PAGE);
  const cold = await viewer.get('/pricing.html', { pop: 'SFO5', server: 2 });
  expect(cold.status).toBe(503); // no copy on this server: S3's error, cached for 10 s

  outage.clear(); // S3 is back, but server 2 keeps its 503 for ErrorCachingMinTTL
  await expect('/pricing.html').not.toBecomeVisibleEverywhereWithin('9s', PAGE);
  await expect('/pricing.html').toBecomeVisibleEverywhereWithin('10s', PAGE);
});
// #endregion

// #region hang
test('trap: when S3 hangs instead, the stale copy comes after 90 s (3 attempts x 30 s)', async ({
  s3,
  origin,
  viewer,
  clock,
}) => {
  await publishPage({ s3, bucket: origin.bucket }, 'pricing.html', PAGE);
  await viewer.get('/pricing.html', { pop: 'SFO5', server: 1 });
  origin.faults.timeout(); // accepts the connection, never answers
  await clock.advance('1h');

  const requestedAt = clock.now();
  const pending = viewer.get('/pricing.html', { pop: 'SFO5', server: 1 });
  await clock.advance('90s'); // CloudFront's S3 response timeout, tried three times
  expect(await pending).toHaveCacheResult('RefreshHit');
  expect(clock.now() - requestedAt).toBe(90_000);
});
// #endregion

// #region stale-if-error
test('stale-if-error=300 limits the fallback: from 5 min after the TTL, users get the 503', async ({
  s3,
  origin,
  viewer,
  clock,
}) => {
  await publishPage({ s3, bucket: origin.bucket }, 'pricing.html', PAGE, 'max-age=60, stale-if-error=300');
  await viewer.get('/pricing.html', { pop: 'SFO5', server: 1 });
  origin.faults.respond(503);

  await clock.advance('5m'); // 4 min past the TTL: still the copy
  expect((await viewer.get('/pricing.html', { pop: 'SFO5', server: 1 })).status).toBe(200);
  await clock.advance('2m'); // 6 min past the TTL: the window is over
  expect((await viewer.get('/pricing.html', { pop: 'SFO5', server: 1 })).status).toBe(503);
});
// #endregion

describe('fix: an Origin Shield and a custom error page', () => {
  // #region shield
  // One cache in front of S3 for every edge server, and the outage page instead of S3's 503.
  test.override('cdnOptions', {
    originSettings: { region: 'us-east-1', originShield: { enabled: true, originShieldRegion: 'us-east-1' } },
    customErrorResponses: [{ errorCode: 503, responsePagePath: '/errors/outage.html', responseCode: 503 }],
  });

  test('every server serves a page any server has served; pages none has show the outage page', async ({
    s3,
    origin,
    viewer,
    clock,
  }) => {
    const site = { s3, bucket: origin.bucket };
    await publishOutagePage(site);
    await publishPage(site, 'pricing.html', PAGE);
    await publishPage(site, 'careers.html', '<h1>Careers</h1>');
    await viewer.get('/pricing.html', { pop: 'SFO5', server: 1 }); // one visitor, one server

    origin.faults.respond(503);
    await clock.advance('1h');
    await expect('/pricing.html').toServeOneVersion(PAGE); // every server, from the shield's copy
    const careers = await fetch(`${SITE_URL}/careers.html`); // never requested before the outage
    expect(careers.status).toBe(503);
    expect(await careers.text()).toBe('<h1>We will be right back</h1>');
  });
  // #endregion
});
