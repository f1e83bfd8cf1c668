import { entryAgeMs } from '../cache/cache-entry.js';
import type { CacheNode } from '../cache/cache-node.js';
import type { Clock } from '../clock/clock.js';
import { type ChoiceSource, checkSeed, SeededRandom } from '../clock/random.js';
import { DEFAULT_ERROR_CACHING_MIN_TTL_MS } from '../distribution/custom-error-responses.js';
import { resolveDistribution } from '../distribution/distribution.js';
import { EdgecaseError, invalid } from '../errors.js';
import { InvalidationService } from '../invalidation/invalidation-service.js';
import type { CreateInvalidationOptions, Invalidation } from '../invalidation/types.js';
import type { HttpMethod, ResolvedBehavior, ResolvedDistribution } from '../options/config-types.js';
import { checkOptionKeys, optionKeys } from '../options/strict-keys.js';
import { applyResponseHeadersPolicy } from '../policy/apply-response-headers.js';
import { computeCacheKey } from '../policy/cache-key.js';
import { managedCachePolicies } from '../policy/managed-cache-policies.js';
import { type OriginRequestParts, originRequest } from '../policy/origin-request.js';
import {
  type ResolvedRouting,
  type RoutePin,
  Router,
  type RoutingOption,
  resolveRouting,
} from '../routing/router.js';
import type { ChainLink, Exchange, TierResult, TierSettings } from '../tiers/exchange.js';
import { fetchAt } from '../tiers/tier-fetch.js';
import { Topology } from '../topology/topology.js';
import { Trace } from '../trace/trace.js';
import { answer, cloudFrontAnswer, type EdgeAnswer, entryViewerHeaders } from './edge-answer.js';
import { EdgeResponse } from './edge-response.js';
import { cfRequestId, viaHeader } from './ids.js';
import { type EdgeView, type NodeView, nodeView, predictEdge } from './inspect.js';
import { type CdnOptions, splitOptions } from './options.js';
import { type CdnRequestInit, checkRequestInit } from './request-init.js';
import { RequestRecord } from './request-record.js';
import { readViewerRequest, type ViewerRequest, viewerUrl, viewerUrlLength } from './viewer-request.js';

export interface Inspection {
  path: string;
  /** The cache key a viewer with the given headers uses for this path. */
  key: string;
  atMs: number;
  /** Every node, edge servers first, with its copies of the path. */
  nodes: NodeView[];
  /** Per edge server, what a viewer routed there would be served now. */
  edges: EdgeView[];
}

/** Options of `cdn.reset()`. */
export interface CdnResetOptions {
  /** The seed of the new run (default: the creation seed). */
  seed?: number | string;
  /** Routing for the new run (default: the creation routing). */
  routing?: RoutingOption;
  /** Where `random` routing's choices come from (default: the seed's generator). */
  choices?: ChoiceSource;
}

const RESET_KEYS = optionKeys<CdnResetOptions>()(['seed', 'routing', 'choices']);

export interface Viewer {
  readonly name: string;
  fetch(input: string | URL | Request, init?: CdnRequestInit): Promise<Response>;
}

// §7 CFDG HowCloudFrontWorks: these proxy methods go from the POP straight to the origin (OPTIONS
// too, even when it is cached at the edge: §8 distribution-web-values-specify).
const PROXY_METHODS = new Set(['PUT', 'POST', 'PATCH', 'DELETE', 'OPTIONS']);
const CACHING_DISABLED_ID = managedCachePolicies.CachingDisabled.id;
// §5 cloudfront-limits: URL up to 8,192 bytes.
const MAX_URL_BYTES = 8192;

/** A simulated CloudFront distribution. Create it with `createCdn`. */
export class Cdn {
  readonly clock: Clock;
  readonly distribution: ResolvedDistribution;
  readonly topology: Topology;
  readonly trace: Trace;
  readonly #options: CdnOptions;
  #seed: number;
  #router: Router;
  #routing: ResolvedRouting;
  readonly #settings: TierSettings;
  #invalidations: InvalidationService;
  readonly #propagation: { minMs: number; maxMs: number };
  readonly #domains: Set<string>;
  readonly #via = new Map<string, string>();

  constructor(options: CdnOptions = {}) {
    const { simulation, distribution } = splitOptions(options);
    this.clock = simulation.clock;
    this.distribution = resolveDistribution(distribution);
    this.topology = new Topology(options.topology);
    this.trace = new Trace(options.trace);
    this.#options = options;
    this.#propagation = simulation.propagation;
    this.#routing = resolveRouting(options.routing);
    this.#domains = new Set(
      [this.distribution.domainName, ...this.distribution.aliases].map((d) => d.toLowerCase()),
    );
    for (const { origin } of this.distribution.origins.values()) origin.bindClock?.(this.clock);
    const errors = this.distribution.customErrorResponses;
    this.#settings = {
      clock: this.clock,
      trace: this.trace,
      upstreamAge: simulation.upstreamAge,
      errorCaching: simulation.errorCaching,
      minTtlNoCache: simulation.minTtlNoCache,
      errorCachingMinTtlMs: (status) =>
        errors.get(status)?.errorCachingMinTtlMs ?? DEFAULT_ERROR_CACHING_MIN_TTL_MS,
      hasCustomErrorResponse: (status) => errors.has(status),
      customErrorResponse: (status) => errors.get(status),
      cacheTagHeader: simulation.cacheTagHeader,
    };
    // Shields are regional caches too; create them up front so invalidations reach them.
    for (const origin of this.distribution.origins.values()) {
      if (origin.shieldRegion) this.topology.regional(origin.shieldRegion);
    }
    const random = new SeededRandom(simulation.seed);
    this.#seed = random.seed;
    this.#router = new Router(this.topology, random.fork('routing'));
    this.#invalidations = this.#invalidationService(random);
  }

  #invalidationService(random: SeededRandom): InvalidationService {
    const tagHeader = this.#settings.cacheTagHeader;
    return new InvalidationService({
      clock: this.clock,
      random: random.fork('propagation'),
      nodeIds: () => this.topology.nodes().map((n) => n.id),
      purge: (nodeId, matches) => this.#node(nodeId).purge(matches),
      propagation: this.#propagation,
      isUpstream: (nodeId) => nodeId.startsWith('REC-'),
      ...(tagHeader ? { cacheTagHeader: tagHeader } : {}),
    });
  }

  /**
   * Starts this distribution over, as if just created with the same options: every cache empty, no
   * trace, no invalidations, routing state forgotten. The clock and origins are not touched. For running
   * one scenario many times against the same objects (the explorer of `@edgecase/vitest` does, so the
   * app's clients and msw keep answering through this distribution). `seed` replaces the creation
   * seed for this run (routing, propagation moments, ids); `routing` the creation routing; `choices`
   * is where `random` routing draws its POPs and servers (default: the seed's generator).
   */
  reset(options: CdnResetOptions = {}): void {
    checkOptionKeys(options, RESET_KEYS, 'cdn.reset() options');
    const seed = options.seed ?? this.#options.seed ?? 1;
    checkSeed(seed, 'cdn.reset() seed');
    const choices = options.choices;
    if (choices !== undefined && typeof (choices as Partial<ChoiceSource> | null)?.int !== 'function') {
      invalid(
        'InvalidOption',
        'cdn.reset() choices',
        'an object with int(maxExclusive), such as a SeededRandom',
        choices,
      );
    }
    const routing = resolveRouting(options.routing ?? this.#options.routing, 'cdn.reset() routing');
    for (const node of this.topology.nodes()) node.clear();
    this.trace.reset();
    const random = new SeededRandom(seed);
    this.#seed = random.seed;
    this.#routing = routing;
    this.#router = new Router(this.topology, choices ?? random.fork('routing'));
    this.#invalidations = this.#invalidationService(random);
  }

  /** Sends a viewer request through the distribution and answers as CloudFront would. */
  async fetch(input: string | URL | Request, init?: CdnRequestInit): Promise<Response> {
    if (init !== undefined) checkRequestInit(init);
    const viewer = init?.viewer ?? 'anonymous';
    const routing =
      init?.routing === undefined ? this.#routing : resolveRouting(init.routing, 'init.routing');
    const request = readViewerRequest(input, init, this.distribution.domainName);
    if (!this.#domains.has(request.host)) {
      const url = viewerUrl(request);
      throw new EdgecaseError('InvalidUrl', `cdn.fetch: ${url} is not a URL of this distribution.`, {
        value: url,
        hint: `It answers for ${[...this.#domains].join(', ')}; add the host to \`aliases\` or fetch a path like '/a.jpg'.`,
      });
    }
    const pin: RoutePin | undefined =
      init?.pop !== undefined || init?.server !== undefined
        ? {
            ...(init.pop !== undefined ? { pop: init.pop } : {}),
            ...(init.server !== undefined ? { server: init.server } : {}),
          }
        : undefined;
    const edge = this.#router.route(viewer, routing, pin);
    const seq = this.trace.nextSeq();
    const atMs = this.clock.now();
    const result =
      this.#freshHit(request, edge) ?? (await this.#answer(request, edge, cfRequestId(this.#seed, seq)));
    const record = new RequestRecord(this.#seed, seq, atMs, viewer, request, edge, result);
    this.trace.add(record);
    const empty = request.method === 'HEAD' || result.status === 304 || result.status === 204;
    // §16 modifying-response-headers: the behaviour's response headers policy, on the way out only.
    const policy = result.behavior?.responseHeadersPolicy;
    const headers =
      policy === undefined
        ? result.headers
        : applyResponseHeadersPolicy(policy, result.headers, request, () => ({
            xCache: result.xCache,
            tiers: result.tiers,
            pop: edge.id,
            requestId: record.id,
            elapsedMs: this.clock.now() - atMs,
          }));
    return new EdgeResponse(result.status, headers, empty ? null : result.body, record, this.#viaFor(edge));
  }

  /**
   * The hot path: a plain GET/HEAD whose edge copy is fresh is answered here without building an
   * exchange or awaiting anything. Anything else (validators, ranges, errors, the root object, a
   * stale copy) returns undefined and takes the full path, so both give the same answer.
   */
  #freshHit(request: ViewerRequest, edge: CacheNode): EdgeAnswer | undefined {
    const { method, headers } = request;
    if ((method !== 'GET' && method !== 'HEAD') || request.scheme !== 'https' || request.hasBody)
      return undefined;
    if (viewerUrlLength(request) > MAX_URL_BYTES) return undefined;
    if (
      headers.range !== undefined ||
      headers['if-none-match'] !== undefined ||
      headers['if-modified-since'] !== undefined
    ) {
      return undefined;
    }
    if (request.path === '/' && this.distribution.defaultRootObject) return undefined;
    const behavior = this.distribution.selectBehavior(request.path);
    if (!behavior.cachedMethods.has(method)) return undefined;
    const key = computeCacheKey(request, behavior, this.distribution.domainName).key;
    const entry = edge.get(key);
    const now = this.clock.now();
    if (
      entry === undefined ||
      entry.decision.isError ||
      entry.decision.revalidateAlways ||
      now >= entry.staleAtMs
    )
      return undefined;
    if (behavior.cachePolicy.minTtlMs === 0 && entry.headers.vary?.trim() === '*') return undefined;
    const ageMs = entryAgeMs(entry, now);
    return {
      status: entry.status,
      headers: entryViewerHeaders(entry, behavior),
      body: entry.body,
      ageSeconds: Math.floor(ageMs / 1000),
      xCache: 'Hit',
      servedFrom: 'edge',
      tiers: edge.hitTiers,
      behavior,
      key,
    };
  }

  /** A named viewer (a browser) with its own routing. */
  viewer(name: string, options: { routing?: RoutingOption } = {}): Viewer {
    if (typeof name !== 'string' || name === '') {
      throw new EdgecaseError(
        'InvalidOption',
        `cdn.viewer: expected a non-empty name, got ${JSON.stringify(name)}.`,
      );
    }
    checkOptionKeys(options, ['routing'], 'cdn.viewer() options');
    const routing = options.routing;
    if (routing !== undefined) resolveRouting(routing, 'viewer routing');
    return {
      name,
      fetch: (input, init) =>
        this.fetch(input, {
          ...init,
          viewer: name,
          ...(routing !== undefined && init?.routing === undefined ? { routing } : {}),
        }),
    };
  }

  /** CreateInvalidation: removes the paths from every node, each at its own moment (§6). */
  createInvalidation(paths: readonly string[], options?: CreateInvalidationOptions): Invalidation {
    return this.#invalidations.create(paths, options);
  }

  getInvalidation(id: string): Invalidation {
    return this.#invalidations.get(id);
  }

  listInvalidations(): readonly Invalidation[] {
    return this.#invalidations.list();
  }

  /**
   * Read-only inspection of `path` (a path like `/a.jpg`, optionally with `?query`): every node's
   * copies of it and, per edge server, what a viewer routed there would get now. Nothing is warmed,
   * refreshed or counted; the clock does not move. `headers` are the viewer's, for the cache key.
   */
  inspect(path: string, options: { headers?: HeadersInit } = {}): Inspection {
    checkOptionKeys(options, ['headers'], 'cdn.inspect() options');
    const request = readViewerRequest(
      path,
      options.headers ? { headers: options.headers } : undefined,
      this.distribution.domainName,
    );
    const now = this.clock.now();
    const resolvedPath =
      request.path === '/' && this.distribution.defaultRootObject
        ? `/${this.distribution.defaultRootObject}`
        : request.path;
    const behavior = this.distribution.selectBehavior(resolvedPath);
    const edges = this.topology.edgeServers().map(({ node }) => {
      const ex = this.#exchange(request, resolvedPath, behavior, node, '');
      return predictEdge(ex.chain, ex.key, now, behavior.cachePolicy.minTtlMs);
    });
    const key = computeCacheKey(
      { method: request.method, path: resolvedPath, query: request.query, headers: request.headers },
      behavior,
      this.distribution.domainName,
    ).key;
    return {
      path: resolvedPath,
      key,
      atMs: now,
      nodes: this.topology.nodes().map((node) => nodeView(node, resolvedPath, now)),
      edges,
    };
  }

  /** Every cache node: edge servers, regional caches and shields. */
  nodes(): readonly CacheNode[] {
    return this.topology.nodes();
  }

  #node(id: string): CacheNode {
    const node = this.topology.node(id);
    if (!node) throw new EdgecaseError('NoSuchServer', `No cache node ${JSON.stringify(id)}.`);
    return node;
  }

  #viaFor(node: CacheNode): string {
    let via = this.#via.get(node.id);
    if (via === undefined) {
      via = viaHeader(node.id);
      this.#via.set(node.id, via);
    }
    return via;
  }

  async #answer(request: ViewerRequest, edge: CacheNode, cfId: string): Promise<EdgeAnswer> {
    const dist = this.distribution;
    // §5 RequestS3MaxRequestStringLength: over 8,192 bytes of URL is a 413.
    if (viewerUrlLength(request) > MAX_URL_BYTES)
      return cloudFrontAnswer(413, 'Error', 'URL longer than 8,192 bytes');
    // §8 DefaultRootObject: applies only to the root URL `/`.
    const path = request.path === '/' && dist.defaultRootObject ? `/${dist.defaultRootObject}` : request.path;
    const behavior = dist.selectBehavior(path);
    // §8 using-https-viewers-to-cloudfront: viewer protocol policy.
    if (request.scheme === 'http' && behavior.viewerProtocolPolicy !== 'allow-all') {
      if (behavior.viewerProtocolPolicy === 'https-only') {
        return cloudFrontAnswer(
          403,
          'Error',
          'HTTPS required by the https-only viewer protocol policy',
          behavior,
        );
      }
      const location = `https://${request.host}${request.path}${request.query ? `?${request.query}` : ''}`;
      const status = request.method === 'GET' || request.method === 'HEAD' ? 301 : 307;
      return cloudFrontAnswer(
        status,
        'Redirect',
        `redirect-to-https sends ${status} to ${location}`,
        behavior,
        { location },
      );
    }
    // §8 AllowedHTTPMethods: other methods are refused (InvalidRequestMethod; 403 is UNCONFIRMED but common).
    if (!behavior.allowedMethods.has(request.method as HttpMethod)) {
      return cloudFrontAnswer(
        403,
        'Error',
        `${request.method} is not in the behaviour's allowed methods`,
        behavior,
      );
    }
    // §5 RequestS3MaxRequestStringLength: a GET with a body gets 403.
    if (request.hasBody && (request.method === 'GET' || request.method === 'HEAD')) {
      return cloudFrontAnswer(403, 'Error', `${request.method} request with a body`, behavior);
    }
    const exchange = this.#exchange(request, path, behavior, edge, cfId);
    if (request.bodySource !== null) exchange.body = await readBody(request.bodySource);
    const result = await fetchAt(exchange, 0, viewerValidators(request));
    return answer(exchange, result, request, (pagePath) => this.#errorPage(pagePath, edge, cfId, request));
  }

  /** §2 HTTPStatusCodes: a custom error page is fetched through the behaviour matching its path, and cached. */
  async #errorPage(
    pagePath: string,
    edge: CacheNode,
    cfId: string,
    viewer: ViewerRequest,
  ): Promise<TierResult> {
    const behavior = this.distribution.selectBehavior(pagePath);
    const request: ViewerRequest = {
      ...viewer,
      method: 'GET',
      path: pagePath,
      query: '',
      headers: { ...viewer.headers },
    };
    delete request.headers.range;
    delete request.headers['if-none-match'];
    delete request.headers['if-modified-since'];
    return fetchAt(this.#exchange(request, pagePath, behavior, edge, cfId), 0);
  }

  #exchange(
    request: ViewerRequest,
    path: string,
    behavior: ResolvedBehavior,
    edge: CacheNode,
    cfId: string,
  ): Exchange {
    const origin = this.distribution.origins.get(behavior.targetOriginId);
    if (!origin)
      throw new EdgecaseError('NoSuchOrigin', `Behaviour ${behavior.pathPattern} targets a missing origin.`);
    const key = computeCacheKey(
      { method: request.method, path, query: request.query, headers: request.headers },
      behavior,
      this.distribution.domainName,
    );
    const cachedMethod =
      behavior.cachedMethods.has(request.method as HttpMethod) &&
      !(request.method === 'OPTIONS' && !behavior.cachedMethods.has('OPTIONS'));
    const policy = behavior.cachePolicy;
    const chain: ChainLink[] = [{ node: edge, tier: 'edge' }];
    // §7 HowCloudFrontWorks: proxy methods go straight to the origin, skipping the regional cache.
    if (cachedMethod && !PROXY_METHODS.has(request.method)) {
      const regional = this.topology.regional(this.topology.pop(edge.pop ?? '')?.region ?? edge.region);
      const shield = origin.shieldRegion ? this.topology.regional(origin.shieldRegion) : undefined;
      // §7: an S3 origin in the same Region as the POP's regional cache skips that cache (unless shielded).
      const skipRegional = !shield && origin.kind === 's3' && origin.region === regional.region;
      if (!skipRegional) chain.push({ node: regional, tier: shield === regional ? 'shield' : 'regional' });
      if (shield && shield !== regional) chain.push({ node: shield, tier: 'shield' });
    }
    // §5: S3 (and CloudFront in front of it) wants the object path; OPTIONS is keyed apart.
    return {
      settings: this.#settings,
      method: request.method,
      cacheable: cachedMethod,
      // §7: no collapsing with CachingDisabled or forwarded cookies; HEAD never fills for a GET.
      collapse:
        cachedMethod &&
        request.method === 'GET' &&
        policy.id !== CACHING_DISABLED_ID &&
        policy.cookies.behavior === 'none',
      key: key.key,
      path,
      keyQuery: key.keyQuery,
      acceptEncoding: key.acceptEncoding,
      ...originRequestParts(originRequest(key, request, behavior, origin, path)),
      body: undefined,
      behavior,
      origin,
      chain,
      cfId,
      viaHeader: this.#viaFor(edge),
    };
  }
}

/** Creates a simulated distribution. See `CdnOptions`. */
export function createCdn(options: CdnOptions = {}): Cdn {
  return new Cdn(options);
}

function originRequestParts(parts: OriginRequestParts) {
  return { originPath: parts.path, originQuery: parts.query, originHeaders: parts.headers };
}

async function readBody(source: BodyInit | Request): Promise<Uint8Array> {
  const response = source instanceof Request ? source : new Response(source);
  return new Uint8Array(await response.arrayBuffer());
}

function viewerValidators(request: ViewerRequest) {
  const etag = request.headers['if-none-match'];
  const lastModified = request.headers['if-modified-since'];
  return etag === undefined && lastModified === undefined ? undefined : { etag, lastModified };
}
