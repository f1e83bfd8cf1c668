import { describe, expect, it } from 'vitest';
import { createCdn } from '../cdn/cdn.js';
import { ManualClock } from '../clock/clock.js';
import { memoryOrigin } from '../origin/memory-origin.js';

describe('the API view of a createCdn distribution (§13)', () => {
  it('round-trips through getDistributionConfig and updateDistributionConfig unchanged', async () => {
    const clock = new ManualClock();
    const site = memoryOrigin({ clock });
    const replica = memoryOrigin({ clock });
    const cdn = createCdn({
      clock,
      origins: { site: { origin: site, region: 'eu-west-1' }, replica },
      originGroups: { g: { members: ['site', 'replica'], failoverStatusCodes: [503] } },
      defaultCacheBehavior: {
        targetOriginId: 'g',
        cachePolicy: { name: 'short', defaultTTL: 5, maxTTL: 10 },
      },
      cacheBehaviors: [{ pathPattern: '/api/*', targetOriginId: 'site', cachePolicy: 'CachingDisabled' }],
      customErrorResponses: [{ errorCode: 404, responsePagePath: '/404.html', responseCode: 404 }],
      restrictions: { geoRestriction: { restrictionType: 'blacklist', locations: ['KP'] } },
      defaultRootObject: 'index.html',
    });
    const { ETag, DistributionConfig } = cdn.getDistributionConfig();
    cdn.updateDistributionConfig(DistributionConfig, { ifMatch: ETag });
    const before = cdn.deployment().version;
    const after = cdn.distribution;
    expect(before).toBe(2);
    expect(after.defaultRootObject).toBe('index.html');
    expect(after.behaviors.map((b) => [b.pathPattern, b.targetOriginId, b.cachePolicy.defaultTtlMs])).toEqual(
      [
        ['/api/*', 'site', 0],
        ['*', 'g', 5000],
      ],
    );
    expect(after.originGroups.get('g')?.failover?.secondary.id).toBe('replica');
    expect(after.origins.get('site')?.region).toBe('eu-west-1');
    expect([...after.geoRestriction.locations]).toEqual(['KP']);
    expect(after.customErrorResponses.get(404)?.responsePagePath).toBe('/404.html');
    // The copy returned is the caller's: editing it changes nothing until it is sent.
    DistributionConfig.DefaultRootObject = 'other.html';
    expect(cdn.getDistributionConfig().DistributionConfig.DefaultRootObject).toBe('index.html');
  });
});

describe('what a DistributionConfig cannot hold', () => {
  it('refuses to write out CloudFront Functions given as code, naming the behaviour and the way out', () => {
    const cdn = createCdn({
      origin: memoryOrigin(),
      defaultCacheBehavior: {
        functionAssociations: [
          {
            eventType: 'viewer-request',
            function: { code: 'function handler(event) { return event.request; }' },
          },
        ],
      },
    });
    expect(() => cdn.getDistributionConfig()).toThrow(
      'GetDistributionConfig: expected a distribution edgecase can write as a DistributionConfig, got behaviour "*"',
    );
    expect(() => cdn.getDistributionConfig()).toThrow('Load the distribution with fromDistributionConfig');
  });
});
