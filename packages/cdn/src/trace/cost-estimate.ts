import { FREE_INVALIDATION_PATHS_PER_MONTH, invalidationCostUsd } from '../invalidation/invalidation-cost.js';
import type { TraceRequest } from './trace.js';

/**
 * What the traffic of a trace would cost on CloudFront's pay-as-you-go prices: viewer requests and
 * data transfer out to the internet, each at the rate of the POP's pricing region, plus invalidation
 * paths beyond the free 1,000 a month. An estimate for comparing two configurations, not a bill: the
 * free tier is not subtracted and every byte is priced at the first (up to 10 TB) tier.
 */

/** The date the prices below were read from the pages in `COST_SOURCES`. */
export const PRICES_AS_OF = '2026-12-04';

export const COST_SOURCES: readonly string[] = [
  'https://aws.amazon.com/cloudfront/pricing/ (Regional Data Transfer Out to Internet, first 10 TB; HTTPS requests)',
  'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/PayingForInvalidation.html (1,000 free paths a month, then $0.005 a path)',
  'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/PriceClass.html (regions of each price class)',
];

export type PricingRegion =
  | 'United States, Mexico, and Canada'
  | 'Europe, Israel, and Türkiye'
  | 'South Africa, Kenya, Nigeria, and Middle East'
  | 'South America'
  | 'Japan'
  | 'Australia and New Zealand'
  | 'Hong Kong, Indonesia, Philippines, Singapore, South Korea, Taiwan, Thailand, Malaysia, and Vietnam'
  | 'India';

interface RegionPrice {
  usdPerGb: number;
  usdPer10kHttps: number;
  /** The cheapest price class that serves from this region. */
  priceClass: PriceClass;
}

export type PriceClass = 'PriceClass_100' | 'PriceClass_200' | 'PriceClass_All';

// aws.amazon.com/cloudfront/pricing, read 2026-12-04: data transfer out, first 10 TB a month, per GB.
// The HTTPS request rates (per 10,000) are the page's request table as we know it; the stored copy we
// read showed only the data transfer table, so they are UNCONFIRMED (docs/fidelity.md, "Cost").
const PRICES: Record<PricingRegion, RegionPrice> = {
  'United States, Mexico, and Canada': {
    usdPerGb: 0.085,
    usdPer10kHttps: 0.01,
    priceClass: 'PriceClass_100',
  },
  'Europe, Israel, and Türkiye': { usdPerGb: 0.085, usdPer10kHttps: 0.012, priceClass: 'PriceClass_100' },
  'South Africa, Kenya, Nigeria, and Middle East': {
    usdPerGb: 0.11,
    usdPer10kHttps: 0.022,
    priceClass: 'PriceClass_200',
  },
  'South America': { usdPerGb: 0.11, usdPer10kHttps: 0.022, priceClass: 'PriceClass_All' },
  Japan: { usdPerGb: 0.114, usdPer10kHttps: 0.012, priceClass: 'PriceClass_200' },
  'Australia and New Zealand': { usdPerGb: 0.114, usdPer10kHttps: 0.0125, priceClass: 'PriceClass_All' },
  'Hong Kong, Indonesia, Philippines, Singapore, South Korea, Taiwan, Thailand, Malaysia, and Vietnam': {
    usdPerGb: 0.12,
    usdPer10kHttps: 0.012,
    priceClass: 'PriceClass_200',
  },
  India: { usdPerGb: 0.109, usdPer10kHttps: 0.012, priceClass: 'PriceClass_200' },
};

const GB = 1024 ** 3;

/** The pricing region of a POP whose regional edge cache is in AWS Region `region`. */
export function pricingRegion(region: string): PricingRegion {
  if (/^(us|ca|mx)-/.test(region)) return 'United States, Mexico, and Canada';
  if (/^(eu|il)-/.test(region)) return 'Europe, Israel, and Türkiye';
  if (/^(me|af)-/.test(region)) return 'South Africa, Kenya, Nigeria, and Middle East';
  if (/^sa-/.test(region)) return 'South America';
  if (region === 'ap-northeast-1' || region === 'ap-northeast-3') return 'Japan';
  if (region === 'ap-southeast-2' || region === 'ap-southeast-4') return 'Australia and New Zealand';
  if (/^ap-south-/.test(region)) return 'India';
  return 'Hong Kong, Indonesia, Philippines, Singapore, South Korea, Taiwan, Thailand, Malaysia, and Vietnam';
}

export interface CostEstimate {
  currency: 'USD';
  pricesAsOf: string;
  sources: readonly string[];
  /** Per pricing region: viewer requests and bytes, and what they cost. */
  regions: {
    region: PricingRegion;
    requests: number;
    bytes: number;
    requestsUsd: number;
    dataTransferUsd: number;
  }[];
  /** The cheapest price class whose edge locations include every region the trace was served from. */
  priceClass: PriceClass;
  invalidations: { paths: number; free: number; usd: number };
  totalUsd: number;
  /** What the estimate leaves out. */
  notes: readonly string[];
}

const CLASS_ORDER: readonly PriceClass[] = ['PriceClass_100', 'PriceClass_200', 'PriceClass_All'];

export function estimateCost(requests: readonly TraceRequest[], invalidationPaths: number): CostEstimate {
  const rows = new Map<PricingRegion, { requests: number; bytes: number }>();
  for (const r of requests) {
    const region = pricingRegion(r.region);
    const row = rows.get(region) ?? { requests: 0, bytes: 0 };
    row.requests++;
    row.bytes += r.bytes;
    rows.set(region, row);
  }
  const regions = [...rows].map(([region, { requests, bytes }]) => ({
    region,
    requests,
    bytes,
    requestsUsd: (requests / 10_000) * PRICES[region].usdPer10kHttps,
    dataTransferUsd: (bytes / GB) * PRICES[region].usdPerGb,
  }));
  const classIndex = Math.max(0, ...regions.map((r) => CLASS_ORDER.indexOf(PRICES[r.region].priceClass)));
  const invalidationUsd = invalidationCostUsd(invalidationPaths);
  return {
    currency: 'USD',
    pricesAsOf: PRICES_AS_OF,
    sources: COST_SOURCES,
    regions,
    priceClass: CLASS_ORDER[classIndex]!,
    invalidations: {
      paths: invalidationPaths,
      free: FREE_INVALIDATION_PATHS_PER_MONTH,
      usd: invalidationUsd,
    },
    totalUsd: regions.reduce((sum, r) => sum + r.requestsUsd + r.dataTransferUsd, 0) + invalidationUsd,
    notes: [
      'HTTPS request rates; every byte at the first-10-TB tier; the free tier (1 TB, 10,000,000 requests a month) not subtracted',
      'origin fetches from an AWS origin (S3) are free; Origin Shield request charges are not included',
    ],
  };
}
