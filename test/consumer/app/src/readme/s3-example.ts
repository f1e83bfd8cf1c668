// The example packages/s3/README.md shows (its `readme` region), run by test/readme.spec.ts.
// #region readme
import { CloudFrontClient, CreateInvalidationCommand } from '@aws-sdk/client-cloudfront';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createCdn, ManualClock, memoryOrigin } from '@edgecase/cdn';
import { mockCloudFrontClient, mockS3Client } from '@edgecase/s3';

const clock = new ManualClock();
const bucket = memoryOrigin({ bucket: 'site', clock });
const cdn = createCdn({ clock, origin: bucket });
const s3Mock = mockS3Client(bucket); // every S3Client now talks to `bucket`, with S3's semantics
const cloudFrontMock = mockCloudFrontClient(cdn); // and every CloudFrontClient to `cdn`

// The app's deploy code, unchanged: upload, then invalidate.
const s3 = new S3Client({ region: 'us-east-1' });
await s3.send(new PutObjectCommand({ Bucket: 'site', Key: 'index.html', Body: '<h1>v1</h1>' }));
const before = await (await cdn.fetch('/index.html')).text(); // '<h1>v1</h1>', now cached for a day
await s3.send(new PutObjectCommand({ Bucket: 'site', Key: 'index.html', Body: '<h1>v2</h1>' }));
await new CloudFrontClient({ region: 'us-east-1' }).send(
  new CreateInvalidationCommand({
    DistributionId: 'E2EXAMPLE', // any id: the mock answers for `cdn`
    InvalidationBatch: { CallerReference: 'deploy-2', Paths: { Quantity: 1, Items: ['/index.html'] } },
  }),
);
await clock.advance('2m'); // the invalidation reaches every edge server
const after = await (await cdn.fetch('/index.html')).text(); // '<h1>v2</h1>'

s3Mock.restore();
cloudFrontMock.restore();

// #endregion

export { after, before };
