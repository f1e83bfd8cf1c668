// The corpus's `get-distribution-config` JSON: real DistributionConfigs from public repositories
// (sources and licences in README.md), loaded with fromDistributionConfig as a user loads theirs.
import { createCdn, fromDistributionConfig, ManualClock, memoryOrigin } from '@edgecase/cdn';
import { describe, expect, it } from 'vitest';
import { corpusJson, expectIgnoredFields, expectUnmodelled, xCache } from './support.js';

describe('aws-cli: get-distribution-config output (ETag and DistributionConfig)', () => {
  const config = corpusJson('distribution-config/aws-cli-get-distribution-config.json');
  const id = 'amzn-s3-demo-bucket.s3.amazonaws.com-cli-example';

  it('loads, serves the default root object and caches it for DefaultTTL (86,400 s) without the query', async () => {
    const clock = new ManualClock();
    const bucket = memoryOrigin({ clock });
    const cdn = createCdn({ ...fromDistributionConfig(config, { [id]: bucket }), clock });
    expectIgnoredFields(cdn, 'aws-cli-get-distribution-config');
    await bucket.put('index.html', '<h1>home</h1>');
    const home = await cdn.fetch('/', { pop: 'IAD89', server: 1 });
    expect(home.status).toBe(200);
    expect(await home.text()).toBe('<h1>home</h1>');
    // QueryString: false — the query is neither forwarded nor part of the key.
    expect(await xCache(cdn, '/?utm=1')).toBe('Hit from cloudfront');
    await clock.advance('86399s');
    expect(await xCache(cdn, '/')).toBe('Hit from cloudfront');
    await clock.advance('2s');
    expect(await xCache(cdn, '/')).not.toBe('Hit from cloudfront');
  });
});

describe('aws-cli: the dist-config.json that create-distribution reads (a bare DistributionConfig)', () => {
  const config = corpusJson('distribution-config/aws-cli-create-distribution.json');
  const id = 'amzn-s3-demo-bucket.s3.amazonaws.com-cli-example';

  it("loads, and the origin's Cache-Control max-age bounds the TTL (MinTTL 0)", async () => {
    const clock = new ManualClock();
    const bucket = memoryOrigin({ clock });
    const cdn = createCdn({ ...fromDistributionConfig(config, { [id]: bucket }), clock });
    expectIgnoredFields(cdn, 'aws-cli-create-distribution');
    await bucket.put('app.js', 'v1', { cacheControl: 'max-age=60' });
    expect(await xCache(cdn, '/app.js')).toBe('Miss from cloudfront');
    expect(await xCache(cdn, '/app.js')).toBe('Hit from cloudfront');
    await clock.advance('61s');
    expect(await xCache(cdn, '/app.js')).not.toBe('Hit from cloudfront');
  });
});

describe('aws-cli: the disabled config update-distribution sends (Enabled: false)', () => {
  const config = corpusJson('distribution-config/aws-cli-update-distribution-disabled.json');
  const id = 'amzn-s3-demo-bucket.s3.amazonaws.com-1574382155-273939';

  it('loads (Enabled is modelled, §13) and answers every viewer 403 from CloudFront', async () => {
    const origin = memoryOrigin();
    const cdn = createCdn(fromDistributionConfig(config, { [id]: origin }));
    expectIgnoredFields(cdn, 'aws-cli-update-distribution-disabled');
    expect(cdn.distribution.enabled).toBe(false);
    await origin.put('index.html', 'home');
    const response = await cdn.fetch('/index.html');
    expect([response.status, response.headers.get('x-cache')]).toEqual([403, 'Error from cloudfront']);
    expect(origin.requestCount()).toBe(0);
  });
});

describe('aws-cli: a multi-tenant distribution (OriginPath with a tenant parameter)', () => {
  const config = corpusJson('distribution-config/aws-cli-create-multi-tenant.json');
  const id = 'amzn-s3-demo-bucket.s3.us-east-1.amazonaws.com';
  // The example's CachePolicyId is a placeholder id, not a managed policy: its config is passed.
  const cachePolicies = {
    '658327ea-f89d-4fab-a63d-7e88639e5ABC': {
      Name: 'example',
      MinTTL: 1,
      DefaultTTL: 86400,
      MaxTTL: 31536000,
      ParametersInCacheKeyAndForwardedToOrigin: {
        EnableAcceptEncodingGzip: true,
        EnableAcceptEncodingBrotli: true,
        HeadersConfig: { HeaderBehavior: 'none' },
        CookiesConfig: { CookieBehavior: 'none' },
        QueryStringsConfig: { QueryStringBehavior: 'none' },
      },
    },
  } as const;

  it('is refused by default, naming the multi-tenant connection mode', () => {
    expectUnmodelled(
      () => fromDistributionConfig(config, { [id]: memoryOrigin() }, { cachePolicies }),
      'DistributionConfig.ConnectionMode',
    );
  });

  it("loads for one tenant (its OriginPath's parameter filled in) and reads / from the tenant's prefix", async () => {
    const bucket = memoryOrigin();
    const forTenant = JSON.parse(JSON.stringify(config).replaceAll('{{tenantName}}', 'acme'));
    const options = fromDistributionConfig(
      forTenant,
      { [id]: bucket },
      { cachePolicies, unmodelled: { ConnectionMode: 'ignore', TenantConfig: 'ignore' } },
    );
    const cdn = createCdn(options);
    expectIgnoredFields(cdn, 'aws-cli-create-multi-tenant');
    await bucket.put('acme/index.html', 'tenant home');
    expect(await (await cdn.fetch('/')).text()).toBe('tenant home');
  });
});

describe('aws-samples/terraform-eks-code: a VPC origin with every method and all cookies forwarded', () => {
  const config = corpusJson('distribution-config/terraform-eks-code-vpc-origin.json');

  it('loads, and the query string is part of the cache key (legacy QueryString: true)', async () => {
    const server = memoryOrigin();
    const cdn = createCdn(fromDistributionConfig(config, { MyVPCOrigin: server }));
    expectIgnoredFields(cdn, 'terraform-eks-code-vpc-origin');
    await server.put('page', 'code-server');
    expect(await xCache(cdn, '/page?folder=a')).toBe('Miss from cloudfront');
    expect(await xCache(cdn, '/page?folder=a')).toBe('Hit from cloudfront');
    expect(await xCache(cdn, '/page?folder=b')).toBe('Miss from cloudfront');
  });
});
