import { describeValue, EdgecaseError } from '@edgecase/cdn';

/** Validation of the public options of this package: "expected X, got Y", with EdgecaseError. */

// The one renderer of received values, shared with @edgecase/cdn and @edgecase/vitest.
export { describeValue };

export function invalidOption(what: string, expected: string, got: unknown, hint?: string): never {
  throw new EdgecaseError('InvalidOption', `${what}: expected ${expected}, got ${describeValue(got)}.`, {
    value: got,
    ...(hint ? { hint } : {}),
  });
}

/** An S3Client (or anything with the SDK's `send`). */
export function checkClient<T>(client: T, what: string): T {
  if (typeof (client as { send?: unknown } | undefined)?.send !== 'function') {
    invalidOption(what, 'an S3Client from @aws-sdk/client-s3', client);
  }
  return client;
}

/** S3 bucket naming rules (S3UG bucketnamingrules): 3-63 lower-case letters, digits, dots, hyphens. */
export function checkBucketName(bucket: unknown, what: string): string {
  if (typeof bucket !== 'string' || !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    invalidOption(what, 'an S3 bucket name: 3-63 lower-case letters, digits, dots and hyphens', bucket);
  }
  return bucket;
}

export function checkRegion(region: unknown, what: string): string {
  if (typeof region !== 'string' || !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) {
    invalidOption(what, "an AWS Region such as 'us-east-1'", region);
  }
  return region;
}
