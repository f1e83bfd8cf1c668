import { describe, expect, it } from 'vitest';
import { createCdn } from '../cdn/cdn.js';
import type { OriginRequest, OriginResponse } from '../origin/types.js';
import { fromDistributionConfig } from './from-distribution-config.js';
import { fromCloudFormation } from './loaders/from-cloudformation.js';

function recording() {
  const seen: OriginRequest[] = [];
  const origin = {
    kind: 'custom' as const,
    name: 'rec',
    fetch: async (request: OriginRequest): Promise<OriginResponse> => {
      seen.push(request);
      return { status: 200, headers: { 'cache-control': 'max-age=60' }, body: new Uint8Array() };
    },
  };
  return { seen, origin };
}

describe('policies and origin settings read from a DistributionConfig (§15, §16)', () => {
  it('maps OriginPath, CustomHeaders and managed policy ids', async () => {
    const { seen, origin } = recording();
    const cdn = createCdn(
      fromDistributionConfig(
        {
          Origins: {
            Quantity: 1,
            Items: [
              {
                Id: 'app',
                DomainName: 'app.example.com',
                OriginPath: '/v2',
                CustomHeaders: {
                  Quantity: 1,
                  Items: [{ HeaderName: 'X-Origin-Verify', HeaderValue: 's3cr3t' }],
                },
              },
            ],
          },
          DefaultCacheBehavior: {
            TargetOriginId: 'app',
            CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6',
            OriginRequestPolicyId: '88a5eaf4-2fd4-4709-b370-b4c650ea3fcf',
            ResponseHeadersPolicyId: '60669652-455b-4ae9-85a4-c4c02393f86c',
          },
        },
        { app: origin },
      ),
    );
    const response = await cdn.fetch('/font.woff2', { headers: { origin: 'https://site.example' } });
    expect(seen[0]).toMatchObject({ path: '/v2/font.woff2' });
    expect(seen[0]?.headers).toMatchObject({ origin: 'https://site.example', 'x-origin-verify': 's3cr3t' });
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('takes custom policies by id in the shape aws cloudfront get-*-policy-config prints', async () => {
    const { seen, origin } = recording();
    const cdn = createCdn(
      fromDistributionConfig(
        {
          Origins: { Quantity: 1, Items: [{ Id: 'app' }] },
          DefaultCacheBehavior: {
            TargetOriginId: 'app',
            CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6',
            OriginRequestPolicyId: 'orp-1',
            ResponseHeadersPolicyId: 'rhp-1',
          },
        },
        { app: origin },
        {
          originRequestPolicies: {
            'orp-1': {
              ETag: 'E1',
              OriginRequestPolicyConfig: {
                Name: 'tenant',
                HeadersConfig: { HeaderBehavior: 'whitelist', Headers: { Quantity: 1, Items: ['X-Tenant'] } },
                CookiesConfig: { CookieBehavior: 'none' },
                QueryStringsConfig: { QueryStringBehavior: 'all' },
              },
            },
          },
          responseHeadersPolicies: {
            'rhp-1': {
              ResponseHeadersPolicyConfig: {
                Name: 'sec',
                SecurityHeadersConfig: {
                  XSSProtection: { Override: true, Protection: false },
                  FrameOptions: { Override: true, FrameOption: 'DENY' },
                },
                CustomHeadersConfig: {
                  Quantity: 1,
                  Items: [{ Header: 'X-Team', Value: 'web', Override: true }],
                },
                RemoveHeadersConfig: { Quantity: 0 },
              },
            },
          },
        },
      ),
    );
    const response = await cdn.fetch('/a?x=1', { headers: { 'x-tenant': 't' } });
    expect(seen[0]).toMatchObject({ query: 'x=1' });
    expect(seen[0]?.headers['x-tenant']).toBe('t');
    expect(Object.fromEntries(response.headers)).toMatchObject({
      'x-xss-protection': '0',
      'x-frame-options': 'DENY',
      'x-team': 'web',
    });
  });

  it('fromCloudFormation resolves policies defined in the same template', async () => {
    const { seen, origin } = recording();
    const template = {
      Resources: {
        Orp: {
          Type: 'AWS::CloudFront::OriginRequestPolicy',
          Properties: {
            OriginRequestPolicyConfig: {
              Name: 'fwd',
              HeadersConfig: { HeaderBehavior: 'whitelist', Headers: ['X-Tenant'] },
              CookiesConfig: { CookieBehavior: 'none' },
              QueryStringsConfig: { QueryStringBehavior: 'none' },
            },
          },
        },
        Rhp: {
          Type: 'AWS::CloudFront::ResponseHeadersPolicy',
          Properties: {
            ResponseHeadersPolicyConfig: {
              Name: 'cors',
              CorsConfig: {
                AccessControlAllowOrigins: { Items: ['https://site.example'] },
                AccessControlAllowHeaders: { Items: ['*'] },
                AccessControlAllowMethods: { Items: ['GET', 'HEAD'] },
                AccessControlAllowCredentials: false,
                OriginOverride: true,
              },
            },
          },
        },
        Dist: {
          Type: 'AWS::CloudFront::Distribution',
          Properties: {
            DistributionConfig: {
              Enabled: true,
              Origins: [
                {
                  Id: 'app',
                  DomainName: 'app.example.com',
                  OriginPath: '/live',
                  CustomOriginConfig: { OriginProtocolPolicy: 'https-only' },
                },
              ],
              DefaultCacheBehavior: {
                TargetOriginId: 'app',
                ViewerProtocolPolicy: 'allow-all',
                CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6',
                OriginRequestPolicyId: { Ref: 'Orp' },
                ResponseHeadersPolicyId: { 'Fn::GetAtt': ['Rhp', 'Id'] },
              },
            },
          },
        },
      },
    };
    const cdn = createCdn(fromCloudFormation(template, { origins: { app: origin } }));
    const response = await cdn.fetch('/a', { headers: { 'x-tenant': 't', origin: 'https://site.example' } });
    expect(seen[0]).toMatchObject({ path: '/live/a' });
    expect(seen[0]?.headers['x-tenant']).toBe('t');
    expect(response.headers.get('access-control-allow-origin')).toBe('https://site.example');
  });
});
