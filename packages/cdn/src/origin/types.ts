import type { Clock } from '../clock/clock.js';

/** Header map with lower-case names. Plain objects keep the simulator's hot path free of WHATWG objects. */
export type HeaderMap = Record<string, string>;

/** What a cache tier sends to an origin. */
export interface OriginRequest {
  /** Upper-case method: `GET`, `HEAD`, `OPTIONS`, `PUT`, `POST`, `PATCH`, `DELETE`. */
  method: string;
  /** URL path as sent on the wire (percent-encoded), starting with `/`. For S3 origins it is `/<key>`. */
  path: string;
  /** Query string without the `?`; `''` when there is none. */
  query: string;
  /** Lower-case names: conditional headers, `range`, `x-amz-cf-id`, `via`, forwarded key headers. */
  headers: HeaderMap;
  body?: Uint8Array;
}

/** What an origin answers. Bodies are shared between cache nodes and must never be mutated. */
export interface OriginResponse {
  status: number;
  /** Lower-case names. */
  headers: HeaderMap;
  body: Uint8Array;
}

export interface OriginFetchContext {
  /** The simulation clock, for latency and time-dependent answers. */
  clock: Clock;
}

/**
 * One interface for every origin: `memoryOrigin` (S3 semantics in memory), `s3Origin` (any
 * S3-compatible endpoint), `httpOrigin` (any HTTP server). A rejected promise means the origin could
 * not be reached (connection refused or reset); the CDN turns it into the error CloudFront gives.
 */
export interface Origin {
  /** `s3` origins get S3-specific CloudFront behaviour (REC skipping by region, Host not in the key). */
  readonly kind: 's3' | 'custom';
  /** A short label for traces and messages, e.g. `memory:my-bucket` or `http://127.0.0.1:9000`. */
  readonly name: string;
  fetch(request: OriginRequest, context: OriginFetchContext): Promise<OriginResponse>;
  /**
   * Called by `createCdn` with the distribution's clock. Origins that keep time (uploads in flight,
   * scheduled faults) adopt it when they were created without one, and reject a different clock.
   */
  bindClock?(clock: Clock): void;
}

/** Thrown (rejected) by origins when no connection could be made. */
export class OriginUnreachableError extends Error {
  override readonly name = 'OriginUnreachableError';
  readonly kind: 'refused' | 'reset';
  constructor(message: string, kind: 'refused' | 'reset' = 'refused') {
    super(message);
    this.kind = kind;
  }
}
