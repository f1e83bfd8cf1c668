import {
  type BucketPolicy,
  createCdn,
  formatTimeline,
  fromDistributionConfig,
  ManualClock,
  memoryOrigin,
  type Origin,
  type OriginRequest,
  type TraceOriginFetch,
} from '@edgecase/cdn';
import { describe, expect, it } from 'vitest';

const ARN = 'arn:aws:cloudfront::123456789012:distribution/EDFDVBD6EXAMPLE';
const OAI = 'arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity E2QWRUHEXAMPLE';

/** The policy AWS documents for an OAC (CFDG private-content-restricting-access-to-s3). */
function oacPolicy(bucket: string, distributionArn: string, actions = ['s3:GetObject']): BucketPolicy {
  return {
    Version: '2012-10-17',
    Statement: {
      Sid: 'AllowCloudFrontServicePrincipalReadOnly',
      Effect: 'Allow',
      Principal: { Service: 'cloudfront.amazonaws.com' },
      Action: actions,
      Resource: [`arn:aws:s3:::${bucket}/*`, `arn:aws:s3:::${bucket}`],
      Condition: { StringEquals: { 'AWS:SourceArn': distributionArn } },
    },
  };
}

async function privateSite() {
  const clock = new ManualClock();
  const bucket = memoryOrigin({ clock, bucket: 'acme-private', access: 'private' });
  await bucket.put('index.html', '<h1>hi</h1>', { contentType: 'text/html' });
  return { clock, bucket };
}

const originFetches = (records: readonly { type: string }[]) =>
  records.filter((r): r is TraceOriginFetch => r.type === 'origin');

describe('private buckets: OAC and OAI (§18)', () => {
  it('without an OAC the distribution reads anonymously: every viewer gets 403 AccessDenied', async () => {
    const { clock, bucket } = await privateSite();
    await bucket.putBucketPolicy(oacPolicy('acme-private', ARN));
    const cdn = createCdn({ clock, origin: bucket });
    const response = await cdn.fetch('/index.html');
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('<Code>AccessDenied</Code>');
    expect(originFetches(cdn.trace.all())[0]?.originAccess).toBeUndefined();
  });

  it('with an OAC and the documented policy, the page is served; the trace names the principal', async () => {
    const { clock, bucket } = await privateSite();
    await bucket.putBucketPolicy(oacPolicy('acme-private', ARN));
    const cdn = createCdn({ clock, origin: { origin: bucket, originAccessControl: {} } });
    expect(cdn.arn).toBe(ARN);
    const response = await cdn.fetch('/index.html');
    expect([response.status, await response.text()]).toEqual([200, '<h1>hi</h1>']);
    expect(originFetches(cdn.trace.all())[0]?.originAccess).toEqual({
      signedBy: 'origin-access-control',
      id: 'E2EDGECASEOAC',
      principal: `cloudfront.amazonaws.com (AWS:SourceArn ${ARN})`,
    });
  });

  it('the classic trap: a policy naming another distribution answers 403 to this one', async () => {
    const { clock, bucket } = await privateSite();
    await bucket.putBucketPolicy(
      oacPolicy('acme-private', 'arn:aws:cloudfront::123456789012:distribution/E1STAGING'),
    );
    const cdn = createCdn({ clock, origin: { origin: bucket, originAccessControl: {} } });
    expect((await cdn.fetch('/index.html')).status).toBe(403);
    // The same bucket serves the distribution the policy names.
    const staging = createCdn({
      clock,
      arn: 'arn:aws:cloudfront::123456789012:distribution/E1STAGING',
      origin: { origin: bucket, originAccessControl: {} },
    });
    expect((await staging.fetch('/index.html')).status).toBe(200);
  });

  it('a missing key is 403 without s3:ListBucket and 404 with it', async () => {
    const { clock, bucket } = await privateSite();
    await bucket.putBucketPolicy(oacPolicy('acme-private', ARN));
    const cdn = createCdn({ clock, origin: { origin: bucket, originAccessControl: {} } });
    expect((await cdn.fetch('/missing.html')).status).toBe(403);
    await bucket.putBucketPolicy(oacPolicy('acme-private', ARN, ['s3:GetObject', 's3:ListBucket']));
    expect((await cdn.fetch('/other-missing.html')).status).toBe(404);
  });

  it('an explicit Deny wins over the Allow', async () => {
    const { clock, bucket } = await privateSite();
    const allow = oacPolicy('acme-private', ARN).Statement as object;
    await bucket.putBucketPolicy({
      Statement: [
        allow as never,
        {
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:GetObject',
          Resource: 'arn:aws:s3:::acme-private/index.html',
        },
      ],
    });
    const cdn = createCdn({ clock, origin: { origin: bucket, originAccessControl: {} } });
    expect((await cdn.fetch('/index.html')).status).toBe(403);
  });

  it('signing behaviour never sends the request unsigned; no-override forwards the viewer Authorization', async () => {
    const { clock, bucket } = await privateSite();
    await bucket.putBucketPolicy(oacPolicy('acme-private', ARN));
    const never = createCdn({
      clock,
      origin: { origin: bucket, originAccessControl: { signingBehavior: 'never' } },
    });
    expect((await never.fetch('/index.html')).status).toBe(403);
    expect(originFetches(never.trace.all())[0]?.originAccess).toEqual({
      signedBy: 'unsigned',
      id: 'E2EDGECASEOAC',
    });

    // Authorization reaches the origin only when the cache policy puts it in the key (§18).
    const noOverride = createCdn({
      clock,
      origin: { origin: bucket, originAccessControl: { signingBehavior: 'no-override' } },
      defaultCacheBehavior: {
        cachePolicy: {
          name: 'with-authorization',
          minTTL: 0,
          defaultTTL: 0,
          maxTTL: 0,
          parametersInCacheKeyAndForwardedToOrigin: {
            headersConfig: { headerBehavior: 'whitelist', headers: ['Authorization'] },
          },
        },
      },
    });
    expect((await noOverride.fetch('/index.html')).status).toBe(200);
    const viewer = await noOverride.fetch('/index.html', {
      headers: {
        authorization: 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/s3/aws4_request',
      },
    });
    // The bucket cannot take the viewer's own credentials for the OAC: 403.
    expect(viewer.status).toBe(403);
    expect(originFetches(noOverride.trace.all()).map((f) => f.originAccess?.signedBy)).toEqual([
      'origin-access-control',
      'viewer',
    ]);
    // The timeline says it too.
    expect(formatTimeline(noOverride.trace.all())).toContain(
      "viewer's Authorization (OAC E2EDGECASEOAC no-override)",
    );
    expect(formatTimeline(never.trace.all())).toContain('unsigned (OAC E2EDGECASEOAC never signs)');
  });

  it('an OAI is granted by its IAM user ARN', async () => {
    const { clock, bucket } = await privateSite();
    await bucket.putBucketPolicy({
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: OAI },
          Action: 's3:GetObject',
          Resource: 'arn:aws:s3:::acme-private/*',
        },
      ],
    });
    const cdn = createCdn({
      clock,
      origin: { origin: bucket, originAccessIdentity: 'origin-access-identity/cloudfront/E2QWRUHEXAMPLE' },
    });
    expect((await cdn.fetch('/index.html')).status).toBe(200);
    expect(originFetches(cdn.trace.all())[0]?.originAccess).toEqual({
      signedBy: 'origin-access-identity',
      id: 'E2QWRUHEXAMPLE',
      principal: OAI,
    });
    // The OAC is not the OAI: the same policy refuses it.
    const withOac = createCdn({ clock, origin: { origin: bucket, originAccessControl: {} } });
    expect((await withOac.fetch('/index.html')).status).toBe(403);
  });

  it('a loaded config: OriginAccessControlId with its OAC from originAccessControls, round-tripped', async () => {
    const { clock, bucket } = await privateSite();
    await bucket.putBucketPolicy(oacPolicy('acme-private', ARN));
    const config = {
      CallerReference: 'site',
      Origins: {
        Quantity: 1,
        Items: [
          {
            Id: 'site',
            DomainName: 'acme-private.s3.us-east-1.amazonaws.com',
            S3OriginConfig: { OriginAccessIdentity: '' },
            OriginAccessControlId: 'E3SITEOAC',
          },
        ],
      },
      DefaultCacheBehavior: {
        TargetOriginId: 'site',
        ViewerProtocolPolicy: 'redirect-to-https',
        CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6',
      },
      Enabled: true,
    };
    const options = fromDistributionConfig(
      config,
      { site: bucket },
      {
        originAccessControls: {
          E3SITEOAC: {
            OriginAccessControlConfig: {
              Name: 'site',
              SigningBehavior: 'never',
              SigningProtocol: 'sigv4',
              OriginAccessControlOriginType: 's3',
            },
          },
        },
      },
    );
    const cdn = createCdn({ ...options, clock });
    expect((await cdn.fetch('/index.html')).status).toBe(403);
    // The deploy fixes the OAC's signing behaviour by pointing the origin at another OAC.
    const { ETag, DistributionConfig } = cdn.getDistributionConfig();
    const edited = structuredClone(DistributionConfig) as typeof config;
    (edited.Origins.Items[0] as { OriginAccessControlId: string }).OriginAccessControlId = 'E4ALWAYS';
    cdn.updateDistributionConfig(edited as never, { ifMatch: ETag });
    await clock.advance('10m');
    expect((await cdn.fetch('/index.html')).status).toBe(200);
  });

  it('a website endpoint is refused for OAC and OAI at load, citing the AWS page', () => {
    const bucket = memoryOrigin({ bucket: 'acme-site' });
    const website = bucket.website({ indexDocument: 'index.html' });
    expect(() => createCdn({ origin: { origin: website, originAccessControl: {} } })).toThrow(
      /S3 website endpoint.*private-content-restricting-access-to-s3/,
    );
  });

  // CFDG private-content-restricting-access-to-lambda; found loading aws-cdk's function-url-origin-oac
  // snapshot, which could not load.
  it('an OAC of type lambda signs the requests to a Lambda function URL (a custom origin)', async () => {
    const seen: OriginRequest[] = [];
    const functionUrl: Origin = {
      kind: 'custom',
      name: 'function-url',
      fetch: async (request) => {
        seen.push(request);
        return { status: 200, headers: {}, body: new TextEncoder().encode('from the function') };
      },
    };
    const cdn = createCdn({
      origin: {
        origin: functionUrl,
        originAccessControl: { id: 'E2LAMBDAOAC', originAccessControlOriginType: 'lambda' },
      },
    });
    await cdn.fetch('/', { headers: { authorization: 'Bearer viewer' } });
    expect(seen[0]?.signedAs).toMatchObject({
      type: 'origin-access-control',
      id: 'E2LAMBDAOAC',
      sourceArn: ARN,
    });
    expect(seen[0]?.headers.authorization).toBeUndefined();
    // On an S3 origin the type is a mistake; MediaStore is not modelled.
    expect(() =>
      createCdn({
        origin: { origin: memoryOrigin(), originAccessControl: { originAccessControlOriginType: 'lambda' } },
      }),
    ).toThrow('originAccessControlOriginType: expected "s3" for an S3 origin');
    expect(() =>
      createCdn({
        origin: {
          origin: functionUrl,
          originAccessControl: { originAccessControlOriginType: 'mediastore' as never },
        },
      }),
    ).toThrow(expect.objectContaining({ code: 'UnmodelledFeature' }));
  });

  it("a private bucket's website endpoint answers 403 unless the policy grants everyone s3:GetObject", async () => {
    const { clock, bucket } = await privateSite();
    const website = bucket.website({ indexDocument: 'index.html' });
    const cdn = createCdn({ clock, origin: { origin: website, originProtocolPolicy: 'http-only' } });
    expect((await cdn.fetch('/index.html')).status).toBe(403);
    await bucket.putBucketPolicy({
      Statement: {
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:GetObject',
        Resource: 'arn:aws:s3:::acme-private/*',
      },
    });
    expect((await cdn.fetch('/')).status).toBe(200);
  });
});

describe("a CloudFront Function's cf.updateRequestOrigin with originAccessControlConfig (§18, §20)", () => {
  it("AWS's S3 example: a miss switched to the private bucket is signed with OAC and served; without it, 403", async () => {
    const clock = new ManualClock();
    const site = memoryOrigin({ clock });
    const bucket = memoryOrigin({ clock, bucket: 'acme-private', access: 'private' });
    await bucket.put('report.pdf', 'pdf');
    await bucket.putBucketPolicy(oacPolicy('acme-private', ARN));
    const router = (oac: boolean) => `import cf from 'cloudfront';
function handler(event) {
  cf.updateRequestOrigin({
    domainName: 'acme-private.s3.us-east-1.amazonaws.com',
    ${oac ? "originAccessControlConfig: { enabled: true, signingBehavior: 'always', signingProtocol: 'sigv4', originType: 's3' }," : ''}
    customHeaders: {},
  });
  return event.request;
}`;
    const cdnWith = (oac: boolean) =>
      createCdn({
        clock,
        origins: {
          site,
          reports: { origin: bucket, domainName: 'acme-private.s3.us-east-1.amazonaws.com' },
        },
        functions: { router: { code: router(oac) } },
        defaultCacheBehavior: {
          targetOriginId: 'site',
          functionAssociations: [{ eventType: 'viewer-request', functionARN: 'router' }],
        },
      });
    const signed = cdnWith(true);
    const response = await signed.fetch('/report.pdf');
    expect([response.status, await response.text()]).toEqual([200, 'pdf']);
    expect(originFetches(signed.trace.all())[0]?.originAccess).toMatchObject({
      signedBy: 'origin-access-control',
    });
    const anonymous = await cdnWith(false).fetch('/report.pdf');
    expect(anonymous.status).toBe(403);
  });

  it("an origin group's secondary signs with its own OAC; the trace records each fetch's access", async () => {
    const { clock, bucket } = await privateSite();
    await bucket.putBucketPolicy(oacPolicy('acme-private', ARN));
    const primary = memoryOrigin({ clock, bucket: 'acme-primary' });
    primary.faults.respond(503);
    const cdn = createCdn({
      clock,
      origins: { primary, replica: { origin: bucket, originAccessControl: { id: 'E3REPLICA' } } },
      originGroups: { site: { members: ['primary', 'replica'], failoverStatusCodes: [503] } },
      defaultCacheBehavior: { targetOriginId: 'site' },
    });
    expect((await cdn.fetch('/index.html')).status).toBe(200);
    expect(originFetches(cdn.trace.all()).map((f) => [f.origin, f.result, f.originAccess?.id])).toEqual([
      ['primary', 503, undefined],
      ['replica', 200, 'E3REPLICA'],
    ]);
  });

  it("edge code sees the distribution's ARN id, and a Lambda@Edge origin event an OAI as authMethod", async () => {
    const { clock, bucket } = await privateSite();
    await bucket.putBucketPolicy({
      Statement: {
        Effect: 'Allow',
        Principal: { AWS: OAI },
        Action: 's3:GetObject',
        Resource: 'arn:aws:s3:::acme-private/*',
      },
    });
    const seen: unknown[] = [];
    const lambda = 'arn:aws:lambda:us-east-1:123456789012:function:edge:1';
    const cdn = createCdn({
      clock,
      arn: 'arn:aws:cloudfront::123456789012:distribution/E2PRODUCTION',
      origin: { origin: bucket, originAccessIdentity: 'E2QWRUHEXAMPLE' },
      lambdas: {
        [lambda]: {
          handler: async (event) => {
            const { config, request } = (event.Records[0] as { cf: unknown }).cf as {
              config: { distributionId: string };
              request: { origin?: { s3?: { authMethod: string } } };
            };
            seen.push([config.distributionId, request.origin?.s3?.authMethod]);
            return request as never;
          },
        },
      },
      defaultCacheBehavior: {
        lambdaFunctionAssociations: [{ eventType: 'origin-request', lambdaFunctionARN: lambda }],
      },
    });
    expect((await cdn.fetch('/index.html')).status).toBe(200);
    expect(seen).toEqual([['E2PRODUCTION', 'origin-access-identity']]);
  });
});
