import { createCdn, fromCloudFormation, ManualClock, memoryOrigin } from '@edgecase/cdn';
import { expect, test } from 'vitest';

// A CloudFormation template in YAML with an inline CloudFront Function, loaded from the packed
// packages as an app installs them: yaml and acorn are loaded on first use (lazy-module.ts).
const TEMPLATE = `
Resources:
  IndexRewrite:
    Type: AWS::CloudFront::Function
    Properties:
      Name: index-rewrite
      AutoPublish: true
      FunctionConfig: { Runtime: cloudfront-js-2.0 }
      FunctionCode: |
        function handler(event) {
          var request = event.request;
          if (request.uri.endsWith('/')) request.uri += 'index.html';
          return request;
        }
  Site:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        Origins:
          - Id: site
            DomainName: !Sub '\${AWS::StackName}-site.s3.us-east-1.amazonaws.com'
            S3OriginConfig: { OriginAccessIdentity: '' }
        DefaultCacheBehavior:
          TargetOriginId: site
          ViewerProtocolPolicy: allow-all
          CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6
          FunctionAssociations:
            - EventType: viewer-request
              FunctionARN: !GetAtt IndexRewrite.FunctionARN
`;

test('a YAML template with short-form tags and an inline CloudFront Function serves through its function', async () => {
  const clock = new ManualClock();
  const origin = memoryOrigin({ clock });
  await origin.put('docs/index.html', '<h1>docs</h1>');
  const cdn = createCdn({ clock, ...fromCloudFormation(TEMPLATE, { origins: { site: origin } }) });
  const response = await cdn.fetch('/docs/');
  expect(response.status).toBe(200);
  expect(await response.text()).toBe('<h1>docs</h1>');
  expect(() => fromCloudFormation('Resources: [unclosed', { origins: { site: origin } })).toThrow(
    /expected JSON or YAML text, got text that does not parse/,
  );
});
