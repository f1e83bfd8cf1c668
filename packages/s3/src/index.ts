// The real origin: a bucket read through @aws-sdk/client-s3

export { type S3Origin, type S3OriginOptions, s3Origin } from './s3-origin.js';

// An app's AWS SDK clients wired to the simulator, without a network

export {
  type CloudFrontClientMock,
  type MockCloudFrontClientOptions,
  mockCloudFrontClient,
} from './mock-cloudfront-client.js';
export { type MockS3ClientOptions, mockS3Client, type S3ClientMock } from './mock-s3-client.js';
