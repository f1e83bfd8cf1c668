import { EdgecaseError } from '@edgecase/cdn';

// Where an AWS SDK client goes when nothing answers it in the test: the EC2 instance metadata
// service and the ECS credentials endpoint (looking for credentials), then the service's endpoint.
const AWS_HOSTS = /^(169\.254\.169\.254|169\.254\.170\.2|\[fd00:ec2::254\]|.*\.amazonaws\.com)$/i;

/** Whether `request` (`GET http://169.254.169.254/...`) is an AWS SDK client looking for real AWS. */
export function isAwsRequest(request: string): boolean {
  const url = request.split(' ')[1];
  if (url === undefined) return false;
  try {
    return AWS_HOSTS.test(new URL(url).hostname);
  } catch {
    return false;
  }
}

/**
 * The error for requests an app's AWS SDK client sent to real AWS, or undefined if none did. The app
 * itself sees the SDK's `CredentialsProviderError` (or an endpoint error); this says why.
 */
export function unmockedAwsClient(refused: readonly string[]): EdgecaseError | undefined {
  const aws = refused.filter(isAwsRequest);
  if (aws.length === 0) return undefined;
  return new EdgecaseError(
    'InvalidOption',
    `An AWS SDK client of the app reached for real AWS (${aws.join(', ')}): no S3Client or CloudFrontClient is answered by edgecase in this test, so the SDK looked for credentials and failed (CredentialsProviderError).`,
    {
      value: aws,
      hint: "Answer the app's clients in every test with edgecase({ mockClients: ['s3', 'cloudfront'] }) (or test.override('mockClients', [...])), or request the `s3` / `cloudfront` fixture in this test.",
    },
  );
}
