// Misspelt and mistyped options (issue "Drop into a real app's test suite", item 2): every options
// object of the public API refuses a typo with the known options and a did-you-mean, instead of
// ignoring it (a silently ignored option turns a test into a weaker one that passes). Packages are
// imported by their public names; the matchers are registered as a user registers them.
import {
  createCdn,
  EdgecaseError,
  formatTimeline,
  httpOrigin,
  ManualClock,
  memoryOrigin,
} from '@edgecase/cdn';
import { connectMinio, startMinio } from '@edgecase/minio';
import { mockCloudFrontClient, mockS3Client, s3Origin } from '@edgecase/s3';
import { onCdn, pRetryOnClock } from '@edgecase/vitest';
import '@edgecase/vitest/matchers';
import { S3Client } from '@aws-sdk/client-s3';
import { edgecase } from '@edgecase/vitest/plugin';
import { describe, expect, it } from 'vitest';

const origin = memoryOrigin();
const cdn = createCdn({ origin });
const create = (options: Record<string, unknown>) => () => createCdn({ origin, ...options } as never);
const behavior = (options: Record<string, unknown>) => create({ defaultCacheBehavior: options });
const originOptions = (options: Record<string, unknown>) => () =>
  createCdn({ origins: { main: { origin, ...options } } } as never);
const loose = <T>(value: unknown) => value as T;
const pRetry = loose<Parameters<typeof pRetryOnClock>[0]>({
  default: async () => undefined,
  makeRetriable: () => undefined,
  AbortError: Error,
});

/** [what, the call, the typo as the message quotes it, the option meant]. */
type Row = [what: string, run: () => unknown, typo: string, meant: string];

const keyRows: Row[] = [
  // createCdn: the distribution's keys and the simulation's in one list
  ['createCdn topolgy', create({ topolgy: {} }), 'topolgy', 'topology'],
  ['createCdn sead', create({ sead: 7 }), 'sead', 'seed'],
  ['createCdn routnig', create({ routnig: 'sticky' }), 'routnig', 'routing'],
  ['createCdn fidelty', create({ fidelty: {} }), 'fidelty', 'fidelity'],
  ['createCdn trce', create({ trce: {} }), 'trce', 'trace'],
  ['createCdn cacheTagHeadr', create({ cacheTagHeadr: 'x-tag' }), 'cacheTagHeadr', 'cacheTagHeader'],
  [
    'createCdn defaultCacheBehaviour',
    create({ defaultCacheBehaviour: {} }),
    'defaultCacheBehaviour',
    'defaultCacheBehavior',
  ],
  ['createCdn cacheBehaviours', create({ cacheBehaviours: [] }), 'cacheBehaviours', 'cacheBehaviors'],
  [
    'createCdn customErrorResponse',
    create({ customErrorResponse: [] }),
    'customErrorResponse',
    'customErrorResponses',
  ],
  ['createCdn domainNmae', create({ domainNmae: 'a.cloudfront.net' }), 'domainNmae', 'domainName'],
  ['createCdn defaultRoot', create({ defaultRoot: 'index.html' }), 'defaultRoot', 'defaultRootObject'],
  // nested groups
  ['topology serverPerPop', create({ topology: { serverPerPop: 3 } }), 'serverPerPop', 'serversPerPop'],
  [
    'topology perServerCache',
    create({ topology: { perServerCache: false } }),
    'perServerCache',
    'perServerCaches',
  ],
  ['topology pop', create({ topology: { pop: ['SFO5'] } }), 'pop', 'pops'],
  [
    'topology pops[0] severs',
    create({ topology: { pops: [{ id: 'SFO5', severs: 2 }] } }),
    'severs',
    'servers',
  ],
  ['routing sever', create({ routing: { pop: 'sticky', sever: 'random' } }), 'sever', 'server'],
  ['invalidation propogation', create({ invalidation: { propogation: {} } }), 'propogation', 'propagation'],
  ['invalidation.propagation mni', create({ invalidation: { propagation: { mni: '1s' } } }), 'mni', 'min'],
  ['fidelity upstreamAges', create({ fidelity: { upstreamAges: 'ignore' } }), 'upstreamAges', 'upstreamAge'],
  ['fidelity errorCachng', create({ fidelity: { errorCachng: {} } }), 'errorCachng', 'errorCaching'],
  [
    'fidelity.errorCaching status401',
    create({ fidelity: { errorCaching: { status401: 'always' } } }),
    'status401',
    'status410',
  ],
  ['trace limt', create({ trace: { limt: 10 } }), 'limt', 'limit'],
  ['behaviour cachPolicy', behavior({ cachPolicy: 'CachingDisabled' }), 'cachPolicy', 'cachePolicy'],
  [
    'behaviour viewerProtocolPolcy',
    behavior({ viewerProtocolPolcy: 'allow-all' }),
    'viewerProtocolPolcy',
    'viewerProtocolPolicy',
  ],
  ['behaviour compres', behavior({ compres: true }), 'compres', 'compress'],
  ['cache policy minTTl', behavior({ cachePolicy: { minTTl: 1 } }), 'minTTl', 'minTTL'],
  [
    'origin connectionAtempts',
    originOptions({ connectionAtempts: 2 }),
    'connectionAtempts',
    'connectionAttempts',
  ],
  [
    'origin originSheild',
    originOptions({ originSheild: { enabled: false } }),
    'originSheild',
    'originShield',
  ],
  [
    'custom error response responseCod',
    create({ customErrorResponses: [{ errorCode: 404, responseCod: 200 }] }),
    'responseCod',
    'responseCode',
  ],
  // requests, invalidations, viewers
  ['cdn.fetch init sever', () => cdn.fetch('/a', loose({ pop: 'IAD89', sever: 2 })), 'sever', 'server'],
  ['cdn.fetch init viewr', () => cdn.fetch('/a', loose({ viewr: 'browser' })), 'viewr', 'viewer'],
  [
    'createInvalidation callerRef',
    () => cdn.createInvalidation(['/a'], loose({ callerRef: 'r1' })),
    'callerRef',
    'callerReference',
  ],
  ['cdn.viewer routnig', () => cdn.viewer('phone', loose({ routnig: 'random' })), 'routnig', 'routing'],
  ['cdn.inspect header', () => cdn.inspect('/a', loose({ header: {} })), 'header', 'headers'],
  ['ManualClock strat', () => new ManualClock(loose({ strat: '2026-01-01' })), 'strat', 'start'],
  ['formatTimeline limt', () => formatTimeline([], loose({ limt: 5 })), 'limt', 'limit'],
  // faults
  ['faults.outage fro', () => origin.faults.outage(loose({ fro: '1s' })), 'fro', 'for'],
  ['faults.outage mod', () => origin.faults.outage(loose({ mod: 'timeout' })), 'mod', 'mode'],
  ['faults.respond header', () => origin.faults.respond(503, loose({ header: {} })), 'header', 'headers'],
  ['faults.latency pth', () => origin.faults.latency('1s', loose({ pth: '/a' })), 'pth', 'path'],
  ['faults.timeout tims', () => origin.faults.timeout(loose({ tims: 1 })), 'tims', 'times'],
  // origins and their object API
  ['memoryOrigin bukcet', () => memoryOrigin(loose({ bukcet: 'media' })), 'bukcet', 'bucket'],
  [
    'put cacheControll',
    () => origin.put('a', 'x', loose({ cacheControll: 'max-age=60' })),
    'cacheControll',
    'cacheControl',
  ],
  [
    'put contentTyp',
    () => origin.put('a', 'x', loose({ contentTyp: 'text/plain' })),
    'contentTyp',
    'contentType',
  ],
  [
    'copy metadataDirectve',
    () => origin.copy('a', 'b', loose({ metadataDirectve: 'COPY' })),
    'metadataDirectve',
    'metadataDirective',
  ],
  ['list prefx', () => origin.list(loose({ prefx: 'a/' })), 'prefx', 'prefix'],
  [
    'httpOrigin fecth',
    () => httpOrigin('https://api.example.com', loose({ fecth: fetch })),
    'fecth',
    'fetch',
  ],
  // @edgecase/s3
  [
    's3Origin bukket',
    () => s3Origin(loose({ client: new S3Client({}), bukket: 'media' })),
    'bukket',
    'bucket',
  ],
  [
    'mockS3Client listBuckets',
    () => mockS3Client(memoryOrigin(), loose({ listBuckets: false })),
    'listBuckets',
    'listBucket',
  ],
  [
    'mockCloudFrontClient distributionID',
    () => mockCloudFrontClient(cdn, loose({ distributionID: 'E1' })),
    'distributionID',
    'distributionId',
  ],
  // @edgecase/minio: refused before anything starts
  ['startMinio lancher', () => startMinio(loose({ lancher: 'binary' })), 'lancher', 'launcher'],
  [
    'connectMinio acessKeyId',
    () => connectMinio(loose({ endpoint: 'http://127.0.0.1:9000', acessKeyId: 'a' })),
    'acessKeyId',
    'accessKeyId',
  ],
  // @edgecase/vitest: the plugin (throws when called in vitest.config.ts), pRetryOnClock, matchers
  ['edgecase() domain', () => edgecase(loose({ domain: ['img.example.com'] })), 'domain', 'domains'],
  ['edgecase() orign', () => edgecase(loose({ orign: 'minio' })), 'orign', 'origin'],
  ['edgecase() passthru', () => edgecase(loose({ passthru: ['localhost'] })), 'passthru', 'passthrough'],
  [
    'edgecase() distribution topolgy',
    () => edgecase(loose({ distribution: { topolgy: {} } })),
    'topolgy',
    'topology',
  ],
  ['edgecase() mockClient', () => edgecase(loose({ mockClient: ['s3'] })), 'mockClient', 'mockClients'],
  [
    'edgecase() msw sever',
    () => edgecase(loose({ msw: { sever: './test/msw-server.ts' } })),
    'sever',
    'server',
  ],
  [
    'edgecase() buckets[0] nmae',
    () => edgecase(loose({ buckets: [{ nmae: 'acme-assets' }] })),
    'nmae',
    'name',
  ],
  [
    'edgecase() distribution.origins ulr',
    () => edgecase(loose({ distribution: { origins: { api: { ulr: 'https://api.acme.test' } } } })),
    'ulr',
    'url',
  ],
  ['pRetryOnClock clok', () => pRetryOnClock(pRetry, loose({ clok: cdn.clock })), 'clok', 'clock'],
  [
    'toBeNegativelyCached fro',
    () => expect(onCdn(cdn, '/a')).toBeNegativelyCached(loose({ status: 404, fro: '10s' })),
    'fro',
    'for',
  ],
  [
    'toBeNegativelyCached stauts',
    () => expect(onCdn(cdn, '/a')).toBeNegativelyCached(loose({ stauts: 403 })),
    'stauts',
    'status',
  ],
  [
    '.not.toBeNegativelyCached fro',
    () => expect(onCdn(cdn, '/a')).not.toBeNegativelyCached(loose({ fro: '10s' })),
    'fro',
    'for',
  ],
];

/** Mistyped values of a closed set: the message quotes the value and suggests the one meant. */
const valueRows: Row[] = [
  ['routing random-robin', create({ routing: 'random-robin' }), 'random-robin', 'round-robin'],
  [
    'cdn.fetch init.routing stiky',
    () => cdn.fetch('/a', loose({ routing: { pop: 'stiky' } })),
    'stiky',
    'sticky',
  ],
  ['fidelity.upstreamAge honor', create({ fidelity: { upstreamAge: 'honor' } }), 'honor', 'honour'],
  ['fidelity.minTtlNoCache serv', create({ fidelity: { minTtlNoCache: 'serv' } }), 'serv', 'serve'],
  [
    'fidelity.errorCaching.status410 allways',
    create({ fidelity: { errorCaching: { status410: 'allways' } } }),
    'allways',
    'always',
  ],
  ['toHaveCacheResult hit', () => expect(new Response('x')).toHaveCacheResult(loose('hit')), 'hit', 'Hit'],
  [
    'toHaveCacheResult RefreshHt',
    () => expect(new Response('x')).toHaveCacheResult(loose('RefreshHt')),
    'RefreshHt',
    'RefreshHit',
  ],
  [
    'toBeServedFrom regonal',
    () => expect(new Response('x')).toBeServedFrom(loose('regonal')),
    'regonal',
    'regional',
  ],
];

/** Runs `run`, awaiting a promise it returns, and returns the EdgecaseError it threw or rejected with. */
async function refused(run: () => unknown): Promise<EdgecaseError> {
  let error: unknown;
  try {
    await run();
  } catch (e) {
    error = e;
  }
  if (error === undefined) throw new Error('accepted silently');
  expect(error).toBeInstanceOf(EdgecaseError);
  return error as EdgecaseError;
}

describe('misspelt and mistyped options', () => {
  it('covers at least 40 options across the packages', () => {
    expect(keyRows.length + valueRows.length).toBeGreaterThanOrEqual(40);
  });

  it.each(keyRows)('%s', async (_what, run, typo, meant) => {
    const error = await refused(run);
    expect(error.message).toContain(`has an unknown option "${typo}": expected one of `);
    expect(error.message).toContain(`got "${typo}". Did you mean "${meant}"?`);
    // The known options are listed, the one meant among them.
    expect(error.message).toMatch(new RegExp(`expected one of [^.]*\\b${meant}\\b`));
  });

  it.each(valueRows)('%s', async (_what, run, typo, meant) => {
    const error = await refused(run);
    expect(error.message).toContain(`got "${typo}".`);
    expect(error.message).toMatch(new RegExp(`Did you mean ["']${meant}["']\\?`));
  });

  it('suggests nothing for a key close to no option, and still lists the known ones', async () => {
    const error = await refused(create({ colour: 'red' }));
    expect(error.message).not.toContain('Did you mean');
    // createCdn's message lists the simulation keys as well as the distribution's.
    expect(error.message).toContain(
      'clock, seed, topology, routing, invalidation, deployment, fidelity, trace',
    );
    expect(error.message).toContain('defaultCacheBehavior');
  });
});
