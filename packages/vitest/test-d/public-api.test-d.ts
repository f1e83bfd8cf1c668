import type { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import type { S3Client } from '@aws-sdk/client-s3';
import type { Cdn, Invalidation, ManualClock, MemoryOrigin, PutResult } from '@edgecase/cdn';
import {
  type CdnPath,
  edgecase,
  expect,
  type Network,
  onCdn,
  pRetryOnClock,
  test,
  type ViewerHelper,
} from '@edgecase/vitest';
import '@edgecase/vitest/matchers';
import { edgecase as pluginFromNodeEntry } from '@edgecase/vitest/plugin';
import { describe, expectTypeOf, test as vitestTest } from 'vitest';
import type { Plugin } from 'vitest/config';

describe('fixtures', () => {
  vitestTest('test from @edgecase/vitest gives typed fixtures', () => {
    test('typed', ({ clock, origin, cdn, viewer, network }) => {
      expectTypeOf(clock).toEqualTypeOf<ManualClock>();
      expectTypeOf(origin).toEqualTypeOf<MemoryOrigin>();
      expectTypeOf(cdn).toEqualTypeOf<Cdn>();
      expectTypeOf(viewer).toEqualTypeOf<ViewerHelper>();
      expectTypeOf(viewer.get).returns.toEqualTypeOf<Promise<Response>>();
      expectTypeOf(network).toEqualTypeOf<Network>();
    });
    test('the app’s AWS clients', ({ s3, cloudfront }) => {
      expectTypeOf(s3).toEqualTypeOf<S3Client>();
      expectTypeOf(cloudfront).toEqualTypeOf<CloudFrontClient>();
    });
    // @ts-expect-error no such fixture
    test('unknown', ({ dynamo }) => dynamo);
  });

  vitestTest('the plugin is a Vite plugin from both entries', () => {
    expectTypeOf(edgecase).returns.toEqualTypeOf<Plugin>();
    expectTypeOf(pluginFromNodeEntry).toEqualTypeOf(edgecase);
    // @ts-expect-error origin is 'memory' or 'minio'
    edgecase({ origin: 's3' });
    edgecase({ buckets: ['acme-assets', { name: 'acme-site', access: 'private' }] });
    // @ts-expect-error access is 'open' or 'private'
    edgecase({ buckets: [{ name: 'acme-site', access: 'public' }] });
  });
});

describe('matchers', () => {
  vitestTest('Response matchers', () => {
    const response = new Response();
    expectTypeOf(expect(response).toHaveCacheResult('Hit')).toBeVoid();
    expectTypeOf(expect(response).not.toBeServedFrom('regional')).toBeVoid();
    expectTypeOf(expect(response).toHaveAge('9s')).toBeVoid();
    expectTypeOf(expect(response).toServeVersion({ etag: '"abc"' })).toBeVoid();
    expectTypeOf(expect(response).toServeVersion('v2')).toEqualTypeOf<Promise<void>>();
    // @ts-expect-error not a cache result
    expect(response).toHaveCacheResult('hit');
    // @ts-expect-error not a tier
    expect(response).toBeServedFrom('cdn');
    // @ts-expect-error not a duration
    expect(response).toHaveAge('9 seconds');
  });

  vitestTest('path matchers', () => {
    const cdn = {} as Cdn;
    const put = {} as PutResult;
    expectTypeOf(onCdn(cdn, '/a.png')).toEqualTypeOf<CdnPath>();
    expectTypeOf(expect('/a.png').toBeNegativelyCached({ status: 404, for: '10s' })).toBeVoid();
    expectTypeOf(expect('/a.png').toServeOneVersion(put)).toEqualTypeOf<Promise<void>>();
    expectTypeOf(expect('/a.png').toBecomeVisibleEverywhereWithin('10s')).toEqualTypeOf<Promise<void>>();
    expectTypeOf(expect('/app.js?v=2').toShareCacheEntryWith('/app.js?v=1')).toBeVoid();
    expectTypeOf(expect(onCdn(cdn, '/a.png')).toHaveBeenFetchedFromOriginTimes(1)).toBeVoid();
    // @ts-expect-error options object
    expect('/a.png').toBeNegativelyCached(404);
  });

  vitestTest('invalidation matchers and asymmetric use', () => {
    const invalidation = {} as Invalidation;
    expectTypeOf(expect(invalidation).toCompleteWithin('2m')).toBeVoid();
    expectTypeOf(expect(invalidation).not.toHaveTakenEffectEverywhere()).toBeVoid();
    expect([new Response()]).toEqual([expect.toHaveCacheResult('Miss')]);
  });

  vitestTest('expect.poll gives promises', () => {
    expectTypeOf(expect.poll(() => new Response()).toHaveCacheResult('Hit')).toEqualTypeOf<Promise<void>>();
  });
});

describe('p-retry on the clock', () => {
  vitestTest('keeps the module shape', async () => {
    const module = await import('p-retry');
    expectTypeOf(pRetryOnClock(module)).toEqualTypeOf<typeof module>();
  });
});
