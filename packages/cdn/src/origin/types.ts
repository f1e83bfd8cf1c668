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
  /**
   * How CloudFront connects, when the origin has an origin protocol policy (custom origins, §8):
   * `http` for `http-only`, `https` for `https-only`, the viewer's for `match-viewer`.
   */
  protocol?: 'http' | 'https';
  /** The port CloudFront connects to: the origin's HTTPPort or HTTPSPort for `protocol`. */
  port?: number;
  /**
   * Who CloudFront signed this request as (§18): the distribution's origin access control or the
   * origin's origin access identity. Absent when the request is not signed by CloudFront (no OAC or
   * OAI, OAC `never`, or OAC `no-override` forwarding the viewer's own `Authorization`). A private
   * bucket answers by it: `memoryOrigin({ access: 'private' })` checks it against its bucket policy,
   * `s3Origin({ access: 'private' })` signs with its client's credentials only when it is set.
   */
  signedAs?: OriginPrincipal;
}

/**
 * CloudFront's principal at an S3 origin (§18, CFDG private-content-restricting-access-to-s3): an
 * OAC signs as the service principal `cloudfront.amazonaws.com` with the distribution's ARN as
 * `AWS:SourceArn`; an OAI is the IAM user
 * `arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity <id>`.
 */
export type OriginPrincipal =
  | {
      type: 'origin-access-control';
      /** The OAC's id, e.g. `E2QWRUHEXAMPLE`. */
      id: string;
      /** `arn:aws:cloudfront::<account>:distribution/<id>`: the request's `AWS:SourceArn`. */
      sourceArn: string;
      /** The distribution's account: the request's `AWS:SourceAccount`. */
      sourceAccount: string;
    }
  | {
      type: 'origin-access-identity';
      /** The OAI's id, e.g. `E2QWRUHEXAMPLE`. */
      id: string;
      /** `arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity <id>`. */
      arn: string;
    };

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
  /**
   * Called by the origin once it has accepted the connection, before its answer is ready. Origins
   * may call it more than once; only the first call counts. It lets the CDN tell its two timeouts apart (§8 "Origin timeouts"): a
   * fetch that never settles and never called `onConnect` hit the connection timeout; one that called
   * it and never settles hit the response (read) timeout. An answer implies a connection.
   */
  onConnect?: () => void;
  /** Aborted by the CDN when it gives up on the fetch (a timeout); origins may stop work then. */
  signal?: AbortSignal;
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
  /** The origin's AWS Region when it knows it (an S3 bucket's); `createCdn` uses it unless given one. */
  readonly region?: string | undefined;
  fetch(request: OriginRequest, context: OriginFetchContext): Promise<OriginResponse>;
  /**
   * Called by `createCdn` with the distribution's clock. Origins that keep time (uploads in flight,
   * scheduled faults) adopt it when they were created without one, and reject a different clock.
   */
  bindClock?(clock: Clock): void;
}

/**
 * Internal: an origin that can answer at once, with no promise, defines this method. It returns the
 * answer `fetch` would give for `request` right now, or `undefined` when that answer is not immediate
 * (an injected fault); the CDN then calls `fetch`. Its header values are flat strings (flat-string.ts):
 * the CDN keeps them as they are. Not part of the public `Origin` interface.
 */
export const ANSWER_NOW = Symbol('edgecase.answerNow');

export interface ImmediateOrigin {
  [ANSWER_NOW](request: OriginRequest, context: OriginFetchContext): OriginResponse | undefined;
}

/** Thrown (rejected) by origins when no connection could be made. */
export class OriginUnreachableError extends Error {
  override readonly name = 'OriginUnreachableError';
  readonly kind: 'refused' | 'reset';
  constructor(message: string, kind: 'refused' | 'reset' = 'refused', options?: { cause?: unknown }) {
    super(message, options);
    this.kind = kind;
  }
}
