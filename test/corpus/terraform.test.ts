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
  const variables = {
    origin: { s3: { domain_name: 'acme-site.s3.eu-west-1.amazonaws.com' } },
    default_cache_behavior: {
      target_origin_id: 's3',
      viewer_protocol_policy: 'redirect-to-https',
      cache_policy_id: '658327ea-f89d-4fab-a63d-7e88639e58f6',
    },
    custom_error_response: [{ error_code: 404, response_code: 200, response_page_path: '/index.html' }],
    default_root_object: 'index.html',
  };

  // Known gap, kept visible: the module's variables are typed with optional() attributes, which
  // Terraform fills with null or their default before the resource reads them; fromTerraform does not
  // apply variable types yet, so `custom_error_response.value.error_caching_min_ttl` (left out by the
  // caller, as the type allows) is "not a value". When it is, this test fails: make it a load with
  // requests and an expected ignoredFields list.
  it('is refused today: the optional attributes of typed variables are not filled in', async () => {
    await expect(
      fromTerraform(files, { variables, origins: { s3: memoryOrigin() }, unmodelled: 'ignore' }),
    ).rejects.toThrow('aws_cloudfront_distribution.this.custom_error_response[0].error_caching_min_ttl');
  });
});
