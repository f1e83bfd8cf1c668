import { PutBucketCorsCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, inject, it } from 'vitest';
import { findMinioBinary, isExecutable } from './defaults.js';
import { startMinio } from './start-minio.js';
import type { ProvidedMinio } from './vitest/provided.js';

// §12/§19: community MinIO has no per-bucket CORS (PutBucketCors answers 501 NotImplemented); its
// server-wide MINIO_API_CORS_ALLOW_ORIGIN (startMinio({ corsAllowOrigin })) decides instead, and
// MinIO echoes an allowed Origin with Access-Control-Allow-Credentials: true.
const required = process.env.EDGECASE_REQUIRE_MINIO === '1';
const provided = inject('edgecaseMinio') as ProvidedMinio | undefined;
const binary = findMinioBinary();
const binaryUsable = binary !== undefined && isExecutable(binary);

describe.skipIf(!provided?.available && !required)('MinIO CORS', () => {
  it.skipIf(!binaryUsable && !required)(
    'PutBucketCors is NotImplemented; corsAllowOrigin answers only the listed origins',
    async () => {
      await using minio = await startMinio({ launcher: 'binary', corsAllowOrigin: ['https://app.example'] });
      const bucket = await minio.createBucket();
      const client = minio.s3Client();
      try {
        await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'f.woff2', Body: 'font' }));
        const refused = await client
          .send(
            new PutBucketCorsCommand({
              Bucket: bucket,
              CORSConfiguration: { CORSRules: [{ AllowedMethods: ['GET'], AllowedOrigins: ['*'] }] },
            }),
          )
          .catch((error: Error & { $metadata?: { httpStatusCode?: number } }) => error);
        expect(refused).toMatchObject({ name: 'NotImplemented', $metadata: { httpStatusCode: 501 } });
        // Anonymous GETs are refused (403), and MinIO still answers CORS on them: the headers are what counts.
        const url = `${minio.endpoint}/${bucket}/f.woff2`;
        const allowed = await fetch(url, { headers: { origin: 'https://app.example' } });
        expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example');
        expect(allowed.headers.get('access-control-allow-credentials')).toBe('true');
        const other = await fetch(url, { headers: { origin: 'https://other.example' } });
        expect(other.headers.get('access-control-allow-origin')).toBeNull();
        const none = await fetch(url);
        expect(none.headers.get('access-control-allow-origin')).toBeNull();
      } finally {
        client.destroy();
      }
    },
  );
});
