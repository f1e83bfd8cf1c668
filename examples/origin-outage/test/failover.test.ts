import { describe, expect, test } from '@edgecase/vitest';
import { publishPage } from '../src/site.js';

const PAGE = '<h1>Pricing</h1>';

// #region failover
describe('fix: an origin group fails over to a replica bucket (§17)', () => {
  // A second bucket the site is replicated to (S3 replication in production): in memory, or a real
  // bucket of its own on MinIO. And a config change that reaches every edge location at once here.
  test.override('bucketOptions', ['edgecase', 'site-replica']);
  test.override('cdnOptions', { deployment: { min: 0, max: 0 } });

  test('primary bucket down: every server serves the page from the replica, none passes a 5xx on', async ({
    s3,
    origin,
    buckets,
    cdn,
    viewer,
  }) => {
    const replica = buckets.get('site-replica');
    if (!replica) throw new Error('no replica bucket');
    await publishPage({ s3, bucket: origin.bucket }, 'pricing.html', PAGE);
    // The app publishes to the replica by its name (on MinIO the test's bucket is `site-replica-<random>`).
    await publishPage({ s3, bucket: 'site-replica' }, 'pricing.html', PAGE);
    // The distribution with an origin group: the bucket first, the replica second.
    cdn.updateDistribution({
      aliases: [...cdn.distribution.aliases],
      origins: {
        primary: { origin, region: 'us-east-1' },
        replica: { origin: replica, region: 'us-east-1' },
      },
      originGroups: { site: { members: ['primary', 'replica'], failoverStatusCodes: [500, 502, 503, 504] } },
      defaultCacheBehavior: { targetOriginId: 'site' },
    });

    origin.faults.respond(503); // the primary bucket is down: one line

    for (const server of [1, 2, 3, 4]) {
      const response = await viewer.get('/pricing.html', { pop: 'SFO5', server });
      expect(response.status).toBe(200);
      await expect(response).toServeVersion(PAGE);
    }
    // Each miss tried the primary first, then the replica (the trace shows both fetches).
    const fetches = cdn.trace.all().filter((record) => record.type === 'origin');
    expect(fetches.slice(0, 2).map((f) => [f.origin, f.result])).toEqual([
      ['primary', 503],
      ['replica', 200],
    ]);
  });
});
// #endregion
