import { CloudFrontClient, GetDistributionCommand } from '@aws-sdk/client-cloudfront';
import { createCdn, ManualClock, memoryOrigin } from '@edgecase/cdn';
import { afterEach, describe, expect, it } from 'vitest';
import { type CloudFrontClientMock, mockCloudFrontClient } from './mock-cloudfront-client.js';

let mock: CloudFrontClientMock | undefined;
afterEach(() => mock?.restore());

describe('mockCloudFrontClient: the distribution ARN (§18)', () => {
  it("GetDistribution answers the ARN the distribution's OAC signs with (createCdn's arn)", async () => {
    const arn = 'arn:aws:cloudfront::111122223333:distribution/E2PRODUCTION';
    const cdn = createCdn({ clock: new ManualClock(), arn, origin: memoryOrigin() });
    mock = mockCloudFrontClient(cdn, { distributionId: 'E2PRODUCTION' });
    const cloudfront = new CloudFrontClient({ region: 'us-east-1' });
    const { Distribution } = await cloudfront.send(new GetDistributionCommand({ Id: 'E2PRODUCTION' }));
    expect(Distribution?.ARN).toBe(arn);
  });
});
