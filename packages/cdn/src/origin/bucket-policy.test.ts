import { describe, expect, it } from 'vitest';
import { parseBucketPolicy } from './bucket-policy.js';
import type { OriginPrincipal } from './types.js';

const oac = (sourceArn: string): OriginPrincipal => ({
  type: 'origin-access-control',
  id: 'E2OAC',
  sourceArn,
  sourceAccount: '123456789012',
});
const PROD = 'arn:aws:cloudfront::123456789012:distribution/EPROD';
const OBJECT = 'arn:aws:s3:::site/index.html';

describe('bucket policy evaluation (IAM policy evaluation logic; §18)', () => {
  it('matches action wildcards case-insensitively and resource wildcards case-sensitively', () => {
    const policy = parseBucketPolicy(
      { Statement: { Effect: 'Allow', Principal: '*', Action: 'S3:Get*', Resource: 'arn:aws:s3:::site/i*' } },
      'site',
      'p',
    );
    expect(policy.allows(undefined, 's3:GetObject', OBJECT)).toBe(true);
    expect(policy.allows(undefined, 's3:GetObject', 'arn:aws:s3:::site/Index.html')).toBe(false);
    expect(policy.allows(undefined, 's3:ListBucket', 'arn:aws:s3:::site')).toBe(false);
  });

  it('a service principal needs a request from CloudFront; conditions test its SourceArn and SourceAccount', () => {
    const statement = (Condition: object) => ({
      Statement: {
        Effect: 'Allow' as const,
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Action: 's3:GetObject',
        Resource: 'arn:aws:s3:::site/*',
        Condition,
      },
    });
    const like = parseBucketPolicy(
      statement({ ArnLike: { 'aws:SourceArn': 'arn:aws:cloudfront::123456789012:distribution/*' } }),
      'site',
      'p',
    );
    expect(like.allows(oac(PROD), 's3:GetObject', OBJECT)).toBe(true);
    expect(like.allows(undefined, 's3:GetObject', OBJECT)).toBe(false);
    const account = parseBucketPolicy(
      statement({ StringEquals: { 'AWS:SourceAccount': '999999999999' } }),
      'site',
      'p',
    );
    expect(account.allows(oac(PROD), 's3:GetObject', OBJECT)).toBe(false);
    // A negated operator holds when the key is absent (an OAI carries no SourceArn).
    const notEquals = parseBucketPolicy(
      {
        Statement: {
          Effect: 'Allow',
          Principal: '*',
          Action: 's3:GetObject',
          Resource: 'arn:aws:s3:::site/*',
          Condition: { StringNotEquals: { 'AWS:SourceArn': PROD } },
        },
      },
      'site',
      'p',
    );
    expect(notEquals.allows(undefined, 's3:GetObject', OBJECT)).toBe(true);
    expect(notEquals.allows(oac(PROD), 's3:GetObject', OBJECT)).toBe(false);
  });

  it('keeps the JSON it was given, as GetBucketPolicy answers', () => {
    const json =
      '{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::site/*"}]}';
    const policy = parseBucketPolicy(json, 'site', 'p');
    expect(policy.json).toBe(json);
    expect(policy.allows(oac(PROD), 's3:GetObject', OBJECT)).toBe(false);
  });
});
