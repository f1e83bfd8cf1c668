import { CloudFrontClient, CreateInvalidationCommand } from '@aws-sdk/client-cloudfront';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createCdn, ManualClock, memoryOrigin } from '@edgecase/cdn';
import { mockCloudFrontClient, mockS3Client } from '@edgecase/s3';
import { expect, test } from 'vitest';

/** The app's deploy code, as docs/origins.md assumes it: upload, then invalidate. */
async function deploy(s3: S3Client, cloudfront: CloudFrontClient) {
  await s3.send(
    new PutObjectCommand({
      Bucket: 'site',
      Key: 'index.html',
      Body: '<h1>v2</h1>',
      ContentType: 'text/html',
    }),
  );
  await cloudfront.send(
    new CreateInvalidationCommand({
      DistributionId: 'E2EXAMPLE',
      InvalidationBatch: { Paths: { Quantity: 1, Items: ['/index.html'] }, CallerReference: 'deploy-2' },
    }),
  );
}

test("docs/origins.md: your app's AWS SDK code, without a network", async () => {
  // #region sdk
  const clock = new ManualClock();
  const bucket = memoryOrigin({ bucket: 'site', clock });
  await bucket.put('index.html', '<h1>v1</h1>', { contentType: 'text/html' });
  const cdn = createCdn({ clock, origin: bucket });
  expect(await (await cdn.fetch('/index.html')).text()).toBe('<h1>v1</h1>');

  const s3 = mockS3Client(bucket); // every S3Client the app creates now talks to `bucket`
  const cloudfront = mockCloudFrontClient(cdn); // and every CloudFrontClient to `cdn`

  await deploy(new S3Client({ region: 'us-east-1' }), new CloudFrontClient({ region: 'us-east-1' }));
  await clock.advance('2m');
  expect(await (await cdn.fetch('/index.html')).text()).toBe('<h1>v2</h1>');

  s3.restore();
  cloudfront.restore();
  // #endregion
});
