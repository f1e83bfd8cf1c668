import { describe, expect, test } from '@edgecase/vitest';
import { openPage, publishAssets, type User } from '../src/shop.js';

// 40 signed-in users open a page, each from wherever the seeded routing puts them (3 POPs x 2 servers).
const USERS: User[] = Array.from({ length: 40 }, (_, i) => ({ session: `s${i}`, token: `t${i}` }));

// #region trap-cookie
describe('trap: the session cookie in the cache key', () => {
  // The policy the "forward all cookies" setting of old distributions amounts to: every cookie is part
  // of the cache key, so each session has its own copy of every asset.
  test.override('cdnOptions', {
    cacheBehaviors: [
      {
        pathPattern: '/static/*',
        cachePolicy: {
          name: 'StaticWithCookies',
          minTTL: 0,
          defaultTTL: 86_400,
          maxTTL: 31_536_000,
          parametersInCacheKeyAndForwardedToOrigin: { cookiesConfig: { cookieBehavior: 'all' } },
        },
      },
    ],
  });

  test('no user ever hits: every asset request goes to S3', async ({ s3, origin, cdn }) => {
    await publishAssets({ s3, bucket: origin.bucket });
    for (const user of USERS) await openPage(user);
    expect(cdn).toHaveCacheHitRate({ atMost: 0.01, for: '/static/*' });
    expect(cdn).toHaveOriginOffload({ atMost: 0.01, for: '/static/*' });
  });
});
// #endregion

// #region trap-authorization
describe('trap: Authorization in the cache key', () => {
  // CloudFront forwards Authorization only when the cache policy keys on it, so a team that needed it
  // for the API put it in the assets' policy too.
  test.override('cdnOptions', {
    cacheBehaviors: [
      {
        pathPattern: '/static/*',
        cachePolicy: {
          name: 'StaticWithAuthorization',
          minTTL: 0,
          defaultTTL: 86_400,
          maxTTL: 31_536_000,
          parametersInCacheKeyAndForwardedToOrigin: {
            headersConfig: { headerBehavior: 'whitelist', headers: ['Authorization'] },
          },
        },
      },
    ],
  });

  test('the same: one copy per token, a hit rate of 0 %', async ({ s3, origin, cdn }) => {
    await publishAssets({ s3, bucket: origin.bucket });
    for (const user of USERS) await openPage(user);
    expect(cdn).toHaveCacheHitRate({ atMost: 0.01, for: '/static/*' });
    expect(cdn.trace.stats({ for: '/static/*' }).originRequests).toBe(USERS.length * 3);
  });
});
// #endregion

// #region fix
describe('fix: CachingOptimized for the assets (no cookies, no headers in the key)', () => {
  test.override('cdnOptions', {
    cacheBehaviors: [{ pathPattern: '/static/*', cachePolicy: 'CachingOptimized' }],
  });

  test('the assets are hits after the first request per cache; S3 sees one request per regional cache', async ({
    s3,
    origin,
    cdn,
  }) => {
    await publishAssets({ s3, bucket: origin.bucket });
    for (const user of USERS) await openPage(user);
    expect(cdn).toHaveCacheHitRate({ atLeast: 0.9, for: '/static/*' });
    // 3 assets x 3 regional edge caches: 9 of 120 requests reach S3.
    expect(cdn.trace.stats({ for: '/static/*' }).originRequests).toBe(9);
    expect(cdn).toHaveOriginOffload({ atLeast: 0.9, for: '/static/*' });
    expect(cdn).not.toHaveOriginOffload({ atLeast: 0.95, for: '/static/*' });
  });
});
// #endregion

// #region shield
describe('fix: and an Origin Shield in front of S3', () => {
  test.override('cdnOptions', {
    cacheBehaviors: [{ pathPattern: '/static/*', cachePolicy: 'CachingOptimized' }],
    originSettings: { originShield: { enabled: true, originShieldRegion: 'us-east-1' } },
  });

  test('every regional cache fills from the shield: S3 sees each asset once', async ({ s3, origin, cdn }) => {
    await publishAssets({ s3, bucket: origin.bucket });
    for (const user of USERS) await openPage(user);
    expect(cdn.trace.stats({ for: '/static/*' }).originRequests).toBe(3);
    expect(cdn).toHaveOriginOffload({ atLeast: 0.95, for: '/static/*' });
    expect(cdn).toHaveCacheHitRate({ atLeast: 0.95, for: '/static/*' });
  });
});
// #endregion
