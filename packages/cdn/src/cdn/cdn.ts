import { entryAgeMs, entryVaryAll, headerMapOf } from '../cache/cache-entry.js';
import type { CacheNode } from '../cache/cache-node.js';
import type { Clock } from '../clock/clock.js';
import { type ChoiceSource, checkSeed, SeededRandom, seedNumber } from '../clock/random.js';
import { type ApiSource, apiSource, loadEdited } from '../distribution/api-config.js';
import { DEFAULT_ERROR_CACHING_MIN_TTL_MS } from '../distribution/custom-error-responses.js';
import {
  checkIfMatch,
  type Deployment,
  Deployments,
  type DeploymentView,
  type DeploymentWindow,
} from '../distribution/deployments.js';
import { resolveDistribution } from '../distribution/distribution.js';
import { isGeoBlocked } from '../distribution/restrictions.js';
import { inLoadedWords } from '../distribution/source-paths.js';
import { EdgecaseError, invalid } from '../errors.js';
import { runLambdaViewerRequest, runLambdaViewerResponse } from '../functions/lambda-edge-stations.js';
import {
  type EventSite,
  type FunctionInvocation,
  runViewerRequest,
  runViewerResponse,
} from '../functions/viewer-functions.js';
import { InvalidationService } from '../invalidation/invalidation-service.js';
import type { CreateInvalidationOptions, Invalidation } from '../invalidation/types.js';
import type {
  AwsDistributionConfig,
  AwsDistributionConfigInput,
} from '../options/aws-distribution-config.js';
import type {
  DistributionOptions,
  HttpMethod,
  ResolvedBehavior,
  ResolvedDistribution,
  ResolvedOrigin,
} from '../options/config-types.js';
import { checkOptionKeys, optionKeys } from '../options/strict-keys.js';
import { applyResponseHeadersPolicy } from '../policy/apply-response-headers.js';
import { cacheKeyOf, computeCacheKey } from '../policy/cache-key.js';
import { addCloudFrontHeaders, CLOUDFRONT_HEADERS } from '../policy/cloudfront-headers.js';
import { managedCachePolicies } from '../policy/managed-cache-policies.js';
import {
  type ResolvedRouting,
  type RoutePin,
  Router,
  type RoutingOption,
  resolveRouting,
} from '../routing/router.js';
import {
  anonymousViewer,
  checkViewerAttributes,
  hasViewerAttributes,
  VIEWER_ATTRIBUTE_KEYS,
  type ViewerAttributes,
  viewerIdentity,
} from '../routing/viewer-attributes.js';
import { checkSignedRequest, type SignatureCheck, signatureErrorBody } from '../signing/signed-request.js';
import type { ChainLink, Exchange, TierResult, TierSettings } from '../tiers/exchange.js';
import { type FillSite, fetchAt, fillFromUpstreamCopy } from '../tiers/tier-fetch.js';
import { type Pop, Topology } from '../topology/topology.js';
import { Trace } from '../trace/trace.js';
import {
  answer,
  cloudFrontAnswer,
  type EdgeAnswer,
  entryViewerHeaders,
  noErrorPage,
  viewerHeaders,
} from './edge-answer.js';
import { EdgeResponse, statusTextOf } from './edge-response.js';
import { LazyCfId, viaHeader } from './ids.js';
import {
  type EdgeClass,
  type EdgeServerId,
  type EdgeView,
  type NodeView,
  nodeView,
  predictFrom,
} from './inspect.js';
import { type CdnOptions, type ResolvedSimulation, SIMULATION_KEYS, splitOptions } from './options.js';
import { type CdnRequestInit, checkRequestInit } from './request-init.js';
import { RequestRecord } from './request-record.js';
import { readViewerRequest, type ViewerRequest, viewerUrl, viewerUrlLength } from './viewer-request.js';

/** How many nodes' Via headers a distribution remembers (`#viaOf`). */
const VIA_MEMO = 64;

export interface Inspection {
  /** The path as the latest configuration resolves it (the default root object for `/`). */
  path: string;
  /**
   * The cache key a viewer with the given headers uses for this path, under the latest configuration.
   * During a rollout (`cdn.updateDistribution`) each edge server's prediction in `edges` and
   * `edgeClasses` uses the configuration its POP serves now, as a request there would.
   */
  key: string;
  /**
   * The latest configuration's version, which `path` and `key` are for. Each edge's own
   * (`edges[i].distributionVersion`, `edgeClasses[i].view.distributionVersion`) is the version its
   * POP serves now: older than this one at POPs an update has not reached yet.
   */
  distributionVersion: number;
  atMs: number;
  /**
   * Every node, edge servers first, with its copies of the path. Built when first read, one view
   * per server: at CloudFront's size read `holders` and `edgeClasses` instead.
   */
  nodes: NodeView[];
  /** Per edge server, what a viewer routed there would be served now. Built when first read, like `nodes`. */
  edges: EdgeView[];
  /** The nodes holding a copy of the path (any key variant), edge servers first. */
  holders: NodeView[];
  /**
   * Edge servers grouped by what they would be served: each server holding the key alone, and per
   * Region the servers holding none of it. Their counts add up to `edgeCount`.
   */
  edgeClasses: EdgeClass[];
  /** How many edge servers viewers can reach. */
  edgeCount: number;
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

/** `cdn.viewer(name, options)`: its routing and who it is (country, IP address, user agent). */
export interface ViewerOptions extends ViewerAttributes {
  routing?: RoutingOption;
}

export interface Viewer {
  readonly name: string;
  /** The country, IP address and user agent it was given (each request may override them). */
  readonly attributes: Readonly<ViewerAttributes>;
  fetch(input: string | URL | Request, init?: CdnRequestInit): Promise<Response>;
}

// §7 CFDG HowCloudFrontWorks: these proxy methods go from the POP straight to the origin (OPTIONS
// too, even when it is cached at the edge: §8 distribution-web-values-specify).
const PROXY_METHODS = new Set(['PUT', 'POST', 'PATCH', 'DELETE', 'OPTIONS']);
const CACHING_DISABLED_ID = managedCachePolicies.CachingDisabled.id;
// §5 cloudfront-limits: URL up to 8,192 bytes.
const MAX_URL_BYTES = 8192;

/** One version of the configuration, ready to serve. */
interface Serving {
  distribution: ResolvedDistribution;
  settings: TierSettings;
  /** Whether any behaviour has CloudFront Functions, Lambda@Edge or key groups: when not, fetch takes the path it always took. */
  edgeCode: boolean;
  /** Whether a request can be refused before any cache (disabled, or a geo restriction): when not, fetch skips the check. */
  refuses: boolean;
  /** Whether any behaviour has a response headers policy: when not, fetch skips applying one. */
  responsePolicies: boolean;
  /** The API's DistributionConfig of this version (written out on first use). */
  api: () => ApiSource;
}

/** A simulated CloudFront distribution. Create it with `createCdn`. */
export class Cdn {
  readonly clock: Clock;
  readonly topology: Topology;
  readonly trace: Trace;
  readonly #options: CdnOptions;
  #seed: number;
  #router: Router;
  #routing: ResolvedRouting;
  readonly #simulation: ResolvedSimulation;
  readonly #deployments: Deployments<Serving>;
  readonly #deploymentWindow: DeploymentWindow;
  /** Made on first use after a `reset` (most explored runs invalidate nothing). */
  #invalidations: InvalidationService | undefined;
  readonly #propagation: { minMs: number; maxMs: number };
  readonly #domains: Set<string>;
  readonly #via = new Map<string, string>();
  #onNodeActive: ((nodeId: string) => void) | undefined;
  readonly #disabledStatus: number;
  readonly #distributionId: string;

  constructor(options: CdnOptions = {}) {
    const { simulation, distribution } = splitOptions(options);
    this.clock = simulation.clock;
    this.topology = new Topology(options.topology);
    this.trace = new Trace(options.trace);
    this.#options = options;
    this.#propagation = simulation.propagation;
    this.#disabledStatus = simulation.disabledStatus;
    this.#distributionId = simulation.arn.slice(simulation.arn.lastIndexOf('/') + 1);
    this.#routing = resolveRouting(options.routing);
    this.#simulation = simulation;
    this.#domains = new Set();
    this.#deploymentWindow = simulation.deployment;
    const first = this.#serving(distribution);
    this.#deployments = new Deployments(
      new SeededRandom(simulation.seed).fork('deployment').seed,
      this.#deploymentWindow,
      first,
      this.clock.now(),
    );
    const random = new SeededRandom(simulation.seed);
    this.#seed = random.seed;
    this.#router = new Router(this.topology, random.fork('routing'));
    this.topology.onNodeActive((node) => this.#onNodeActive?.(node.id));
    // Made now, so a bad propagation option fails createCdn.
    this.#invalidations = this.#invalidationService(random);
  }

  /** The invalidation service of the current run, made on first use. */
  get #service(): InvalidationService {
    // The seed's generator, which the service forks its own from: made here, not by every reset.
    this.#invalidations ??= this.#invalidationService(new SeededRandom(this.#seed));
    return this.#invalidations;
  }

  #invalidationService(random: SeededRandom): InvalidationService {
    const cdn = this;
    return new InvalidationService({
      clock: this.clock,
      random: random.fork('propagation'),
      nodeIds: () => this.topology.nodeIds(),
      // Only nodes holding what the batch covers, or fetching, get a purge on the clock.
      nodesToPurge: (scope) => {
        const nodes = this.topology.store.holdersOf(scope);
        for (const node of this.topology.filling()) nodes.add(node);
        return [...nodes].map((node) => node.id);
      },
      upstreamNodeIds: () => this.topology.regionals().map((node) => node.id),
      // One subscription for the distribution's life, handed to the service of the current run.
      onNodeActive: (listener) => {
        this.#onNodeActive = listener;
      },
      hasNode: (nodeId) => this.topology.hasNode(nodeId),
      purge: (nodeId, matches) => this.topology.existingNode(nodeId)?.purge(matches) ?? 0,
      propagation: this.#propagation,
      isUpstream: (nodeId) => nodeId.startsWith('REC-'),
      // The latest configuration's CacheTagConfig decides whether `#tag` items are taken.
      get cacheTagHeader() {
        return cdn.distribution.cacheTagHeader;
      },
    });
  }

  /**
   * The distribution's ARN (the `arn` option): what an origin access control's requests carry as
   * `AWS:SourceArn` and a private bucket's policy names (§18).
   */
  get arn(): string {
    return this.#simulation.arn;
  }

  /** The latest configuration (what GetDistributionConfig returns); edge locations may still serve an older one during a rollout (see `deployment()`). */
  get distribution(): ResolvedDistribution {
    return this.#deployments.latest.config.distribution;
  }

  /**
   * UpdateDistribution (§13 HowToUpdateDistribution): replaces the configuration — the same input
   * `createCdn` takes for a distribution, or a loader's output (`fromDistributionConfig`...); nothing
   * is merged. Each edge location switches to it at its own moment inside the `deployment` window
   * (seeded, on the clock) and serves the previous configuration until then; cached copies are kept.
   * `ifMatch`, when given, must be the current ETag (`PreconditionFailed` otherwise).
   */
  updateDistribution(config: DistributionOptions, options: { ifMatch?: string } = {}): DeploymentView {
    checkOptionKeys(options, ['ifMatch'], 'cdn.updateDistribution() options');
    if (typeof config !== 'object' || config === null) {
      invalid(
        'InvalidOption',
        'cdn.updateDistribution config',
        'distribution options (createCdn’s without clock, seed, topology...) or a loader’s output',
        config,
      );
    }
    const simulationKey = Object.keys(config).find((key) =>
      (SIMULATION_KEYS as readonly string[]).includes(key),
    );
    if (simulationKey !== undefined) {
      invalid(
        'InvalidOption',
        `cdn.updateDistribution config.${simulationKey}`,
        'only distribution options: the simulation (clock, seed, topology, routing...) stays as created',
        (config as Record<string, unknown>)[simulationKey],
      );
    }
    if (options.ifMatch !== undefined) checkIfMatch(options.ifMatch, this.#deployments.latest.etag);
    const serving = this.#serving(config);
    this.#deployments.add(serving, this.clock.now());
    return this.deployment();
  }

  /**
   * Where the configuration stands now: `Status` (`InProgress` until every edge location has the
   * latest version, then `Deployed`), the latest version's ETag, and per edge location the version
   * it serves.
   */
  deployment(): DeploymentView {
    return this.#deployments.view(
      this.topology.pops.map((pop) => pop.id),
      this.clock.now(),
    );
  }

  /**
   * CFDG CNAMEs #alternate-domain-names-wildcard: with an alias `*.example.com`, "you can use any
   * domain name that ends with example.com", at any depth (`marketing.product-name.example.com`),
   * but not `example.com` itself. Looked up only for a host no alias names exactly.
   */
  #wildcardHost(host: string): boolean {
    for (const domain of this.#domains)
      if (domain.startsWith('*.') && host.endsWith(domain.slice(1)) && host.length > domain.length - 1)
        return true;
    return false;
  }

  /** A configuration ready to serve: its tier settings, its domains known, its origins on the clock. */
  #serving(input: DistributionOptions): Serving {
    let distribution: ResolvedDistribution;
    try {
      distribution = resolveDistribution(input);
    } catch (error) {
      // A loaded config's field is named as its source writes it (fromTerraform, fromCloudFormation…).
      throw inLoadedWords(error, input);
    }
    const simulation = this.#simulation;
    for (const domain of [distribution.domainName, ...distribution.aliases])
      this.#domains.add(domain.toLowerCase());
    for (const { origin } of distribution.origins.values()) origin.bindClock?.(this.clock);
    // Shields are regional caches too; create them up front so invalidations reach them.
    for (const origin of distribution.origins.values()) {
      if (origin.shieldRegion) this.topology.regional(origin.shieldRegion);
    }
    const errors = distribution.customErrorResponses;
    const settings: TierSettings = {
      clock: this.clock,
      trace: this.trace,
      upstreamAge: simulation.upstreamAge,
      errorCaching: simulation.errorCaching,
      minTtlNoCache: simulation.minTtlNoCache,
      lambdaEdge: simulation.lambdaEdge,
      errorCachingMinTtlMs: (status) =>
        errors.get(status)?.errorCachingMinTtlMs ?? DEFAULT_ERROR_CACHING_MIN_TTL_MS,
      hasCustomErrorResponse: (status) => errors.has(status),
      customErrorResponse: (status) => errors.get(status),
      cacheTagHeader: distribution.cacheTagHeader,
      distributionArn: simulation.arn,
      accountId: simulation.accountId,
      lastDecided: undefined,
    };
    for (const { functions } of distribution.behaviors) {
      functions?.viewerRequest?.keyValueStore?.bindClock(this.clock);
      functions?.viewerResponse?.keyValueStore?.bindClock(this.clock);
    }
    const edgeCode = distribution.behaviors.some(
      (b) => b.functions !== undefined || b.trustedKeys !== undefined || b.lambdas !== undefined,
    );
    const refuses = !distribution.enabled || distribution.geoRestriction.restrictionType !== 'none';
    const responsePolicies = distribution.behaviors.some((b) => b.responseHeadersPolicy !== undefined);
    let api: ApiSource | undefined;
    return {
      distribution,
      settings,
      edgeCode,
      refuses,
      responsePolicies,
      api: () => (api ??= apiSource(input, distribution)),
    };
  }

  /**
   * GetDistributionConfig (§13): the latest configuration in the API's shape with its ETag — as it
   * was loaded (`fromDistributionConfig` and the loaders built on it), or written out from
   * `createCdn` options. The copy is the caller's to edit.
   */
  getDistributionConfig(): { ETag: string; DistributionConfig: AwsDistributionConfig } {
    const latest = this.#deployments.latest;
    return { ETag: latest.etag, DistributionConfig: structuredClone(latest.config.api().config) };
  }

  /**
   * UpdateDistribution with the API's input (§13 API_UpdateDistribution): an edited
   * `DistributionConfig` (it replaces the old one; nothing is merged) and the ETag it was read with,
   * required (`InvalidIfMatchVersion` without one, `PreconditionFailed` for a stale one). The origins
   * keep their Ids; the config is loaded as the current version was.
   */
  updateDistributionConfig(config: AwsDistributionConfigInput, options: { ifMatch: string }): DeploymentView {
    checkOptionKeys(options, ['ifMatch'], 'cdn.updateDistributionConfig() options');
    const latest = this.#deployments.latest;
    checkIfMatch(options?.ifMatch, latest.etag);
    return this.updateDistribution(loadEdited(config, latest.config.api()), { ifMatch: options.ifMatch });
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
    this.topology.reset();
    // Lambda@Edge functions start cold again in every Region.
    for (const { lambdas } of this.distribution.behaviors)
      if (lambdas !== undefined)
        for (const association of Object.values(lambdas)) association?.lambda.reset();
    for (const origin of this.distribution.origins.values()) {
      if (origin.shieldRegion) this.topology.regional(origin.shieldRegion);
    }
    this.trace.reset();
    this.#seed = seedNumber(seed);
    this.#routing = routing;
    this.#router = new Router(this.topology, choices ?? new SeededRandom(this.#seed).fork('routing'));
    // The next service is made on first use; until then node activity reaches none (none is in flight).
    this.#invalidations = undefined;
    this.#onNodeActive = undefined;
  }

  /** Sends a viewer request through the distribution and answers as CloudFront would. */
  fetch(input: string | URL | Request, init?: CdnRequestInit): Promise<Response> {
    // Not an async function: a request the tiers answer at once (a hit, or a miss every tier
    // answered without awaiting) makes no async frame; an error still comes as a rejection.
    try {
      const response = this.#fetch(input, init);
      return response instanceof Promise ? response : Promise.resolve(response);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  #fetch(input: string | URL | Request, init: CdnRequestInit | undefined): Response | Promise<Response> {
    if (init !== undefined) checkRequestInit(init);
    const viewer = init?.viewer ?? 'anonymous';
    const routing =
      init?.routing === undefined ? this.#routing : resolveRouting(init.routing, 'init.routing');
    const identity =
      init === undefined
        ? anonymousViewer
        : !hasViewerAttributes(init)
          ? viewerIdentity(viewer, undefined, undefined)
          : viewerIdentity(viewer, undefined, init);
    const request = readViewerRequest(input, init, this.distribution.domainName, identity);
    // The viewer's browser sends its User-Agent unless the request sets one.
    if (identity.userAgent !== undefined && request.headers['user-agent'] === undefined)
      request.headers = { ...request.headers, 'user-agent': identity.userAgent };
    if (!this.#domains.has(request.host) && !this.#wildcardHost(request.host)) {
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
    // §13 HowToUpdateDistribution: the configuration this edge location has now.
    const deployment = this.#deployments.at(edge.pop ?? '', atMs);
    const s = deployment.config;
    const result =
      (s.refuses ? this.#refusal(request, s) : undefined) ??
      (s.edgeCode
        ? this.#edgeAnswer(request, edge, new LazyCfId(this.#seed, seq), s)
        : // §14: a blocked viewer whose 403 has a custom page (#refusal left it) gets the page, never a copy.
          s.refuses && isGeoBlocked(s.distribution.geoRestriction, request.viewer.country)
          ? this.#answer(request, edge, new LazyCfId(this.#seed, seq), s)
          : (this.#freshHit(request, edge, s) ??
            this.#fromUpstreamCopy(request, edge, s) ??
            this.#answer(request, edge, new LazyCfId(this.#seed, seq), s)));
    // Awaited only when something was: a request every tier answers at once takes no microtask.
    if (result instanceof Promise)
      return result.then((answered) => this.#respond(viewer, request, edge, seq, atMs, deployment, answered));
    return this.#respond(viewer, request, edge, seq, atMs, deployment, result);
  }

  /** Records the edge's `result` in the trace and makes the viewer's response. */
  #respond(
    viewer: string,
    request: ViewerRequest,
    edge: CacheNode,
    seq: number,
    atMs: number,
    deployment: Deployment<Serving>,
    result: EdgeAnswer,
  ): Response {
    const s = deployment.config;
    const empty = request.method === 'HEAD' || result.status === 304 || result.status === 204;
    const bytes = empty ? 0 : result.body.byteLength;
    const record = new RequestRecord(
      this.#seed,
      seq,
      atMs,
      viewer,
      request,
      edge,
      result,
      bytes,
      deployment.version,
    );
    this.trace.add(record);
    // §16 modifying-response-headers: the behaviour's response headers policy, on the way out only.
    const policy = s.responsePolicies ? result.behavior?.responseHeadersPolicy : undefined;
    const headers =
      policy === undefined
        ? result.headers
        : applyResponseHeadersPolicy(policy, headerMapOf(result.headers), request, () => ({
            xCache: result.xCache,
            tiers: result.tiers,
            pop: edge.id,
            requestId: record.id,
            elapsedMs: this.clock.now() - atMs,
          }));
    return new EdgeResponse(result.status, headers, empty ? null : result.body, record, this.#viaOf);
  }

  /**
   * Requests CloudFront refuses before looking at any cache: a disabled distribution (§13) and a
   * viewer from a country the geo restriction blocks (§14). A geo 403 with a custom error page for
   * 403 takes the full path (#answer), which serves the page.
   */
  #refusal(request: ViewerRequest, s: Serving): EdgeAnswer | undefined {
    const dist = s.distribution;
    // §13 distribution-web-values-specify #DownloadDistValuesEnabled: "CloudFront doesn't accept any
    // end-user requests"; the status is UNCONFIRMED (fidelity.disabledStatus, default 403).
    if (!dist.enabled)
      return cloudFrontAnswer(this.#disabledStatus, 'Error', 'The distribution is disabled.');
    if (
      isGeoBlocked(dist.geoRestriction, request.viewer.country) &&
      !dist.customErrorResponses.get(403)?.responsePagePath
    )
      return geoBlockedAnswer();
    return undefined;
  }

  /**
   * The hot path: a plain GET/HEAD whose edge copy is fresh is answered here without building an
   * exchange or awaiting anything. Anything else (validators, ranges, errors, the root object, a
   * stale copy) returns undefined and takes the full path, so both give the same answer.
   */
  #freshHit(
    request: ViewerRequest,
    edge: CacheNode,
    s: Serving,
    chosen?: ResolvedBehavior,
  ): EdgeAnswer | undefined {
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
    if (request.path === '/' && s.distribution.defaultRootObject) return undefined;
    const behavior = chosen ?? s.distribution.selectBehavior(request.path);
    if (!behavior.cachedMethods.has(method)) return undefined;
    const key = cacheKeyOf(keyRequest(request, request.path, behavior), behavior, s.distribution.domainName);
    const entry = edge.get(key);
    if (entry === undefined) {
      // The edge holds no copy: #fromUpstreamCopy may fill it from the regional cache's in one step.
      if (chosen === undefined) {
        this.#missed = behavior;
        this.#missedKey = key;
      }
      return undefined;
    }
    const now = this.clock.now();
    if (entry.decision.isError || entry.decision.revalidateAlways || now >= entry.staleAtMs) return undefined;
    if (behavior.cachePolicy.minTtlMs === 0 && entryVaryAll(entry)) return undefined;
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

  /**
   * The behaviour of a plain GET or HEAD that #freshHit just found no copy of at its edge server (the
   * checks of a fresh hit passed), for #fromUpstreamCopy; read and cleared by it in the same step.
   */
  #missed: ResolvedBehavior | undefined;
  /** Its cache key (the string #freshHit looked up). */
  #missedKey = '';

  /**
   * An edge miss of a plain GET (#freshHit's checks) that the edge's regional cache answers from a
   * fresh copy: stored at the edge and answered in one step (`fillFromUpstreamCopy`), the answer and
   * trace of the full path. Undefined for any other request: #answer takes it.
   */
  #fromUpstreamCopy(request: ViewerRequest, edge: CacheNode, s: Serving): EdgeAnswer | undefined {
    const behavior = this.#missed;
    if (behavior === undefined) return undefined;
    this.#missed = undefined;
    if (request.method !== 'GET') return undefined;
    const dist = s.distribution;
    // The chain #upstream makes for a cached GET: the edge, then its regional cache (no shield, and
    // not an S3 origin in the regional cache's own Region, which skips it).
    const origin = dist.origins.get(behavior.targetOriginId);
    if (origin === undefined || origin.shieldRegion) return undefined;
    const regional = this.topology.regional(edge.region);
    if (origin.kind === 's3' && origin.region === regional.region) return undefined;
    // Most such requests that find no copy here go to the origin: look before making anything.
    if (regional.peek(this.#missedKey) === undefined) return undefined;
    const key = computeCacheKey(keyRequest(request, request.path, behavior), behavior, dist.domainName);
    const site: FillSite = {
      settings: s.settings,
      behavior,
      key: key.key,
      path: request.path,
      keyQuery: key.keyQuery,
      acceptEncoding: key.acceptEncoding,
      method: 'GET',
      decided: undefined,
    };
    const result = fillFromUpstreamCopy(
      site,
      { node: edge, tier: 'edge' },
      { node: regional, tier: 'regional' },
    );
    // Below 400 (no custom error response applies), so the answer is made at once.
    return result === undefined ? undefined : (answer(site, result, request, noErrorPage) as EdgeAnswer);
  }

  /**
   * A named viewer (a browser) with its own routing and attributes: `cdn.viewer('alice', { country:
   * 'FR', ip: '203.0.113.7' })`. A request's own `country`, `ip` or `userAgent` wins over these.
   */
  viewer(name: string, options: ViewerOptions = {}): Viewer {
    if (typeof name !== 'string' || name === '') {
      throw new EdgecaseError(
        'InvalidOption',
        `cdn.viewer: expected a non-empty name, got ${JSON.stringify(name)}.`,
      );
    }
    checkOptionKeys(options, ['routing', ...VIEWER_ATTRIBUTE_KEYS], 'cdn.viewer() options');
    const routing = options.routing;
    if (routing !== undefined) resolveRouting(routing, 'viewer routing');
    const attributes = Object.freeze(checkViewerAttributes(options, 'cdn.viewer() options'));
    return {
      name,
      attributes,
      fetch: (input, init) =>
        this.fetch(input, {
          ...attributes,
          ...init,
          viewer: name,
          ...(routing !== undefined && init?.routing === undefined ? { routing } : {}),
        }),
    };
  }

  /** CreateInvalidation: removes the paths from every node, each at its own moment (§6). */
  createInvalidation(paths: readonly string[], options?: CreateInvalidationOptions): Invalidation {
    const invalidation = this.#service.create(paths, options);
    this.trace.addInvalidation(invalidation);
    return invalidation;
  }

  getInvalidation(id: string): Invalidation {
    return this.#service.get(id);
  }

  listInvalidations(): readonly Invalidation[] {
    return this.#service.list();
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
    const topology = this.topology;
    const store = topology.store;
    const pops = topology.pops;
    // §13 HowToUpdateDistribution: during a rollout each edge location predicts with the
    // configuration it serves now (the one `fetch` would use there), not the latest.
    const serving = new Map<Deployment<Serving>, Set<string>>();
    for (const pop of pops) {
      const deployment = this.#deployments.at(pop.id, now);
      let ids = serving.get(deployment);
      if (ids === undefined) {
        ids = new Set();
        serving.set(deployment, ids);
      }
      ids.add(pop.id);
    }
    const mixed = serving.size > 1;
    const target = (dist: ResolvedDistribution) => {
      const resolvedPath =
        request.path === '/' && dist.defaultRootObject ? `/${dist.defaultRootObject}` : request.path;
      const behavior = dist.selectBehavior(resolvedPath);
      const key = computeCacheKey(keyRequest(request, resolvedPath, behavior), behavior, dist.domainName).key;
      return { resolvedPath, behavior, key };
    };
    const { resolvedPath, key } = target(this.distribution);
    const pathKeys = new Set(store.keysOf(resolvedPath));
    for (const deployment of serving.keys())
      for (const k of store.keysOf(target(deployment.config.distribution).resolvedPath)) pathKeys.add(k);
    const keys = [...pathKeys];
    const holding = new Set<CacheNode>();
    for (const pathKey of keys) for (const [node] of store.holders(pathKey)) holding.add(node);
    const holders = [...holding]
      .sort((a, b) => topology.order(a) - topology.order(b))
      .map((node) => nodeView(node, keys, now));
    const edgeClasses: EdgeClass[] = [];
    for (const [deployment, popIds] of serving) {
      const dist = deployment.config.distribution;
      const { behavior, key: servedKey } = target(dist);
      // Each prediction names the version its POP serves (the trace's distributionVersion for requests).
      const version = { distributionVersion: deployment.version, distributionEtag: deployment.etag };
      const inGroup = (popId: string | undefined) => !mixed || popIds.has(popId ?? '');
      const minTtlMs = behavior.cachePolicy.minTtlMs;
      // Edge servers holding the key each make a class; the others, per Region, share one.
      const origin =
        dist.origins.get(behavior.targetOriginId) ?? dist.originGroups.get(behavior.targetOriginId);
      const upstream = new Map<string, ChainLink[]>();
      const cached = cachesMethod(behavior, request.method);
      const upstreamOf = (region: string) => {
        let links = upstream.get(region);
        if (links === undefined) {
          links = origin ? this.#upstream(request.method, origin, region, [], cached) : [];
          upstream.set(region, links);
        }
        return links;
      };
      const keyEdges = new Set<CacheNode>();
      for (const [node] of store.holders(servedKey))
        if (node.tier === 'edge' && inGroup(node.pop)) keyEdges.add(node);
      const heldCount = new Map<string, number>();
      for (const node of [...keyEdges].sort((a, b) => topology.order(a) - topology.order(b))) {
        const pop = topology.pop(node.pop ?? '')!;
        const ids = serversOf(pop, Math.floor(topology.order(node) / 1000), node);
        const first = ids[0]!;
        const view = predictFrom(
          { ...idOf(first), ...version },
          [{ node, tier: 'edge' }, ...upstreamOf(pop.region)],
          servedKey,
          now,
          minTtlMs,
        );
        edgeClasses.push({
          view,
          count: ids.length,
          holds: true,
          region: pop.region,
          servers: () => ids.values(),
        });
        heldCount.set(pop.region, (heldCount.get(pop.region) ?? 0) + ids.length);
      }
      const regionCount = new Map<string, number>();
      for (const pop of pops) {
        if (inGroup(pop.id))
          regionCount.set(pop.region, (regionCount.get(pop.region) ?? 0) + pop.serverCount);
      }
      for (const [region, total] of regionCount) {
        const count = total - (heldCount.get(region) ?? 0);
        if (count === 0) continue;
        const servers = () => serversInRegion(pops, region, inGroup, keyEdges);
        const first = servers().next().value as EdgeServerId;
        const view = predictFrom(
          { ...idOf(first), ...version },
          upstreamOf(region),
          servedKey,
          now,
          minTtlMs,
        );
        edgeClasses.push({ view, count, holds: false, region, servers });
      }
    }
    const latest = this.#deployments.latest;
    const inspection = {
      path: resolvedPath,
      key,
      distributionVersion: latest.version,
      atMs: now,
      holders,
      edgeClasses,
      edgeCount: topology.edgeServerCount,
    } as Inspection;
    // `nodes` and `edges` are built when first read. Their getters are shared by every inspection (a
    // closure per inspection gave each one a hidden class of its own: 1.5 µs against 0.5 a call).
    const views: LazyViews = { topology, holders, edgeClasses, nodes: undefined, edges: undefined };
    Object.defineProperty(inspection, LAZY_VIEWS, { value: views });
    Object.defineProperty(inspection, 'nodes', NODES_PROPERTY);
    Object.defineProperty(inspection, 'edges', EDGES_PROPERTY);
    return inspection;
  }

  /**
   * Every cache node that exists: the edge servers used so far, regional caches and shields. Edge
   * servers are created on first use; one nobody reached holds nothing and is not listed.
   */
  nodes(): readonly CacheNode[] {
    return this.topology.nodes();
  }

  /**
   * A node's Via header by its id (a response asks for it when read, a miss for the origin request).
   * Remembered for the last VIA_MEMO nodes only: at 12,000 servers one string per server was kept
   * for as long as the distribution lived (≈ 250 B each as the concatenation it was built from).
   */
  readonly #viaOf = (nodeId: string): string => {
    let via = this.#via.get(nodeId);
    if (via === undefined) {
      via = viaHeader(nodeId);
      if (this.#via.size >= VIA_MEMO) this.#via.clear();
      this.#via.set(nodeId, via);
    }
    return via;
  };

  /**
   * The path of a distribution with CloudFront Functions (§10): the behaviour is selected first and
   * the functions are its own; the viewer-request function's request (a new URI changes the cache
   * key and the origin path, not the behaviour) then takes the usual path, fresh hits included; the
   * viewer-response function sees the answer unless its status is 400 or more.
   */
  async #edgeAnswer(
    incoming: ViewerRequest,
    edge: CacheNode,
    cfId: LazyCfId,
    s: Serving,
  ): Promise<EdgeAnswer> {
    const dist = s.distribution;
    let request = incoming;
    const path = request.path === '/' && dist.defaultRootObject ? `/${dist.defaultRootObject}` : request.path;
    // §14: a geo-blocked viewer is refused before any function runs.
    if (isGeoBlocked(dist.geoRestriction, request.viewer.country))
      return this.#answer(request, edge, cfId, s);
    const behavior = dist.selectBehavior(path);
    // §9: a behaviour with trusted key groups lets through only a valid signed URL or signed cookies;
    // the signing parameters go no further (§21). Checked before the viewer-request function
    // (UNCONFIRMED order; CloudFront documents neither).
    if (behavior.trustedKeys !== undefined) {
      const check = checkSignedRequest(request, behavior.trustedKeys, this.clock.now(), request.viewer.ip);
      if (!check.ok) return signatureRefused(check, behavior);
      request = check.request;
    }
    const functions = behavior.functions;
    const lambdas = behavior.lambdas;
    if (functions === undefined && lambdas === undefined)
      return this.#freshHit(request, edge, s, behavior) ?? this.#answer(request, edge, cfId, s, behavior);
    const site: EventSite = {
      distributionDomainName: dist.domainName,
      // The id in the distribution's ARN (createCdn's `arn`; EDFDVBD6EXAMPLE by default).
      distributionId: this.#distributionId,
      requestId: cfId.value,
      viewerIp: request.viewer.ip,
      nowMs: this.clock.now(),
      origins: dist,
    };
    const invocations: FunctionInvocation[] = [];
    let viewerRequest = request;
    let origin: ResolvedOrigin | undefined;
    // §20 lambda-cloudfront-trigger-events: viewer-request does not run for the automatic HTTP→HTTPS redirect.
    const redirected = request.scheme === 'http' && behavior.viewerProtocolPolicy !== 'allow-all';
    const lambdaSite = {
      ...site,
      clock: this.clock,
      region: edge.region,
      fidelity: this.#simulation.lambdaEdge,
    };
    if (functions?.viewerRequest && !redirected) {
      let station = runViewerRequest(functions.viewerRequest, request, behavior, site);
      if (station instanceof Promise) station = await station;
      invocations.push(station.invocation);
      if (station.kind === 'answer') return { ...station.answer, functions: invocations };
      viewerRequest = station.request;
      origin = station.origin;
    } else if (lambdas?.viewerRequest && !redirected) {
      // §20 lambda-include-body-access: with includeBody the function sees the body (base64).
      const body =
        lambdas.viewerRequest.includeBody && request.bodySource !== null
          ? await readBody(request.bodySource)
          : undefined;
      const station = await runLambdaViewerRequest(
        lambdas.viewerRequest,
        request,
        body,
        behavior,
        lambdaSite,
      );
      invocations.push(station.invocation);
      if (station.kind === 'answer') return { ...station.answer, functions: invocations };
      viewerRequest = station.request;
    }
    let answer =
      this.#freshHit(viewerRequest, edge, s, behavior) ??
      (await this.#answer(viewerRequest, edge, cfId, s, behavior, origin));
    // Origin-request / origin-response runs of this request (§20), between the viewer events.
    if (answer.functions !== undefined) invocations.push(...answer.functions);
    // §20 lambda-cloudfront-trigger-events: viewer-response does not run for 400 or more, for
    // custom error pages, or for CloudFront's HTTP→HTTPS redirect.
    if (
      lambdas?.viewerResponse &&
      answer.status < 400 &&
      answer.xCache !== 'Redirect' &&
      answer.customError === undefined
    ) {
      const station = await runLambdaViewerResponse(
        lambdas.viewerResponse,
        viewerRequest,
        answer,
        statusTextOf(answer.status),
        lambdaSite,
      );
      invocations.push(station.invocation);
      answer = station.answer;
    }
    // §10: not invoked when the status is 400 or more; nor for CloudFront's own redirects (§20).
    if (functions?.viewerResponse && answer.status < 400 && answer.xCache !== 'Redirect') {
      const station = await runViewerResponse(
        functions.viewerResponse,
        viewerRequest,
        answer,
        statusTextOf(answer.status),
        site,
      );
      invocations.push(station.invocation);
      answer = station.answer;
    }
    return invocations.length === 0 ? answer : { ...answer, functions: invocations };
  }

  #answer(
    request: ViewerRequest,
    edge: CacheNode,
    cfId: LazyCfId,
    s: Serving,
    chosen?: ResolvedBehavior,
    chosenOrigin?: ResolvedOrigin,
  ): EdgeAnswer | Promise<EdgeAnswer> {
    const dist = s.distribution;
    // §5 RequestS3MaxRequestStringLength: over 8,192 bytes of URL is a 413.
    if (viewerUrlLength(request) > MAX_URL_BYTES)
      return cloudFrontAnswer(413, 'Error', 'URL longer than 8,192 bytes');
    // §8 DefaultRootObject: applies only to the root URL `/`.
    const path = request.path === '/' && dist.defaultRootObject ? `/${dist.defaultRootObject}` : request.path;
    // §14 georestrictions: a blocked viewer's 403 takes the distribution's custom error page for 403.
    if (isGeoBlocked(dist.geoRestriction, request.viewer.country))
      return this.#geoBlockedPage(request, edge, cfId, s);
    const behavior = chosen ?? dist.selectBehavior(path);
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
    const exchange = this.#exchange(request, path, behavior, edge, cfId, s, chosenOrigin);
    if (request.bodySource === null) return this.#tiers(exchange, request, edge, cfId, s);
    return readBody(request.bodySource).then((body) => {
      exchange.body = body;
      return this.#tiers(exchange, request, edge, cfId, s);
    });
  }

  /** The tiers' answer to `exchange` as the edge serves it; a plain value when none awaited anything. */
  #tiers(
    exchange: Exchange,
    request: ViewerRequest,
    edge: CacheNode,
    cfId: LazyCfId,
    s: Serving,
  ): EdgeAnswer | Promise<EdgeAnswer> {
    const result = fetchAt(exchange, 0, viewerValidators(request));
    const errorPage = (pagePath: string) => this.#errorPage(pagePath, edge, cfId, request, s);
    return result instanceof Promise
      ? result.then((settled) => answer(exchange, settled, request, errorPage))
      : answer(exchange, result, request, errorPage);
  }

  /**
   * §14 georestrictions: "you can optionally configure CloudFront to return a custom error message"
   * — the ordinary CustomErrorResponse for 403. The page is fetched (and cached) like any error page;
   * the 403 itself is never cached, so one viewer's refusal never reaches another country's viewers
   * (inferred, UNCONFIRMED). A page that is itself missing leaves CloudFront's own 403.
   */
  async #geoBlockedPage(
    request: ViewerRequest,
    edge: CacheNode,
    cfId: LazyCfId,
    s: Serving,
  ): Promise<EdgeAnswer> {
    const refused = geoBlockedAnswer();
    const custom = s.distribution.customErrorResponses.get(403);
    if (!custom?.responsePagePath) return refused;
    const page = await this.#errorPage(custom.responsePagePath, edge, cfId, request, s);
    if (page.status >= 400) return refused;
    const behavior = s.distribution.selectBehavior(custom.responsePagePath);
    return {
      ...refused,
      status: custom.responseCode ?? 403,
      headers: viewerHeaders(page.headers, behavior),
      body: page.body,
      behavior,
      customError: { errorCode: 403, responsePagePath: custom.responsePagePath },
    };
  }

  /** §2 HTTPStatusCodes: a custom error page is fetched through the behaviour matching its path, and cached. */
  async #errorPage(
    pagePath: string,
    edge: CacheNode,
    cfId: LazyCfId,
    viewer: ViewerRequest,
    s: Serving,
  ): Promise<TierResult> {
    const behavior = s.distribution.selectBehavior(pagePath);
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
    return fetchAt(this.#exchange(request, pagePath, behavior, edge, cfId, s), 0);
  }

  /**
   * The tiers above an edge server of `region` for this request: its regional cache and the origin's
   * shield, as CloudFront skips them, appended to `chain` (the exchange's starts with its edge).
   */
  #upstream(
    method: string,
    origin: ResolvedOrigin,
    region: string,
    chain: ChainLink[],
    cachedMethod: boolean,
  ): ChainLink[] {
    // §7 HowCloudFrontWorks: proxy methods go straight to the origin, skipping the regional cache.
    if (cachedMethod && !PROXY_METHODS.has(method)) {
      const regional = this.topology.regional(region);
      const shield = origin.shieldRegion ? this.topology.regional(origin.shieldRegion) : undefined;
      // §7: an S3 origin in the same Region as the POP's regional cache skips that cache (unless shielded).
      const skipRegional = !shield && origin.kind === 's3' && origin.region === regional.region;
      if (!skipRegional) chain.push({ node: regional, tier: shield === regional ? 'shield' : 'regional' });
      if (shield && shield !== regional) chain.push({ node: shield, tier: 'shield' });
    }
    return chain;
  }

  #exchange(
    request: ViewerRequest,
    path: string,
    behavior: ResolvedBehavior,
    edge: CacheNode,
    cfId: LazyCfId,
    s: Serving,
    chosenOrigin?: ResolvedOrigin,
  ): Exchange {
    // A viewer-request function's origin helpers (§20) choose the origin; else the behaviour's.
    const origin =
      chosenOrigin ??
      s.distribution.origins.get(behavior.targetOriginId) ??
      s.distribution.originGroups.get(behavior.targetOriginId);
    if (!origin)
      throw new EdgecaseError('NoSuchOrigin', `Behaviour ${behavior.pathPattern} targets a missing origin.`);
    const key = computeCacheKey(keyRequest(request, path, behavior), behavior, s.distribution.domainName);
    const cachedMethod = cachesMethod(behavior, request.method);
    const policy = behavior.cachePolicy;
    // The edge first, then the tiers above it: appended to, not unshifted into (no shift of the list).
    const chain = this.#upstream(
      request.method,
      origin,
      edge.region,
      [{ node: edge, tier: 'edge' }],
      cachedMethod,
    );
    const lambdas = behavior.lambdas;
    // §5: S3 (and CloudFront in front of it) wants the object path; OPTIONS is keyed apart. Built
    // field by field in one literal (no spreads): every exchange has one shape.
    return {
      settings: s.settings,
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
      originParts: undefined,
      cacheKey: key,
      viewerParts: request,
      body: undefined,
      behavior,
      origin,
      chain,
      cfId,
      viaOf: this.#viaOf,
      decided: undefined,
      lambda:
        lambdas?.originRequest || lambdas?.originResponse
          ? {
              clientIp: request.viewer.ip,
              distributionDomainName: s.distribution.domainName,
              invocations: [],
              origins: s.distribution,
            }
          : undefined,
    };
  }
}

/** Every server of `pop` that `node` is (one, or all of them when the POP shares one cache). */
function serversOf(pop: Pop, popIndex: number, node: CacheNode): EdgeServerId[] {
  const shared = pop.serverCount > 1 && pop.nodeCount === 1;
  const numbers = shared ? Array.from({ length: pop.serverCount }, (_, i) => i + 1) : [node.server ?? 1];
  return numbers.map((n) => ({ pop: pop.id, server: n, node: node.id, order: popIndex * 1000 + n }));
}

function nodeIdOf(pop: Pop, n: number, node: CacheNode | undefined): string {
  return node?.id ?? pop.nodeId?.(n) ?? `${pop.id}-C${n}`;
}

function idOf(server: EdgeServerId): { pop: string; server: number; node: string } {
  return { pop: server.pop, server: server.server, node: server.node };
}

/** What an inspection's `nodes` and `edges` are built from when first read. */
interface LazyViews {
  topology: Topology;
  holders: readonly NodeView[];
  edgeClasses: readonly EdgeClass[];
  nodes: NodeView[] | undefined;
  edges: EdgeView[] | undefined;
}
const LAZY_VIEWS = Symbol('edgecase.inspectionViews');
const lazyViews = (inspection: Inspection): LazyViews =>
  (inspection as unknown as { [LAZY_VIEWS]: LazyViews })[LAZY_VIEWS];
const NODES_PROPERTY: PropertyDescriptor = {
  enumerable: true,
  configurable: true,
  get(this: Inspection): NodeView[] {
    const views = lazyViews(this);
    views.nodes ??= allNodeViews(views.topology, views.holders);
    return views.nodes;
  },
};
const EDGES_PROPERTY: PropertyDescriptor = {
  enumerable: true,
  configurable: true,
  get(this: Inspection): EdgeView[] {
    const views = lazyViews(this);
    views.edges ??= allEdgeViews(views.edgeClasses);
    return views.edges;
  },
};

/** The edge servers of `region`'s POPs in the group that hold no copy of the key, in topology order. */
function* serversInRegion(
  pops: readonly Pop[],
  region: string,
  inGroup: (popId: string | undefined) => boolean,
  keyEdges: ReadonlySet<CacheNode>,
): IterableIterator<EdgeServerId> {
  for (const [i, pop] of pops.entries()) {
    if (pop.region !== region || !inGroup(pop.id)) continue;
    for (let n = 1; n <= pop.serverCount; n++) {
      const node = (pop as { existing?(n: number): CacheNode | undefined }).existing?.(n);
      if (node && keyEdges.has(node)) continue;
      yield { pop: pop.id, server: n, node: nodeIdOf(pop, n, node), order: i * 1000 + n };
    }
  }
}

/** Every node's view, edge servers first: created nodes from `holders`, the rest empty. */
function allNodeViews(topology: Topology, holders: readonly NodeView[]): NodeView[] {
  const held = new Map(holders.map((view) => [view.node, view]));
  const views: NodeView[] = [];
  for (const pop of topology.pops) {
    const distinct = pop.nodeCount ?? pop.serverCount;
    for (let n = 1; n <= distinct; n++) {
      const id = nodeIdOf(pop, n, pop.existing?.(n));
      views.push(
        held.get(id) ?? { node: id, tier: 'edge', pop: pop.id, server: n, region: pop.region, entries: [] },
      );
    }
  }
  for (const node of topology.regionals()) {
    views.push(
      held.get(node.id) ?? {
        node: node.id,
        tier: node.tier,
        pop: node.pop,
        server: node.server,
        region: node.region,
        entries: [],
      },
    );
  }
  return views;
}

/** One view per edge server, in topology order, from the classes. */
function allEdgeViews(classes: readonly EdgeClass[]): EdgeView[] {
  const all: { order: number; view: EdgeView }[] = [];
  for (const edgeClass of classes) {
    for (const id of edgeClass.servers()) {
      all.push({ order: id.order, view: { ...edgeClass.view, ...idOf(id) } });
    }
  }
  return all.sort((a, b) => a.order - b.order).map((x) => x.view);
}

/** Creates a simulated distribution. See `CdnOptions`. */
export function createCdn(options: CdnOptions = {}): Cdn {
  return new Cdn(options);
}

/**
 * §14 georestrictions / repost cloudfront-troubleshoot-403-errors: 403 with this message and
 * `Server: CloudFront`; the log's x-edge-detailed-result-type is ClientGeoBlocked. X-Cache is
 * UNCONFIRMED: `Error from cloudfront`, as for CloudFront's other refusals.
 */
function geoBlockedAnswer(): EdgeAnswer {
  return cloudFrontAnswer(
    403,
    'Error',
    'The Amazon CloudFront distribution is configured to block access from your country. (ClientGeoBlocked)',
  );
}

/**
 * The request as the cache key sees it. §14 adding-cloudfront-headers: the CloudFront headers a cache
 * policy names (`CloudFront-Viewer-Country`, `CloudFront-Is-Mobile-Viewer`...) are CloudFront's values
 * (replacing what the viewer sent; absent where CloudFront has none), so they are keyed and reach the
 * origin.
 */
function keyRequest(request: ViewerRequest, path: string, behavior: ResolvedBehavior) {
  const { method, query } = request;
  const keyed = behavior.cachePolicy.headers.names;
  // Most policies key no header at all: a size check before anything else.
  const added = keyed.size === 0 ? NONE : keyedCloudFrontHeaders(keyed);
  if (added.length === 0)
    return path === request.path ? request : { method, path, query, headers: request.headers };
  const headers = { ...request.headers };
  addCloudFrontHeaders(added, request, headers);
  return { method, path, query, headers };
}

const NONE: readonly string[] = [];
const KEYED_CLOUDFRONT = new WeakMap<ReadonlySet<string>, readonly string[]>();

/** The CloudFront headers among a cache policy's keyed headers, worked out once per policy. */
function keyedCloudFrontHeaders(keyed: ReadonlySet<string>): readonly string[] {
  let found = KEYED_CLOUDFRONT.get(keyed);
  if (found === undefined) {
    found = [...keyed].filter((name) => CLOUDFRONT_HEADERS.has(name));
    KEYED_CLOUDFRONT.set(keyed, found);
  }
  return found;
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

/** §9/§21: a refused signed request is a 403 with CloudFront's XML body; never cached. */
function signatureRefused(
  check: Extract<SignatureCheck, { ok: false }>,
  behavior: ResolvedBehavior,
): EdgeAnswer {
  const body = new TextEncoder().encode(signatureErrorBody(check.code));
  return {
    status: 403,
    headers: { 'content-type': 'text/xml', 'content-length': String(body.byteLength), server: 'CloudFront' },
    body,
    ageSeconds: undefined,
    xCache: 'Error',
    servedFrom: 'cloudfront',
    tiers: [],
    behavior,
    key: undefined,
    note: `signed request refused: ${check.code} (${check.reason})`,
  };
}

/** Whether the behaviour caches answers to `method` (its CachedMethods). */
function cachesMethod(behavior: ResolvedBehavior, method: string): boolean {
  return (
    behavior.cachedMethods.has(method as HttpMethod) &&
    !(method === 'OPTIONS' && !behavior.cachedMethods.has('OPTIONS'))
  );
}
