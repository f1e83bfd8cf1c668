// @edgecase/vitest: fixtures, matchers, msw wiring and readable failures for the edgecase simulator.

// Vitest's own `expect` and `describe`, with the matchers registered (importing this module
// registers them, as `@edgecase/vitest/matchers` does), so a test file needs only this package.

import './matchers.js';

export { describe, expect } from 'vitest';

// Fixtures

export { type EdgecaseTest, type ExploreTest, test, withExplore } from './explore/test-explore.js';
export type { EdgecaseFixtures } from './fixtures/test.js';
export { createViewer, type ViewerHelper } from './viewer.js';

// Exploring routings, timings and seeds (fast-check)

export { delayArbitrary, type Edge, edgeArbitrary } from './explore/arbitraries.js';
export type { Draw, Step } from './explore/draw.js';
export type { ExploreBody, ExploreContext } from './explore/explore.js';
export type { Explore } from './explore/explore-fixture.js';
export { ExplorationFailure, type ExplorationFailureDetails } from './explore/failure.js';
export type { ExploreOptions } from './explore/options.js';

// The plugin and its options

export type {
  CloudFormationSource,
  DistributionConfigSource,
  DistributionSource,
  ResolvedDistributionSource,
  SourceRuntimeOptions,
  TerraformSource,
} from './fixtures/distribution-source.js';
export type { DistributionConfig, EdgecaseOptions, ResolvedEdgecaseOptions } from './options.js';
export { edgecase } from './plugin.js';

// Matcher subjects and arguments

export { edgecaseMatchers } from './matchers/all.js';
export type { FunctionInvocationExpectation, SignatureRefusal } from './matchers/edge-code-matchers.js';
export type { NegativeCacheOptions } from './matchers/path-matchers.js';
export type { CacheResult, ServedFromTier } from './matchers/response-matchers.js';
export type { RateExpectation } from './matchers/stats-matchers.js';
export {
  type CdnInvalidation,
  type CdnPath,
  type InvalidationSubject,
  onCdn,
  type PathSubject,
} from './matchers/subjects.js';
export type { Version } from './matchers/versions.js';

// The HTML trace report, attached to failing tests

export {
  type AttachTraceOptions,
  attachTraceReport,
  attachTraceReportOnFailure,
  TRACE_REPORT_TYPE,
} from './report/attach-trace.js';

// Network interception (msw)

export { interceptionHandlers } from './network/interception.js';
export {
  adoptNetworkServer,
  createNetwork,
  type Network,
  type NetworkServer,
  startNetworkServer,
} from './network/network.js';

// App-side retries and AWS SDK waiters on the virtual clock

export {
  type AwsWaiterSpec,
  type AwsWaitersOnClockOptions,
  awsWaitersOnClock,
  CLOUDFRONT_WAITERS,
} from './retry/aws-waiters-on-clock.js';
export { type PRetryModule, type PRetryOnClockOptions, pRetryOnClock } from './retry/p-retry-on-clock.js';
