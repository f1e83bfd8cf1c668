import { describe, expect, it } from 'vitest';
import { createCdn } from '../cdn/cdn.js';
import { memoryOrigin } from '../origin/memory-origin.js';
import { catchError, rejection } from '../test-support/catch-error.js';
import { tfDistribution } from '../test-support/terraform.js';
import { fromDistributionConfig } from './from-distribution-config.js';
import { fromCloudFormation } from './loaders/from-cloudformation.js';
import { fromTerraform } from './loaders/from-terraform.js';

// A field createCdn refuses in a loaded distribution is named as the user's source writes it, not
// by edgecase's option names (origins.api.originReadTimeout), which the user never wrote.

const OPTIMIZED = '658327ea-f89d-4fab-a63d-7e88639e58f6';

function tf(origin: string, behavior = '', rest = ''): string {
  return tfDistribution(
    'site',
    `  origin {
    origin_id   = "S3-assets.example.com"
    domain_name = "assets.example.com.s3.amazonaws.com"
  }
  origin {
    origin_id   = "api"
    domain_name = "api.example.com"
    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
      ${origin}
    }
  }
  default_cache_behavior {
    target_origin_id       = "api"
    viewer_protocol_policy = "allow-all"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "${OPTIMIZED}"
  }
  ordered_cache_behavior {
    path_pattern           = "/assets/*"
    target_origin_id       = "S3-assets.example.com"
    viewer_protocol_policy = "allow-all"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    ${behavior || `cache_policy_id = "${OPTIMIZED}"`}
  }
  ${rest}`,
  );
}

const origins = () => ({ api: memoryOrigin(), 'S3-assets.example.com': memoryOrigin() });

async function tfError(text: string) {
  const loaded = await fromTerraform(text, { origins: origins() });
  return catchError(() => createCdn(loaded));
}

describe('errors about a loaded distribution name the field as its source writes it', () => {
  it('fromTerraform: the resource address and the argument, blocks by position', async () => {
    const error = await tfError(tf('origin_read_timeout = 500'));
    expect(error.code).toBe('InvalidOrigin');
    expect(error.message).toBe(
      '[edgecase] aws_cloudfront_distribution.site.origin[1].custom_origin_config.origin_read_timeout: expected 1 to 120 seconds, got 500.',
    );
    expect(error.value).toBe(500);
    expect((await tfError(tf('').replace('http_port              = 80', 'http_port = 0'))).message).toContain(
      'aws_cloudfront_distribution.site.origin[1].custom_origin_config.http_port: expected',
    );
  });

  it('fromTerraform: behaviours, cached_methods beside allowed_methods, legacy TTLs', async () => {
    const methods = tf('', `cache_policy_id = "${OPTIMIZED}"`).replace(
      'cached_methods         = ["GET", "HEAD"]\n    cache_policy_id = ',
      'cached_methods         = ["GET", "PUT"]\n    cache_policy_id = ',
    );
    expect((await tfError(methods)).message).toContain(
      'aws_cloudfront_distribution.site.ordered_cache_behavior[0].cached_methods: expected',
    );
    const pattern = tf('').replace('path_pattern           = "/assets/*"', 'path_pattern = "*"');
    expect((await tfError(pattern)).message).toMatch(
      /^\[edgecase\] aws_cloudfront_distribution\.site\.ordered_cache_behavior\[0\]\.path_pattern: /,
    );
    const legacy = tf(
      '',
      'min_ttl = 600\n    default_ttl = 60\n    max_ttl = 3600\n    forwarded_values {\n      query_string = false\n      cookies {\n        forward = "none"\n      }\n    }',
    );
    expect((await tfError(legacy)).message).toMatch(
      /^\[edgecase\] aws_cloudfront_distribution\.site\.ordered_cache_behavior\[0\] TTLs: expected minTTL <= defaultTTL <= maxTTL/,
    );
  });

  it('fromTerraform: custom error responses and geo restriction locations', async () => {
    const page = tf(
      '',
      '',
      'custom_error_response {\n    error_code = 404\n    response_code = 200\n    response_page_path = "index.html"\n  }',
    );
    expect((await tfError(page)).message).toContain(
      'aws_cloudfront_distribution.site.custom_error_response[0].response_page_path: expected a path starting with "/"',
    );
    const geo = tf('').replace(
      'restriction_type = "none"',
      'restriction_type = "whitelist"\n      locations = ["FR", "France"]',
    );
    expect((await tfError(geo)).message).toContain(
      'aws_cloudfront_distribution.site.restrictions.geo_restriction.locations[1]: expected',
    );
  });

  it("fromTerraform: the loader's own refusals (an unknown policy, an unmodelled field) too", async () => {
    const policy = tf('', 'cache_policy_id = "abc"');
    const error = await rejection(() => fromTerraform(policy, { origins: origins() }));
    expect(error.code).toBe('NoSuchCachePolicy');
    expect(error.message).toMatch(
      /^\[edgecase\] aws_cloudfront_distribution\.site\.ordered_cache_behavior\[0\]\.cache_policy_id: expected a managed/,
    );
    const streaming = tf('', `cache_policy_id = "${OPTIMIZED}"\n    smooth_streaming = true`);
    const unmodelled = await rejection(() => fromTerraform(streaming, { origins: origins() }));
    expect(unmodelled.message).toMatch(
      /^\[edgecase\] aws_cloudfront_distribution\.site\.ordered_cache_behavior\[0\]\.smooth_streaming: expected only features edgecase models/,
    );
    // The key `unmodelled` takes stays the API field's.
    expect(unmodelled.message).toContain('"CacheBehaviors.Items[].SmoothStreaming"');
  });

  it("a policy the files declare: the policy resource's own argument", async () => {
    const policy = (ttls: string) => `
resource "aws_cloudfront_cache_policy" "short" {
  name = "short"
  ${ttls}
  parameters_in_cache_key_and_forwarded_to_origin {
    cookies_config {
      cookie_behavior = "none"
    }
    headers_config {
      header_behavior = "none"
    }
    query_strings_config {
      query_string_behavior = "none"
    }
  }
}
${tf('', 'cache_policy_id = aws_cloudfront_cache_policy.short.id')}`;
    expect((await tfError(policy('min_ttl = -1'))).message).toMatch(
      /^\[edgecase\] aws_cloudfront_cache_policy\.short\.min_ttl: expected seconds/,
    );
    expect((await tfError(policy('min_ttl = 600\n  default_ttl = 60\n  max_ttl = 3600'))).message).toMatch(
      /^\[edgecase\] aws_cloudfront_cache_policy\.short TTLs: expected minTTL <= defaultTTL <= maxTTL/,
    );
    const template = `Resources:
  Policy:
    Type: AWS::CloudFront::CachePolicy
    Properties:
      CachePolicyConfig:
        Name: short
        MinTTL: -1
        DefaultTTL: 60
        MaxTTL: 300
        ParametersInCacheKeyAndForwardedToOrigin:
          EnableAcceptEncodingGzip: false
          CookiesConfig: {CookieBehavior: none}
          HeadersConfig: {HeaderBehavior: none}
          QueryStringsConfig: {QueryStringBehavior: none}
  Cdn:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        Origins: [{Id: api, DomainName: api.example.com, CustomOriginConfig: {OriginProtocolPolicy: https-only}}]
        DefaultCacheBehavior: {TargetOriginId: api, ViewerProtocolPolicy: allow-all, CachePolicyId: !Ref Policy}
`;
    const loaded = fromCloudFormation(template, { origins: { api: memoryOrigin() } });
    expect(catchError(() => createCdn(loaded)).message).toMatch(
      /^\[edgecase\] Resources\.Policy\.Properties\.CachePolicyConfig\.MinTTL: expected seconds/,
    );
  });

  it('fromCloudFormation: the resource, its properties, lists as arrays', () => {
    const template = (origin: Record<string, unknown>, more: Record<string, unknown> = {}) =>
      JSON.stringify({
        Resources: {
          Cdn: {
            Type: 'AWS::CloudFront::Distribution',
            Properties: {
              DistributionConfig: {
                Enabled: true,
                Origins: [
                  {
                    Id: 'api',
                    DomainName: 'api.example.com',
                    CustomOriginConfig: { OriginProtocolPolicy: 'https-only', ...origin },
                  },
                ],
                DefaultCacheBehavior: {
                  TargetOriginId: 'api',
                  ViewerProtocolPolicy: 'allow-all',
                  CachePolicyId: OPTIMIZED,
                },
                ...more,
              },
            },
          },
        },
      });
    const error = (origin: Record<string, unknown>, more?: Record<string, unknown>) =>
      catchError(() =>
        createCdn(fromCloudFormation(template(origin, more), { origins: { api: memoryOrigin() } })),
      );
    expect(error({ OriginReadTimeout: 500 }).message).toBe(
      '[edgecase] Resources.Cdn.Properties.DistributionConfig.Origins[0].CustomOriginConfig.OriginReadTimeout: expected 1 to 120 seconds, got 500.',
    );
    const cached = error(
      {},
      {
        DefaultCacheBehavior: {
          TargetOriginId: 'api',
          ViewerProtocolPolicy: 'allow-all',
          CachePolicyId: OPTIMIZED,
          AllowedMethods: ['GET', 'HEAD'],
          CachedMethods: ['GET', 'PUT'],
        },
      },
    );
    // CloudFormation writes CachedMethods beside AllowedMethods (the API nests it).
    expect(cached.message).toMatch(
      /^\[edgecase\] Resources\.Cdn\.Properties\.DistributionConfig\.DefaultCacheBehavior\.CachedMethods: expected/,
    );
  });

  it('fromDistributionConfig: get-distribution-config JSON, as it prints the field', () => {
    const error = catchError(() =>
      createCdn(
        fromDistributionConfig(
          {
            Origins: { Quantity: 1, Items: [{ Id: 'o', DomainName: 'o.example.com', OriginPath: '/prod/' }] },
            DefaultCacheBehavior: { TargetOriginId: 'o', CachePolicyId: OPTIMIZED },
          },
          { o: memoryOrigin() },
        ),
      ),
    );
    expect(error.message).toMatch(
      /^\[edgecase\] DistributionConfig\.Origins\.Items\[0\]\.OriginPath: expected/,
    );
  });

  it("keeps edgecase's option names for what the caller's own options replaced", async () => {
    const loaded = await fromTerraform(tf(''), { origins: origins() });
    const error = catchError(() =>
      createCdn({
        ...loaded,
        defaultCacheBehavior: { ...loaded.defaultCacheBehavior, viewerProtocolPolicy: 'allow' as never },
      }),
    );
    expect(error.message).toMatch(
      /^\[edgecase\] defaultCacheBehavior\.viewerProtocolPolicy: expected one of/,
    );
    // A spread keeps the loader's own objects: still named as written.
    const kept = await fromTerraform(tf('origin_read_timeout = 500'), { origins: origins() });
    expect(catchError(() => createCdn({ ...kept })).message).toMatch(
      /^\[edgecase\] aws_cloudfront_distribution\.site\.origin\[1\]/,
    );
  });
});
