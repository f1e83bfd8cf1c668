import { describe, expect, it } from 'vitest';
import { createCdn } from '../cdn/cdn.js';
import { memoryOrigin } from '../origin/memory-origin.js';
import { tfDistribution } from '../test-support/terraform.js';
import { fromDistributionConfig } from './from-distribution-config.js';
import { fromCloudFormation } from './loaders/from-cloudformation.js';
import { fromTerraform } from './loaders/from-terraform.js';

// §8 VPC origins: a distribution's VpcOriginConfig names a VPC origin, whose endpoint settings say how
// CloudFront connects (protocol and ports): what the origin request, and Lambda@Edge's origin.custom, carry.

const DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const connection = (cdn: ReturnType<typeof createCdn>, id: string) => {
  const origin = cdn.distribution.origins.get(id);
  return {
    kind: origin?.kind,
    policy: origin?.originProtocolPolicy,
    http: origin?.httpPort,
    https: origin?.httpsPort,
  };
};

describe('VPC origins', () => {
  it('fromTerraform reads the aws_cloudfront_vpc_origin the origin names', async () => {
    const tf = `
resource "aws_cloudfront_vpc_origin" "alb" {
  vpc_origin_endpoint_config {
    name                   = "alb"
    arn                    = "arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/x/y"
    http_port              = 8080
    https_port             = 8443
    origin_protocol_policy = "http-only"
    origin_ssl_protocols {
      items    = ["TLSv1.2"]
      quantity = 1
    }
  }
}

${tfDistribution(
  'd',
  `  origin {
    origin_id   = "app"
    domain_name = "internal-x.us-east-1.elb.amazonaws.com"
    vpc_origin_config {
      vpc_origin_id = aws_cloudfront_vpc_origin.alb.id
    }
  }
  default_cache_behavior {
    target_origin_id       = "app"
    viewer_protocol_policy = "allow-all"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "${DISABLED}"
  }`,
)}`;
    const cdn = createCdn(await fromTerraform(tf, { origins: { app: memoryOrigin() } }));
    expect(connection(cdn, 'app')).toEqual({ kind: 'custom', policy: 'http-only', http: 8080, https: 8443 });
  });

  it('fromCloudFormation reads the AWS::CloudFront::VpcOrigin the origin names', () => {
    const template = JSON.stringify({
      Resources: {
        Alb: {
          Type: 'AWS::CloudFront::VpcOrigin',
          Properties: {
            VpcOriginEndpointConfig: {
              Name: 'alb',
              Arn: 'arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/x/y',
              HTTPPort: 8080,
              HTTPSPort: 8443,
              OriginProtocolPolicy: 'match-viewer',
              OriginSSLProtocols: ['TLSv1.2'],
            },
          },
        },
        Cdn: {
          Type: 'AWS::CloudFront::Distribution',
          Properties: {
            DistributionConfig: {
              Enabled: true,
              Origins: [
                {
                  Id: 'app',
                  DomainName: 'internal-x.us-east-1.elb.amazonaws.com',
                  VpcOriginConfig: { VpcOriginId: { 'Fn::GetAtt': ['Alb', 'Id'] } },
                },
              ],
              DefaultCacheBehavior: {
                TargetOriginId: 'app',
                ViewerProtocolPolicy: 'allow-all',
                CachePolicyId: DISABLED,
              },
            },
          },
        },
      },
    });
    const cdn = createCdn(fromCloudFormation(template, { origins: { app: memoryOrigin() } }));
    expect(connection(cdn, 'app')).toEqual({
      kind: 'custom',
      policy: 'match-viewer',
      http: 8080,
      https: 8443,
    });
  });

  it('fromDistributionConfig takes get-vpc-origin output by id, and connects over HTTPS on 443 without it', () => {
    const config = {
      Origins: {
        Quantity: 1,
        Items: [
          { Id: 'app', DomainName: 'internal-x.elb.amazonaws.com', VpcOriginConfig: { VpcOriginId: 'vo_1' } },
        ],
      },
      DefaultCacheBehavior: { TargetOriginId: 'app', CachePolicyId: DISABLED },
    };
    const vpcOrigins = {
      vo_1: {
        ETag: 'E1',
        VpcOrigin: {
          VpcOriginEndpointConfig: {
            Name: 'alb',
            HTTPPort: 8080,
            HTTPSPort: 443,
            OriginProtocolPolicy: 'http-only',
          },
        },
      },
    };
    const given = createCdn(fromDistributionConfig(config, { app: memoryOrigin() }, { vpcOrigins }));
    expect(connection(given, 'app')).toEqual({ kind: 'custom', policy: 'http-only', http: 8080, https: 443 });
    const unknown = createCdn(fromDistributionConfig(config, { app: memoryOrigin() }));
    expect(connection(unknown, 'app')).toEqual({
      kind: 'custom',
      policy: 'https-only',
      http: 80,
      https: 443,
    });
    expect(() =>
      fromDistributionConfig(
        config,
        { app: memoryOrigin() },
        { vpcOrigins: { vo_1: { HttpPort: 8080 } as never } },
      ),
    ).toThrow('Did you mean "HTTPPort"?');
  });
});
