import { describe, expect, it } from 'vitest';
import { createCdn } from '../cdn/cdn.js';
import { ManualClock } from '../clock/clock.js';
import { memoryOrigin } from '../origin/memory-origin.js';
import { fromDistributionConfig } from './from-distribution-config.js';

// §6 cache-tag invalidation: the distribution's CacheTagConfig names the response header CloudFront
// reads tags from; a `#tag` invalidation item purges the objects cached with that tag.

const OPTIMIZED = '658327ea-f89d-4fab-a63d-7e88639e58f6';

/** Two pages, each tagged with its product: `tv.html` (`product:tv`) and `radio.html` (`product:radio`). */
async function upload(origin: ReturnType<typeof memoryOrigin>, version: string): Promise<void> {
  for (const product of ['tv', 'radio'])
    await origin.put(`${product}.html`, `${product} ${version}`, {
      cacheControl: 'max-age=3600',
      metadata: { 'cache-tag': `product:${product}` },
    });
}

async function setUp(
  cdnFor: (origin: ReturnType<typeof memoryOrigin>, clock: ManualClock) => ReturnType<typeof createCdn>,
) {
  const clock = new ManualClock();
  const origin = memoryOrigin({ clock });
  await upload(origin, 'v1');
  return { clock, origin, cdn: cdnFor(origin, clock) };
}

const PIN = { pop: 'IAD89', server: 1 };

describe('cache tags', () => {
  it('a loaded CacheTagConfig lets a #tag invalidation purge what was cached with that tag', async () => {
    const { clock, origin, cdn } = await setUp((o, clock) =>
      createCdn({
        clock,
        ...fromDistributionConfig(
          {
            Origins: {
              Quantity: 1,
              Items: [{ Id: 's3', DomainName: 'b.s3.amazonaws.com', S3OriginConfig: {} }],
            },
            DefaultCacheBehavior: { TargetOriginId: 's3', CachePolicyId: OPTIMIZED },
            CacheTagConfig: { HeaderName: 'x-amz-meta-cache-tag' },
          },
          { s3: o },
        ),
      }),
    );
    await cdn.fetch('/tv.html', PIN);
    await cdn.fetch('/radio.html', PIN);
    await upload(origin, 'v2');
    const invalidation = cdn.createInvalidation(['#product:tv']);
    await clock.advance('5m');
    expect(invalidation.status).toBe('Completed');
    expect(await (await cdn.fetch('/tv.html', PIN)).text()).toBe('tv v2');
    expect(await (await cdn.fetch('/radio.html', PIN)).text()).toBe('radio v1');
    // GetDistributionConfig gives it back as loaded.
    expect(cdn.getDistributionConfig().DistributionConfig.CacheTagConfig).toEqual({
      HeaderName: 'x-amz-meta-cache-tag',
    });
  });

  it('is part of the distribution: an update that drops it refuses #tag items, as CloudFront does', async () => {
    const { clock, origin, cdn } = await setUp((o, clock) =>
      createCdn({ clock, origin: o, cacheTagHeader: 'x-amz-meta-cache-tag' }),
    );
    expect(cdn.distribution.cacheTagHeader).toBe('x-amz-meta-cache-tag');
    expect(() => cdn.createInvalidation(['#product:tv'])).not.toThrow();
    await cdn.updateDistribution({ origin });
    await clock.advance('5m');
    expect(cdn.distribution.cacheTagHeader).toBeUndefined();
    expect(() => cdn.createInvalidation(['#product:tv'])).toThrow(
      '(this distribution has no cache-tag header)',
    );
  });
});
