// Clock and determinism
export {
  type Clock,
  type DateInput,
  ManualClock,
  type ManualClockOptions,
  SystemClock,
} from './clock/clock.js';
export { type Duration, type DurationUnit, formatMs, toMs } from './clock/duration.js';
export { SeededRandom } from './clock/random.js';
// Distribution options
export type {
  CacheBehaviorOptions,
  CachePolicyConfig,
  CachePolicyInput,
  CustomErrorResponseOptions,
  DistributionOptions,
  HttpMethod,
  ManagedCachePolicyName,
  OriginOptions,
  OriginShieldOptions,
  TtlInput,
  ViewerProtocolPolicy,
} from './distribution/types.js';
// Errors
export { EdgecaseError, type EdgecaseErrorCode } from './errors.js';
// Origins
export {
  type HeaderMap,
  type Origin,
  type OriginFetchContext,
  type OriginRequest,
  type OriginResponse,
  OriginUnreachableError,
} from './origin/types.js';
