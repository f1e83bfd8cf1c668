import {
  type CdnOptions,
  checkOptionKeys,
  createCdn,
  EdgecaseError,
  memoryOrigin,
  type OriginOptions,
  optionKeys,
} from '@edgecase/cdn';
import { describeValue } from './describe-value.js';
import {
  type BucketConfig,
  type BucketsOption,
  checkMinioBuckets,
  resolveBuckets,
} from './fixtures/buckets.js';
import {
  checkDistributionSource,
  type DistributionSource,
  isDistributionSource,
  type ResolvedDistributionSource,
  sourceRuntimeOptions,
} from './fixtures/distribution-source.js';
import { type AwsClientName, resolveMockClients } from './fixtures/mock-clients-option.js';
import { checkPluginOrigins, type PluginOrigin } from './fixtures/plugin-origins.js';
import { checkMswOption, type MswOption, type ResolvedMsw } from './network/msw-option.js';

/** Distribution options from `vitest.config.ts`: plain data, since Vitest passes them to workers. */
export type DistributionConfig = Omit<
  CdnOptions,
  'clock' | 'origin' | 'origins' | 'trace' | 'ignoredFields'
> & {
  /** How the `origin` fixture sits in the distribution: its Region (an S3 origin skips the REC of its own Region), Origin Shield, timeouts. */
  originSettings?: Omit<OriginOptions, 'origin'>;
  /**
   * Several origins by id, instead of the single `origin` fixture: `{ bucket: 'acme-assets' }` (an
   * in-memory bucket, in the `buckets` fixture) or `{ url: 'https://api.acme.test' }` (an HTTP origin
   * reached with `fetch`, so your msw handlers or a passthrough host answer it), each with the
   * `originSettings` fields. Behaviours name them with `targetOriginId`.
   */
  origins?: Readonly<Record<string, PluginOrigin>>;
  /** Trace records kept per distribution (default 10,000); older ones are dropped. */
  trace?: { limit?: number };
};

/** Options of the `edgecase()` plugin. */
export interface EdgecaseOptions {
  /**
   * Where objects live: `memory` (default), or `minio`: one MinIO per run (`@edgecase/minio`'s global
   * setup) and the `buckets` (the first is `origin`) `s3Origin`s over fresh buckets per test.
   */
  origin?: 'memory' | 'minio';
  /**
   * Options every test's `cdn` is created with (behaviours, cache policies, topology, seed...), or the
   * file the app deploys, loaded when the config loads (paths relative to the Vitest root):
   * `{ cloudFormation: './infra/site.yaml', logicalId?, parameters?, origins }` (a template, `cdk synth`
   * output too) or `{ distributionConfig: './dist.json', origins }` (`aws cloudfront
   * get-distribution-config` output), with `origins` keyed by the file's origin Id or domain name.
   */
  distribution?: DistributionConfig | DistributionSource;
  /**
   * Host names the app uses for the distribution (its CNAMEs). They are added to the distribution's
   * `aliases`; requests to them and to its `domainName` are answered by the test's `cdn`.
   */
  domains?: readonly string[];
  /**
   * Hosts whose requests reach the real network (the MinIO endpoint, a local server). Any other
   * host without a handler fails the request. Default: `localhost`, `127.0.0.1`, `[::1]`.
   */
  passthrough?: readonly string[];
  /**
   * Which msw server intercepts the app's `fetch`. Default: edgecase starts its own in each worker.
   * `{ server: './test/msw-server.ts' }`: your app's server, from a module (relative to the Vitest
   * root) that exports it as `server`; edgecase adds the distribution's handlers to it per test.
   * `false`: none; add `interceptionHandlers(cdn)` to your server yourself.
   */
  msw?: MswOption;
  /**
   * The buckets your app reads from its config: `['acme-assets']`, or objects:
   * `{ name: 'acme-uploads', listBucket: false }` (CloudFront may not list it: 403 for a missing key),
   * `{ name: 'acme-site', access: 'private' }` (only CloudFront's origin access control or identity
   * reads it, as its bucket policy grants, §18). The first is the `origin` fixture; all are in the
   * `buckets` fixture. Default `['edgecase']`. With `origin: 'minio'` each test gets a real MinIO
   * bucket per name (`acme-assets-<random>`), which the `s3` fixture reaches by the name; a private
   * one is read with credentials allowed s3:GetObject on it only; `listBucket: false` is refused
   * there (MinIO answers 404 for a missing key whatever the reader's rights).
   */
  buckets?: BucketsOption;
  /**
   * AWS SDK clients answered by the test's simulator in every test, without requesting the `s3` or
   * `cloudfront` fixture: `['s3', 'cloudfront']`. Every `S3Client` the app creates then reads and
   * writes the test's buckets, every `CloudFrontClient` invalidates the test's `cdn`.
   */
  mockClients?: readonly AwsClientName[];
}

/** What the plugin provides to the workers (`inject('edgecase')`). */
export interface ResolvedEdgecaseOptions {
  origin: 'memory' | 'minio';
  distribution: DistributionConfig;
  /** The plugin's `distribution` file, read by the plugin's `config` hook (which knows the root). */
  distributionSource?: ResolvedDistributionSource;
  passthrough: readonly string[];
  /** Set by the plugin's `config` hook, which knows the Vitest root. */
  msw?: ResolvedMsw;
  buckets?: readonly BucketConfig[];
  mockClients?: readonly AwsClientName[];
}

export const DEFAULT_PASSTHROUGH: readonly string[] = ['localhost', '127.0.0.1', '[::1]'];

const PLUGIN_KEYS = optionKeys<EdgecaseOptions>()([
  'origin',
  'distribution',
  'domains',
  'passthrough',
  'msw',
  'buckets',
  'mockClients',
]);

export function resolveOptions(options: EdgecaseOptions = {}): ResolvedEdgecaseOptions {
  checkOptionKeys(options, PLUGIN_KEYS, 'edgecase() options');
  const origin = options.origin ?? 'memory';
  if (origin !== 'memory' && origin !== 'minio') {
    throw new EdgecaseError(
      'InvalidOption',
      `edgecase() origin: expected 'memory' or 'minio', got ${describeValue(origin)}.`,
    );
  }
  const domains = hostList(options.domains, 'domains');
  const passthrough = hostList(options.passthrough, 'passthrough') ?? DEFAULT_PASSTHROUGH;
  const source = isDistributionSource(options.distribution) ? options.distribution : undefined;
  if (source) checkDistributionSource(source);
  else if (options.distribution !== undefined)
    checkOptionKeys(options.distribution, DISTRIBUTION_KEYS, 'edgecase() distribution');
  const distribution: DistributionConfig = source
    ? sourceRuntimeOptions(source)
    : { ...(options.distribution as DistributionConfig | undefined) };
  if (domains) distribution.aliases = [...(distribution.aliases ?? []), ...domains];
  checkMswOption(options.msw);
  const buckets = resolveBuckets(options.buckets, 'edgecase() buckets');
  const mockClients = resolveMockClients(options.mockClients);
  if (origin === 'minio' && buckets) checkMinioBuckets(buckets, 'edgecase() buckets');
  if (origin === 'minio' && mockClients.includes('s3')) {
    throw new EdgecaseError(
      'InvalidOption',
      `edgecase() mockClients: expected no 's3' with origin: 'minio', got ${describeValue(options.mockClients)}.`,
      {
        hint: "On MinIO the app's S3Client talks to the run's MinIO; request the `s3` fixture for a client configured for it.",
      },
    );
  }
  if (options.msw !== undefined && options.passthrough !== undefined) {
    throw new EdgecaseError(
      'InvalidOption',
      `edgecase() passthrough: expected none with msw: ${describeValue(options.msw)}, got ${describeValue(options.passthrough)}.`,
      {
        hint: "Your msw server decides which requests reach the network (its onUnhandledRequest); edgecase's passthrough applies only to the server edgecase starts.",
      },
    );
  }
  // A file is loaded (and so checked) by the plugin's config hook, where the root is known.
  if (!source) checkDistribution(distribution);
  return {
    origin,
    distribution,
    passthrough,
    ...(buckets ? { buckets } : {}),
    ...(mockClients.length > 0 ? { mockClients } : {}),
  };
}

// What a test's `cdn` takes from the plugin: createCdn's options but the clock, origins and trace,
// which each test owns, plus how the `origin` fixture sits in the distribution. Checked by the
// compiler against DistributionConfig, so it follows createCdn's options as they grow.
const DISTRIBUTION_KEYS = optionKeys<DistributionConfig>()([
  'domainName',
  'aliases',
  'defaultCacheBehavior',
  'cacheBehaviors',
  'customErrorResponses',
  'defaultRootObject',
  'enabled',
  'restrictions',
  'originGroups',
  'functions',
  'keyGroups',
  'lambdas',
  'seed',
  'topology',
  'routing',
  'invalidation',
  'deployment',
  'cacheTagHeader',
  'fidelity',
  'trace',
  'arn',
  'originSettings',
  'origins',
]);

/**
 * Resolves the distribution once when the config loads, exactly as every test's `cdn` fixture will,
 * so one mistake is one error before any test runs instead of a failure in every test.
 */
function checkDistribution(distribution: DistributionConfig): void {
  const { originSettings, origins, ...rest } = distribution;
  try {
    if (origins !== undefined) createCdn({ ...rest, origins: checkPluginOrigins(origins, originSettings) });
    else createCdn({ ...rest, origin: { ...originSettings, origin: memoryOrigin() } });
  } catch (error) {
    if (!(error instanceof EdgecaseError)) throw error;
    throw new EdgecaseError(
      error.code,
      `edgecase() distribution: ${error.message.replace(/^\[edgecase\] /, '')}`,
      {
        value: error.value,
        cause: error,
      },
    );
  }
}

function hostList(value: unknown, what: string): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((h) => typeof h === 'string' && h !== '' && !h.includes('/'))) {
    throw new EdgecaseError(
      'InvalidOption',
      `edgecase() ${what}: expected host names such as ['cdn.example.com'], got ${describeValue(value)}.`,
      { value },
    );
  }
  return value.map((h: string) => h.toLowerCase());
}
