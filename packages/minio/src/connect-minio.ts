import { randomBytes } from 'node:crypto';
import { CreateBucketCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { checkOptionKeys, EdgecaseError } from '@edgecase/cdn';
import { MINIO_REGION } from './defaults.js';

/** What a started MinIO is reached with: plain data, so a Vitest global setup can `provide` it. */
export interface MinioInfo {
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/** Credentials for an S3Client; `sessionToken` is set for temporary (STS) credentials. */
export interface MinioCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface RestrictedCredentialsOptions {
  bucket: string;
  /** IAM actions allowed on the bucket and its objects, e.g. `['s3:GetObject']`. */
  actions: readonly string[];
  /** Lifetime in seconds; default 3600. */
  durationSeconds?: number;
}

/** A MinIO server to use: its endpoint and root credentials, a bucket per test, SDK clients. */
export interface MinioConnection extends MinioInfo {
  readonly region: string;
  /** Creates a fresh, empty bucket (default name `edgecase-<random>`) and returns its name. */
  createBucket(name?: string): Promise<string>;
  /** An S3Client for this server (path-style, MinIO's Region), with root or the given credentials. */
  s3Client(
    credentials?: MinioCredentials,
    config?: Omit<S3ClientConfig, 'endpoint' | 'credentials'>,
  ): S3Client;
  /**
   * Temporary credentials limited to `actions` on one bucket, from MinIO's STS AssumeRole with an
   * inline session policy. E.g. a reader with s3:GetObject but without s3:ListBucket, as CloudFront's
   * origin access usually has.
   */
  restrictedCredentials(options: RestrictedCredentialsOptions): Promise<MinioCredentials>;
  /** The plain data to hand to another process (e.g. Vitest's `provide`). */
  info(): MinioInfo;
}

const INFO_KEYS = ['endpoint', 'accessKeyId', 'secretAccessKey', 'available', 'launcher'];

/** A connection to a MinIO that is already running (e.g. the one a Vitest global setup started). */
export function connectMinio(info: MinioInfo): MinioConnection {
  // Also what the global setup provides (`inject('edgecaseMinio')`), which carries `available` and `launcher`.
  checkOptionKeys(info, INFO_KEYS, 'connectMinio info');
  for (const key of ['endpoint', 'accessKeyId', 'secretAccessKey'] as const) {
    if (typeof info[key] !== 'string' || info[key] === '') {
      throw new EdgecaseError(
        'InvalidOption',
        `connectMinio ${key}: expected a non-empty string, got ${JSON.stringify(info[key]) ?? String(info[key])}.`,
        {
          value: info[key],
          hint: 'Pass what startMinio() returned, or its info() (the global setup provides it).',
        },
      );
    }
  }
  const { endpoint, accessKeyId, secretAccessKey } = info;
  const root = { accessKeyId, secretAccessKey };
  let admin: S3Client | undefined;
  const s3Client: MinioConnection['s3Client'] = (credentials = root, config = {}) =>
    new S3Client({ region: MINIO_REGION, forcePathStyle: true, ...config, endpoint, credentials });

  return {
    endpoint,
    accessKeyId,
    secretAccessKey,
    region: MINIO_REGION,
    s3Client,
    info: () => ({ endpoint, accessKeyId, secretAccessKey }),
    async createBucket(name = `edgecase-${randomBytes(6).toString('hex')}`) {
      admin ??= s3Client();
      await admin.send(new CreateBucketCommand({ Bucket: name }));
      return name;
    },
    async restrictedCredentials(request) {
      checkOptionKeys(request, ['bucket', 'actions', 'durationSeconds'], 'restrictedCredentials options');
      const { bucket, actions, durationSeconds = 3600 } = request;
      const policy = {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: [...actions],
            Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
          },
        ],
      };
      const sts = new STSClient({ region: MINIO_REGION, endpoint, credentials: root });
      try {
        const { Credentials } = await sts.send(
          new AssumeRoleCommand({
            // MinIO ignores the role for root credentials; the SDK requires one.
            RoleArn: 'arn:aws:iam::000000000000:role/edgecase',
            RoleSessionName: 'edgecase',
            Policy: JSON.stringify(policy),
            DurationSeconds: durationSeconds,
          }),
        );
        if (!Credentials?.AccessKeyId || !Credentials.SecretAccessKey) {
          throw new Error('AssumeRole answered without credentials');
        }
        return {
          accessKeyId: Credentials.AccessKeyId,
          secretAccessKey: Credentials.SecretAccessKey,
          ...(Credentials.SessionToken ? { sessionToken: Credentials.SessionToken } : {}),
        };
      } finally {
        sts.destroy();
      }
    },
  };
}
