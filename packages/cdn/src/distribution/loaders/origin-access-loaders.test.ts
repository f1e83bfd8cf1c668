import { describe, expect, it } from 'vitest';
import { memoryOrigin } from '../../origin/memory-origin.js';
import { resolveDistribution } from '../distribution.js';
import { fromCloudFormation } from './from-cloudformation.js';
import { fromTerraform } from './from-terraform.js';

// §18: an origin's OAC is a resource of the same template or configuration; the loaders resolve the
// reference to it and take its signing behaviour.
const TEMPLATE = `
Resources:
  SiteBucket:
    Type: AWS::S3::Bucket
    Properties: { BucketName: site }
  SiteOac:
    Type: AWS::CloudFront::OriginAccessControl
    Properties:
      OriginAccessControlConfig:
        Name: site-oac
        OriginAccessControlOriginType: s3
        SigningBehavior: no-override
        SigningProtocol: sigv4
  Site:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        Origins:
          - Id: site
            DomainName: !GetAtt SiteBucket.RegionalDomainName
            S3OriginConfig: { OriginAccessIdentity: '' }
            OriginAccessControlId: !GetAtt SiteOac.Id
        DefaultCacheBehavior:
          TargetOriginId: site
          ViewerProtocolPolicy: redirect-to-https
          CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6
`;

const TERRAFORM = `
resource "aws_s3_bucket" "site" { bucket = "site" }
resource "aws_cloudfront_origin_access_control" "site" {
  name                              = "site-oac"
  origin_access_control_origin_type = "s3"
  signing_behavior                  = "never"
  signing_protocol                  = "sigv4"
}
resource "aws_cloudfront_distribution" "site" {
  enabled = true
  origin {
    domain_name              = aws_s3_bucket.site.bucket_regional_domain_name
    origin_id                = "site"
    origin_access_control_id = aws_cloudfront_origin_access_control.site.id
  }
  default_cache_behavior {
    target_origin_id       = "site"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "658327ea-f89d-4fab-a63d-7e88639e58f6"
  }
  restrictions {
    geo_restriction { restriction_type = "none" }
  }
  viewer_certificate { cloudfront_default_certificate = true }
}
`;

describe('loaders: origin access control resources (§18)', () => {
  it('fromCloudFormation resolves AWS::CloudFront::OriginAccessControl by GetAtt Id', () => {
    const options = fromCloudFormation(TEMPLATE, { origins: { site: memoryOrigin() } });
    expect(resolveDistribution(options).origins.get('site')?.access).toEqual({
      type: 'origin-access-control',
      id: 'cfn:SiteOac',
      signingBehavior: 'no-override',
    });
  });

  it('fromTerraform resolves aws_cloudfront_origin_access_control by reference', async () => {
    const options = await fromTerraform(TERRAFORM, { origins: { site: memoryOrigin() } });
    expect(resolveDistribution(options).origins.get('site')?.access).toEqual({
      type: 'origin-access-control',
      id: 'aws_cloudfront_origin_access_control.site.id',
      signingBehavior: 'never',
    });
  });
});
