// `@edgecase/vitest/matchers`: importing it registers the matchers (the plugin adds it to
// setupFiles) and brings their types into Vitest's `expect`.
import 'vitest';
import type { Duration } from '@edgecase/cdn';
import { expect } from 'vitest';
import { edgecaseMatchers } from './matchers/all.js';
import type { FunctionInvocationExpectation, SignatureRefusal } from './matchers/edge-code-matchers.js';
import type { NegativeCacheOptions } from './matchers/path-matchers.js';
import type { CacheResult, ServedFromTier } from './matchers/response-matchers.js';
import type { RateExpectation } from './matchers/stats-matchers.js';
import type { CdnPath } from './matchers/subjects.js';
import type { Version } from './matchers/versions.js';

expect.extend(edgecaseMatchers);

/** The synchronous matchers: usable with `.not`, `expect.poll` and as asymmetric matchers. */
interface EdgecaseMatchers<R> {
  /** The response's X-Cache result (`Hit`, `Miss`, `RefreshHit`, `Error`, `Redirect`). Any CloudFront response. */
  toHaveCacheResult(result: CacheResult): R;
  /** The tier that answered (`edge`, `regional`, `shield`, `origin`, `cloudfront`). A response of the test's `cdn`. */
  toBeServedFrom(tier: ServedFromTier): R;
  /** A viewer-request CloudFront Function answered itself (X-Cache FunctionGeneratedResponse); optionally the one named. */
  toBeGeneratedByFunction(name?: string): R;
  /** 403 for a missing or invalid signed URL or cookie (MissingKey, InvalidKey, MalformedPolicy, AccessDenied). */
  toBeRefusedBySignature(code?: SignatureRefusal): R;
  /** The CloudFront Function named ran exactly `times` times in the trace. On a Cdn. */
  toHaveInvokedFunction(name: string, expected: FunctionInvocationExpectation): R;
  /** The Age header, in whole seconds (`9000` or `'9s'`). */
  toHaveAge(age: Duration): R;
  /** A path some edge server answers from a cached error now (and for at least `for`). */
  toBeNegativelyCached(options?: NegativeCacheOptions): R;
  /** Two URLs of the distribution map to one cache key. */
  toShareCacheEntryWith(path: string | CdnPath): R;
  /** Origin fetches recorded in the trace for the path. */
  toHaveBeenFetchedFromOriginTimes(times: number): R;
  /** The invalidation completes (reaches every node) within the duration after it was created. */
  toCompleteWithin(duration: Duration): R;
  /** No edge server serves a copy of its paths cached before it was created. */
  toHaveTakenEffectEverywhere(): R;
  /** Of the cacheable requests selected (`for`, `behavior`, `pop`, `from`, `to`), the share served from a cache. On a Cdn. */
  toHaveCacheHitRate(expected: RateExpectation): R;
  /** 1 − origin requests / viewer requests for the requests selected. On a Cdn. */
  toHaveOriginOffload(expected: RateExpectation): R;
}

/** The matchers that read the origin or a body: await them (`await expect(...).toServeOneVersion()`). */
interface EdgecaseAsyncMatchers<R> {
  /** The response's ETag: `{ etag }`, e.g. the PutResult of `origin.put`. Synchronous. */
  toServeVersion(version: { readonly etag: string }): R;
  /** The response's body (a string or bytes); reads a clone, so await it. */
  toServeVersion(body: string | Uint8Array): Promise<R>;
  /** Every edge server of every POP would serve one version now (that one, when given). */
  toServeOneVersion(version?: Version): Promise<R>;
  /** Every edge server would serve the version (default: the origin's current one) within the duration. */
  toBecomeVisibleEverywhereWithin(duration: Duration, version?: Version): Promise<R>;
}

declare module 'vitest' {
  interface Matchers<R, T> extends EdgecaseMatchers<R>, EdgecaseAsyncMatchers<R> {}
}
