import { createCdn, httpOrigin, memoryOrigin, type Origin, withFaults } from '@edgecase/cdn';
import { type Row, row } from './row.js';

const origin = memoryOrigin();
const faults = origin.faults;
const answering = (answer: unknown): Origin => ({
  kind: 'custom',
  name: 'my-api',
  fetch: async () => answer as never,
});
const through = (answer: unknown) => () => createCdn({ origin: answering(answer) }).fetch('/a');

/** memoryOrigin and its S3-like API, faults, httpOrigin and custom origins. */
export const originRows: Row[] = [
  row(
    'origin domainName a number',
    () => createCdn({ origins: { site: { origin: memoryOrigin(), domainName: 5 as never } } }),
    'InvalidOrigin',
    'got 5',
  ),
  row('memoryOrigin options a string', () => memoryOrigin('media' as never), 'InvalidOption', '"media"'),
  row(
    'memoryOrigin misspelt key',
    () => memoryOrigin({ bukcet: 'media' } as never),
    'InvalidOption',
    'Did you mean "bucket"?',
  ),
  row('memoryOrigin bucket upper-case', () => memoryOrigin({ bucket: 'Media' }), 'InvalidOption', '"Media"'),
  row(
    'memoryOrigin listBucket "yes"',
    () => memoryOrigin({ listBucket: 'yes' as never }),
    'InvalidOption',
    '"yes"',
  ),
  row(
    'memoryOrigin access "public"',
    () => memoryOrigin({ access: 'public' as never }),
    'InvalidOption',
    '"public"',
  ),
  row(
    'memoryOrigin access private with listBucket',
    () => memoryOrigin({ access: 'private', listBucket: true }),
    'InvalidOption',
    'got true',
  ),
  row('putBucketPolicy not JSON', () => origin.putBucketPolicy('{'), 'MalformedPolicy', '"{"'),
  row(
    'putBucketPolicy resource of another bucket',
    () =>
      origin.putBucketPolicy({
        Statement: {
          Effect: 'Allow',
          Principal: '*',
          Action: 's3:GetObject',
          Resource: 'arn:aws:s3:::other/*',
        },
      }),
    'MalformedPolicy',
    'arn:aws:s3:::other/*',
  ),
  row(
    'putBucketPolicy without a principal',
    () =>
      origin.putBucketPolicy({
        Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::edgecase/*' },
      } as never),
    'MalformedPolicy',
    'got undefined',
  ),
  row(
    'putBucketPolicy Effect "allow"',
    () =>
      origin.putBucketPolicy({
        Statement: {
          Effect: 'allow',
          Principal: '*',
          Action: 's3:GetObject',
          Resource: 'arn:aws:s3:::edgecase/*',
        },
      } as never),
    'MalformedPolicy',
    '"allow"',
  ),
  row(
    'putBucketPolicy condition on aws:SecureTransport',
    () =>
      origin.putBucketPolicy({
        Statement: {
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: 'arn:aws:s3:::edgecase/*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
      }),
    'UnmodelledFeature',
    '"Bool"',
  ),
  row(
    'putBucketPolicy NotPrincipal',
    () =>
      origin.putBucketPolicy({
        Statement: { Effect: 'Deny', NotPrincipal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::edgecase/*' },
      } as never),
    'UnmodelledFeature',
    '"NotPrincipal"',
  ),
  row(
    'getBucketPolicy without one',
    () => memoryOrigin().getBucketPolicy(),
    'NoSuchBucketPolicy',
    'edgecase',
  ),
  row(
    'originAccessControl on a website endpoint',
    () =>
      createCdn({
        origin: { origin: origin.website({ indexDocument: 'index.html' }), originAccessControl: {} },
      }),
    'InvalidOrigin',
    'memory-website:edgecase',
  ),
  row(
    'originAccessControl and originAccessIdentity',
    () => createCdn({ origin: { origin, originAccessControl: {}, originAccessIdentity: 'E2QWRUHEXAMPLE' } }),
    'InvalidOrigin',
    'E2QWRUHEXAMPLE',
  ),
  row(
    'originAccessControl signingBehavior "sometimes"',
    () => createCdn({ origin: { origin, originAccessControl: { signingBehavior: 'sometimes' as never } } }),
    'InvalidOrigin',
    '"sometimes"',
  ),
  row(
    'originAccessControl misspelt key',
    () => createCdn({ origin: { origin, originAccessControl: { signingBehaviour: 'always' } as never } }),
    'InvalidOption',
    'Did you mean "signingBehavior"?',
  ),
  row(
    'originAccessControl mediastore origin type',
    () =>
      createCdn({
        origin: { origin, originAccessControl: { originAccessControlOriginType: 'mediastore' as never } },
      }),
    'UnmodelledFeature',
    '"mediastore"',
  ),
  row(
    'originAccessControl lambda origin type on an S3 origin',
    () =>
      createCdn({
        origin: { origin, originAccessControl: { originAccessControlOriginType: 'lambda' } },
      }),
    'InvalidOrigin',
    '"lambda"',
  ),
  row(
    'originAccessIdentity not an id',
    () => createCdn({ origin: { origin, originAccessIdentity: 'my oai' } }),
    'InvalidOrigin',
    '"my oai"',
  ),
  row(
    'createCdn arn not a distribution ARN',
    () => createCdn({ origin, arn: 'E1ABC' }),
    'InvalidOption',
    '"E1ABC"',
  ),
  row('memoryOrigin clock not a clock', () => memoryOrigin({ clock: {} as never }), 'InvalidOption', '{}'),
  // put
  row('put key empty', () => origin.put('', 'x'), 'InvalidKey', 'got ""'),
  row('put key a number', () => origin.put(5 as never, 'x'), 'InvalidKey', 'got 5'),
  row('put key over 1024 bytes', () => origin.put('k'.repeat(1025), 'x'), 'InvalidKey', 'kkkk'),
  row('put body a number', () => origin.put('a', 5 as never), 'InvalidBody', 'got 5'),
  row('put body an object', () => origin.put('a', { text: 'x' } as never), 'InvalidBody', '{"text":"x"}'),
  row(
    'put options misspelt key',
    () => origin.put('a', 'x', { cacheControll: 'max-age=60' } as never),
    'InvalidOption',
    'Did you mean "cacheControl"?',
  ),
  row(
    'put options a string',
    () => origin.put('a', 'x', 'max-age=60' as never),
    'InvalidOption',
    '"max-age=60"',
  ),
  row(
    'put cacheControl with a line break',
    () => origin.put('a', 'x', { cacheControl: 'max-age=1\nx' }),
    'InvalidHeader',
    '"max-age=1\\nx"',
  ),
  row(
    'put contentType a number',
    () => origin.put('a', 'x', { contentType: 5 as never }),
    'InvalidHeader',
    'got 5',
  ),
  row(
    'put metadata a string',
    () => origin.put('a', 'x', { metadata: 'author' as never }),
    'InvalidOption',
    '"author"',
  ),
  row(
    'put metadata name with a space',
    () => origin.put('a', 'x', { metadata: { 'my author': 'x' } }),
    'InvalidHeader',
    '"my author"',
  ),
  row(
    'put ifNoneMatch an ETag',
    () => origin.put('a', 'x', { ifNoneMatch: '"abc"' as never }),
    'InvalidOption',
    '"\\"abc\\""',
  ),
  row('put ifMatch a number', () => origin.put('a', 'x', { ifMatch: 5 as never }), 'InvalidOption', 'got 5'),
  row(
    'put expires invalid date',
    () => origin.put('a', 'x', { expires: 'soon' as never }),
    'InvalidDate',
    '"soon"',
  ),
  row(
    'put uploadDuration negative',
    () => origin.put('a', 'x', { uploadDuration: -1 } as never),
    'InvalidDuration',
    'got -1',
  ),
  // other object operations
  row(
    'copy options misspelt key',
    () => origin.copy('a', 'b', { metadataDirectve: 'COPY' } as never),
    'InvalidOption',
    'Did you mean "metadataDirective"?',
  ),
  row(
    'copy metadataDirective lower-case',
    () => origin.copy('a', 'b', { metadataDirective: 'copy' as never }),
    'InvalidOption',
    '"copy"',
  ),
  row('get key empty', () => origin.get(''), 'InvalidKey', 'got ""'),
  row('delete key a number', () => origin.delete(1 as never), 'InvalidKey', 'got 1'),
  row(
    'list options misspelt key',
    () => origin.list({ prefx: 'a/' } as never),
    'InvalidOption',
    'Did you mean "prefix"?',
  ),
  row('list maxKeys 1001', () => origin.list({ maxKeys: 1001 }), 'InvalidOption', '1001'),
  row('list prefix a number', () => origin.list({ prefix: 5 as never }), 'InvalidOption', 'got 5'),
  row('putMultipart no parts', () => origin.putMultipart('a', []), 'InvalidPart', '[]'),
  row(
    'uploadPart partNumber 0',
    async () => origin.uploadPart(await origin.createMultipartUpload('m'), 0, 'x'),
    'InvalidOption',
    'got 0',
  ),
  row(
    'uploadPart partNumber 10001',
    async () => origin.uploadPart(await origin.createMultipartUpload('m'), 10_001, 'x'),
    'InvalidOption',
    '10001',
  ),
  row(
    'createMultipartUpload misspelt key',
    () => origin.createMultipartUpload('m', { contentTyp: 'a/b' } as never),
    'InvalidOption',
    'Did you mean "contentType"?',
  ),
  row(
    'completeMultipartUpload no parts',
    async () => origin.completeMultipartUpload(await origin.createMultipartUpload('m'), []),
    'InvalidPart',
    '[]',
  ),
  // faults
  row(
    'faults.outage misspelt key',
    () => faults.outage({ fro: '1s' } as never),
    'InvalidOption',
    'Did you mean "for"?',
  ),
  row(
    'faults.outage mode unknown',
    () => faults.outage({ mode: 'down' as never }),
    'InvalidOption',
    '"down"',
  ),
  row('faults.outage options a string', () => faults.outage('1s' as never), 'InvalidOption', '"1s"'),
  row('faults.respond status 42', () => faults.respond(42), 'InvalidOption', 'got 42'),
  row('faults.respond status a string', () => faults.respond('503' as never), 'InvalidOption', '"503"'),
  row(
    'faults.respond misspelt key',
    () => faults.respond(503, { header: {} } as never),
    'InvalidOption',
    'Did you mean "headers"?',
  ),
  row(
    'faults.respond body a number',
    () => faults.respond(503, { body: 5 as never }),
    'InvalidOption',
    'got 5',
  ),
  row(
    'faults.respond header value a number',
    () => faults.respond(503, { headers: { 'retry-after': 5 as never } }),
    'InvalidHeader',
    'got 5',
  ),
  row('faults.latency duration negative', () => faults.latency(-5), 'InvalidDuration', 'got -5'),
  row(
    'faults.latency misspelt key',
    () => faults.latency('1s', { pth: '/a' } as never),
    'InvalidOption',
    'Did you mean "path"?',
  ),
  row('faults.timeout times -1', () => faults.timeout({ times: -1 }), 'InvalidOption', 'got -1'),
  row('faults.timeout times 1.5', () => faults.timeout({ times: 1.5 }), 'InvalidOption', 'got 1.5'),
  row(
    'faults.timeout after unknown unit',
    () => faults.timeout({ after: '1y' as never }),
    'InvalidDuration',
    '"1y"',
  ),
  row('withFaults on a non-origin', () => withFaults({} as never), 'InvalidOrigin', '{}'),
  // httpOrigin and custom origins
  row('httpOrigin url a number', () => httpOrigin(5 as never), 'InvalidOrigin', 'got 5'),
  row('httpOrigin ftp url', () => httpOrigin('ftp://example.com'), 'InvalidOrigin', '"ftp://example.com"'),
  row('httpOrigin url not a URL', () => httpOrigin('example com'), 'InvalidOrigin', '"example com"'),
  row(
    'httpOrigin misspelt key',
    () => httpOrigin('https://example.com', { fecth: fetch } as never),
    'InvalidOption',
    'Did you mean "fetch"?',
  ),
  row(
    'httpOrigin fetch a string',
    () => httpOrigin('https://example.com', { fetch: 'fetch' as never }),
    'InvalidOption',
    '"fetch"',
  ),
  row('custom origin answers { status: "ok" }', through({ status: 'ok' }), 'InvalidOrigin', '"ok"'),
  row('custom origin answers null', through(null), 'InvalidOrigin', 'got null'),
  row('custom origin answers status 42', through({ status: 42, headers: {} }), 'InvalidOrigin', '42'),
  row(
    'custom origin answers headers a string',
    through({ status: 200, headers: 'x' }),
    'InvalidOrigin',
    '"x"',
  ),
  // bucket CORS (§19)
  row(
    'memoryOrigin putBucketCors method OPTIONS',
    () =>
      origin.putBucketCors({ CORSRules: [{ AllowedMethods: ['OPTIONS' as never], AllowedOrigins: ['*'] }] }),
    'InvalidOption',
    '"OPTIONS"',
  ),
  row(
    'memoryOrigin putBucketCors two wildcards in an origin',
    () =>
      origin.putBucketCors({
        CORSRules: [{ AllowedMethods: ['GET'], AllowedOrigins: ['https://*.*.example'] }],
      }),
    'InvalidOption',
    'at most one "*" wildcard',
  ),
  row(
    'memoryOrigin putBucketCors no rules',
    () => origin.putBucketCors({ CORSRules: [] }),
    'InvalidOption',
    '[]',
  ),
  row(
    'memoryOrigin putBucketCors misspelt rule key',
    () => origin.putBucketCors({ CORSRules: [{ AllowedMethod: ['GET'], AllowedOrigins: ['*'] } as never] }),
    'InvalidOption',
    'Did you mean "AllowedMethods"?',
  ),
  row(
    'memoryOrigin getBucketCors without one',
    () => memoryOrigin().getBucketCors(),
    'NoSuchCORSConfiguration',
    '"edgecase"',
  ),
  // website endpoints and protocol policy (§8, §18)
  row(
    'memoryOrigin website() without indexDocument',
    () => origin.website({}),
    'InvalidOption',
    'indexDocument: expected an object name',
  ),
  row(
    'memoryOrigin website() indexDocument with a slash',
    () => origin.website({ indexDocument: 'docs/index.html' }),
    'InvalidOption',
    '"docs/index.html"',
  ),
  row(
    'memoryOrigin website() redirect code 200',
    () =>
      origin.website({
        indexDocument: 'index.html',
        routingRules: [{ redirect: { httpRedirectCode: 200 } }],
      }),
    'InvalidOption',
    '200',
  ),
  row(
    'origin originProtocolPolicy unknown',
    () => createCdn({ origin: { origin, originProtocolPolicy: 'https' as never } }),
    'InvalidOrigin',
    '"https"',
  ),
  row(
    'origin httpPort 8080.5',
    () => createCdn({ origin: { origin, httpPort: 8080.5 } }),
    'InvalidOrigin',
    '8080.5',
  ),
  row(
    'origin httpsPort 1023',
    () => createCdn({ origin: { origin, httpsPort: 1023 } }),
    'InvalidOrigin',
    '1023',
  ),
];
