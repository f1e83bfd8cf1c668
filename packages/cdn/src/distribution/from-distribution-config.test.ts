import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createCdn } from '../cdn/cdn.js';
import type { AwsDistributionConfig } from '../options/aws-distribution-config.js';
import type { LambdaEdgeHandler } from '../options/lambda-edge-types.js';
import { memoryOrigin } from '../origin/memory-origin.js';
import type { Origin, OriginRequest } from '../origin/types.js';
import { managedCachePolicies } from '../policy/managed-cache-policies.js';
import { resolveDistribution } from './distribution.js';
import { fromDistributionConfig } from './from-distribution-config.js';

const output = JSON.parse(
  readFileSync(new URL('./fixtures/get-distribution-config.json', import.meta.url), 'utf8'),
) as {
  ETag: string;
  DistributionConfig: AwsDistributionConfig;
};

const bucket: Origin = {
  kind: 's3',
  name: 'memory:site',
  fetch: async () => ({ status: 200, headers: {}, body: new Uint8Array() }),
};

describe('fromDistributionConfig', () => {
  const options = fromDistributionConfig(output, { 'site-bucket': bucket });
  const d = resolveDistribution(options);

  it('says list-distributions output is summaries, not a config, and which command prints one', () => {
    const summary = {
      Id: 'E1',
      ARN: 'arn:aws:cloudfront::1:distribution/E1',
      DomainName: 'd1.cloudfront.net',
    };
    const item = { ...summary, Status: 'Deployed', Origins: output.DistributionConfig.Origins };
    for (const listed of [[summary], { DistributionList: { Quantity: 1, Items: [summary] } }, item])
      expect(() => fromDistributionConfig(listed as never, {})).toThrow(
        expect.objectContaining({ hint: expect.stringContaining('get-distribution-config --id <Id>') }),
      );
  });

  // Found loading public templates: a `null` list item (JSON allows it) failed as a TypeError.
  it.each([
    [
      'CustomErrorResponses',
      { CustomErrorResponses: { Quantity: 1, Items: [null] } },
      'CustomErrorResponses.Items[0]',
    ],
    ['OriginGroups', { OriginGroups: { Quantity: 1, Items: [null] } }, 'OriginGroups.Items[0]'],
    ['Origins', { Origins: { Quantity: 1, Items: [null] } }, 'Origins.Items[0]'],
    [
      'a list that is no list',
      { CustomErrorResponses: { Quantity: 1, Items: 'none' } },
      'CustomErrorResponses.Items',
    ],
    ['an object that is text', { Restrictions: 'none' }, 'Restrictions'],
  ])('names a %s item that is not an object, not a TypeError', (_, change, path) => {
    const config = { ...output.DistributionConfig, ...change } as unknown as AwsDistributionConfig;
    expect(() => fromDistributionConfig({ DistributionConfig: config }, { 'site-bucket': bucket })).toThrow(
      expect.objectContaining({
        code: 'InvalidOption',
        message: expect.stringContaining(`DistributionConfig.${path}: expected`),
      }),
    );
  });

  it('maps the origin by Id, with its Region, Origin Shield, timeouts and OAC', () => {
    expect(options.origins).toEqual({
      'site-bucket': {
        origin: bucket,
        domainName: 'example-site-assets.s3.eu-west-1.amazonaws.com',
        region: 'eu-west-1',
        originShield: { enabled: true, originShieldRegion: 'eu-west-1' },
        connectionAttempts: 3,
        connectionTimeout: 10,
        originAccessControl: { id: 'E1EXAMPLE2OAC3' },
      },
    });
    // §18: an OAC the options do not describe signs always (the console's default).
    expect(d.origins.get('site-bucket')).toMatchObject({
      kind: 's3',
      region: 'eu-west-1',
      shieldRegion: 'eu-west-1',
      readTimeoutMs: 30_000,
      access: { type: 'origin-access-control', id: 'E1EXAMPLE2OAC3', signingBehavior: 'always' },
    });
  });

  it('maps the /static/* behaviour to the managed CachingOptimized policy', () => {
    const [statics] = d.behaviors;
    expect(statics).toMatchObject({
      pathPattern: '/static/*',
      targetOriginId: 'site-bucket',
      viewerProtocolPolicy: 'redirect-to-https',
      compress: true,
    });
    expect(statics?.cachePolicy).toBe(managedCachePolicies.CachingOptimized);
    expect([...(statics?.allowedMethods ?? [])].sort()).toEqual(['GET', 'HEAD', 'OPTIONS']);
    expect(d.selectBehavior('/static/app.js')).toBe(statics);
  });

  it('turns the default behaviour’s legacy TTLs and forwarded values into an equivalent custom policy', () => {
    const def = d.behaviors[1];
    expect(def?.isDefault).toBe(true);
    expect(def?.cachePolicy).toMatchObject({
      managed: false,
      minTtlMs: 0,
      defaultTtlMs: 300_000,
      maxTtlMs: 3_600_000,
      gzip: true,
      brotli: false,
    });
    expect(def?.cachePolicy.queryStrings.behavior).toBe('none');
    expect(def?.cachePolicy.cookies.behavior).toBe('none');
    expect(def?.cachePolicy.headers.behavior).toBe('none');
  });

  it('maps custom error responses, aliases and the default root object, reading "" as unset', () => {
    expect(d.customErrorResponses.get(403)).toEqual({
      errorCode: 403,
      responsePagePath: '/index.html',
      responseCode: 200,
      errorCachingMinTtlMs: 10_000,
    });
    expect(d.customErrorResponses.get(500)).toEqual({
      errorCode: 500,
      responsePagePath: undefined,
      responseCode: undefined,
      errorCachingMinTtlMs: 0,
    });
    expect(d.aliases).toEqual(['www.example.com']);
    expect(d.defaultRootObject).toBe('index.html');
    expect(d.domainName).toBe('d111111abcdef8.cloudfront.net');
  });

  it('accepts the bare DistributionConfig and the get-distribution output, taking its DomainName', () => {
    expect(fromDistributionConfig(output.DistributionConfig, { 'site-bucket': bucket })).toEqual(options);
    const viaGetDistribution = fromDistributionConfig(
      {
        ETag: 'E1',
        Distribution: {
          DomainName: 'd2example.cloudfront.net',
          DistributionConfig: output.DistributionConfig,
        },
      },
      { 'site-bucket': bucket },
    );
    expect(resolveDistribution(viaGetDistribution).domainName).toBe('d2example.cloudfront.net');
  });

  it('maps legacy forwarded values: query string keys, whitelisted cookies and headers', () => {
    const legacy = fromDistributionConfig(
      {
        Origins: {
          Quantity: 1,
          Items: [
            { Id: 'api', DomainName: 'api.example.com', CustomOriginConfig: { OriginReadTimeout: 60 } },
          ],
        },
        DefaultCacheBehavior: {
          TargetOriginId: 'api',
          ViewerProtocolPolicy: 'https-only',
          ForwardedValues: {
            QueryString: true,
            QueryStringCacheKeys: { Quantity: 1, Items: ['page'] },
            Cookies: { Forward: 'whitelist', WhitelistedNames: { Quantity: 1, Items: ['session'] } },
            Headers: { Quantity: 1, Items: ['Origin'] },
          },
          MinTTL: 0,
        },
      },
      { api: { ...bucket, kind: 'custom' } },
    );
    const [b] = resolveDistribution(legacy).behaviors;
    expect(b?.compress).toBe(false);
    expect(b?.cachePolicy.queryStrings).toEqual({ behavior: 'whitelist', names: new Set(['page']) });
    expect(b?.cachePolicy.cookies).toEqual({ behavior: 'whitelist', names: new Set(['session']) });
    expect(b?.cachePolicy.headers).toEqual({ behavior: 'whitelist', names: new Set(['origin']) });
    expect(b?.cachePolicy.defaultTtlMs).toBe(86_400_000);
    expect(resolveDistribution(legacy).origins.get('api')?.readTimeoutMs).toBe(60_000);
  });

  it('turns forwarding all headers into caching off (§1.3 legacy)', () => {
    const all = fromDistributionConfig(
      {
        Origins: { Quantity: 1, Items: [{ Id: 'o', DomainName: 'o.example.com' }] },
        DefaultCacheBehavior: {
          TargetOriginId: 'o',
          ForwardedValues: { Headers: { Quantity: 1, Items: ['*'] } },
          MinTTL: 0,
          DefaultTTL: 86_400,
          MaxTTL: 31_536_000,
        },
      },
      { o: bucket },
    );
    const policy = resolveDistribution(all).behaviors[0]?.cachePolicy;
    expect([policy?.minTtlMs, policy?.defaultTtlMs, policy?.maxTtlMs]).toEqual([0, 0, 0]);
  });

  // Found loading public get-distribution-config outputs: legacy settings forward more than they key
  // on, and the origin got only the keyed query strings and none of the headers with `*`.
  it('forwards every query string beside QueryStringCacheKeys, and every header with *, to the origin', async () => {
    const seen: OriginRequest[] = [];
    const origin: Origin = {
      kind: 'custom',
      name: 'app',
      fetch: async (request) => {
        seen.push(request);
        return {
          status: 200,
          headers: { 'cache-control': 'max-age=60' },
          body: new TextEncoder().encode('ok'),
        };
      },
    };
    const legacy = (forwarded: Record<string, unknown>) =>
      createCdn(
        fromDistributionConfig(
          {
            Origins: {
              Quantity: 1,
              Items: [
                {
                  Id: 'o',
                  DomainName: 'app.example.com',
                  CustomOriginConfig: { OriginProtocolPolicy: 'https-only' },
                },
              ],
            },
            DefaultCacheBehavior: {
              TargetOriginId: 'o',
              ViewerProtocolPolicy: 'allow-all',
              ForwardedValues: forwarded,
            },
          } as never,
          { o: origin },
        ),
      );
    const keys = legacy({ QueryString: true, QueryStringCacheKeys: { Quantity: 1, Items: ['v'] } });
    await keys.fetch('/a?v=1&utm=2', { pop: 'IAD89', server: 1 });
    expect(seen.at(-1)?.query).toBe('v=1&utm=2');
    // The key is still `v` alone: another utm is a hit.
    const again = await keys.fetch('/a?v=1&utm=3', { pop: 'IAD89', server: 1 });
    expect(again.headers.get('x-cache')).toBe('Hit from cloudfront');
    const all = legacy({ QueryString: false, Headers: { Quantity: 1, Items: ['*'] } });
    await all.fetch('/b', { headers: { authorization: 'Bearer t', 'accept-language': 'de' } });
    expect(seen.at(-1)?.headers).toMatchObject({ authorization: 'Bearer t', 'accept-language': 'de' });
  });

  // Found loading aws-cdk's snapshots: a memoryOrigin standing for a CustomOriginConfig origin was an S3
  // origin (its 60 s read timeout refused, Lambda@Edge saw origin.s3); the config says what it is.
  it('treats an origin the config declares custom as custom, whatever object stands for it', async () => {
    const handler: LambdaEdgeHandler = async (event) => {
      seenOrigin = event.Records[0]?.cf.request?.origin;
      return event.Records[0]?.cf.request;
    };
    let seenOrigin: unknown;
    const api = memoryOrigin();
    const loaded = fromDistributionConfig(
      {
        Origins: {
          Quantity: 1,
          Items: [
            {
              Id: 'api',
              DomainName: 'api.example.com',
              CustomOriginConfig: {
                OriginProtocolPolicy: 'https-only',
                HTTPSPort: 8443,
                OriginReadTimeout: 60,
              },
            },
          ],
        },
        DefaultCacheBehavior: {
          TargetOriginId: 'api',
          ViewerProtocolPolicy: 'allow-all',
          CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
          LambdaFunctionAssociations: {
            Quantity: 1,
            Items: [
              { EventType: 'origin-request', LambdaFunctionARN: 'arn:aws:lambda:us-east-1:1:function:f:1' },
            ],
          },
        },
      } as never,
      { api },
      { lambdas: { f: { handler } } },
    );
    const cdn = createCdn(loaded);
    expect(cdn.distribution.origins.get('api')).toMatchObject({ kind: 'custom', readTimeoutMs: 60_000 });
    await api.put('a', 'x');
    await cdn.fetch('/a');
    expect(seenOrigin).toMatchObject({
      custom: { domainName: 'api.example.com', port: 8443, readTimeout: 60 },
    });
    // createCdn's own option, checked.
    expect(() => createCdn({ origin: { origin: memoryOrigin(), kind: 'ftp' as never } })).toThrow(
      'origin.kind: expected "s3" or "custom", got "ftp"',
    );
  });

  it("reads an S3 origin's own response timeout (S3OriginConfig.OriginReadTimeout)", () => {
    const options = fromDistributionConfig(
      {
        Origins: {
          Quantity: 1,
          Items: [{ Id: 'o', DomainName: 'b.s3.amazonaws.com', S3OriginConfig: { OriginReadTimeout: 90 } }],
        },
        DefaultCacheBehavior: { TargetOriginId: 'o', CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6' },
      },
      { o: bucket },
    );
    expect(resolveDistribution(options).origins.get('o')).toMatchObject({
      kind: 's3',
      readTimeoutMs: 90_000,
    });
  });

  it('refuses a cache policy beside legacy settings, and a behaviour with neither, as CloudFront does', () => {
    const load = (behavior: Record<string, unknown>) => () =>
      fromDistributionConfig(
        {
          Origins: { Quantity: 1, Items: [{ Id: 'o', DomainName: 'o.example.com' }] },
          DefaultCacheBehavior: { TargetOriginId: 'o', ...behavior },
        },
        { o: bucket },
      );
    // API_CacheBehavior: "The parameter ForwardedValues cannot be used when a cache policy is associated".
    expect(
      load({
        CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6',
        MinTTL: 3600,
        ForwardedValues: { QueryString: true },
      }),
    ).toThrow(
      'DistributionConfig.DefaultCacheBehavior.ForwardedValues: expected no legacy cache setting beside CachePolicyId (CloudFront refuses the pair)',
    );
    expect(load({ CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6', DefaultTTL: 60 })).toThrow(
      'DistributionConfig.DefaultCacheBehavior.DefaultTTL: expected no legacy cache setting',
    );
    expect(load({ Compress: true })).toThrow(
      'DistributionConfig.DefaultCacheBehavior.CachePolicyId: expected a CachePolicyId, or legacy ForwardedValues (CloudFront requires one of them), got undefined.',
    );
  });

  it('uses a custom cache policy given in the AWS shape', () => {
    const config = {
      Origins: { Quantity: 1, Items: [{ Id: 'o', DomainName: 'bucket.s3.amazonaws.com' }] },
      DefaultCacheBehavior: { TargetOriginId: 'o', CachePolicyId: 'a1b2c3d4-0000-4000-8000-000000000001' },
    };
    const opts = fromDistributionConfig(
      config,
      { o: bucket },
      {
        cachePolicies: {
          'a1b2c3d4-0000-4000-8000-000000000001': {
            ETag: 'E3',
            CachePolicyConfig: {
              Name: 'api-cache',
              MinTTL: 1,
              DefaultTTL: 60,
              MaxTTL: 600,
              ParametersInCacheKeyAndForwardedToOrigin: {
                EnableAcceptEncodingGzip: true,
                EnableAcceptEncodingBrotli: false,
                HeadersConfig: { HeaderBehavior: 'none' },
                CookiesConfig: { CookieBehavior: 'none' },
                QueryStringsConfig: {
                  QueryStringBehavior: 'allExcept',
                  QueryStrings: { Quantity: 1, Items: ['utm_source'] },
                },
              },
            },
          },
        },
      },
    );
    const d = resolveDistribution(opts);
    expect(d.behaviors[0]?.cachePolicy).toMatchObject({
      name: 'api-cache',
      minTtlMs: 1000,
      defaultTtlMs: 60_000,
      maxTtlMs: 600_000,
      gzip: true,
      brotli: false,
    });
    expect(d.behaviors[0]?.cachePolicy.queryStrings.behavior).toBe('allExcept');
    expect(d.origins.get('o')?.region).toBeUndefined();
  });

  it.each([
    ['bucket.s3.us-west-2.amazonaws.com', 'us-west-2'],
    ['bucket.s3-us-west-2.amazonaws.com', 'us-west-2'],
    ['bucket.s3-website-ap-southeast-2.amazonaws.com', 'ap-southeast-2'],
    ['bucket.s3-website.eu-central-1.amazonaws.com', 'eu-central-1'],
    ['bucket.s3.dualstack.us-east-1.amazonaws.com', 'us-east-1'],
    ['bucket.s3.amazonaws.com', undefined],
    ['origin.example.com', undefined],
  ])('reads the Region of %s as %s', (domainName, region) => {
    const opts = fromDistributionConfig(
      {
        Origins: { Quantity: 1, Items: [{ Id: 'o', DomainName: domainName }] },
        DefaultCacheBehavior: { TargetOriginId: 'o', CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6' },
      },
      { o: bucket },
    );
    expect(opts.origins?.o && 'region' in opts.origins.o ? opts.origins.o.region : undefined).toBe(region);
  });

  it.each([
    [
      'a CloudFormation template',
      { Resources: { Site: { Type: 'AWS::CloudFront::Distribution' } } },
      'fromCloudFormation',
    ],
    [
      'a CloudFormation resource',
      { Type: 'AWS::CloudFront::Distribution', Properties: {} },
      'fromCloudFormation',
    ],
    ["a resource's Properties", { Properties: { DistributionConfig: {} } }, 'fromCloudFormation'],
    [
      'a CloudFormation DistributionConfig (Origins as a list)',
      { DistributionConfig: { Origins: [{ Id: 'o', DomainName: 'b.s3.amazonaws.com' }] } },
      'Its Origins is a list',
    ],
    ['a Terraform configuration as JSON', { resource: { aws_cloudfront_distribution: {} } }, 'fromTerraform'],
    ['`terraform show -json` output', { format_version: '1.2', planned_values: {} }, 'fromTerraform'],
    ["an aws_cloudfront_distribution's body", { origin: [], default_cache_behavior: [] }, 'fromTerraform'],
  ])('says which loader reads %s', (_name, config, loader) => {
    expect(() => fromDistributionConfig(config as never, { o: bucket })).toThrow(loader);
  });

  it('reads * and ? in a legacy cookie whitelist as wildcards: the login cookie is forwarded and keyed', async () => {
    // CFDG distribution-web-values-specify #DownloadDistValuesWhitelistCookies (`userid_*`).
    const seen: OriginRequest[] = [];
    const wordpress: Origin = {
      kind: 'custom',
      name: 'wordpress',
      fetch: async (request) => {
        seen.push(request);
        const body = new TextEncoder().encode(request.headers.cookie ?? 'anonymous');
        return { status: 200, headers: { 'cache-control': 'max-age=300' }, body };
      },
    };
    const cdn = createCdn(
      fromDistributionConfig(
        {
          Origins: { Quantity: 1, Items: [{ Id: 'wp', DomainName: 'wp.example.com' }] },
          DefaultCacheBehavior: {
            TargetOriginId: 'wp',
            ViewerProtocolPolicy: 'allow-all',
            ForwardedValues: {
              QueryString: false,
              Cookies: {
                Forward: 'whitelist',
                WhitelistedNames: { Quantity: 2, Items: ['wordpress_logged_in_*', 'wp-settings-?'] },
              },
            },
          },
        },
        { wp: wordpress },
      ),
    );
    const get = async (cookie: string) =>
      (await cdn.fetch('/wp-admin/', { pop: 'IAD89', server: 1, headers: { cookie } })).text();
    const alice = 'wordpress_logged_in_3f2a=alice; _ga=GA1.2; wp-settings-1=x; wp-settings-12=y';
    expect(await get(alice)).toBe('wordpress_logged_in_3f2a=alice; wp-settings-1=x');
    // Another login cookie value is another cache entry, not alice's page.
    expect(await get('wordpress_logged_in_3f2a=bob')).toBe('wordpress_logged_in_3f2a=bob');
    expect(await get('_ga=GA1.3')).toBe('anonymous');
    expect(seen).toHaveLength(3);
    // The same cookies, other cookies aside: a hit.
    expect(await get('_ga=other; wordpress_logged_in_3f2a=alice; wp-settings-1=x')).toBe(
      'wordpress_logged_in_3f2a=alice; wp-settings-1=x',
    );
    expect(seen).toHaveLength(3);
  });

  it("matches a cache policy's cookie names exactly (wildcards are legacy only)", () => {
    const config = {
      Origins: { Quantity: 1, Items: [{ Id: 'o', DomainName: 'o.example.com' }] },
      DefaultCacheBehavior: { TargetOriginId: 'o', CachePolicyId: 'p' },
    };
    const policy = resolveDistribution(
      fromDistributionConfig(
        config,
        { o: bucket },
        {
          cachePolicies: {
            p: {
              Name: 'p',
              ParametersInCacheKeyAndForwardedToOrigin: {
                CookiesConfig: { CookieBehavior: 'whitelist', Cookies: { Quantity: 1, Items: ['a*'] } },
              },
            },
          },
        },
      ),
    ).behaviors[0]?.cachePolicy;
    expect(policy?.cookies).toEqual({ behavior: 'whitelist', names: new Set(['a*']) });
  });
});
