import type { CacheNode } from '../cache/cache-node.js';
import type { ServedFrom, TierOutcome, TraceRequest } from '../trace/trace.js';
import type { EdgeAnswer } from './edge-answer.js';
import { cfRequestId } from './ids.js';
import { type ViewerRequest, viewerUrl } from './viewer-request.js';

/**
 * The trace record of one viewer request. Its `id` (the X-Amz-Cf-Id) is derived from the seed and the
 * sequence number only when read: building it costs more than the rest of a cache hit.
 */
export class RequestRecord implements TraceRequest {
  readonly type = 'request';
  readonly seq: number;
  readonly atMs: number;
  readonly viewer: string;
  readonly method: string;
  readonly path: string;
  readonly pop: string;
  readonly region: string;
  readonly server: number;
  readonly node: string;
  readonly behavior: string;
  readonly cacheKey: string;
  readonly status: number;
  readonly xCache: string;
  readonly servedFrom: ServedFrom;
  readonly tiers: readonly TierOutcome[];
  readonly etag: string | undefined;
  readonly ageSeconds: number | undefined;
  readonly bytes: number;
  readonly customError: TraceRequest['customError'];
  readonly note: string | undefined;
  /** The configuration version the edge location served with (1 until `cdn.updateDistribution`). */
  readonly distributionVersion: number;
  readonly functions: TraceRequest['functions'];
  readonly #seed: number;
  // What `url` needs, not the whole request (its headers, body source and viewer): ~100 B a record.
  readonly #scheme: ViewerRequest['scheme'];
  readonly #host: string;
  readonly #query: string;

  constructor(
    seed: number,
    seq: number,
    atMs: number,
    viewer: string,
    request: ViewerRequest,
    edge: CacheNode,
    answer: EdgeAnswer,
    bytes: number,
    distributionVersion = 1,
  ) {
    this.#seed = seed;
    this.seq = seq;
    this.atMs = atMs;
    this.viewer = viewer;
    this.method = request.method;
    this.#scheme = request.scheme;
    this.#host = request.host;
    this.#query = request.query;
    this.path = request.path;
    this.pop = edge.pop ?? '';
    this.region = edge.region;
    this.server = edge.server ?? 1;
    // The edge tier's outcome already names this node: one id string for both (ids are built on read).
    const first = answer.tiers[0];
    this.node = first !== undefined && first.tier === 'edge' ? first.node : edge.id;
    this.behavior = answer.behavior?.pathPattern ?? '';
    this.cacheKey = answer.key ?? '';
    this.status = answer.status;
    this.xCache = answer.xCache;
    this.servedFrom = answer.servedFrom;
    this.tiers = answer.tiers;
    this.etag = answer.headers.etag;
    this.ageSeconds = answer.ageSeconds;
    this.bytes = bytes;
    this.customError = answer.customError;
    this.note = answer.note;
    this.distributionVersion = distributionVersion;
    this.functions = answer.functions;
  }

  /** The URL requested (fragment removed). */
  get url(): string {
    return viewerUrl({ scheme: this.#scheme, host: this.#host, path: this.path, query: this.#query });
  }

  /** X-Amz-Cf-Id of the response. */
  get id(): string {
    return cfRequestId(this.#seed, this.seq);
  }

  toJSON(): TraceRequest {
    return { ...this, url: this.url, id: this.id };
  }
}
