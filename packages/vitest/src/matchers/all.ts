import {
  toBeGeneratedByFunction,
  toBeRefusedBySignature,
  toHaveInvokedFunction,
} from './edge-code-matchers.js';
import { toCompleteWithin, toHaveTakenEffectEverywhere } from './invalidation-matchers.js';
import {
  toBeNegativelyCached,
  toHaveBeenFetchedFromOriginTimes,
  toServeOneVersion,
  toShareCacheEntryWith,
} from './path-matchers.js';
import { toBeServedFrom, toHaveAge, toHaveCacheResult, toServeVersion } from './response-matchers.js';
import { toHaveCacheHitRate, toHaveOriginOffload } from './stats-matchers.js';
import { toBecomeVisibleEverywhereWithin } from './visibility.js';

/** Every edgecase matcher, for `expect.extend(edgecaseMatchers)` (what `@edgecase/vitest/matchers` does). */
export const edgecaseMatchers = {
  // On a Response
  toHaveCacheResult,
  toBeServedFrom,
  toHaveAge,
  toServeVersion,
  toBeGeneratedByFunction,
  toBeRefusedBySignature,
  // On a path of the distribution
  toBeNegativelyCached,
  toServeOneVersion,
  toBecomeVisibleEverywhereWithin,
  toShareCacheEntryWith,
  toHaveBeenFetchedFromOriginTimes,
  // On an invalidation
  toCompleteWithin,
  toHaveTakenEffectEverywhere,
  // On a distribution: its cache statistics
  toHaveCacheHitRate,
  toHaveOriginOffload,
  // On a distribution: its CloudFront Functions
  toHaveInvokedFunction,
};
