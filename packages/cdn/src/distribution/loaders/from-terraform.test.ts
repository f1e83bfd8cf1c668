// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings are Terraform, whose own interpolation is ${…}
import { createSign, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCdn } from '../../cdn/cdn.js';
import { ManualClock } from '../../clock/clock.js';
import { EdgecaseError } from '../../errors.js';
import type { LambdaEdgeHandler } from '../../options/lambda-edge-types.js';
import { memoryOrigin } from '../../origin/memory-origin.js';
import { rejection as catchError } from '../../test-support/catch-error.js';
import { fromTerraform } from './from-terraform.js';

// A configuration in the style people write: variables with defaults, locals, an S3 origin by
// reference, a cache policy of its own, a managed one read by a data source, a dynamic block.
const SITE_TF = `
variable "domain" {
  type    = string
  default = "example.com"
}
variable "stage" { default = "prod" }
variable "error_pages" {
  default = { "404" = "/404.html" }
}

locals {
  origin_id = "s3-\${var.stage}"
  is_prod   = var.stage == "prod"
}

provider "aws" {
  region = "eu-west-1"
}

resource "aws_s3_bucket" "site" {
  bucket = "site-\${var.stage}"
}

data "aws_cloudfront_cache_policy" "optimized" {
  name = "Managed-CachingOptimized"
}

resource "aws_cloudfront_cache_policy" "short" {
  name        = "short-\${var.stage}"
  min_ttl     = 0
  default_ttl = local.is_prod ? 60 : 5
  max_ttl     = 300
  parameters_in_cache_key_and_forwarded_to_origin {
    enable_accept_encoding_gzip = true
    cookies_config { cookie_behavior = "none" }
    headers_config { header_behavior = "none" }
    query_strings_config {
      query_string_behavior = "whitelist"
      query_strings { items = ["v"] }
    }
  }
}

resource "aws_cloudfront_distribution" "site" {
  enabled             = true
  is_ipv6_enabled     = true
  comment             = "site \${var.stage}"
  aliases             = [var.domain, "www.\${var.domain}"]
  default_root_object = "index.html"
  price_class         = "PriceClass_100"

  origin {
    domain_name = aws_s3_bucket.site.bucket_regional_domain_name
    origin_id   = local.origin_id
  }

  default_cache_behavior {
    target_origin_id       = local.origin_id
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = aws_cloudfront_cache_policy.short.id
    compress               = true
  }

  ordered_cache_behavior {
    path_pattern           = "/static/*"
    target_origin_id       = local.origin_id
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = data.aws_cloudfront_cache_policy.optimized.id
  }

  dynamic "custom_error_response" {
    for_each = var.error_pages
    content {
      error_code            = tonumber(custom_error_response.key)
      response_code         = 200
      response_page_path    = custom_error_response.value
      error_caching_min_ttl = 1
    }
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    cloudfront_default_certificate = true
  }

  tags = { Stage = var.stage }
}
`;

const fixture = (name: string): string =>
  readFileSync(new URL(`../fixtures/terraform/${name}`, import.meta.url), 'utf8');

const hit = async (cdn: ReturnType<typeof createCdn>, path: string) =>
  (await cdn.fetch(path, { pop: 'IAD89', server: 1 })).headers.get('x-cache');

describe('fromTerraform', () => {
  it('loads HCL with variables, locals, its own cache policy, a managed one by data source and a dynamic block', async () => {
    const clock = new ManualClock();
    const origin = memoryOrigin({ clock });
    const options = await fromTerraform(SITE_TF, { origins: { 's3-prod': origin } });
    expect(options.aliases).toEqual(['example.com', 'www.example.com']);
    // The bucket's regional domain name, in the provider's Region.
    expect(options.origins?.['s3-prod']).toMatchObject({ region: 'eu-west-1' });
    expect(options.customErrorResponses).toEqual([
      { errorCode: 404, responseCode: 200, responsePagePath: '/404.html', errorCachingMinTTL: 1 },
    ]);
    const cdn = createCdn({ ...options, clock });
    expect(cdn.distribution.ignoredFields).toEqual([]);
    await origin.put('app.js', 'v1');
    expect(await hit(cdn, '/app.js?v=1')).toBe('Miss from cloudfront');
    expect(await hit(cdn, '/app.js?v=1')).toBe('Hit from cloudfront');
    expect(await hit(cdn, '/app.js?v=2')).not.toBe('Hit from cloudfront');
    await clock.advance('61s');
    expect(await hit(cdn, '/app.js?v=1')).not.toBe('Hit from cloudfront');
    expect(cdn.distribution.behaviors[0]?.cachePolicy.name).toBe('CachingOptimized');
  });

  it('takes variables from the option, and the condition they drive', async () => {
    const options = await fromTerraform(SITE_TF, {
      origins: { 's3-staging': memoryOrigin() },
      variables: { stage: 'staging', domain: 'staging.example.com' },
    });
    expect(options.aliases).toEqual(['staging.example.com', 'www.staging.example.com']);
    expect(createCdn(options).distribution.behaviors.at(-1)?.cachePolicy.defaultTtlMs).toBe(5000);
  });

  it('matches an origin by the reference its domain_name is written as', async () => {
    const options = await fromTerraform(SITE_TF, {
      origins: { 'aws_s3_bucket.site.bucket_regional_domain_name': memoryOrigin() },
    });
    expect(Object.keys(options.origins ?? {})).toEqual(['s3-prod']);
  });

  it('reads `terraform show -json` of a plan: values known after apply come from the configuration', async () => {
    const clock = new ManualClock();
    const origin = memoryOrigin({ clock });
    // The origin's domain name is unknown in the plan: the configuration says it is the bucket's.
    const options = await fromTerraform(fixture('plan.json'), { origins: { 's3-prod': origin } });
    expect(options.origins?.['s3-prod']).toMatchObject({ region: 'eu-west-1' });
    const cdn = createCdn({ ...options, clock });
    expect(cdn.distribution.ignoredFields).toEqual([]);
    // cache_policy_id is unknown too: it is the plan's aws_cloudfront_cache_policy.short.
    expect(cdn.distribution.behaviors.at(-1)?.cachePolicy.defaultTtlMs).toBe(60_000);
    await origin.put('app.js', 'v1');
    expect(await hit(cdn, '/app.js?v=1')).toBe('Miss from cloudfront');
    expect(await hit(cdn, '/app.js?v=1')).toBe('Hit from cloudfront');
  });

  // Found sweeping public plans: a plan records no expression inside a dynamic block, and a
  // behaviour's cache_policy_id there was dropped (the behaviour loaded as legacy settings, TTLs 0).
  it('refuses a value known after apply that a plan records no expression for, naming it', async () => {
    const plan = JSON.parse(fixture('plan.json')) as {
      configuration: { root_module: { resources: { type: string; expressions: Record<string, unknown> }[] } };
    };
    const distribution = plan.configuration.root_module.resources.find(
      (r) => r.type === 'aws_cloudfront_distribution',
    ) as { expressions: Record<string, unknown> };
    // As a dynamic default_cache_behavior leaves it: no expressions for the block.
    delete distribution.expressions.default_cache_behavior;
    await expect(
      fromTerraform(plan, {
        origins: {
          'S3-site-prod': memoryOrigin(),
          'aws_s3_bucket.site.bucket_regional_domain_name': memoryOrigin(),
        },
      }),
    ).rejects.toThrow(
      'aws_cloudfront_distribution.site.default_cache_behavior[0].cache_policy_id: expected a value the plan records',
    );
  });

  it('reads `terraform show -json` of a state: ids, the domain name and legacy behaviours', async () => {
    const state = JSON.parse(fixture('state.json')) as Record<string, unknown>;
    const options = await fromTerraform(state, {
      origins: { 'site-prod.s3.eu-west-1.amazonaws.com': memoryOrigin() },
    });
    expect(options.domainName).toBe('d111111abcdef8.cloudfront.net');
    const cdn = createCdn(options);
    expect(cdn.distribution.behaviors.at(-1)?.cachePolicy.defaultTtlMs).toBe(60_000);
    expect(cdn.distribution.behaviors[0]?.pathPattern).toBe('/wp-admin/*');
  });

  // Found sweeping public states: the terraform.tfstate file itself (format version 4) was refused.
  it('reads a terraform.tfstate file as Terraform writes it, with modules and instance keys', async () => {
    const show = JSON.parse(fixture('state.json')) as {
      values: { root_module: { resources: { type: string; name: string; mode: string; values: unknown }[] } };
    };
    const raw = {
      version: 4,
      terraform_version: '1.9.0',
      serial: 3,
      lineage: 'b7c5…',
      outputs: {},
      resources: show.values.root_module.resources.map((r) => ({
        ...(r.type === 'aws_cloudfront_distribution' ? { module: 'module.cdn' } : {}),
        mode: r.mode,
        type: r.type,
        name: r.name,
        provider: 'provider["registry.terraform.io/hashicorp/aws"]',
        instances: [
          {
            ...(r.type === 'aws_cloudfront_distribution' ? { index_key: 0 } : {}),
            schema_version: 1,
            attributes: r.values,
          },
        ],
      })),
    };
    const origins = () => ({ 'site-prod.s3.eu-west-1.amazonaws.com': memoryOrigin() });
    const fromShow = createCdn(await fromTerraform(show, { origins: origins() }));
    const fromRaw = createCdn(
      await fromTerraform(JSON.stringify(raw), {
        origins: origins(),
        address: 'module.cdn.aws_cloudfront_distribution.site[0]',
      }),
    );
    expect(fromRaw.distribution.domainName).toBe('d111111abcdef8.cloudfront.net');
    expect(fromRaw.distribution.behaviors.map((b) => [b.pathPattern, b.cachePolicy.defaultTtlMs])).toEqual(
      fromShow.distribution.behaviors.map((b) => [b.pathPattern, b.cachePolicy.defaultTtlMs]),
    );
  });

  it("finds a distribution in a child module of a state, and its module's cache policy", async () => {
    const state = JSON.parse(fixture('state.json')) as {
      values: { root_module: { resources: { address: string }[]; child_modules?: unknown[] } };
    };
    const resources = state.values.root_module.resources.map((r) => ({
      ...r,
      address: `module.cdn.${r.address}`,
    }));
    state.values.root_module = { resources: [], child_modules: [{ address: 'module.cdn', resources }] };
    const options = await fromTerraform(state, {
      origins: { 's3-prod': memoryOrigin() },
      address: 'module.cdn.aws_cloudfront_distribution.site',
    });
    expect(createCdn(options).distribution.behaviors.at(-1)?.cachePolicy.defaultTtlMs).toBe(60_000);
  });

  it('refuses mutual TLS and connection functions by name (not modelled)', async () => {
    const mtls = SITE_TF.replace(
      '  viewer_certificate {',
      '  viewer_mtls_config {\n    mode = "required"\n    trust_store_config {\n      trust_store_id = "ts-1"\n    }\n  }\n\n  viewer_certificate {',
    );
    const error = await catchError(() => fromTerraform(mtls, { origins: { 's3-prod': memoryOrigin() } }));
    expect(error.code).toBe('UnmodelledFeature');
    // Named as the configuration writes it; the `unmodelled` key is the API field's.
    expect(error.message).toContain('aws_cloudfront_distribution.site.viewer_mtls_config: expected only');
    expect(error.message).toContain('{ unmodelled: { "ViewerMtlsConfig": \'warn\' } }');
  });

  it('refuses a function with publish = false (its code is not what runs), unless the live code is given', async () => {
    const unpublished = SITE_TF.replace(
      '    compress               = true\n  }',
      '    compress               = true\n    function_association {\n      event_type   = "viewer-request"\n      function_arn = aws_cloudfront_function.index.arn\n    }\n  }',
    ).concat(`
resource "aws_cloudfront_function" "index" {
  name    = "dir-index"
  runtime = "cloudfront-js-2.0"
  publish = false
  code    = "function handler(event) { return event.request; }"
}
`);
    const error = await catchError(() =>
      fromTerraform(unpublished, { origins: { 's3-prod': memoryOrigin() } }),
    );
    expect(error.message).toContain(
      'aws_cloudfront_function.index.publish: expected the function published (a distribution runs its LIVE stage), got false',
    );
    const live = { code: 'function handler(event) { return event.request; }' };
    const loaded = await fromTerraform(unpublished, {
      origins: { 's3-prod': memoryOrigin() },
      functions: { 'dir-index': live },
    });
    expect(loaded.functions).toEqual({ 'dir-index': live });
  });

  it("runs the module's CloudFront Function from its code, and asks for the file when code is file()", async () => {
    const withFunction = SITE_TF.replace(
      '    compress               = true\n  }',
      '    compress               = true\n    function_association {\n      event_type   = "viewer-request"\n      function_arn = aws_cloudfront_function.index.arn\n    }\n  }',
    ).concat(`
resource "aws_cloudfront_function" "index" {
  name    = "dir-index-\${var.stage}"
  runtime = "cloudfront-js-2.0"
  code    = <<-EOT
    function handler(event) {
      var request = event.request;
      if (request.uri.endsWith('/')) request.uri += 'index.html';
      return request;
    }
  EOT
}
`);
    const origin = memoryOrigin();
    const options = await fromTerraform(withFunction, { origins: { 's3-prod': origin } });
    expect(Object.keys(options.functions ?? {})).toEqual(['dir-index-prod']);
    const cdn = createCdn(options);
    await origin.put('docs/index.html', 'the docs');
    expect(await (await cdn.fetch('/docs/', { pop: 'IAD89', server: 1 })).text()).toBe('the docs');

    const fromFile = withFunction.replace(
      /code {4}= <<-EOT[\s\S]*?EOT/,
      'code    = file("${path.module}/index.js")',
    );
    // file("${path.module}/…") is read from the configuration's directory (the `directory` option).
    const dir = mkdtempSync(join(tmpdir(), 'edgecase-tf-'));
    writeFileSync(
      join(dir, 'index.js'),
      "function handler(event) { return { statusCode: 200, body: 'from index.js' }; }",
    );
    const fileOptions = await fromTerraform(fromFile, {
      origins: { 's3-prod': memoryOrigin() },
      directory: dir,
    });
    expect(fileOptions.functions).toEqual({
      'dir-index-prod': { file: join(dir, 'index.js'), runtime: 'cloudfront-js-2.0' },
    });
    expect(await (await createCdn(fileOptions).fetch('/x')).text()).toBe('from index.js');
    const missing = await fromTerraform(fromFile, { origins: { 's3-prod': memoryOrigin() } });
    expect(() => createCdn(missing)).toThrow(/expected a readable function file, got ".*index\.js"/);
    const given = await fromTerraform(fromFile, {
      origins: { 's3-prod': memoryOrigin() },
      functions: { 'dir-index-prod': { code: 'function handler(event) { return event.request; }' } },
    });
    expect(Object.keys(given.functions ?? {})).toEqual(['dir-index-prod']);
  });

  it("runs a lambda_function_association's Lambda@Edge handler from the lambdas option (qualified ARN, by name or ARN)", async () => {
    const withLambda = SITE_TF.replace(
      '    compress               = true\n  }',
      '    compress               = true\n    lambda_function_association {\n      event_type   = "viewer-request"\n      lambda_arn   = aws_lambda_function.auth.qualified_arn\n      include_body = false\n    }\n  }',
    ).concat(`
resource "aws_lambda_function" "auth" {
  provider      = aws.us_east_1
  function_name = "auth-\${var.stage}"
  role          = "arn:aws:iam::123456789012:role/edge"
  runtime       = "nodejs20.x"
  handler       = "auth.handler"
  filename      = "auth.zip"
  publish       = true
}
`);
    const handler: LambdaEdgeHandler = async (event) => {
      const request = event.Records[0].cf.request;
      return request.headers.authorization ? request : { status: '401', body: 'sign in' };
    };
    const arn = 'arn:aws:lambda:us-east-1:123456789012:function:auth-prod:3';
    // qualified_arn is known after apply: its value comes from references, the handler by the name.
    const options = await fromTerraform(withLambda, {
      origins: { 's3-prod': memoryOrigin() },
      references: { 'aws_lambda_function.auth.qualified_arn': arn },
      lambdas: { 'auth-prod': { handler } },
    });
    expect(options.defaultCacheBehavior?.lambdaFunctionAssociations).toEqual([
      { eventType: 'viewer-request', lambdaFunctionARN: arn, includeBody: false },
    ]);
    const cdn = createCdn(options);
    const refused = await cdn.fetch('https://example.com/a.html', { pop: 'IAD89', server: 1 });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('x-cache')).toBe('LambdaGeneratedResponse from cloudfront');
    expect(cdn.trace.requests()[0]?.functions).toEqual([
      expect.objectContaining({ function: 'auth-prod', eventType: 'viewer-request', arn }),
    ]);

    // Without references, the published function's qualified_arn stands for it: its handler by name.
    const byName = await fromTerraform(withLambda, {
      origins: { 's3-prod': memoryOrigin() },
      lambdas: { 'auth-prod': { handler } },
    });
    expect(
      (await createCdn(byName).fetch('https://example.com/a.html', { pop: 'IAD89', server: 1 })).status,
    ).toBe(401);
    // CloudFront needs a numbered version: .arn has none, and without publish = true qualified_arn is $LATEST.
    const at =
      'aws_cloudfront_distribution.site.default_cache_behavior.lambda_function_association[0].lambda_arn';
    const unversioned = withLambda.replace(
      'aws_lambda_function.auth.qualified_arn',
      'aws_lambda_function.auth.arn',
    );
    const lambdas = { 'auth-prod': { handler } };
    expect(
      (
        await catchError(() =>
          fromTerraform(unversioned, { origins: { 's3-prod': memoryOrigin() }, lambdas }),
        )
      ).message,
    ).toContain(
      `${at}: expected the ARN of a numbered version, as CloudFront requires, got "aws_lambda_function.auth.arn". aws_lambda_function.auth.arn has no version`,
    );
    const unpublished = withLambda.replace('  publish       = true\n', '');
    expect(
      (
        await catchError(() =>
          fromTerraform(unpublished, { origins: { 's3-prod': memoryOrigin() }, lambdas }),
        )
      ).message,
    ).toContain('aws_lambda_function.auth has no publish = true, so its qualified_arn is its $LATEST ARN');

    // A qualified ARN written out, its handler given by that ARN.
    const literal = withLambda.replace('aws_lambda_function.auth.qualified_arn', `"${arn}"`);
    const byArn = await fromTerraform(literal, {
      origins: { 's3-prod': memoryOrigin() },
      lambdas: { [arn]: { handler } },
    });
    const allowed = await createCdn(byArn).fetch('https://example.com/a.html', {
      pop: 'IAD89',
      server: 1,
      headers: { authorization: 'Bearer x' },
    });
    expect(allowed.status).toBe(404);
    // Without the handler, the association is refused by name.
    const without = await fromTerraform(literal, { origins: { 's3-prod': memoryOrigin() } });
    expect(() => createCdn(without)).toThrow(/lambdas/);
  });

  it("reads the module's key group and public key (encoded_key = file(...)) for trusted_key_groups", async () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const dir = mkdtempSync(join(tmpdir(), 'edgecase-tf-'));
    writeFileSync(
      join(dir, 'public_key.pem'),
      rsa.publicKey.export({ type: 'spki', format: 'pem' }) as string,
    );
    const signed = SITE_TF.replace(
      '    compress               = true\n  }',
      '    compress               = true\n    trusted_key_groups     = [aws_cloudfront_key_group.signers.id]\n  }',
    ).concat(`
resource "aws_cloudfront_public_key" "signing" {
  name        = "signing-key"
  encoded_key = file("\${path.module}/public_key.pem")
}

resource "aws_cloudfront_key_group" "signers" {
  name  = "signers"
  items = [aws_cloudfront_public_key.signing.id]
}
`);
    const origin = memoryOrigin();
    const options = await fromTerraform(signed, {
      origins: { 's3-prod': origin },
      directory: dir,
      // The key's id exists only after apply: the one the app signs with, as a reference value.
      references: { 'aws_cloudfront_public_key.signing.id': 'K2JCJMDEHXQW5F' },
    });
    expect(Object.keys(options.keyGroups ?? {})).toEqual(['aws_cloudfront_key_group.signers.id']);
    expect(Object.keys(options.keyGroups?.['aws_cloudfront_key_group.signers.id']?.publicKeys ?? {})).toEqual(
      ['K2JCJMDEHXQW5F'],
    );
    const clock = new ManualClock();
    const cdn = createCdn({ ...options, clock });
    await origin.put('report.html', 'report');
    expect((await cdn.fetch('/report.html')).status).toBe(403);
    // A canned policy signed with RSA-SHA1, as @aws-sdk/cloudfront-signer signs (§21).
    const url = 'https://example.com/report.html';
    const expires = Math.floor(clock.now() / 1000) + 600;
    const policy = JSON.stringify({
      Statement: [{ Resource: url, Condition: { DateLessThan: { 'AWS:EpochTime': expires } } }],
    });
    const signature = createSign('RSA-SHA1')
      .update(policy)
      .sign(rsa.privateKey, 'base64')
      .replace(/\+/g, '-')
      .replace(/=/g, '_')
      .replace(/\//g, '~');
    const ok = await cdn.fetch(`${url}?Expires=${expires}&Signature=${signature}&Key-Pair-Id=K2JCJMDEHXQW5F`);
    expect([ok.status, await ok.text()]).toEqual([200, 'report']);

    const given = await fromTerraform(signed, {
      origins: { 's3-prod': memoryOrigin() },
      keyGroups: { 'aws_cloudfront_key_group.signers.id': { publicKeys: {} } },
    });
    expect(given.keyGroups).toEqual({ 'aws_cloudfront_key_group.signers.id': { publicKeys: {} } });
    const noFile = await catchError(() => fromTerraform(signed, { origins: { 's3-prod': memoryOrigin() } }));
    expect(noFile.message).toMatch(
      /aws_cloudfront_public_key\.signing\.encoded_key: expected a readable PEM file/,
    );
  });

  it("gives a function the keys of its key_value_store_associations' store, or asks for them", async () => {
    const withKvs = SITE_TF.replace(
      '    compress               = true\n  }',
      '    compress               = true\n    function_association {\n      event_type   = "viewer-request"\n      function_arn = aws_cloudfront_function.promo.arn\n    }\n  }',
    ).concat(`
resource "aws_cloudfront_key_value_store" "redirects" {
  name = "redirects"
}

resource "aws_cloudfront_function" "promo" {
  name                         = "promo"
  runtime                      = "cloudfront-js-2.0"
  key_value_store_associations = [aws_cloudfront_key_value_store.redirects.arn]
  code                         = <<-EOT
    import cf from 'cloudfront';
    const kvs = cf.kvs();
    async function handler(event) {
      const uri = event.request.uri;
      if (!(await kvs.exists(uri))) return event.request;
      return { statusCode: 302, headers: { location: { value: await kvs.get(uri) } } };
    }
  EOT
}
`);
    const keys = `
resource "aws_cloudfrontkeyvaluestore_key" "promo" {
  key_value_store_arn = aws_cloudfront_key_value_store.redirects.arn
  key                 = "/promo"
  value               = "/spring-sale"
}
`;
    const options = await fromTerraform(withKvs + keys, { origins: { 's3-prod': memoryOrigin() } });
    expect(options.functions?.promo?.keyValueStore).toEqual({ '/promo': '/spring-sale' });
    const cdn = createCdn(options);
    expect((await cdn.fetch('/promo')).headers.get('location')).toBe('/spring-sale');
    // The store's whole key set written as one aws_cloudfrontkeyvaluestore_keys_exclusive.
    const exclusive = `
resource "aws_cloudfrontkeyvaluestore_keys_exclusive" "all" {
  key_value_store_arn = aws_cloudfront_key_value_store.redirects.arn
  resource_key_value_pair {
    key   = "/promo"
    value = "/winter-sale"
  }
  resource_key_value_pair {
    key   = "/old"
    value = "/new"
  }
}
`;
    const fromExclusive = await fromTerraform(withKvs + exclusive, {
      origins: { 's3-prod': memoryOrigin() },
    });
    expect(fromExclusive.functions?.promo?.keyValueStore).toEqual({
      '/promo': '/winter-sale',
      '/old': '/new',
    });

    const noKeys = await catchError(() => fromTerraform(withKvs, { origins: { 's3-prod': memoryOrigin() } }));
    expect(noKeys.message).toContain(
      'aws_cloudfront_function.promo.key_value_store_associations: expected keys of "aws_cloudfront_key_value_store.redirects.arn" in the configuration (aws_cloudfrontkeyvaluestore_key), got none.',
    );
    const given = await fromTerraform(withKvs, {
      origins: { 's3-prod': memoryOrigin() },
      functions: { promo: { keyValueStore: { '/promo': '/summer-sale' } } },
    });
    expect(given.functions?.promo).toMatchObject({
      runtime: 'cloudfront-js-2.0',
      keyValueStore: { '/promo': '/summer-sale' },
    });
    expect(given.functions?.promo?.code).toContain('cf.kvs()');
  });

  it("reads Terraform's JSON syntax (*.tf.json), where one nested block may be an object", async () => {
    const tfJson = {
      variable: { stage: { default: 'prod' } },
      resource: {
        aws_cloudfront_distribution: {
          site: {
            enabled: true,
            comment: 'site ${var.stage}',
            origin: { origin_id: 'site', domain_name: 'site-${var.stage}.s3.eu-west-1.amazonaws.com' },
            default_cache_behavior: {
              target_origin_id: 'site',
              viewer_protocol_policy: 'redirect-to-https',
              allowed_methods: ['GET', 'HEAD'],
              cached_methods: ['GET', 'HEAD'],
              cache_policy_id: '658327ea-f89d-4fab-a63d-7e88639e58f6',
            },
          },
        },
      },
    };
    const options = await fromTerraform(
      { 'cdn.tf.json': JSON.stringify(tfJson) },
      { origins: { site: memoryOrigin() }, variables: { stage: 'dev' } },
    );
    expect(options.origins?.site).toMatchObject({ region: 'eu-west-1' });
    expect(createCdn(options).distribution.behaviors[0]?.cachePolicy.name).toBe('CachingOptimized');
  });

  it('asks for address when a source has several distributions', async () => {
    const two = `${SITE_TF}\nresource "aws_cloudfront_distribution" "other" {\n  enabled = true\n}\n`;
    const error = await catchError(() => fromTerraform(two, { origins: {} }));
    expect(error.message).toContain(
      'expected one aws_cloudfront_distribution, got ["aws_cloudfront_distribution.other","aws_cloudfront_distribution.site"]',
    );
    const options = await fromTerraform(two, {
      address: 'aws_cloudfront_distribution.site',
      origins: { 's3-prod': memoryOrigin() },
    });
    expect(options.aliases).toEqual(['example.com', 'www.example.com']);
  });
});

// A module in the style of the registry's CloudFront modules: one typed object variable per block,
// optional() defaults, dynamic blocks built from it, policies picked by key or by managed name.
const MODULE_TF = {
  'variables.tf': `
variable "create" {
  type    = bool
  default = true
}
variable "origin" {
  type = map(object({
    domain_name = string
    origin_id   = optional(string)
    origin_path = optional(string, "")
  }))
}
variable "default_cache_behavior" {
  type = object({
    target_origin_id       = string
    viewer_protocol_policy = optional(string, "redirect-to-https")
    allowed_methods        = optional(list(string), ["GET", "HEAD", "OPTIONS"])
    cached_methods         = optional(list(string), ["GET", "HEAD"])
    compress               = optional(bool, true)
    cache_policy_id        = optional(string)
    cache_policy_name      = optional(string)
  })
}
variable "ordered_cache_behavior" {
  type = list(object({
    path_pattern           = string
    target_origin_id       = string
    viewer_protocol_policy = optional(string, "redirect-to-https")
    cache_policy_name      = optional(string)
  }))
  default = []
}
`,
  'main.tf': `
locals {
  behaviors = concat([var.default_cache_behavior], var.ordered_cache_behavior)
}

data "aws_cloudfront_cache_policy" "this" {
  for_each = toset([for b in local.behaviors : b.cache_policy_name if b.cache_policy_name != null])
  name     = each.key
}

resource "aws_cloudfront_distribution" "this" {
  count   = var.create ? 1 : 0
  enabled = true

  dynamic "origin" {
    for_each = var.origin
    content {
      domain_name = origin.value.domain_name
      origin_id   = coalesce(origin.value.origin_id, origin.key)
      origin_path = origin.value.origin_path
    }
  }

  dynamic "default_cache_behavior" {
    for_each = [var.default_cache_behavior]
    iterator = b
    content {
      target_origin_id       = b.value.target_origin_id
      viewer_protocol_policy = b.value.viewer_protocol_policy
      allowed_methods        = b.value.allowed_methods
      cached_methods         = b.value.cached_methods
      compress               = b.value.compress
      cache_policy_id        = try(coalesce(b.value.cache_policy_id, data.aws_cloudfront_cache_policy.this[b.value.cache_policy_name].id), null)
    }
  }

  dynamic "ordered_cache_behavior" {
    for_each = var.ordered_cache_behavior
    content {
      path_pattern           = ordered_cache_behavior.value.path_pattern
      target_origin_id       = ordered_cache_behavior.value.target_origin_id
      viewer_protocol_policy = ordered_cache_behavior.value.viewer_protocol_policy
      allowed_methods        = ["GET", "HEAD"]
      cached_methods         = ["GET", "HEAD"]
      cache_policy_id        = data.aws_cloudfront_cache_policy.this[ordered_cache_behavior.value.cache_policy_name].id
    }
  }

  restrictions {
    geo_restriction { restriction_type = "none" }
  }
  viewer_certificate { cloudfront_default_certificate = true }
}
`,
};

describe('fromTerraform: a module loaded with its inputs as variables', () => {
  const inputs = {
    origin: { site: { domain_name: 'site.s3.eu-west-1.amazonaws.com' } },
    default_cache_behavior: { target_origin_id: 'site', cache_policy_name: 'Managed-CachingOptimized' },
    ordered_cache_behavior: [
      { path_pattern: '/api/*', target_origin_id: 'site', cache_policy_name: 'Managed-CachingDisabled' },
    ],
  };

  it("applies the variables' types: optional() defaults, dynamic blocks, for_each data sources", async () => {
    const options = await fromTerraform(MODULE_TF, { origins: { site: memoryOrigin() }, variables: inputs });
    expect(options.defaultCacheBehavior).toMatchObject({
      viewerProtocolPolicy: 'redirect-to-https',
      allowedMethods: ['GET', 'HEAD', 'OPTIONS'],
      compress: true,
    });
    const cdn = createCdn(options);
    expect(cdn.distribution.behaviors.map((b) => [b.pathPattern, b.cachePolicy.name])).toEqual([
      ['/api/*', 'CachingDisabled'],
      ['*', 'CachingOptimized'],
    ]);
    expect(cdn.distribution.origins.get('site')?.region).toBe('eu-west-1');
  });

  it('says which attribute a typed variable misses, and that count turned the distribution off', async () => {
    const origins = { site: memoryOrigin() };
    await expect(
      fromTerraform(MODULE_TF, {
        origins,
        variables: { ...inputs, ordered_cache_behavior: [{ path_pattern: '/api/*' }] },
      }),
    ).rejects.toThrow(
      'var.ordered_cache_behavior[0]: expected an object with the attribute "target_origin_id" its type requires, got ["path_pattern"]',
    );
    await expect(
      fromTerraform(MODULE_TF, { origins, variables: { ...inputs, create: false } }),
    ).rejects.toThrow(
      'aws_cloudfront_distribution.this.count: expected a configuration that creates the distribution, got 0',
    );
  });

  it('takes variable values from .tfvars files, after the variables option', async () => {
    const files = {
      ...MODULE_TF,
      'prod.tfvars': [
        'origin = { site = { domain_name = "site.s3.eu-west-1.amazonaws.com" } }',
        'default_cache_behavior = {',
        '  target_origin_id  = "site"',
        '  cache_policy_name = "Managed-CachingOptimized"',
        '  compress          = false',
        '}',
      ].join('\n'),
    };
    const options = await fromTerraform(files, { origins: { site: memoryOrigin() } });
    expect(options.defaultCacheBehavior).toMatchObject({
      compress: false,
      viewerProtocolPolicy: 'redirect-to-https',
    });
    const overridden = await fromTerraform(files, {
      origins: { site: memoryOrigin() },
      variables: {
        default_cache_behavior: {
          target_origin_id: 'site',
          cache_policy_name: 'Managed-CachingOptimized',
          compress: true,
        },
      },
    });
    expect(overridden.defaultCacheBehavior?.compress).toBe(true);
  });

  it('picks a count instance by address', async () => {
    const options = await fromTerraform(MODULE_TF, {
      origins: { site: memoryOrigin() },
      variables: inputs,
      address: 'aws_cloudfront_distribution.this[0]',
    });
    expect(options.cacheBehaviors?.[0]?.pathPattern).toBe('/api/*');
  });

  it('picks a for_each instance by its key, and reads heredoc strings', async () => {
    const perSite = `
variable "sites" {
  default = { blog = "blog.example.com", shop = "shop.example.com" }
}
resource "aws_cloudfront_distribution" "site" {
  for_each = var.sites
  enabled  = true
  aliases  = [each.value]
  comment  = <<-EOT
    The \${each.key} site
  EOT
  origin {
    domain_name = "\${each.key}.s3.us-west-2.amazonaws.com"
    origin_id   = each.key
  }
  default_cache_behavior {
    target_origin_id       = each.key
    viewer_protocol_policy = "allow-all"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "658327ea-f89d-4fab-a63d-7e88639e58f6"
  }
}
`;
    const shop = await fromTerraform(perSite, {
      origins: { shop: memoryOrigin() },
      address: 'aws_cloudfront_distribution.site["shop"]',
    });
    expect(shop.aliases).toEqual(['shop.example.com']);
    expect(shop.origins?.shop).toMatchObject({ region: 'us-west-2' });
    await expect(fromTerraform(perSite, { origins: {} })).rejects.toThrow(
      'aws_cloudfront_distribution.site: expected a key of for_each (blog, shop), got undefined',
    );
  });

  it('does not let try() hide what edgecase cannot read: the deployed value would differ', async () => {
    const withData = MODULE_TF['main.tf']
      .replace(
        'cache_policy_id        = try(coalesce(b.value.cache_policy_id, data.aws_cloudfront_cache_policy.this[b.value.cache_policy_name].id), null)',
        'cache_policy_id        = try(data.aws_ssm_parameter.policy.value, null)',
      )
      .concat('\ndata "aws_ssm_parameter" "policy" {\n  name = "/cdn/policy"\n}\n');
    await expect(
      fromTerraform(
        { ...MODULE_TF, 'main.tf': withData },
        { origins: { site: memoryOrigin() }, variables: inputs },
      ),
    ).rejects.toThrow(
      'aws_cloudfront_distribution.this.default_cache_behavior[0].cache_policy_id: expected a value edgecase can read, got "data.aws_ssm_parameter.policy.value"',
    );
  });
});

// Every reference fromTerraform cannot resolve: the error names the reference and where it is.
const DOMAIN = 'domain_name = aws_s3_bucket.site.bucket_regional_domain_name';
const COMMENT = 'comment             = "site ${var.stage}"';
const AT_ORIGIN = 'aws_cloudfront_distribution.site.origin[0].domain_name: ';
const AT_COMMENT = 'aws_cloudfront_distribution.site.comment: ';
const change = (from: string, to: string, extra = '') => `${SITE_TF.replace(from, to)}\n${extra}`;

describe('fromTerraform: what it cannot resolve', () => {
  it.each([
    [
      'a data source',
      change(
        DOMAIN,
        'domain_name = data.aws_s3_bucket.b.bucket_regional_domain_name',
        'data "aws_s3_bucket" "b" { bucket = "b" }',
      ),
      `${AT_ORIGIN}expected a value edgecase can read, got "data.aws_s3_bucket.b.bucket_regional_domain_name"`,
    ],
    [
      'a data source the files do not declare',
      change(DOMAIN, 'domain_name = data.aws_s3_bucket.nope.bucket_regional_domain_name'),
      `${AT_ORIGIN}expected a data source declared in this configuration, got "data.aws_s3_bucket.nope"`,
    ],
    [
      'a cache policy read by name that is not a managed one',
      SITE_TF.replace('"Managed-CachingOptimized"', '"my-own-policy"'),
      'ordered_cache_behavior[0].cache_policy_id: expected a managed cache policy (its name starts with "Managed-") or one the files declare, got "data.aws_cloudfront_cache_policy.optimized.id"',
    ],
    [
      // The provider compares names exactly: "CachingOptimized" is an account's own policy.
      "a managed policy's name without Managed-",
      SITE_TF.replace('"Managed-CachingOptimized"', '"CachingOptimized"'),
      'write name = "Managed-CachingOptimized" for the managed policy',
    ],
    [
      'a module output',
      change(COMMENT, 'comment = module.naming.comment'),
      `${AT_COMMENT}expected a value edgecase can read, got "module.naming.comment"`,
    ],
    [
      'a function it does not evaluate',
      change(COMMENT, 'comment = timestamp()'),
      `${AT_COMMENT}expected a function edgecase evaluates`,
    ],
    [
      'a function that reads files',
      change(COMMENT, 'comment = file("${path.module}/comment.txt")'),
      'got "file()"',
    ],
    [
      'a variable without a default or a value',
      change(COMMENT, 'comment = var.owner', 'variable "owner" { type = string }'),
      `${AT_COMMENT}expected a value for var.owner, got undefined. It has no default: pass { variables: { owner: … } }`,
    ],
    [
      'an undeclared variable',
      change(COMMENT, 'comment = var.ownr', 'variable "owner" { type = string }'),
      `${AT_COMMENT}expected a declared variable, got "var.ownr". Did you mean var.owner?`,
    ],
    [
      'an undeclared local',
      change(COMMENT, 'comment = local.nope'),
      `${AT_COMMENT}expected a declared local value, got "local.nope"`,
    ],
    [
      'a resource the files do not declare',
      change(DOMAIN, 'domain_name = aws_s3_bucket.assets.bucket_regional_domain_name'),
      `${AT_ORIGIN}expected a resource declared in this configuration, got "aws_s3_bucket.assets". Declared: aws_s3_bucket.site.`,
    ],
    [
      'a value known only after apply, where the value itself is needed',
      change(COMMENT, 'comment = aws_s3_bucket.site.arn == "x" ? "a" : "b"'),
      `${AT_COMMENT}expected a value known before apply, got "aws_s3_bucket.site.arn"`,
    ],
    [
      'a template directive',
      change(COMMENT, 'comment = "%{ if var.stage == "prod" }prod%{ endif }"'),
      `${AT_COMMENT}expected no template directive`,
    ],
    [
      'each outside for_each',
      change(COMMENT, 'comment = each.key'),
      `${AT_COMMENT}expected each inside a resource with count / for_each, got "each.key"`,
    ],
    [
      'a distribution its count turns off',
      change(
        'resource "aws_cloudfront_distribution" "site" {',
        'resource "aws_cloudfront_distribution" "site" {\n  count = var.stage == "dev" ? 1 : 0',
      ),
      'aws_cloudfront_distribution.site.count: expected a configuration that creates the distribution, got 0',
    ],
    [
      'an argument the AWS provider does not have',
      change('default_root_object = "index.html"', 'default_root_objet = "index.html"'),
      'aws_cloudfront_distribution.site has an unknown argument "default_root_objet"',
    ],
    [
      'ordered_cache_behavior blocks both static and dynamic (their order is lost)',
      change(
        '  dynamic "custom_error_response" {',
        '  dynamic "ordered_cache_behavior" {\n    for_each = []\n    content { path_pattern = "/x" }\n  }\n  dynamic "custom_error_response" {',
      ),
      'aws_cloudfront_distribution.site.ordered_cache_behavior: expected ordered_cache_behavior blocks all static or all dynamic',
    ],
    [
      'HCL that does not parse',
      'resource "aws_cloudfront_distribution" "x" {',
      'fromTerraform source main.tf: expected Terraform HCL, got text that does not parse (parse config: [main.tf:1',
    ],
  ])('names it and its path: %s', async (_name, source, message) => {
    const error = await catchError(() => fromTerraform(source, { origins: { 's3-prod': memoryOrigin() } }));
    expect(error.code).toBe('InvalidOption');
    expect(error.message).toContain(message);
  });

  it('takes the values of what it cannot read from { references }, as written', async () => {
    const source = `
locals {
  origin_id = "S3-\${data.aws_s3_bucket.site.id}"
  cert      = data.terraform_remote_state.acm.outputs.certificate
}
data "aws_s3_bucket" "site" {
  bucket = "site-prod"
}
data "terraform_remote_state" "acm" {
  backend = "s3"
}
resource "aws_cloudfront_distribution" "site" {
  enabled = true
  aliases = [module.naming.domain]
  origin {
    domain_name = data.aws_s3_bucket.site.bucket_regional_domain_name
    origin_id   = local.origin_id
  }
  default_cache_behavior {
    target_origin_id       = local.origin_id
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "658327ea-f89d-4fab-a63d-7e88639e58f6"
  }
  viewer_certificate {
    acm_certificate_arn = local.cert.arn
    ssl_support_method  = "sni-only"
  }
}
`;
    const options = await fromTerraform(source, {
      origins: { 'S3-site-prod': memoryOrigin() },
      references: {
        // A whole data source, or one attribute of it; a module output; a nested output.
        'data.aws_s3_bucket.site': {
          id: 'site-prod',
          bucket_regional_domain_name: 'site-prod.s3.eu-west-1.amazonaws.com',
        },
        'module.naming.domain': 'www.example.com',
        'data.terraform_remote_state.acm.outputs.certificate': {
          arn: 'arn:aws:acm:us-east-1:1:certificate/x',
        },
      },
    });
    expect(options.aliases).toEqual(['www.example.com']);
    expect(options.origins?.['S3-site-prod']).toMatchObject({ region: 'eu-west-1' });
    await expect(fromTerraform(source, { origins: {}, references: { 'var.x': 1 } })).rejects.toThrow(
      'fromTerraform references: expected references as written in the configuration',
    );
    await expect(fromTerraform(source, { origins: {} })).rejects.toThrow(
      'pass its value as { references: { "module.naming.domain": … } }',
    );
  });

  // Found loading public modules: a for_each data source's reference (the key the message asked for
  // did not match), and `tags` from a label module, which has no effect yet failed the load.
  it('takes an indexed reference as the message writes it, and does not read arguments of no effect', async () => {
    const source = `
data "aws_s3_bucket" "site" {
  for_each = toset(["prod"])
  bucket   = "site-\${each.key}"
}
resource "aws_cloudfront_distribution" "site" {
  enabled = true
  tags    = module.labels.tags
  origin {
    domain_name = data.aws_s3_bucket.site["prod"].bucket_regional_domain_name
    origin_id   = "site"
  }
  default_cache_behavior {
    target_origin_id       = "site"
    viewer_protocol_policy = "allow-all"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "658327ea-f89d-4fab-a63d-7e88639e58f6"
  }
}
`;
    const asked = await fromTerraform(source, { origins: { site: memoryOrigin() } }).catch((e: Error) => e);
    const key = 'data.aws_s3_bucket.site["prod"].bucket_regional_domain_name';
    expect((asked as Error).message).toContain(`{ references: { ${JSON.stringify(key)}: … } }`);
    const options = await fromTerraform(source, {
      origins: { site: memoryOrigin() },
      references: { [key]: 'site-prod.s3.eu-west-1.amazonaws.com' },
    });
    expect(options.origins?.site).toMatchObject({ region: 'eu-west-1' });
  });

  // Found in a checkov plan fixture: the error named fromDistributionConfig and get-distribution-config.
  it('names a missing origin block of the resource', async () => {
    await expect(
      fromTerraform('resource "aws_cloudfront_distribution" "cdn" {\n  enabled = true\n}\n', { origins: {} }),
    ).rejects.toThrow(
      'aws_cloudfront_distribution.cdn.origin: expected one origin block (the AWS provider requires it)',
    );
  });

  it('says a plan does not record locals when a value known after apply comes from one', async () => {
    const plan = JSON.parse(fixture('plan.json')) as {
      configuration: { root_module: { resources: { expressions: Record<string, unknown> }[] } };
    };
    const distribution = plan.configuration.root_module.resources[1] as {
      expressions: Record<string, unknown>;
    };
    distribution.expressions.origin = [{ domain_name: { references: ['local.bucket_domain'] } }];
    const error = await catchError(() => fromTerraform(plan, { origins: { 's3-prod': memoryOrigin() } }));
    expect(error.message).toContain(
      'aws_cloudfront_distribution.site.origin[0].domain_name: expected a declared local value, got "local.bucket_domain". `terraform show -json` does not record locals',
    );
  });

  it('refuses unknown options, variables and addresses with a did-you-mean', async () => {
    const origins = { 's3-prod': memoryOrigin() };
    await expect(fromTerraform(SITE_TF, { origins, variables: { stag: 'dev' } })).rejects.toThrow(
      'fromTerraform variables: expected a variable the configuration declares (domain, error_pages, stage), got "stag". Did you mean "stage"?',
    );
    await expect(fromTerraform(SITE_TF, { origins, adress: 'x' } as never)).rejects.toThrow(
      'Did you mean "address"?',
    );
    await expect(
      fromTerraform(SITE_TF, { origins, address: 'aws_cloudfront_distribution.web' }),
    ).rejects.toThrow(
      'fromTerraform address: expected one of the source\'s distributions (aws_cloudfront_distribution.site), got "aws_cloudfront_distribution.web"',
    );
    await expect(fromTerraform('variable "x" {}', { origins })).rejects.toThrow(
      'fromTerraform source: expected one aws_cloudfront_distribution, got none',
    );
  });
});

describe('fromTerraform: multi-tenant distributions', () => {
  it('refuses one by name as not modelled, rather than finding no distribution', async () => {
    const tf = `
resource "aws_cloudfront_multitenant_distribution" "m" {
  enabled = true
}
`;
    const error = await catchError(() => fromTerraform(tf, { origins: {} }));
    expect(error.code).toBe('UnmodelledFeature');
    expect(error.message).toContain(
      'aws_cloudfront_multitenant_distribution.m: expected an aws_cloudfront_distribution, got aws_cloudfront_multitenant_distribution, which edgecase does not model',
    );
  });
});

describe('fromTerraform: states of recent providers', () => {
  it('loads a state whose custom origin records an empty origin_mtls_config (provider 6.51)', async () => {
    const origin = {
      origin_id: 'app',
      domain_name: 'app.example.com',
      origin_path: '',
      connection_attempts: 3,
      connection_timeout: 10,
      custom_header: [],
      origin_access_control_id: '',
      origin_shield: [],
      s3_origin_config: [],
      vpc_origin_config: [],
      custom_origin_config: [
        {
          http_port: 80,
          https_port: 443,
          origin_protocol_policy: 'https-only',
          origin_ssl_protocols: ['TLSv1.2'],
          origin_keepalive_timeout: 5,
          origin_read_timeout: 30,
          ip_address_type: '',
          origin_mtls_config: [],
        },
      ],
    };
    const state = {
      format_version: '1.0',
      values: {
        root_module: {
          resources: [
            {
              address: 'aws_cloudfront_distribution.d',
              mode: 'managed',
              type: 'aws_cloudfront_distribution',
              name: 'd',
              values: {
                enabled: true,
                origin: [origin],
                default_cache_behavior: [
                  {
                    target_origin_id: 'app',
                    viewer_protocol_policy: 'allow-all',
                    allowed_methods: ['GET', 'HEAD'],
                    cached_methods: ['GET', 'HEAD'],
                    cache_policy_id: '658327ea-f89d-4fab-a63d-7e88639e58f6',
                    min_ttl: 0,
                    default_ttl: 0,
                    max_ttl: 0,
                    forwarded_values: [],
                  },
                ],
                restrictions: [{ geo_restriction: [{ restriction_type: 'none', locations: [] }] }],
                viewer_certificate: [{ cloudfront_default_certificate: true }],
              },
            },
          ],
        },
      },
    };
    const cdn = createCdn(await fromTerraform(JSON.stringify(state), { origins: { app: memoryOrigin() } }));
    expect(cdn.distribution.origins.get('app')?.kind).toBe('custom');
    expect(cdn.distribution.behaviors[0]?.cachePolicy.name).toBe('CachingOptimized');
  });
});

describe('fromTerraform: managed policies read by data sources', () => {
  it("reads a managed policy by its id, and a managed cache policy's TTLs", async () => {
    const tf = SITE_TF.replace(
      'data "aws_cloudfront_cache_policy" "optimized" {\n  name = "Managed-CachingOptimized"\n}',
      'data "aws_cloudfront_cache_policy" "optimized" {\n  id = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"\n}\n\ndata "aws_cloudfront_cache_policy" "named" {\n  name = "Managed-CachingOptimized"\n}',
    ).replace(
      'comment             = "site ${var.stage}"',
      'comment             = "ttl ${data.aws_cloudfront_cache_policy.named.default_ttl}"',
    );
    const loaded = await fromTerraform(tf, { origins: { 's3-prod': memoryOrigin() } });
    const cdn = createCdn(loaded);
    expect(cdn.distribution.behaviors[0]?.cachePolicy.name).toBe('CachingDisabled');
    expect(cdn.getDistributionConfig().DistributionConfig.Comment).toBe('ttl 86400');
  });
});

// §15, §16: the module's own origin request and response headers policies, and managed ones read by
// a data source, are applied (not listed as ignored).
const POLICIES_TF = `
data "aws_cloudfront_origin_request_policy" "cors" {
  name = "Managed-CORS-S3Origin"
}

resource "aws_cloudfront_response_headers_policy" "fonts" {
  name = "fonts"
  cors_config {
    access_control_allow_credentials = false
    access_control_allow_headers { items = ["*"] }
    access_control_allow_methods { items = ["GET", "HEAD"] }
    access_control_allow_origins { items = ["https://app.example.com"] }
    origin_override = true
  }
  security_headers_config {
    content_type_options { override = true }
    strict_transport_security {
      access_control_max_age_sec = 600
      include_subdomains         = true
      override                   = true
    }
  }
  custom_headers_config {
    items {
      header   = "X-Team"
      value    = "web"
      override = false
    }
  }
}

resource "aws_cloudfront_distribution" "cdn" {
  enabled = true
  origin {
    domain_name = "assets.s3.eu-west-1.amazonaws.com"
    origin_id   = "assets"
    origin_path = "/v1"
    custom_header {
      name  = "X-Origin-Verify"
      value = "s3cr3t"
    }
  }
  default_cache_behavior {
    target_origin_id           = "assets"
    viewer_protocol_policy     = "allow-all"
    allowed_methods            = ["GET", "HEAD"]
    cached_methods             = ["GET", "HEAD"]
    cache_policy_id            = "658327ea-f89d-4fab-a63d-7e88639e58f6"
    origin_request_policy_id   = data.aws_cloudfront_origin_request_policy.cors.id
    response_headers_policy_id = aws_cloudfront_response_headers_policy.fonts.id
  }
  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }
  viewer_certificate {
    cloudfront_default_certificate = true
  }
}
`;

describe('fromTerraform: origin request and response headers policies (§15, §16)', () => {
  it("applies the module's policies, the origin's path and its custom header", async () => {
    const origin = memoryOrigin();
    const cdn = createCdn(await fromTerraform(POLICIES_TF, { origins: { assets: origin } }));
    expect(cdn.distribution.ignoredFields).toEqual([]);
    expect(cdn.distribution.behaviors[0]?.originRequestPolicy?.name).toBe('Managed-CORS-S3Origin');
    expect(cdn.distribution.origins.get('assets')).toMatchObject({
      originPath: '/v1',
      customHeaders: { 'x-origin-verify': 's3cr3t' },
    });
    await origin.put('v1/font.woff2', 'font');
    const response = await cdn.fetch('/font.woff2', { headers: { origin: 'https://app.example.com' } });
    expect(await response.text()).toBe('font');
    expect(Object.fromEntries(response.headers)).toMatchObject({
      'access-control-allow-origin': 'https://app.example.com',
      'x-content-type-options': 'nosniff',
      'strict-transport-security': 'max-age=600; includeSubDomains',
      'x-team': 'web',
    });
  });
});

/**
 * A distribution of one S3 origin (`s3`): `behavior` goes into its default behaviour, `extra` beside
 * its blocks, `top` before the resource (variables, locals, policies).
 */
const distribution = (behavior: string, extra = '', top = '') => `
${top}
resource "aws_cloudfront_distribution" "d" {
  enabled = true
  origin {
    origin_id   = "s3"
    domain_name = "b.s3.us-east-1.amazonaws.com"
  }
  default_cache_behavior {
    target_origin_id       = "s3"
    viewer_protocol_policy = "allow-all"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    ${behavior}
  }
  ${extra}
  restrictions {
    geo_restriction { restriction_type = "none" }
  }
  viewer_certificate { cloudfront_default_certificate = true }
}`;

// Found by loading public Terraform configurations: an argument left out is sent by the AWS provider
// as its zero value, which is not always the API's default for a field left out.
describe('fromTerraform: what the provider sends for an argument left out', () => {
  const legacy = 'forwarded_values {\n query_string = false\n cookies { forward = "none" }\n }';

  it('a legacy behaviour without default_ttl and max_ttl caches nothing: MaxTTL 0 (provider #21677)', async () => {
    const clock = new ManualClock();
    const s3 = memoryOrigin({ clock });
    const cdn = createCdn({ ...(await fromTerraform(distribution(legacy), { origins: { s3 } })), clock });
    expect(cdn.distribution.behaviors[0]?.cachePolicy).toMatchObject({
      minTtlMs: 0,
      defaultTtlMs: 0,
      maxTtlMs: 0,
    });
    await s3.put('a.txt', 'v1', { cacheControl: 'max-age=3600' });
    const at = { pop: 'IAD89', server: 1 };
    expect((await cdn.fetch('/a.txt', at)).headers.get('x-cache')).toBe('Miss from cloudfront');
    // Every later request asks the origin again, as the provider's issue reports.
    expect((await cdn.fetch('/a.txt', at)).headers.get('x-cache')).not.toBe('Hit from cloudfront');
    expect(s3.requestCount('/a.txt')).toBe(2);
    // TTLs written out are read as written; a cache policy's behaviour gets no TTLs from the provider.
    const written = await fromTerraform(distribution(`${legacy}\n default_ttl = 60\n max_ttl = 600`), {
      origins: { s3: memoryOrigin() },
    });
    expect(createCdn(written).distribution.behaviors[0]?.cachePolicy).toMatchObject({
      defaultTtlMs: 60_000,
      maxTtlMs: 600_000,
    });
    const managed = await fromTerraform(
      distribution('cache_policy_id = "658327ea-f89d-4fab-a63d-7e88639e58f6"'),
      { origins: { s3: memoryOrigin() } },
    );
    expect(createCdn(managed).distribution.behaviors[0]?.cachePolicy).toMatchObject({
      defaultTtlMs: 86_400_000,
    });
  });

  it('a custom_error_response without error_caching_min_ttl caches the error for 0 s, not 10 s', async () => {
    const clock = new ManualClock();
    const s3 = memoryOrigin({ clock });
    const errors =
      'custom_error_response {\n error_code = 404\n response_code = 404\n response_page_path = "/404.html"\n }';
    const loaded = await fromTerraform(
      distribution('cache_policy_id = "658327ea-f89d-4fab-a63d-7e88639e58f6"', errors),
      { origins: { s3 } },
    );
    const cdn = createCdn({ ...loaded, clock });
    expect(cdn.distribution.customErrorResponses.get(404)?.errorCachingMinTtlMs).toBe(0);
    await s3.put('404.html', 'not here');
    const at = { pop: 'IAD89', server: 1 };
    expect((await cdn.fetch('/late.txt', at)).status).toBe(404);
    await s3.put('late.txt', 'here now');
    await clock.advance('1s');
    expect(await (await cdn.fetch('/late.txt', at)).text()).toBe('here now');
  });

  // Found in public states: a state records an unset response_code as 0, which the provider sends as
  // none; and a cache policy id of another configuration had no way in.
  it('reads response_code 0 as none, and takes policies the configuration names by id from the options', async () => {
    const errors =
      'custom_error_response {\n error_code = 404\n response_code = 0\n error_caching_min_ttl = 60\n }';
    const byId = distribution('cache_policy_id = "9bbb9d47-3d6b-4707-aa35-5cff2b5bb81e"', errors);
    await expect(fromTerraform(byId, { origins: { s3: memoryOrigin() } })).rejects.toThrow(
      expect.objectContaining({
        code: 'NoSuchCachePolicy',
        hint: expect.stringContaining('fromTerraform take it'),
      }),
    );
    const loaded = await fromTerraform(byId, {
      origins: { s3: memoryOrigin() },
      cachePolicies: { '9bbb9d47-3d6b-4707-aa35-5cff2b5bb81e': { name: 'shared', defaultTTL: '5m' } },
    });
    const cdn = createCdn(loaded);
    expect(cdn.distribution.behaviors[0]?.cachePolicy).toMatchObject({
      name: 'shared',
      defaultTtlMs: 300_000,
    });
    expect(cdn.distribution.customErrorResponses.get(404)).toMatchObject({
      responseCode: undefined,
      responsePagePath: undefined,
      errorCachingMinTtlMs: 60_000,
    });
  });

  // Terraform converts a string where the attribute is a number or a bool (Type Conversion).
  it('reads strings written for numbers and bools, as Terraform converts them', async () => {
    const s3 = memoryOrigin();
    const errors =
      'custom_error_response {\n error_code = "404"\n response_code = "200"\n error_caching_min_ttl = "300"\n response_page_path = "/index.html"\n }';
    const loaded = await fromTerraform(
      distribution(`${legacy}\n compress = "true"\n default_ttl = "60"\n max_ttl = "600"`, errors),
      { origins: { s3 } },
    );
    const cdn = createCdn(loaded);
    expect(cdn.distribution.behaviors[0]).toMatchObject({ compress: true });
    expect(cdn.distribution.behaviors[0]?.cachePolicy).toMatchObject({
      defaultTtlMs: 60_000,
      maxTtlMs: 600_000,
    });
    expect(cdn.distribution.customErrorResponses.get(404)).toMatchObject({
      responseCode: 200,
      errorCachingMinTtlMs: 300_000,
    });
  });

  it('a cache policy without enable_accept_encoding_* keys no encoding and may list Accept-Encoding', async () => {
    const s3 = memoryOrigin();
    const policy = `
resource "aws_cloudfront_cache_policy" "p" {
  name = "p"
  parameters_in_cache_key_and_forwarded_to_origin {
    cookies_config { cookie_behavior = "none" }
    headers_config {
      header_behavior = "whitelist"
      headers { items = ["Accept-Encoding"] }
    }
    query_strings_config { query_string_behavior = "none" }
  }
}`;
    const loaded = await fromTerraform(
      distribution('cache_policy_id = aws_cloudfront_cache_policy.p.id\n compress = true', '', policy),
      { origins: { s3 } },
    );
    const cdn = createCdn(loaded);
    expect(cdn.distribution.behaviors[0]?.cachePolicy).toMatchObject({ gzip: false, brotli: false });
    await s3.put('app.js', 'x'.repeat(2000), { contentType: 'application/javascript' });
    const response = await cdn.fetch('/app.js', { headers: { 'accept-encoding': 'gzip, br' } });
    expect(response.headers.get('content-encoding')).toBeNull();
  });
});

// Found by loading public modules: behaviours built by a dynamic block over a set or a map came in the
// order they were written, where Terraform orders them, and the order decides which behaviour takes a
// request. (`for` expressions, "Element ordering"; `dynamic` blocks: a set's key is its element.)
describe("fromTerraform: Terraform's order of sets and maps", () => {
  const site = (forEach: string, top = '') =>
    distribution(
      'cache_policy_id = "658327ea-f89d-4fab-a63d-7e88639e58f6"',
      `dynamic "ordered_cache_behavior" {
    for_each = ${forEach}
    content {
      path_pattern           = ordered_cache_behavior.value.path
      target_origin_id       = "s3"
      viewer_protocol_policy = "allow-all"
      allowed_methods        = ["GET", "HEAD"]
      cached_methods         = ["GET", "HEAD"]
      cache_policy_id        = ordered_cache_behavior.value.policy
    }
  }
  dynamic "custom_error_response" {
    for_each = toset([404, 403])
    content {
      error_code         = custom_error_response.key
      response_code      = 200
      response_page_path = "/index.html"
    }
  }`,
      `${top}
locals {
  behaviors = {
    "z-app-js" = { path = "/assets/app.js", policy = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad" }
    "a-assets" = { path = "/assets/*", policy = "658327ea-f89d-4fab-a63d-7e88639e58f6" }
  }
}`,
    );
  const patterns = async (tf: string, variables: Record<string, unknown> = {}) => {
    const cdn = createCdn(await fromTerraform(tf, { origins: { s3: memoryOrigin() }, variables }));
    return {
      order: cdn.distribution.behaviors.map((b) => b.pathPattern),
      takes: cdn.distribution.selectBehavior('/assets/app.js').cachePolicy.name,
      errors: [...cdn.distribution.customErrorResponses.keys()],
    };
  };
  const sorted = {
    order: ['/assets/*', '/assets/app.js', '*'],
    takes: 'CachingOptimized',
    errors: [403, 404],
  };

  it('a map by key, a set of strings by value, a set of numbers by value, as the key of a set', async () => {
    expect(await patterns(site('local.behaviors'))).toEqual(sorted);
    expect(await patterns(site('[for k in toset(["z-app-js", "a-assets"]) : local.behaviors[k]]'))).toEqual(
      sorted,
    );
  });

  it("a map variable given in { variables }, whatever the object's own order", async () => {
    const typed = site(
      'var.behaviors',
      'variable "behaviors" {\n  type = map(object({ path = string, policy = string }))\n}',
    );
    const behaviors = {
      'z-app-js': { path: '/assets/app.js', policy: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad' },
      'a-assets': { path: '/assets/*', policy: '658327ea-f89d-4fab-a63d-7e88639e58f6' },
    };
    expect(await patterns(typed, { behaviors })).toEqual(sorted);
  });
});
