import { CloudFrontClient, ListDistributionsCommand, TagResourceCommand } from '@aws-sdk/client-cloudfront';
import { DeleteObjectsCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { createCdn, memoryOrigin } from '@edgecase/cdn';
import { connectMinio, startMinio } from '@edgecase/minio';
import { mockCloudFrontClient, mockS3Client, s3Origin } from '@edgecase/s3';
import {
  attachTraceReport,
  createViewer,
  delayArbitrary,
  edgeArbitrary,
  interceptionHandlers,
  onCdn,
  pRetryOnClock,
} from '@edgecase/vitest';
import { edgecase } from '@edgecase/vitest/plugin';
import { type Row, row } from './row.js';

const client = new S3Client({ region: 'us-east-1' });
const cdn = createCdn({ origin: memoryOrigin() });
const pRetry = { default: async () => undefined, makeRetriable: () => undefined, AbortError: Error } as never;

/** Sends `command` through a client mocked by `mock()`, restoring the mock afterwards. */
async function sendMocked(mock: () => { restore(): void }, send: () => Promise<unknown>): Promise<unknown> {
  const handle = mock();
  try {
    return await send();
  } finally {
    handle.restore();
  }
}

const media = memoryOrigin({ bucket: 'media' });
const objects = (count: number) => Array.from({ length: count }, (_, i) => ({ Key: `k${i}` }));

/** @edgecase/s3, @edgecase/vitest (plugin, onCdn, pRetryOnClock) and @edgecase/minio (before anything starts). */
export const packageRows: Row[] = [
  // @edgecase/s3
  row('s3Origin options null', () => s3Origin(null as never), 'InvalidOption', 'got null'),
  row(
    's3Origin access "anonymous"',
    () => s3Origin({ client, bucket: 'media', access: 'anonymous' as never }),
    'InvalidOption',
    '"anonymous"',
  ),
  row(
    's3Origin misspelt key',
    () => s3Origin({ client, bukket: 'media' } as never),
    'InvalidOption',
    'Did you mean "bucket"?',
  ),
  row(
    's3Origin client missing',
    () => s3Origin({ bucket: 'media' } as never),
    'InvalidOption',
    'got undefined',
  ),
  row('s3Origin bucket upper-case', () => s3Origin({ client, bucket: 'Media' }), 'InvalidOption', '"Media"'),
  row('s3Origin bucket too short', () => s3Origin({ client, bucket: 'ab' }), 'InvalidOption', '"ab"'),
  row(
    's3Origin region malformed',
    () => s3Origin({ client, bucket: 'media', region: 'US East' }),
    'InvalidOption',
    '"US East"',
  ),
  row('mockS3Client no origins', () => mockS3Client([]), 'InvalidOption', 'got []'),
  row('mockS3Client not an origin', () => mockS3Client('media' as never), 'InvalidOption', '"media"'),
  row(
    'mockS3Client misspelt key',
    () => mockS3Client(media, { listBuckets: true } as never),
    'InvalidOption',
    'Did you mean "listBucket"?',
  ),
  row(
    'mockS3Client listBucket "yes"',
    () => mockS3Client(media, { listBucket: 'yes' as never }),
    'InvalidOption',
    '"yes"',
  ),
  row('mockCloudFrontClient not a Cdn', () => mockCloudFrontClient({} as never), 'InvalidOption', 'got {}'),
  row(
    'mockCloudFrontClient misspelt key',
    () => mockCloudFrontClient(cdn, { distributionID: 'E1' } as never),
    'InvalidOption',
    'Did you mean "distributionId"?',
  ),
  row(
    'mockCloudFrontClient distributionId empty',
    () => mockCloudFrontClient(cdn, { distributionId: '' }),
    'InvalidOption',
    'got ""',
  ),
  row(
    'DeleteObjects with 1,001 keys',
    () =>
      sendMocked(
        () => mockS3Client(media),
        () => client.send(new DeleteObjectsCommand({ Bucket: 'media', Delete: { Objects: objects(1001) } })),
      ),
    'MalformedXML',
    'XML',
    S3ServiceException,
  ),
  row(
    'CloudFront ListDistributionsCommand is not modelled',
    () =>
      sendMocked(
        () => mockCloudFrontClient(cdn),
        () => new CloudFrontClient({ region: 'us-east-1' }).send(new ListDistributionsCommand({})),
      ),
    'UnsupportedCommand',
    'ListDistributionsCommand',
  ),
  row(
    'CloudFront TagResourceCommand is not modelled',
    () =>
      sendMocked(
        () => mockCloudFrontClient(cdn),
        () =>
          new CloudFrontClient({ region: 'us-east-1' }).send(
            new TagResourceCommand({ Resource: 'arn', Tags: { Items: [] } }),
          ),
      ),
    'UnsupportedCommand',
    'TagResourceCommand',
  ),
  // @edgecase/vitest
  row('edgeArbitrary without a distribution', () => edgeArbitrary({} as never), 'InvalidOption', 'got {}'),
  row('delayArbitrary max below min', () => delayArbitrary('1m', '1s'), 'InvalidOption', 'got "1s"'),
  row(
    'delayArbitrary unknown unit',
    () => delayArbitrary('0s', '1 sec' as never),
    'InvalidDuration',
    '"1 sec"',
  ),
  row('edgecase() options a string', () => edgecase('memory' as never), 'InvalidOption', '"memory"'),
  row(
    'edgecase() misspelt key',
    () => edgecase({ domain: ['img.example.com'] } as never),
    'InvalidOption',
    'Did you mean "domains"?',
  ),
  row('edgecase() origin unknown', () => edgecase({ origin: 's3' as never }), 'InvalidOption', '"s3"'),
  row(
    'edgecase() domains a string',
    () => edgecase({ domains: 'img.example.com' as never }),
    'InvalidOption',
    '"img.example.com"',
  ),
  row(
    'edgecase() distribution misspelt key',
    () => edgecase({ distribution: { topolgy: {} } as never }),
    'InvalidOption',
    'Did you mean "topology"?',
  ),
  row(
    'edgecase() distribution topology bad',
    () => edgecase({ distribution: { topology: { serversPerPop: 0 } } }),
    'InvalidTopology',
    'got 0',
  ),
  row(
    'edgecase() distribution policy misspelt',
    () => edgecase({ distribution: { defaultCacheBehavior: { cachePolicy: 'CachingOptimised' as never } } }),
    'NoSuchCachePolicy',
    '"CachingOptimised"',
  ),
  row(
    'edgecase() distribution file misspelt key',
    () =>
      edgecase({ distribution: { cloudFormation: './site.yaml', logicalID: 'Site', origins: {} } as never }),
    'InvalidOption',
    'Did you mean "logicalId"?',
  ),
  row(
    'edgecase() distribution two files',
    () => edgecase({ distribution: { cloudFormation: './a.yaml', distributionConfig: './b.json' } as never }),
    'InvalidOption',
    'got cloudFormation and distributionConfig',
  ),
  row(
    'edgecase() distribution file path empty',
    () => edgecase({ distribution: { distributionConfig: '', origins: {} } }),
    'InvalidOption',
    'got ""',
  ),
  row(
    'edgecase() distribution file without origins',
    () => edgecase({ distribution: { cloudFormation: './site.yaml' } as never }),
    'InvalidOption',
    'distribution.origins',
  ),
  row(
    'edgecase() distribution file missing',
    () =>
      (
        edgecase({
          distribution: { cloudFormation: './no-such-template.yaml', origins: { s: { bucket: 'site' } } },
        }).config as (c: object) => unknown
      )({}),
    'InvalidOption',
    'expected a readable file, got "./no-such-template.yaml"',
  ),
  row(
    'edgecase() distribution terraform misspelt key',
    () => edgecase({ distribution: { terraform: './cdn.tf', adress: 'x', origins: {} } as never }),
    'InvalidOption',
    'Did you mean "address"?',
  ),
  row('edgecase() buckets empty', () => edgecase({ buckets: [] }), 'InvalidOption', 'got []'),
  row('edgecase() bucket name upper-case', () => edgecase({ buckets: ['Acme'] }), 'InvalidOption', '"Acme"'),
  row(
    'edgecase() bucket with listBucket false on origin minio',
    () =>
      edgecase({ origin: 'minio', buckets: ['acme-assets', { name: 'acme-uploads', listBucket: false }] }),
    'InvalidOption',
    'listBucket: false',
  ),
  row(
    'edgecase() bucket access misspelt',
    () => edgecase({ buckets: [{ name: 'acme-site', acess: 'private' } as never] }),
    'InvalidOption',
    'Did you mean "access"?',
  ),
  row(
    'edgecase() bucket access public',
    () => edgecase({ buckets: [{ name: 'acme-site', access: 'public' as never }] }),
    'InvalidOption',
    '"public"',
  ),
  row(
    'edgecase() msw a string',
    () => edgecase({ msw: 'server.ts' as never }),
    'InvalidOption',
    '"server.ts"',
  ),
  row(
    'edgecase() mockClients unknown client',
    () => edgecase({ mockClients: ['dynamodb' as never] }),
    'InvalidOption',
    '"dynamodb"',
  ),
  row(
    'edgecase() distribution.origins empty',
    () => edgecase({ distribution: { origins: {} } as never }),
    'InvalidOption',
    'got {}',
  ),
  row(
    'edgecase() origin with bucket and url',
    () =>
      edgecase({
        distribution: { origins: { a: { bucket: 'acme-assets', url: 'https://api.acme.test' } } } as never,
      }),
    'InvalidOption',
    'acme',
  ),
  row('onCdn with no Cdn', () => onCdn({} as never, '/a'), 'InvalidOption', '{}'),
  row('onCdn with a number', () => onCdn(cdn, 5 as never), 'InvalidOption', 'got 5'),
  row('createViewer with no Cdn', () => createViewer({} as never), 'InvalidOption', 'got {}'),
  row('interceptionHandlers with no Cdn', () => interceptionHandlers({} as never), 'InvalidOption', 'got {}'),
  row(
    'createViewer options misspelt key',
    () => createViewer(cdn, 'phone', { routng: 'random' } as never),
    'InvalidOption',
    'Did you mean "routing"?',
  ),
  row(
    'pRetryOnClock misspelt key',
    () => pRetryOnClock(pRetry, { clok: cdn.clock } as never),
    'InvalidOption',
    'Did you mean "clock"?',
  ),
  row(
    'pRetryOnClock seed NaN',
    () => pRetryOnClock(pRetry, { seed: Number.NaN }),
    'InvalidOption',
    'got NaN',
  ),
  // @edgecase/minio: refused before anything starts
  row('startMinio options null', () => startMinio(null as never), 'InvalidOption', 'got null'),
  row(
    'startMinio launcher unknown',
    () => startMinio({ launcher: 'docker' as never }),
    'InvalidOption',
    '"docker"',
  ),
  row(
    'startMinio corsAllowOrigin not a list',
    () => startMinio({ corsAllowOrigin: 'https://app.example' as never }),
    'InvalidOption',
    '"https://app.example"',
  ),
  row('startMinio accessKeyId too short', () => startMinio({ accessKeyId: 'ab' }), 'InvalidOption', '"ab"'),
  row(
    'startMinio secretAccessKey too short',
    () => startMinio({ secretAccessKey: 'short' }),
    'InvalidOption',
    '"short"',
  ),
  row('startMinio startupTimeoutMs 0', () => startMinio({ startupTimeoutMs: 0 }), 'InvalidOption', 'got 0'),
  row(
    'startMinio startupTimeoutMs negative',
    () => startMinio({ startupTimeoutMs: -1 }),
    'InvalidOption',
    'got -1',
  ),
  row(
    'startMinio accessKeyId a number',
    () => startMinio({ accessKeyId: 123 as never }),
    'InvalidOption',
    'got 123',
  ),
  row(
    'startMinio misspelt key',
    () => startMinio({ lancher: 'binary' } as never),
    'InvalidOption',
    'Did you mean "launcher"?',
  ),
  row('startMinio stopGraceMs 0', () => startMinio({ stopGraceMs: 0 } as never), 'InvalidOption', 'got 0'),
  row('connectMinio null', () => connectMinio(null as never), 'InvalidOption', 'got null'),
  // the HTML trace report attached to a test
  row(
    'attachTraceReport without annotate',
    () => attachTraceReport(undefined as never, createCdn({ origin: memoryOrigin() })),
    'InvalidOption',
    'got undefined',
  ),
  row(
    'attachTraceReport not a Cdn',
    () => attachTraceReport(async () => ({}) as never, { trace: 1 } as never),
    'InvalidOption',
    '{"trace":1}',
  ),
  row(
    'attachTraceReport misspelt key',
    () =>
      attachTraceReport(async () => ({}) as never, createCdn({ origin: memoryOrigin() }), {
        mesage: 'x',
      } as never),
    'InvalidOption',
    'Did you mean "message"?',
  ),
  row(
    'connectMinio misspelt key',
    () => connectMinio({ endpoint: 'http://127.0.0.1:9000', acessKeyId: 'a' } as never),
    'InvalidOption',
    'Did you mean "accessKeyId"?',
  ),
  row(
    'connectMinio endpoint empty',
    () => connectMinio({ endpoint: '', accessKeyId: 'edgecase', secretAccessKey: 'edgecase-secret' }),
    'InvalidOption',
    'got ""',
  ),
];
