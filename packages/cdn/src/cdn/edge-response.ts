import { CompactEntry, type HeaderSource, headerMapOf } from '../cache/cache-entry.js';
import { decodedBody } from '../cache/compression.js';
import type { HeaderMap } from '../origin/types.js';

/** What a response needs from its trace record to add CloudFront's headers. */
export interface CloudFrontStamp {
  readonly xCache: string;
  readonly node: string;
  readonly id: string;
  readonly ageSeconds: number | undefined;
}

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  206: 'Partial Content',
  301: 'Moved Permanently',
  302: 'Found',
  304: 'Not Modified',
  307: 'Temporary Redirect',
  308: 'Permanent Redirect',
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  412: 'Precondition Failed',
  413: 'Payload Too Large',
  416: 'Range Not Satisfiable',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** The reason phrase edgecase gives a status (`''` for one it does not list). */
export function statusTextOf(status: number): string {
  return STATUS_TEXT[status] ?? '';
}

/**
 * The `Response` `cdn.fetch` returns. It is a real `Response` (`instanceof Response`, every member
 * works) whose WHATWG internals (Headers, body stream) are built only when first used: building them
 * costs ~50 times what the simulator spends on a cache hit, and most assertions read only `status`
 * and a header or two. Like any Response, its body can be read once.
 */
// A base whose prototype is Response.prototype: instances are `instanceof Response` and inherit its
// Symbol.toStringTag, while construction stays a plain object allocation (no WHATWG internals).
function ResponseBase(): void {}
ResponseBase.prototype = Response.prototype;
const Base = ResponseBase as unknown as new () => object;

export class EdgeResponse extends Base implements Response {
  readonly #status: number;
  readonly #shared: HeaderSource;
  readonly #stamp: CloudFrontStamp | undefined;
  readonly #viaOf: ((node: string) => string) | undefined;
  readonly #body: Uint8Array | null;
  #merged: HeaderMap | undefined;
  #headersObject: Headers | undefined;
  #real: Response | undefined;

  /**
   * `shared` may be a cached entry's frozen headers, or an entry serving its header template (built
   * when the headers are first read: `HeaderSource`). The headers CloudFront adds (X-Cache, Via,
   * X-Amz-Cf-Pop, X-Amz-Cf-Id, Age) come from `stamp` and are built on first read; `viaOf` gives the
   * Via header of the stamp's node then (not per request: at 12,000 servers looking it up on every
   * hit cost more than the rest of the response).
   */
  constructor(
    status: number,
    shared: HeaderSource,
    body: Uint8Array | null,
    stamp?: CloudFrontStamp,
    viaOf?: (node: string) => string,
  ) {
    super();
    this.#status = status;
    this.#shared = shared;
    this.#stamp = stamp;
    this.#viaOf = viaOf;
    this.#body = body;
  }

  get #headers(): HeaderMap {
    if (this.#merged === undefined) {
      const stamp = this.#stamp;
      const shared = this.#shared;
      if (stamp === undefined) this.#merged = headerMapOf(shared);
      else {
        // An entry's template builds a new object: CloudFront's headers are added to that one.
        const merged: HeaderMap = shared instanceof CompactEntry ? shared.servedHeaders() : { ...shared };
        merged['x-cache'] = `${stamp.xCache} from cloudfront`;
        if (this.#viaOf !== undefined) merged.via = this.#viaOf(stamp.node);
        merged['x-amz-cf-pop'] = stamp.node;
        merged['x-amz-cf-id'] = stamp.id;
        if (stamp.ageSeconds !== undefined) merged.age = String(stamp.ageSeconds);
        this.#merged = merged;
      }
    }
    return this.#merged;
  }

  get status(): number {
    return this.#status;
  }
  get ok(): boolean {
    return this.#status >= 200 && this.#status < 300;
  }
  get statusText(): string {
    return STATUS_TEXT[this.#status] ?? '';
  }
  get type(): ResponseType {
    return 'default';
  }
  get url(): string {
    return '';
  }
  get redirected(): boolean {
    return false;
  }
  get headers(): Headers {
    this.#headersObject ??= this.#real ? this.#real.headers : new Headers(this.#headers);
    return this.#headersObject;
  }
  get body(): ReadableStream<Uint8Array<ArrayBuffer>> | null {
    return this.#materialize().body;
  }
  get bodyUsed(): boolean {
    return this.#real?.bodyUsed ?? false;
  }
  clone(): Response {
    return this.#materialize().clone();
  }
  arrayBuffer(): Promise<ArrayBuffer> {
    return this.#materialize().arrayBuffer();
  }
  blob(): Promise<Blob> {
    return this.#materialize().blob();
  }
  bytes(): Promise<Uint8Array<ArrayBuffer>> {
    return this.#materialize().bytes();
  }
  formData(): Promise<FormData> {
    return this.#materialize().formData();
  }
  json(): Promise<unknown> {
    return this.#materialize().json();
  }
  text(): Promise<string> {
    return this.#materialize().text();
  }

  /**
   * The response as it travels on the wire: for a body the edge compressed, the compressed bytes
   * (fetch-style reads of an EdgeResponse give the decoded body). Hand this to anything that plays a
   * server, such as an msw handler, which decodes `Content-Encoding` itself.
   */
  static wire(response: Response): Response {
    if (!(response instanceof EdgeResponse)) return response;
    const body = response.#body;
    const headers = response.#headers;
    if (body === null || decodedBody(headers, body) === body) return response;
    return new Response(body as Uint8Array<ArrayBuffer>, {
      status: response.#status,
      statusText: response.statusText,
      headers,
    });
  }

  /** The plain header record, for edgecase's own matchers (no WHATWG objects). */
  static headerRecord(response: Response): HeaderMap | undefined {
    return response instanceof EdgeResponse ? response.#headers : undefined;
  }

  #materialize(): Response {
    const body = this.#body === null ? null : decodedBody(this.#headers, this.#body);
    this.#real ??= new Response(body as Uint8Array<ArrayBuffer> | null, {
      status: this.#status,
      statusText: this.statusText,
      headers: this.#headersObject ?? this.#headers,
    });
    return this.#real;
  }
}
