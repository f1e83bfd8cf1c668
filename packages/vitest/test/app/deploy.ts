// The app's deploy script, as users write it: the AWS SDK's CloudFront client, nothing test-specific.
// It reads the distribution's configuration, changes the root object, updates with the ETag it read,
// and waits until every edge location has the change (the SDK's own waiter).
import {
  CloudFrontClient,
  GetDistributionConfigCommand,
  UpdateDistributionCommand,
  waitUntilDistributionDeployed,
} from '@aws-sdk/client-cloudfront';

export async function setRootObject(distributionId: string, rootObject: string): Promise<void> {
  const client = new CloudFrontClient({ region: 'us-east-1' });
  const { DistributionConfig, ETag } = await client.send(
    new GetDistributionConfigCommand({ Id: distributionId }),
  );
  if (!DistributionConfig) throw new Error(`distribution ${distributionId} has no configuration`);
  DistributionConfig.DefaultRootObject = rootObject;
  await client.send(new UpdateDistributionCommand({ Id: distributionId, IfMatch: ETag, DistributionConfig }));
  await waitUntilDistributionDeployed({ client, maxWaitTime: 1800 }, { Id: distributionId });
}
