// The corpus's Terraform: HCL from public repositories (sources and licences in README.md), loaded
// with fromTerraform as a user loads the configuration that deploys their distribution.
import { readdirSync } from 'node:fs';
import { createCdn, fromTerraform, ManualClock, memoryOrigin } from '@edgecase/cdn';
import { describe, expect, it } from 'vitest';
import { corpusText, expectIgnoredFields, xCache } from './support.js';

describe('hashicorp/terraform-provider-aws: the aws_cloudfront_distribution page’s S3 example', () => {
  const hcl = corpusText('terraform/terraform-provider-aws-s3-distribution.tf');

  it('loads; its geo restriction (§14) answers viewers outside US, CA, GB and DE with 403', async () => {
    const bucket = memoryOrigin();
    const cdn = createCdn(await fromTerraform(hcl, { origins: { myS3Origin: bucket } }));
    await bucket.put('index.html', 'home');
    expect(await (await cdn.fetch('/', { country: 'DE' })).text()).toBe('home');
    expect((await cdn.fetch('/', { country: 'FR' })).status).toBe(403);
  });

  it('two ordered behaviours by precedence, their TTLs, Origin in the key', async () => {
    const clock = new ManualClock();
    const bucket = memoryOrigin({ clock });
    const cdn = createCdn({
      ...(await fromTerraform(hcl, { origins: { myS3Origin: bucket } })),
      clock,
    });
    expectIgnoredFields(cdn, 'terraform-provider-aws-s3-distribution');
    await bucket.put('content/immutable/logo.svg', '<svg/>');
    await bucket.put('content/page.html', 'page');
    await bucket.put('index.html', 'home');
    // /content/immutable/* (precedence 0): DefaultTTL 86,400 s, Origin forwarded and keyed.
    expect(
      await xCache(cdn, '/content/immutable/logo.svg', { headers: { origin: 'https://a.example' } }),
    ).toBe('Miss from cloudfront');
    expect(
      await xCache(cdn, '/content/immutable/logo.svg', { headers: { origin: 'https://b.example' } }),
    ).toBe('Miss from cloudfront');
    // /content/* (precedence 1) and the default behaviour: DefaultTTL 3,600 s.
    await xCache(cdn, '/content/page.html');
    await xCache(cdn, '/');
    await clock.advance('3601s');
    expect(await xCache(cdn, '/content/page.html')).not.toBe('Hit from cloudfront');
    expect(await xCache(cdn, '/')).not.toBe('Hit from cloudfront');
    expect(
      await xCache(cdn, '/content/immutable/logo.svg', { headers: { origin: 'https://a.example' } }),
    ).toBe('Hit from cloudfront');
  });
});

describe('terraform-aws-modules/terraform-aws-cloudfront: the module (main.tf, variables.tf) with its variables', () => {
  const dir = 'terraform/terraform-aws-modules-cloudfront';
  const files = Object.fromEntries(
    readdirSync(new URL(`./configs/${dir}`, import.meta.url)).map((name) => [
      name,
      corpusText(`${dir}/${name}`),
    ]),
  );
  // What a caller's `module "cloudfront" { source = "terraform-aws-modules/cloudfront/aws" ... }` passes.
  const variables = {
    origin: {
      s3: { domain_name: 'acme-site.s3.eu-west-1.amazonaws.com' },
      api: {
        domain_name: 'api.acme.example',
        custom_origin_config: {
          http_port: 80,
          https_port: 443,
          origin_protocol_policy: 'https-only',
          origin_ssl_protocols: ['TLSv1.2'],
        },
      },
    },
    default_cache_behavior: {
      target_origin_id: 's3',
      viewer_protocol_policy: 'redirect-to-https',
      cache_policy_id: '658327ea-f89d-4fab-a63d-7e88639e58f6', // CachingOptimized
    },
    ordered_cache_behavior: [
      {
        path_pattern: '/api/*',
        target_origin_id: 'api',
        viewer_protocol_policy: 'https-only',
        cache_policy_id: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad', // CachingDisabled
        allowed_methods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'POST', 'PATCH', 'DELETE'],
      },
    ],
    custom_error_response: [{ error_code: 404, response_code: 200, response_page_path: '/index.html' }],
    default_root_object: 'index.html',
  };

  // The module's variables are typed with optional() attributes the caller leaves out (Terraform fills
  // them in; fromTerraform does too since d8129c0: until then this module did not load).
  it('loads through its dynamic blocks: /api/* is not cached, a client-side route is index.html', async () => {
    const site = memoryOrigin();
    const api = memoryOrigin();
    const cdn = createCdn(await fromTerraform(files, { variables, origins: { s3: site, api } }));
    expectIgnoredFields(cdn, 'terraform-aws-modules-cloudfront');
    await site.put('index.html', '<div id="app"></div>');
    await api.put('api/me', '{}');
    await cdn.fetch('https://d111111abcdef8.cloudfront.net/api/me');
    await cdn.fetch('https://d111111abcdef8.cloudfront.net/api/me');
    expect(api.requestCount()).toBe(2);
    const route = await cdn.fetch('/settings');
    expect(route.status).toBe(200);
    expect(await route.text()).toBe('<div id="app"></div>');
  });
});
