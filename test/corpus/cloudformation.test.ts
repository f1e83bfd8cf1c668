// The corpus's CloudFormation: hand-written YAML templates with short-form tags and CDK's
// synthesized *.template.json from public repositories (sources and licences in README.md),
// loaded with fromCloudFormation as a user loads the stack that deploys their distribution.
import {
  createCdn,
  EdgecaseError,
  fromCloudFormation,
  type LambdaEdgeHandler,
  ManualClock,
  memoryOrigin,
  type Origin,
  type OriginRequest,
} from '@edgecase/cdn';
import { describe, expect, it, vi } from 'vitest';
import { corpusText, expectIgnoredFields, xCache } from './support.js';

/** Lambda@Edge handlers that pass the request (request events) or the response (response events) on. */
function passThrough(keys: readonly string[]): Record<string, { handler: LambdaEdgeHandler }> {
  const handler: LambdaEdgeHandler = async (event) =>
    event.Records[0].cf.response ?? event.Records[0].cf.request;
  return Object.fromEntries(keys.map((key) => [key, { handler }]));
}

describe('aws-samples/cloudfront-authorization-at-edge: template.yaml (Lambda@Edge on four behaviours)', () => {
  const template = corpusText('cloudformation/auth-at-edge.template.yaml');
  // The sample's handlers are built by a custom resource (…CodeUpdate.FunctionArn): these tests map
  // each one to a handler that lets the request or response through, to check the config's routing.
  const lambdaAtEdge = passThrough(
    ['CheckAuth', 'HttpHeaders', 'ParseAuth', 'RefreshAuth', 'SignOut', 'TrailingSlash'].map(
      (name) => `cfn:${name}HandlerCodeUpdate.FunctionArn`,
    ),
  );

  it('names the first Lambda@Edge function it needs a handler for', () => {
    const thrown = (() => {
      try {
        createCdn(
          fromCloudFormation(template, {
            origins: { 'protected-origin': memoryOrigin(), 'dummy-origin': memoryOrigin() },
          }),
        );
      } catch (error) {
        return error as EdgecaseError;
      }
      return undefined;
    })();
    expect(thrown).toBeInstanceOf(EdgecaseError);
    expect(thrown?.code).toBe('NoSuchFunction');
    expect(thrown?.message).toContain('cfn:ParseAuthHandlerCodeUpdate.FunctionArn');
  });

  it('loads with Lambda@Edge accepted: /parseauth goes to the dummy origin, a missing page is index.html (SPA mode)', async () => {
    const site = memoryOrigin();
    const dummy = memoryOrigin();
    const cdn = createCdn(
      fromCloudFormation(template, {
        origins: { 'protected-origin': site, 'dummy-origin': dummy },
        lambdas: lambdaAtEdge,
      }),
    );
    expectIgnoredFields(cdn, 'auth-at-edge.template');
    await site.put('index.html', '<div id="root"></div>');
    await cdn.fetch('/parseauth?code=abc');
    expect(dummy.requestCount()).toBe(1);
    // EnableSPAMode defaults to "true": the 404 of a client-side route is the app's index.html, 200.
    const route = await cdn.fetch('/settings/profile');
    expect(route.status).toBe(200);
    expect(await route.text()).toBe('<div id="root"></div>');
  });

  it('with EnableSPAMode "false" the custom error response is gone: a missing page is 404', async () => {
    const site = memoryOrigin();
    const cdn = createCdn(
      fromCloudFormation(template, {
        parameters: { EnableSPAMode: 'false' },
        origins: { 'protected-origin': site, 'dummy-origin': memoryOrigin() },
        lambdas: lambdaAtEdge,
      }),
    );
    expect((await cdn.fetch('/settings/profile')).status).toBe(404);
  });
});

describe('aws-samples/cloudfront-authorization-at-edge: reuse-auth-only.yaml (a parameter without default)', () => {
  const template = corpusText('cloudformation/auth-at-edge-reuse-auth-only.yaml');
  const origins = { 'dummy-origin': memoryOrigin(), 'protected-origin': memoryOrigin() };

  it('names the parameter it needs', () => {
    expect(() => fromCloudFormation(template, { origins, unmodelled: 'ignore' })).toThrow(
      /BucketNameParameter/,
    );
  });

  it('loads with the parameter; /refreshauth is its own behaviour with the query in the key', async () => {
    const dummy = memoryOrigin();
    const cdn = createCdn(
      fromCloudFormation(template, {
        parameters: { BucketNameParameter: 'acme-app' },
        origins: { 'dummy-origin': dummy, 'protected-origin': memoryOrigin() },
        unmodelled: 'ignore',
        lambdas: passThrough(
          ['CheckAuth', 'HttpHeaders', 'ParseAuth', 'RefreshAuth', 'SignOut'].map(
            (name) => `cfn:LambdaEdgeProtection.Outputs.${name}Handler`,
          ),
        ),
      }),
    );
    expectIgnoredFields(cdn, 'auth-at-edge-reuse-auth-only');
    await dummy.put('refreshauth', 'ok');
    expect(await xCache(cdn, '/refreshauth?t=1')).toBe('Miss from cloudfront');
    expect(await xCache(cdn, '/refreshauth?t=1')).toBe('Hit from cloudfront');
    expect(await xCache(cdn, '/refreshauth?t=2')).toBe('Miss from cloudfront');
  });
});

describe('awslabs/aws-cloudfront-extensions: edge-auth-workshop.template (two buckets, legacy forwarded headers)', () => {
  const template = corpusText('cloudformation/edge-auth-workshop.template.yaml');

  it('loads; private/* reads the private bucket, the rest the public one; Origin is in the key', async () => {
    const privateBucket = memoryOrigin();
    const publicBucket = memoryOrigin();
    const cdn = createCdn(
      fromCloudFormation(template, {
        parameters: { TemplatesBucket: 'templates', TemplatesPrefix: 'edge/' },
        origins: { S3OriginPrivate: privateBucket, S3OriginPublic: publicBucket },
      }),
    );
    expectIgnoredFields(cdn, 'edge-auth-workshop.template');
    await privateBucket.put('private/report.pdf', 'secret');
    await publicBucket.put('index.html', 'welcome');
    expect(await (await cdn.fetch('/private/report.pdf')).text()).toBe('secret');
    expect(await (await cdn.fetch('/')).text()).toBe('welcome');
    // ForwardedValues.Headers: [Origin] — each Origin value is its own cache entry.
    expect(await xCache(cdn, '/index.html', { headers: { origin: 'https://a.example' } })).toBe(
      'Miss from cloudfront',
    );
    expect(await xCache(cdn, '/index.html', { headers: { origin: 'https://a.example' } })).toBe(
      'Hit from cloudfront',
    );
    expect(await xCache(cdn, '/index.html', { headers: { origin: 'https://b.example' } })).toBe(
      'Miss from cloudfront',
    );
  });
});

describe('awslabs/aws-cloudfront-extensions: cross-origin-resource-sharing-with-cloudfront.yaml (a CloudFront Function)', () => {
  const template = corpusText('cloudformation/cross-origin-resource-sharing-with-cloudfront.yaml');
  // The origin's Id is !Ref Bucket (the bucket's generated name): keyed by its DomainName instead.
  const domain = 'bucket.s3.amazonaws.com';

  it("runs its viewer-response function from the template's inline code; 'false' written as text is false; DefaultTTL 86,400 s", async () => {
    const clock = new ManualClock();
    const bucket = memoryOrigin({ clock });
    const cdn = createCdn({ ...fromCloudFormation(template, { origins: { [domain]: bucket } }), clock });
    expectIgnoredFields(cdn, 'cross-origin-resource-sharing-with-cloudfront');
    expect(cdn.distribution.behaviors[0]?.compress).toBe(false);
    await bucket.put('data.json', '{}');
    const miss = await cdn.fetch('/data.json');
    expect(miss.headers.get('x-cache')).toBe('Miss from cloudfront');
    expect(miss.headers.get('access-control-allow-origin')).toBe('*');
    await clock.advance('86399s');
    const hit = await cdn.fetch('/data.json');
    expect(hit.headers.get('x-cache')).toBe('Hit from cloudfront');
    expect(hit.headers.get('access-control-allow-methods')).toBe('OPTIONS,POST,GET');
  });
});

describe('aws/aws-cdk: integ-distribution-policies (custom cache, origin request and response headers policies)', () => {
  const template = corpusText('cdk/integ-distribution-policies.template.json');

  it('asks which of its two distributions to load', () => {
    expect(() => fromCloudFormation(template, { origins: {} })).toThrow(EdgecaseError);
    expect(() => fromCloudFormation(template, { origins: {} })).toThrow(/Pass \{ logicalId \}/);
  });

  it('Dist: loads without a warning, its origin request and response headers policies applied', async () => {
    const origins = { 'www.example.com': memoryOrigin() };
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const clock = new ManualClock();
    const cdn = createCdn({ ...fromCloudFormation(template, { logicalId: 'DistB3B78991', origins }), clock });
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
    expectIgnoredFields(cdn, 'integ-distribution-policies.DistB3B78991');
    // The template's own ACustomCachePolicy: DefaultTTL 86,400 s.
    await origins['www.example.com'].put('a.txt', 'a');
    expect(await xCache(cdn, '/a.txt')).toBe('Miss from cloudfront');
    await clock.advance('86399s');
    // ACustomResponseHeadersPolicy: CORS for any origin (OriginOverride), Server removed, on a hit too.
    const hit = await cdn.fetch('/a.txt', { headers: { origin: 'https://app.example' } });
    expect(hit.headers.get('x-cache')).toBe('Hit from cloudfront');
    expect(hit.headers.get('access-control-allow-origin')).toBe('*');
    expect(hit.headers.get('access-control-expose-headers')).toBe('x-custom-header-1, x-custom-header-2');
    expect(hit.headers.get('server')).toBeNull();
  });

  it("Dist2: its cache policy's TTLs come from Number parameters' defaults (MinTTL 1,000 s beats max-age=10)", async () => {
    const clock = new ManualClock();
    const origin = memoryOrigin({ clock });
    const cdn = createCdn({
      ...fromCloudFormation(template, {
        logicalId: 'Dist24014FEC1',
        origins: { 'www.example-2.com': origin },
        unmodelled: 'ignore',
      }),
      clock,
    });
    expectIgnoredFields(cdn, 'integ-distribution-policies.Dist24014FEC1');
    await origin.put('b.txt', 'b', { cacheControl: 'max-age=10' });
    expect(await xCache(cdn, '/b.txt')).toBe('Miss from cloudfront');
    await clock.advance('999s');
    expect(await xCache(cdn, '/b.txt')).toBe('Hit from cloudfront');
    await clock.advance('2s');
    expect(await xCache(cdn, '/b.txt')).not.toBe('Hit from cloudfront');
  });
});

describe('aws/aws-cdk: integ-distribution-key-group (signed URLs through a key group)', () => {
  const template = corpusText('cdk/integ-distribution-key-group.template.json');
  const origins = { 'www.example.com': memoryOrigin() };

  it("loads the template's key group and public key: an unsigned viewer gets CloudFront's 403 MissingKey", async () => {
    const cdn = createCdn(fromCloudFormation(template, { origins }));
    expectIgnoredFields(cdn, 'integ-distribution-key-group');
    expect([...(cdn.distribution.behaviors.at(-1)?.trustedKeys?.keys.keys() ?? [])]).toEqual([
      'cfn:MyPublicKey78071F3D',
    ]);
    const response = await cdn.fetch('/index.html');
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('<Code>MissingKey</Code>');
  });
});

describe('aws/aws-cdk: integ-distribution-function (a CloudFront Function on the default behaviour)', () => {
  const template = corpusText('cdk/integ-distribution-function.template.json');

  it('loads its function from the inline code and runs it: CachingDisabled sends every request to the origin', async () => {
    const origin = memoryOrigin();
    const cdn = createCdn(fromCloudFormation(template, { origins: { 'www.example.com': origin } }));
    expectIgnoredFields(cdn, 'integ-distribution-function');
    await origin.put('now', '1');
    await cdn.fetch('/now');
    await cdn.fetch('/now');
    expect(origin.requestCount()).toBe(2);
    expect(cdn.trace.requests().map((r) => r.functions?.[0]?.outcome)).toEqual(['continued', 'continued']);
  });
});

describe('aws/aws-cdk: integ-distribution-extensive (geo restriction, logging, Origin Shield, root object)', () => {
  const template = corpusText('cdk/integ-distribution-extensive.template.json');

  it('loads with its geo restriction modelled (§14): US and GB viewers get the root object, others 403', async () => {
    const origin = memoryOrigin();
    const cdn = createCdn(fromCloudFormation(template, { origins: { 'www.example.com': origin } }));
    expectIgnoredFields(cdn, 'integ-distribution-extensive');
    await origin.put('index.html', 'extensive');
    expect(await (await cdn.fetch('/', { country: 'US' })).text()).toBe('extensive');
    expect((await cdn.fetch('/', { country: 'FR' })).status).toBe(403);
  });
});

describe('aws-samples/amazon-cloudfront-secure-static-site: cloudfront-site.yaml (security headers policy, error pages)', () => {
  const template = corpusText('cloudformation/amazon-cloudfront-secure-static-site.yaml');
  const parameters = {
    CertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/example',
    DomainName: 'example.com',
    SubDomain: 'www',
    S3BucketLogs: 'example-logs',
    S3BucketRoot: 'example-root',
    S3BucketLogsName: 'example-logs.s3.amazonaws.com',
    S3BucketRootName: 'example-root.s3.eu-west-1.amazonaws.com',
    S3BucketRootArn: 'arn:aws:s3:::example-root',
    CreateApex: 'no',
  };

  it("loads; the template's response headers policy adds the security headers, a missing page is /404.html with 404", async () => {
    const root = memoryOrigin();
    const cdn = createCdn(
      fromCloudFormation(template, {
        parameters,
        // The origin's Id is !Sub 'S3-${AWS::StackName}-root': keyed by its domain name instead.
        origins: { 'example-root.s3.eu-west-1.amazonaws.com': root },
      }),
    );
    expectIgnoredFields(cdn, 'amazon-cloudfront-secure-static-site');
    await root.put('index.html', 'home');
    await root.put('404.html', 'not here');
    const home = await cdn.fetch('https://www.example.com/');
    expect(await home.text()).toBe('home');
    expect(home.headers.get('strict-transport-security')).toBe(
      'max-age=63072000; includeSubDomains; preload',
    );
    expect(home.headers.get('x-frame-options')).toBe('DENY');
    const missing = await cdn.fetch('https://www.example.com/nope.html');
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe('not here');
  });
});

describe('aws-samples/serverless-patterns: cloudfront-apigw-rest-api-lambda-dynamodb-sam (SAM, a secret origin header)', () => {
  // Found by loading public templates (2026-12-07): the API origin's secret header is a dynamic
  // reference built with !Join, and the SAM API's stage is its OriginPath.
  const template = corpusText('cloudformation/serverless-webform.template.yaml');
  const secret = '{{resolve:secretsmanager:cfn:OriginVerifyHeader:SecretString:HEADERVALUE}}';

  /** An API origin that records the requests CloudFront sends it, and answers 200. */
  function recordingApi() {
    const requests: OriginRequest[] = [];
    const origin: Origin = {
      kind: 'custom',
      name: 'api',
      fetch: async (request) => {
        requests.push(request);
        return {
          status: 200,
          headers: { 'content-type': 'application/json' },
          body: new TextEncoder().encode('{}'),
        };
      },
    };
    return { origin, requests };
  }

  it('asks for the secret header’s value, naming the dynamic reference', () => {
    let thrown: unknown;
    try {
      fromCloudFormation(template, { origins: { s3: memoryOrigin(), api: recordingApi().origin } });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(EdgecaseError);
    expect((thrown as EdgecaseError).message).toContain(
      `Origins[1].OriginCustomHeaders[0].HeaderValue: expected a value known before deploying, got ${JSON.stringify(secret)}`,
    );
  });

  it('serves the site from S3 and sends POST /submit to the API at its stage, with the secret header', async () => {
    const site = memoryOrigin();
    const api = recordingApi();
    const cdn = createCdn(
      fromCloudFormation(template, {
        origins: { s3: site, api: api.origin },
        dynamicReferences: { [secret]: 'RandomHeader' },
      }),
    );
    expectIgnoredFields(cdn, 'serverless-webform.template');
    await site.put('index.html', '<form></form>');
    expect(await (await cdn.fetch('/')).text()).toBe('<form></form>');
    const submit = await cdn.fetch('/submit', { method: 'POST', body: '{"EmailAddress":"a@example.com"}' });
    expect(submit.status).toBe(200);
    expect(api.requests).toHaveLength(1);
    expect(api.requests[0]).toMatchObject({ method: 'POST', path: '/dev/submit' });
    expect(api.requests[0]?.headers['x-origin-verify']).toBe('RandomHeader');
  });
});
