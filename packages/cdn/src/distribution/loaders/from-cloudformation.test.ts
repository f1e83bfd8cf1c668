import { describe, expect, it } from 'vitest';
import { createCdn } from '../../cdn/cdn.js';
import { ManualClock } from '../../clock/clock.js';
import { EdgecaseError } from '../../errors.js';
import { memoryOrigin } from '../../origin/memory-origin.js';
import { catchError } from '../../test-support/catch-error.js';
import { resolveDistribution } from '../distribution.js';
import { fromCloudFormation } from './from-cloudformation.js';

// A template in the style people write by hand: short-form tags, parameters, a condition, a
// cache policy of its own, and the bucket's domain name from !GetAtt.
const SITE_YAML = `
AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Stage:
    Type: String
    Default: prod
  DomainName:
    Type: String
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
Resources:
  SiteBucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub 'site-\${Stage}'
  ShortCache:
    Type: AWS::CloudFront::CachePolicy
    Properties:
      CachePolicyConfig:
        Name: !Sub 'short-\${Stage}'
        MinTTL: 0
        DefaultTTL: !If [IsProd, 60, 5]
        MaxTTL: 300
        ParametersInCacheKeyAndForwardedToOrigin:
          EnableAcceptEncodingGzip: true
          CookiesConfig: { CookieBehavior: none }
          HeadersConfig: { HeaderBehavior: none }
          QueryStringsConfig:
            QueryStringBehavior: whitelist
            QueryStrings: [v]
  Site:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        IPV6Enabled: true
        Aliases: [!Ref DomainName]
        DefaultRootObject: index.html
        Comment: !Join [' ', [site, !Ref Stage]]
        Origins:
          - Id: site
            DomainName: !GetAtt SiteBucket.RegionalDomainName
            S3OriginConfig: { OriginAccessIdentity: '' }
            OriginAccessControlId: !Ref AWS::NoValue
        DefaultCacheBehavior:
          TargetOriginId: site
          ViewerProtocolPolicy: redirect-to-https
          CachePolicyId: !Ref ShortCache
          Compress: true
        CacheBehaviors:
          - PathPattern: /static/*
            TargetOriginId: site
            ViewerProtocolPolicy: redirect-to-https
            CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6
            AllowedMethods: [GET, HEAD]
            CachedMethods: [GET, HEAD]
        CustomErrorResponses:
          - ErrorCode: 404
            ErrorCachingMinTTL: 1
`;

describe('fromCloudFormation', () => {
  it('loads a YAML template with short-form tags, parameters, conditions and its own cache policy', async () => {
    const clock = new ManualClock();
    const origin = memoryOrigin({ clock });
    const options = fromCloudFormation(SITE_YAML, {
      origins: { site: origin },
      parameters: { DomainName: 'www.example.com' },
      region: 'eu-west-1',
    });
    expect(options.aliases).toEqual(['www.example.com']);
    expect(options.origins?.site).toMatchObject({ region: 'eu-west-1' });
    const cdn = createCdn({ ...options, clock });
    expect(cdn.distribution.ignoredFields).toEqual([]);
    // The template's policy: DefaultTTL 60 in prod, query string `v` in the key.
    await origin.put('app.js', 'v1');
    expect((await cdn.fetch('/app.js?v=1', { pop: 'IAD89', server: 1 })).headers.get('x-cache')).toBe(
      'Miss from cloudfront',
    );
    expect((await cdn.fetch('/app.js?v=1', { pop: 'IAD89', server: 1 })).headers.get('x-cache')).toBe(
      'Hit from cloudfront',
    );
    expect((await cdn.fetch('/app.js?v=2', { pop: 'IAD89', server: 1 })).headers.get('x-cache')).not.toBe(
      'Hit from cloudfront',
    );
    await clock.advance('61s');
    expect((await cdn.fetch('/app.js?v=1', { pop: 'IAD89', server: 1 })).headers.get('x-cache')).not.toBe(
      'Hit from cloudfront',
    );
    // ErrorCachingMinTTL 1 from the template's custom error response.
    expect(cdn.distribution.customErrorResponses.get(404)?.errorCachingMinTtlMs).toBe(1000);
  });

  it('takes a parameter and the condition it drives from the options', () => {
    const staging = fromCloudFormation(SITE_YAML, {
      origins: { site: memoryOrigin() },
      parameters: { DomainName: 'staging.example.com', Stage: 'staging' },
    });
    const policy = staging.defaultCacheBehavior?.cachePolicy as { defaultTTL?: number };
    expect(createCdn(staging).distribution.behaviors.at(-1)?.cachePolicy.defaultTtlMs).toBe(5000);
    expect(policy).toBeDefined();
  });

  it('matches origins by DomainName, as CDK templates need (generated origin Ids)', () => {
    const cdk = {
      Resources: {
        MyDistB1A2C3D4: {
          Type: 'AWS::CloudFront::Distribution',
          Properties: {
            DistributionConfig: {
              Enabled: true,
              Origins: [
                {
                  Id: 'MyStackMyDistOrigin1D6D5E535',
                  DomainName: { 'Fn::GetAtt': ['AssetsBucket5CB76180', 'RegionalDomainName'] },
                  S3OriginConfig: { OriginAccessIdentity: '' },
                },
              ],
              DefaultCacheBehavior: {
                TargetOriginId: 'MyStackMyDistOrigin1D6D5E535',
                ViewerProtocolPolicy: 'allow-all',
                CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6',
                Compress: true,
              },
              HttpVersion: 'http2',
              IPV6Enabled: true,
            },
          },
        },
        AssetsBucket5CB76180: { Type: 'AWS::S3::Bucket' },
      },
    };
    const options = fromCloudFormation(JSON.stringify(cdk), {
      origins: { 'assetsbucket5cb76180.s3.us-east-1.amazonaws.com': memoryOrigin() },
    });
    expect(Object.keys(options.origins ?? {})).toEqual(['MyStackMyDistOrigin1D6D5E535']);
  });

  /** SITE_YAML with a `Rewrite` CloudFront Function on viewer requests, its AutoPublish as given. */
  const withRewrite = (autoPublish: string) =>
    SITE_YAML.replace(
      '          Compress: true\n',
      '          Compress: true\n          FunctionAssociations:\n            - EventType: viewer-request\n              FunctionARN: !GetAtt Rewrite.FunctionARN\n',
    ).replace(
      'Resources:\n',
      `Resources:\n  Rewrite:\n    Type: AWS::CloudFront::Function\n    Properties:\n      Name: rewrite\n      AutoPublish: ${autoPublish}\n      FunctionConfig:\n        Runtime: cloudfront-js-1.0\n      FunctionCode: "function handler(e) { return e.request; }"\n`,
    );

  it('refuses a function the template does not publish (AutoPublish), unless its live code is given', () => {
    const unpublished = withRewrite('false');
    const options = { origins: { site: memoryOrigin() }, parameters: { DomainName: 'a.example.com' } };
    expect(() => fromCloudFormation(unpublished, options)).toThrow(
      "Resources.Rewrite.Properties.AutoPublish: expected true (a distribution runs the function's LIVE stage), got false",
    );
    const live = { code: 'function handler(e) { e.request.uri = "/live"; return e.request; }' };
    const loaded = fromCloudFormation(unpublished, { ...options, functions: { rewrite: live } });
    expect(loaded.functions?.rewrite).toEqual(live);
  });

  it('reads an AWS::CloudFront::Function of the template from its inline FunctionCode (§10)', () => {
    const withFunction = withRewrite('true');
    const options = fromCloudFormation(withFunction, {
      origins: { site: memoryOrigin() },
      parameters: { DomainName: 'a.example.com' },
    });
    expect(options.defaultCacheBehavior?.functionAssociations).toEqual([
      { eventType: 'viewer-request', functionARN: 'arn:aws:cloudfront::123456789012:function/rewrite' },
    ]);
    expect(options.functions).toEqual({
      rewrite: { code: 'function handler(e) { return e.request; }', runtime: 'cloudfront-js-1.0' },
    });
  });

  it('refuses what the template uses and edgecase does not model, naming its path', () => {
    const withEncryption = SITE_YAML.replace(
      '          Compress: true\n',
      '          Compress: true\n          FieldLevelEncryptionId: fle-1\n',
    );
    const error = catchError(() =>
      fromCloudFormation(withEncryption, {
        origins: { site: memoryOrigin() },
        parameters: { DomainName: 'a.example.com' },
      }),
    );
    expect(error.code).toBe('UnmodelledFeature');
    expect(error.message).toContain('DistributionConfig.DefaultCacheBehavior.FieldLevelEncryptionId');
  });

  it("runs the template's Lambda@Edge association from the lambdas option: a literal ARN or an AWS::Lambda::Version", async () => {
    const withLambda = SITE_YAML.replace(
      '          Compress: true\n',
      '          Compress: true\n          LambdaFunctionAssociations:\n            - EventType: viewer-request\n              LambdaFunctionARN: !Ref AuthVersion\n              IncludeBody: false\n',
    ).replace(
      'Resources:\n',
      'Resources:\n  AuthFunction:\n    Type: AWS::Lambda::Function\n    Properties:\n      FunctionName: auth\n  AuthVersion:\n    Type: AWS::Lambda::Version\n    Properties:\n      FunctionName: !Ref AuthFunction\n',
    );
    const clock = new ManualClock();
    const origin = memoryOrigin({ clock });
    await origin.put('index.html', 'home');
    const handler = async () => ({ status: '401', body: 'sign in' });
    const options = fromCloudFormation(withLambda, {
      origins: { site: origin },
      parameters: { DomainName: 'a.example.com' },
      lambdas: { auth: { handler } },
    });
    expect(options.defaultCacheBehavior?.lambdaFunctionAssociations).toEqual([
      {
        eventType: 'viewer-request',
        lambdaFunctionARN: 'arn:aws:lambda:us-east-1:123456789012:function:auth:1',
        includeBody: false,
      },
    ]);
    const cdn = createCdn({ ...options, clock });
    const response = await cdn.fetch('/index.html');
    expect(response.status).toBe(401);
    expect(response.headers.get('x-cache')).toBe('LambdaGeneratedResponse from cloudfront');
    const missing = catchError(() =>
      createCdn(
        fromCloudFormation(withLambda, {
          origins: { site: origin },
          parameters: { DomainName: 'a.example.com' },
        }),
      ),
    );
    expect(missing.code).toBe('NoSuchFunction');
    expect(missing.message).toContain('function:auth:1');
  });

  it.each([
    ['a parameter without a value', SITE_YAML, 'Ref: expected a value for parameter "DomainName"'],
    [
      'Fn::ImportValue',
      SITE_YAML.replace('Aliases: [!Ref DomainName]', 'Aliases: [!ImportValue shared-domain]'),
      'Aliases[0].Fn::ImportValue: expected a value known before deploying (another stack\'s export), got "shared-domain"',
    ],
    [
      'an unknown logical id',
      SITE_YAML.replace('CachePolicyId: !Ref ShortCache', 'CachePolicyId: !Ref LongCache'),
      'expected a parameter or resource of the template, got "LongCache"',
    ],
    [
      'Fn::GetAtt of a resource the template does not have',
      SITE_YAML.replace('!GetAtt SiteBucket.RegionalDomainName', '!GetAtt AssetsBucket.RegionalDomainName'),
      'Origins[0].DomainName.Fn::GetAtt: expected a resource of the template, got "AssetsBucket"',
    ],
    [
      'Fn::Sub with an unknown variable',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Fn::Sub's own ${} syntax
      SITE_YAML.replace("Comment: !Join [' ', [site, !Ref Stage]]", "Comment: !Sub 'site-${Owner}'"),
      'Comment.Fn::Sub.Ref: expected a parameter or resource of the template, got "Owner"',
    ],
    [
      'Fn::FindInMap with a missing key',
      SITE_YAML.replace(
        "Comment: !Join [' ', [site, !Ref Stage]]",
        'Comment: !FindInMap [Stages, prod, Comment]',
      ),
      'Comment.Fn::FindInMap: expected a value in Mappings.Stages, got "prod.Comment"',
    ],
    [
      'Fn::If on an unknown condition',
      SITE_YAML.replace("Comment: !Join [' ', [site, !Ref Stage]]", 'Comment: !If [IsStaging, a, b]'),
      'Comment.Fn::If: expected a condition of the template, got "IsStaging"',
    ],
    [
      'Fn::Select past the end of its list',
      SITE_YAML.replace("Comment: !Join [' ', [site, !Ref Stage]]", 'Comment: !Select [3, [a, b]]'),
      'Comment.Fn::Select: expected an index into the list, got 3',
    ],
    [
      'Fn::GetAZs',
      SITE_YAML.replace("Comment: !Join [' ', [site, !Ref Stage]]", "Comment: !Select [0, !GetAZs '']"),
      'Comment.Fn::Select[1].Fn::GetAZs: expected a value known before deploying, got "Fn::GetAZs"',
    ],
    [
      'Fn::Cidr',
      SITE_YAML.replace(
        "Comment: !Join [' ', [site, !Ref Stage]]",
        'Comment: !Select [0, !Cidr [10.0.0.0/16, 2, 8]]',
      ),
      'Comment.Fn::Select[1].Fn::Cidr: expected a value known before deploying, got "Fn::Cidr"',
    ],
    [
      'Fn::Transform (AWS::Include, a macro)',
      SITE_YAML.replace(
        "Comment: !Join [' ', [site, !Ref Stage]]",
        "Comment: { 'Fn::Transform': { Name: 'AWS::Include', Parameters: { Location: 's3://b/c.yaml' } } }",
      ),
      'Comment.Fn::Transform: expected a value known before deploying, got "Fn::Transform"',
    ],
  ])('names the intrinsic and its path when %s cannot be resolved', (name, template, message) => {
    // The first case leaves DomainName unset; the others set it, so their own intrinsic is reached.
    const parameters: Record<string, string> =
      name === 'a parameter without a value' ? {} : { DomainName: 'a.example.com' };
    const error = catchError(() =>
      fromCloudFormation(template, { origins: { site: memoryOrigin() }, parameters }),
    );
    expect(error.message).toContain(message);
    expect(error.message).toContain('Resources.Site.Properties.DistributionConfig');
  });

  it.each([
    [
      'a parameter a condition compares',
      'IsProd: !Equals [!Ref Stage, prod]',
      'IsProd: !Equals [!Ref Tier, prod]',
      'Conditions.IsProd[0].Ref: expected a parameter or resource of the template, got "Tier"',
    ],
  ])('names the intrinsic and its path when %s is unknown', (_name, from, to, message) => {
    const error = catchError(() =>
      fromCloudFormation(SITE_YAML.replace(from, to), {
        origins: { site: memoryOrigin() },
        parameters: { DomainName: 'a.example.com' },
      }),
    );
    expect(error.message).toContain(message);
  });

  it.each([
    ['a macro', 'Transform: MyMacro', 'got "MyMacro"'],
    [
      'AWS::Include and AWS::LanguageExtensions',
      'Transform: [AWS::LanguageExtensions]',
      'got "AWS::LanguageExtensions"',
    ],
  ])(
    'refuses a template-level Transform (%s): it rewrites the template when deployed',
    (_name, line, message) => {
      const error = catchError(() =>
        fromCloudFormation(`${line}\n${SITE_YAML}`, {
          origins: { site: memoryOrigin() },
          parameters: { DomainName: 'a.example.com' },
        }),
      );
      expect(error.message).toContain('fromCloudFormation template Transform: expected no macro');
      expect(error.message).toContain(message);
      expect(error.message).toContain('--template-stage Processed');
    },
  );

  it("accepts SAM's transform, which leaves a distribution as written", () => {
    const options = fromCloudFormation(`Transform: AWS::Serverless-2016-10-31\n${SITE_YAML}`, {
      origins: { site: memoryOrigin() },
      parameters: { DomainName: 'a.example.com' },
    });
    expect(options.aliases).toEqual(['a.example.com']);
  });

  // Found loading aws-samples/serverless-patterns: SAM's generated resources were "not in the template".
  it('gives the resources SAM generates: Fn.Version, FnUrl and the implicit API', () => {
    const template = `
Transform: AWS::Serverless-2016-10-31
Resources:
  Edge:
    Type: AWS::Serverless::Function
    Properties: { FunctionName: edge-auth, AutoPublishAlias: live }
  Api:
    Type: AWS::Serverless::Function
    Properties: { FunctionUrlConfig: { AuthType: NONE } }
  Dist:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        Origins:
          - { Id: url, DomainName: !Select [2, !Split ['/', !GetAtt ApiUrl.FunctionUrl]], CustomOriginConfig: { OriginProtocolPolicy: https-only } }
          - { Id: rest, DomainName: !Sub '\${ServerlessRestApi}.execute-api.\${AWS::Region}.amazonaws.com', CustomOriginConfig: { OriginProtocolPolicy: https-only } }
        DefaultCacheBehavior:
          TargetOriginId: url
          ViewerProtocolPolicy: allow-all
          CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6
          LambdaFunctionAssociations: [{ EventType: viewer-request, LambdaFunctionARN: !Ref Edge.Version }]
`;
    const options = fromCloudFormation(template, {
      origins: { url: memoryOrigin(), rest: memoryOrigin() },
      lambdas: { 'edge-auth': { handler: async (event) => event.Records[0]?.cf.request } },
    });
    expect(options.defaultCacheBehavior?.lambdaFunctionAssociations?.[0]?.lambdaFunctionARN).toBe(
      'arn:aws:lambda:us-east-1:123456789012:function:edge-auth:1',
    );
    expect(options.origins?.url).toMatchObject({ domainName: 'cfn-apiurl.lambda-url.us-east-1.on.aws' });
    // Without the transform they are not generated: named as missing, as before.
    expect(
      catchError(() =>
        fromCloudFormation(template.replace('Transform: AWS::Serverless-2016-10-31', ''), { origins: {} }),
      ).message,
    ).toContain('expected a resource of the template, got "ApiUrl"');
  });

  it('asks for logicalId when a template has several distributions, and says what text does not parse', () => {
    const two = {
      Resources: {
        A: { Type: 'AWS::CloudFront::Distribution' },
        B: { Type: 'AWS::CloudFront::Distribution' },
      },
    };
    expect(() => fromCloudFormation(two, { origins: {} })).toThrow(
      'expected one AWS::CloudFront::Distribution, got ["A","B"]',
    );
    expect(() => fromCloudFormation(two, { origins: {}, logicalId: 'C' })).toThrow(
      "one of the template's distributions (A, B)",
    );
    expect(() => fromCloudFormation('Resources: [: bad', { origins: {} })).toThrow(
      'expected JSON or YAML text',
    );
    expect(() => fromCloudFormation(SITE_YAML, { origins: {}, logicalID: 'Site' } as never)).toThrow(
      'Did you mean "logicalId"?',
    );
  });
});

describe('fromCloudFormation: values as templates write them (found loading the corpus, test/corpus)', () => {
  const template = (aliases: string) => `
Parameters:
  Aliases:
    Type: CommaDelimitedList
    Default: "${aliases}"
Conditions:
  AliasesProvided: !Not [!Equals [!Join ["", !Ref Aliases], ""]]
Resources:
  Site:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: 'true'
        Aliases: !If [AliasesProvided, !Ref Aliases, !Ref AWS::NoValue]
        Origins:
          - { Id: site, DomainName: site.s3.amazonaws.com, S3OriginConfig: {} }
        DefaultCacheBehavior:
          TargetOriginId: site
          ViewerProtocolPolicy: allow-all
          Compress: 'false'
          DefaultTTL: '60'
          ForwardedValues: { QueryString: 'false' }
`;

  it('reads a CommaDelimitedList parameter as a list of trimmed members ("" is [""])', () => {
    expect(fromCloudFormation(template(''), { origins: { site: memoryOrigin() } }).aliases).toBeUndefined();
    expect(
      fromCloudFormation(template('a.example.com, b.example.com'), { origins: { site: memoryOrigin() } })
        .aliases,
    ).toEqual(['a.example.com', 'b.example.com']);
  });

  it("reads Boolean and Integer properties written as text ('false', '60')", () => {
    const d = resolveDistribution(fromCloudFormation(template(''), { origins: { site: memoryOrigin() } }));
    expect(d.behaviors[0]?.compress).toBe(false);
    expect(d.behaviors[0]?.cachePolicy.defaultTtlMs).toBe(60_000);
  });

  // Found loading CDK and SAM templates: what Ref and GetAtt give for the resources an API, a
  // function URL or a website origin is built from (their return values in the resource reference).
  it('gives the return values of a stage, a bucket, a function URL and a Lambda version', () => {
    const template = `
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties: { BucketName: my-site }
  Stage:
    Type: AWS::ApiGateway::Stage
    Properties: { StageName: prod, RestApiId: !Ref Api }
  Api:
    Type: AWS::ApiGateway::RestApi
  Url:
    Type: AWS::Lambda::Url
  Fn:
    Type: AWS::Lambda::Function
    Properties: { FunctionName: edge }
  FnVersion:
    Type: AWS::Lambda::Version
    Properties: { FunctionName: !Ref Fn }
  Dist:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        Origins:
          - { Id: api, DomainName: !Sub '\${Api}.execute-api.\${AWS::Region}.amazonaws.com', OriginPath: !Sub '/\${Stage}', CustomOriginConfig: { OriginProtocolPolicy: https-only } }
          - { Id: site, DomainName: !Sub '\${Bucket}.s3.amazonaws.com', S3OriginConfig: {} }
          - { Id: fn, DomainName: !Select [2, !Split ['/', !GetAtt Url.FunctionUrl]], CustomOriginConfig: { OriginProtocolPolicy: https-only } }
          - { Id: web, DomainName: !Select [1, !Split ['//', !GetAtt Bucket.WebsiteURL]], CustomOriginConfig: { OriginProtocolPolicy: http-only } }
        DefaultCacheBehavior:
          TargetOriginId: api
          ViewerProtocolPolicy: allow-all
          CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6
          LambdaFunctionAssociations:
            - { EventType: origin-request, LambdaFunctionARN: !Sub '\${Fn.Arn}:\${FnVersion.Version}' }
`;
    const origins = {
      api: memoryOrigin(),
      'my-site.s3.amazonaws.com': memoryOrigin(),
      fn: memoryOrigin(),
      web: memoryOrigin(),
    };
    const loaded = fromCloudFormation(template, {
      origins,
      lambdas: { edge: { handler: async () => undefined } },
    });
    expect(loaded.origins?.api).toMatchObject({ originPath: '/prod' });
    expect(loaded.origins?.web).toMatchObject({ domainName: 'my-site.s3-website-us-east-1.amazonaws.com' });
    expect(loaded.defaultCacheBehavior?.lambdaFunctionAssociations?.[0]?.lambdaFunctionARN).toBe(
      'arn:aws:lambda:us-east-1:123456789012:function:edge:1',
    );
    // A part of an attribute edgecase does not know stands for itself (the origin is matched by Id).
    const unknownUrl = template.replace('!GetAtt Url.FunctionUrl', '!GetAtt Api.RootResourceUrl');
    expect(fromCloudFormation(unknownUrl, { origins }).origins?.fn).toMatchObject({
      domainName: 'cfn:Api.RootResourceUrl[2]',
    });
    // A resource whose value edgecase does not know, in an origin's path: named, not a 404 later.
    const unknownStage = template.replace('Stage}', 'Api}');
    expect(catchError(() => fromCloudFormation(unknownStage, { origins })).message).toContain(
      'Origins[0].OriginPath: expected a value known before deploying, got "/cfn:Api"',
    );
  });

  it('takes custom policies the template names by id, and refuses a distribution its Condition leaves out', () => {
    const template = `
Parameters:
  CreateCdn: { Type: String, Default: 'yes' }
Conditions:
  WithCdn: !Equals [!Ref CreateCdn, 'yes']
Resources:
  Dist:
    Type: AWS::CloudFront::Distribution
    Condition: WithCdn
    Properties:
      DistributionConfig:
        Enabled: true
        Origins: [{ Id: site, DomainName: site.s3.amazonaws.com, S3OriginConfig: {} }]
        DefaultCacheBehavior: { TargetOriginId: site, ViewerProtocolPolicy: allow-all, CachePolicyId: a1b2c3d4-0000-4000-8000-000000000001 }
`;
    const origins = { site: memoryOrigin() };
    expect(catchError(() => fromCloudFormation(template, { origins })).code).toBe('NoSuchCachePolicy');
    const cachePolicies = {
      'a1b2c3d4-0000-4000-8000-000000000001': { name: 'short', defaultTTL: '60s' as const },
    };
    const d = resolveDistribution(fromCloudFormation(template, { origins, cachePolicies }));
    expect(d.behaviors[0]?.cachePolicy).toMatchObject({ name: 'short', defaultTtlMs: 60_000 });
    expect(
      catchError(() =>
        fromCloudFormation(template, { origins, cachePolicies, parameters: { CreateCdn: 'no' } }),
      ).message,
    ).toContain('Resources.Dist.Condition: expected a Condition true with these parameters');
  });

  // Found loading CDK and SAM templates: cross-stack exports and dynamic references had no way in; a
  // secret header's `{{resolve:…}}` went to the origin as written.
  it('takes exports from { imports } and dynamic references from { dynamicReferences }', () => {
    const template = `
Resources:
  Dist:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        Comment: '{{resolve:ssm:/site/comment}}'
        Aliases: ['{{resolve:ssm:/site/domain}}']
        Origins:
          - Id: site
            DomainName: !ImportValue shared-bucket-domain
            OriginPath: '{{resolve:ssm:/site/prefix}}'
            OriginCustomHeaders: [{ HeaderName: X-Origin-Verify, HeaderValue: !Join ['', ['{{resolve:secretsmanager:', origin, ':SecretString:v}}']] }]
            S3OriginConfig: {}
        DefaultCacheBehavior: { TargetOriginId: site, ViewerProtocolPolicy: allow-all, CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6 }
`;
    const origins = { site: memoryOrigin() };
    const imports = { 'shared-bucket-domain': 'assets.s3.eu-west-1.amazonaws.com' };
    const dynamicReferences = {
      '{{resolve:ssm:/site/domain}}': 'www.example.com',
      '{{resolve:ssm:/site/prefix}}': '/v2',
      '{{resolve:secretsmanager:origin:SecretString:v}}': 's3cret',
    };
    expect(catchError(() => fromCloudFormation(template, { origins })).message).toContain(
      'Origins[0].DomainName.Fn::ImportValue: expected a value known before deploying (another stack\'s export), got "shared-bucket-domain"',
    );
    const loaded = fromCloudFormation(template, { origins, imports, dynamicReferences });
    expect(loaded.aliases).toEqual(['www.example.com']);
    // Fn::GetStackOutput (CDK's cross-Region references) takes its value from { stackOutputs }.
    const crossRegion = template.replace(
      '!ImportValue shared-bucket-domain',
      '{ "Fn::GetStackOutput": { StackName: assets, OutputName: BucketDomain, Region: eu-west-1 } }',
    );
    expect(
      catchError(() => fromCloudFormation(crossRegion, { origins, dynamicReferences })).message,
    ).toContain('Pass the output\'s value: { stackOutputs: { "assets": { "BucketDomain": … } } }.');
    const stackOutputs = { assets: { BucketDomain: 'assets.s3.eu-west-1.amazonaws.com' } };
    expect(
      fromCloudFormation(crossRegion, { origins, dynamicReferences, stackOutputs }).origins?.site,
    ).toMatchObject({
      domainName: 'assets.s3.eu-west-1.amazonaws.com',
    });
    expect(loaded.origins?.site).toMatchObject({
      originPath: '/v2',
      customHeaders: { 'X-Origin-Verify': 's3cret' },
      region: 'eu-west-1',
    });
    // Where it changes what a viewer gets, one left without a value is named; a Comment keeps it.
    const { '{{resolve:secretsmanager:origin:SecretString:v}}': _, ...withoutSecret } = dynamicReferences;
    expect(
      catchError(() => fromCloudFormation(template, { origins, imports, dynamicReferences: withoutSecret }))
        .message,
    ).toContain(
      'Origins[0].OriginCustomHeaders[0].HeaderValue: expected a value known before deploying, got "{{resolve:secretsmanager:origin:SecretString:v}}"',
    );
  });

  // Found loading aws-cdk's function-find-replace snapshot: the association was not read, and every
  // request answered 503 ("no KeyValueStore associated").
  it("asks for the keys of a function's KeyValueStore, and runs the template's code with them", async () => {
    const template = {
      Resources: {
        Store: { Type: 'AWS::CloudFront::KeyValueStore', Properties: { Name: 'store' } },
        Fn: {
          Type: 'AWS::CloudFront::Function',
          Properties: {
            Name: 'kvfn',
            AutoPublish: true,
            FunctionCode:
              "import cf from 'cloudfront';\nconst kvs = cf.kvs();\nasync function handler(event) { return { statusCode: 200, statusDescription: 'OK', body: await kvs.get('greeting') }; }",
            FunctionConfig: {
              Runtime: 'cloudfront-js-2.0',
              KeyValueStoreAssociations: [{ KeyValueStoreARN: { 'Fn::GetAtt': ['Store', 'Arn'] } }],
            },
          },
        },
        Dist: {
          Type: 'AWS::CloudFront::Distribution',
          Properties: {
            DistributionConfig: {
              Enabled: true,
              Origins: [{ Id: 'o', DomainName: 'o.s3.amazonaws.com', S3OriginConfig: {} }],
              DefaultCacheBehavior: {
                TargetOriginId: 'o',
                ViewerProtocolPolicy: 'allow-all',
                CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
                FunctionAssociations: [
                  { EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': ['Fn', 'FunctionARN'] } },
                ],
              },
            },
          },
        },
      },
    };
    const origins = { o: memoryOrigin() };
    expect(catchError(() => fromCloudFormation(template, { origins })).message).toContain(
      "Resources.Fn.Properties.FunctionConfig.KeyValueStoreAssociations: expected the keys of the function's KeyValueStore",
    );
    const cdn = createCdn(
      fromCloudFormation(template, {
        origins,
        functions: { kvfn: { keyValueStore: { greeting: 'hello' } } },
      }),
    );
    expect(await (await cdn.fetch('/')).text()).toBe('hello');
  });

  it('names a null origin or error response of a JSON template, not a TypeError', () => {
    const json = (change: Record<string, unknown>) => ({
      Resources: {
        Site: {
          Type: 'AWS::CloudFront::Distribution',
          Properties: {
            DistributionConfig: {
              Enabled: true,
              Origins: [{ Id: 'site', DomainName: 'site.s3.amazonaws.com', S3OriginConfig: {} }],
              DefaultCacheBehavior: {
                TargetOriginId: 'site',
                ViewerProtocolPolicy: 'allow-all',
                CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6',
              },
              ...change,
            },
          },
        },
      },
    });
    const load = (change: Record<string, unknown>) =>
      catchError(() => fromCloudFormation(json(change), { origins: { site: memoryOrigin() } })).message;
    // Named as the template writes them (arrays, not the API's { Quantity, Items }).
    const at = 'Resources.Site.Properties.DistributionConfig';
    expect(load({ Origins: [null] })).toContain(`${at}.Origins[0]: expected an object, got null`);
    expect(load({ CustomErrorResponses: [null] })).toContain(
      `${at}.CustomErrorResponses[0]: expected an object, got null`,
    );
    expect(load({ CacheBehaviors: [null] })).toContain(
      `${at}.CacheBehaviors[0]: expected an object, got null`,
    );
  });

  // Found loading public templates: `Default: true` (a YAML bool) and a Number parameter compared with
  // text chose the other branch of the condition, and an SSM parameter type gave its parameter's name.
  it('hands parameters to the template as text, and asks for the value of an SSM parameter type', () => {
    const spa = (parameter: string) => `
Parameters:
${parameter}
Conditions:
  Spa: !Equals [!Ref EnableSpa, 'true']
  NoCache: !Equals [!Ref Ttl, 0]
Resources:
  Site:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        Origins: [{ Id: site, DomainName: site.example.com, OriginPath: !Ref Prefix, CustomOriginConfig: { OriginProtocolPolicy: https-only } }]
        DefaultCacheBehavior:
          TargetOriginId: site
          ViewerProtocolPolicy: allow-all
          CachePolicyId: !If [NoCache, 4135ea2d-6df8-44a3-9df3-4b5a84be39ad, 658327ea-f89d-4fab-a63d-7e88639e58f6]
        CustomErrorResponses: !If [Spa, [{ ErrorCode: 404, ResponseCode: 200, ResponsePagePath: /index.html }], !Ref AWS::NoValue]
`;
    const ttl = '  Ttl: { Type: Number, Default: 0 }\n';
    const prefix = (type: string) => `  Prefix: { Type: '${type}', Default: /site/origin-path }\n`;
    const load = (template: string, parameters: Record<string, string | number | boolean> = {}) =>
      resolveDistribution(fromCloudFormation(template, { origins: { site: memoryOrigin() }, parameters }));
    const yamlBool = load(spa(`  EnableSpa: { Type: String, Default: true }\n${ttl}${prefix('String')}`));
    expect([...yamlBool.customErrorResponses.keys()]).toEqual([404]);
    expect(yamlBool.behaviors[0]?.cachePolicy.name).toBe('CachingDisabled');
    const fromOption = load(
      spa(`  EnableSpa: { Type: String, Default: 'false' }\n${ttl}${prefix('String')}`),
      {
        EnableSpa: true,
      },
    );
    expect([...fromOption.customErrorResponses.keys()]).toEqual([404]);
    const ssm = spa(
      `  EnableSpa: { Type: String, Default: 'false' }\n${ttl}${prefix('AWS::SSM::Parameter::Value<String>')}`,
    );
    expect(catchError(() => load(ssm)).message).toContain(
      'OriginPath.Ref: expected the value of parameter "Prefix", got "AWS::SSM::Parameter::Value<String> \\"/site/origin-path\\""',
    );
    expect(load(ssm, { Prefix: '/v2' }).origins.get('site')?.originPath).toBe('/v2');
  });

  // Found loading public templates (aws-solutions-constructs, cfn-lint fixtures): text in failover
  // status codes, a Lambda@Edge association and a response headers policy of the template.
  it('reads text for the numbers and Booleans of origin groups, Lambda@Edge and response headers policies', async () => {
    const a = memoryOrigin();
    const loaded = fromCloudFormation(
      `
Resources:
  Headers:
    Type: AWS::CloudFront::ResponseHeadersPolicy
    Properties:
      ResponseHeadersPolicyConfig:
        Name: hsts
        SecurityHeadersConfig:
          StrictTransportSecurity: { AccessControlMaxAgeSec: '63072000', IncludeSubdomains: 'true', Override: 'true' }
  Site:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        Origins:
          - { Id: a, DomainName: a.s3.amazonaws.com, S3OriginConfig: {} }
          - { Id: b, DomainName: b.s3.amazonaws.com, S3OriginConfig: {} }
        OriginGroups:
          Quantity: '1'
          Items:
            - Id: g
              FailoverCriteria: { StatusCodes: { Quantity: '2', Items: ['500', '503'] } }
              Members: { Quantity: 2, Items: [{ OriginId: a }, { OriginId: b }] }
        DefaultCacheBehavior:
          TargetOriginId: g
          ViewerProtocolPolicy: allow-all
          CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6
          ResponseHeadersPolicyId: !Ref Headers
          LambdaFunctionAssociations:
            - { EventType: origin-request, LambdaFunctionARN: 'arn:aws:lambda:us-east-1:123456789012:function:f:1', IncludeBody: 'true' }
`,
      {
        origins: { a, b: memoryOrigin() },
        lambdas: { f: { handler: async (event) => event.Records[0]?.cf.request } },
      },
    );
    expect(loaded.originGroups?.g?.failoverStatusCodes).toEqual([500, 503]);
    expect(loaded.defaultCacheBehavior?.lambdaFunctionAssociations?.[0]?.includeBody).toBe(true);
    const cdn = createCdn(loaded);
    await a.put('index.html', 'home');
    const response = await cdn.fetch('/index.html');
    expect(response.headers.get('strict-transport-security')).toBe('max-age=63072000; includeSubDomains');
  });
});

/** A template of one distribution `Dist` with one origin `site`, `config` its other DistributionConfig lines, after `resources`. */
const siteTemplate = (config: string, resources = '') => `Resources:
${resources}  Dist:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        Origins: [{Id: site, DomainName: site.example.com, CustomOriginConfig: {OriginProtocolPolicy: https-only}}]
${config}
`;

describe('fromCloudFormation: a cache policy resource is read strictly', () => {
  const template = (parameters: string) =>
    siteTemplate(
      '        DefaultCacheBehavior: {TargetOriginId: site, ViewerProtocolPolicy: allow-all, CachePolicyId: !Ref Policy}',
      `  Policy:
    Type: AWS::CloudFront::CachePolicy
    Properties:
      CachePolicyConfig:
        Name: tenant
        MinTTL: 0
        DefaultTTL: 5
        MaxTTL: 300
        ParametersInCacheKeyAndForwardedToOrigin:
          EnableAcceptEncodingGzip: true
          ${parameters}
          CookiesConfig: {CookieBehavior: none}
          QueryStringsConfig: {QueryStringBehavior: none}
`,
    );

  it('refuses a misspelt field of the policy, naming its resource (it was left out: an empty key)', () => {
    const load = (parameters: string) => () =>
      fromCloudFormation(template(parameters), { origins: { site: memoryOrigin() } });
    expect(load('HeadersConfig: {HeaderBehavior: whitelist, Headers: [X-Tenant]}')).not.toThrow();
    expect(load('HeaderConfig: {HeaderBehavior: whitelist, Headers: [X-Tenant]}')).toThrow(
      'Resources.Policy.Properties.CachePolicyConfig.ParametersInCacheKeyAndForwardedToOrigin has an unknown option "HeaderConfig"',
    );
    expect(load('HeaderConfig: {HeaderBehavior: whitelist, Headers: [X-Tenant]}')).toThrow(
      'Did you mean "HeadersConfig"?',
    );
    expect(load('HeadersConfig: {HeaderBehaviour: whitelist}')).toThrow('Did you mean "HeaderBehavior"?');
  });
});

describe('fromCloudFormation: CloudFormation-only property forms', () => {
  const load = (config: string) => () =>
    fromCloudFormation(siteTemplate(config), { origins: { site: memoryOrigin() } });

  it('refuses Aliases beside the legacy CNAMEs (CNAMEs replaced them, and those hosts were refused)', () => {
    const behavior = `        DefaultCacheBehavior: {TargetOriginId: site, ViewerProtocolPolicy: allow-all, CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6}`;
    expect(createCdn(load(`        CNAMEs: [old.example.com]\n${behavior}`)()).distribution.aliases).toEqual([
      'old.example.com',
    ]);
    expect(
      load(`        Aliases: [www.example.com]\n        CNAMEs: [old.example.com]\n${behavior}`),
    ).toThrow(
      'Resources.Dist.Properties.DistributionConfig.CNAMEs: expected either Aliases or the legacy CNAMEs, got both',
    );
  });

  it('checks CachedMethods against the default AllowedMethods when AllowedMethods is left out', () => {
    const config = `        DefaultCacheBehavior:
          TargetOriginId: site
          ViewerProtocolPolicy: allow-all
          CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6
          CachedMethods: [GET, HEAD, OPTIONS]`;
    expect(() => createCdn(load(config)())).toThrow(
      'Resources.Dist.Properties.DistributionConfig.DefaultCacheBehavior.CachedMethods: expected',
    );
  });
});

describe('fromCloudFormation: a Serverless Framework file', () => {
  it('asks for the packaged template rather than reading serverless.yml, whose variables it cannot resolve', () => {
    const serverlessYml = `service: site
provider:
  name: aws
custom:
  bucket: site-\${sls:stage}
resources:
  Resources:
    Cdn:
      Type: AWS::CloudFront::Distribution
      Properties:
        DistributionConfig:
          Enabled: true
          Origins:
            - Id: s3
              DomainName: \${self:custom.bucket}.s3.amazonaws.com
              S3OriginConfig: {}
          DefaultCacheBehavior: {TargetOriginId: s3, ViewerProtocolPolicy: allow-all, CachePolicyId: 658327ea-f89d-4fab-a63d-7e88639e58f6}
`;
    const error = catchError(() => fromCloudFormation(serverlessYml, { origins: { s3: memoryOrigin() } }));
    expect(error.message).toContain(
      'fromCloudFormation template: expected a CloudFormation template, got "a Serverless Framework serverless.yml (service, provider, resources)".',
    );
    expect(error.hint).toContain('.serverless/cloudformation-template-update-stack.json');
  });
});
