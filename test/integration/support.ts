import { type CdnOptions, createCdn, ManualClock, memoryOrigin } from '@edgecase/cdn';

export type SetupOptions = Omit<CdnOptions, 'clock' | 'origin'>;

/**
 * A clock, a memoryOrigin on it and a distribution in front of it. With `originRegion` the bucket is
 * placed in that Region: `'us-east-1'`, the Region of both default POPs, skips the regional cache
 * (§7), as it does for most apps whose bucket and users are in one Region.
 */
export function setup(options: SetupOptions = {}, originRegion?: string) {
  const clock = new ManualClock();
  const origin = memoryOrigin({ clock });
  const cdn = createCdn({
    clock,
    origin: originRegion ? { origin, region: originRegion } : origin,
    ...options,
  });
  return { clock, origin, cdn };
}
