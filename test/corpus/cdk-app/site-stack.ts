// A small CDK app: the static site of the edgecase CDK recipe (docs/recipes/cdk.md).
// Synthesize it with `node site-stack.ts` (Node 24 runs TypeScript) or `npx cdk synth`; the template
// lands in cdk.out/SiteStack.template.json.
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';

const app = new App({ outdir: 'cdk.out' });
const stack = new Stack(app, 'SiteStack', { env: { region: 'eu-west-1' } });

const bucket = new s3.Bucket(stack, 'SiteBucket', {
  bucketName: 'acme-site-assets',
  removalPolicy: RemovalPolicy.DESTROY,
});

// Fingerprinted assets: cached a year at the edge, whatever the origin says.
const assets = new cloudfront.CachePolicy(stack, 'AssetsCachePolicy', {
  cachePolicyName: 'acme-assets',
  minTtl: Duration.days(365),
  defaultTtl: Duration.days(365),
  maxTtl: Duration.days(365),
  enableAcceptEncodingGzip: true,
  enableAcceptEncodingBrotli: true,
});

const site = origins.S3BucketOrigin.withOriginAccessControl(bucket);

new cloudfront.Distribution(stack, 'SiteDistribution', {
  defaultRootObject: 'index.html',
  defaultBehavior: {
    origin: site,
    viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
    cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
  },
  additionalBehaviors: {
    '/assets/*': {
      origin: site,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      cachePolicy: assets,
    },
    '/api/*': {
      origin: new origins.HttpOrigin('api.acme.example'),
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
      cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
    },
  },
  // A single-page app: a missing page is the app's index.html, and that answer is cached 10 s.
  errorResponses: [
    { httpStatus: 404, responseHttpStatus: 200, responsePagePath: '/index.html', ttl: Duration.seconds(10) },
  ],
});

app.synth();
