import { S3Client } from '@aws-sdk/client-s3';
import { ManualClock, memoryOrigin } from '@edgecase/cdn';
import { mockS3Client } from '@edgecase/s3';
import { describe } from 'vitest';
import { describeOriginConformance } from './origin-conformance.js';
import { s3Driver } from './s3-driver.js';

// memoryOrigin behind the AWS SDK: written with PutObject / multipart upload, read by s3Origin,
// both through one S3Client routed by mockS3Client.
// A describe written in this file: `vitest list` parses test files statically (Vitest 5's default,
// --staticParse) and sees only the calls a file makes itself; without one it fails the whole listing
// with "No test suite found" (the tests inside are listed with --staticParse=false).
describe('through the AWS SDK', () => {
  describeOriginConformance('memoryOrigin via mockS3Client and s3Origin', ({ listBucket }) => {
    const clock = new ManualClock({ start: Date.UTC(2026, 0, 1, 12, 0, 0, 400) });
    const bucket = memoryOrigin({ bucket: 'conformance', clock, listBucket });
    const client = new S3Client({
      region: 'us-east-1',
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    });
    const mock = mockS3Client(bucket, { client });
    return s3Driver({
      writer: client,
      reader: client,
      bucket: 'conformance',
      wait: (ms) => clock.advance(ms),
      dispose: async () => mock.restore(),
    });
  });
});
