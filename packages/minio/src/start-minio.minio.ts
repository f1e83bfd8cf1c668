import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, inject, it } from 'vitest';
import { dockerStatus, imageIsLocal } from './container-launcher.js';
import { DEFAULT_MINIO_IMAGE, findMinioBinary, isExecutable } from './defaults.js';
import { type StartedMinio, startMinio } from './start-minio.js';
import type { ProvidedMinio } from './vitest/provided.js';

// Both launchers, for real. Where the run has no MinIO (the global setup said why, in one line),
// these are skipped too; each launcher is also skipped where it cannot work here (no binary; no image,
// or testcontainers' Ryuk without a registry). Under EDGECASE_REQUIRE_MINIO=1 (CI) nothing is skipped.
const required = process.env.EDGECASE_REQUIRE_MINIO === '1';
const provided = inject('edgecaseMinio') as ProvidedMinio | undefined;
const binary = findMinioBinary();
const binaryUsable = binary !== undefined && isExecutable(binary);
const docker = await dockerStatus();
const image = process.env.EDGECASE_MINIO_IMAGE ?? DEFAULT_MINIO_IMAGE;
const containerUsable =
  docker.ok &&
  (await imageIsLocal(image)) &&
  (process.env.TESTCONTAINERS_RYUK_DISABLED === 'true' ||
    (provided?.available && provided.launcher === 'container'));

async function roundTrip(minio: StartedMinio) {
  const bucket = await minio.createBucket();
  const client = minio.s3Client();
  try {
    const put = await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'a.txt', Body: 'hello' }));
    expect(put.ETag).toBe('"5d41402abc4b2a76b9719d911017c592"');
    const get = await client.send(new GetObjectCommand({ Bucket: bucket, Key: 'a.txt' }));
    expect(await get.Body?.transformToString()).toBe('hello');
  } finally {
    client.destroy();
  }
}

async function refuses(endpoint: string): Promise<boolean> {
  return fetch(`${endpoint}/minio/health/live`, { signal: AbortSignal.timeout(2000) }).then(
    () => false,
    () => true,
  );
}

describe.skipIf(!provided?.available && !required)('startMinio', () => {
  it.skipIf(!binaryUsable && !required)(
    'binary: serves S3 on 127.0.0.1 and is gone after stop()',
    async () => {
      const minio = await startMinio({ launcher: 'binary' });
      try {
        expect(minio.launcher).toBe('binary');
        expect(minio.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        await roundTrip(minio);
      } finally {
        await minio.stop();
      }
      expect(await refuses(minio.endpoint)).toBe(true);
      await minio.stop(); // idempotent
    },
  );

  it.skipIf(!containerUsable && !required)(
    `container (${image}): serves S3 and is removed after stop()`,
    async () => {
      const minio = await startMinio({ launcher: 'container', image });
      try {
        expect(minio.launcher).toBe('container');
        await roundTrip(minio);
      } finally {
        await minio.stop();
      }
      expect(await refuses(minio.endpoint)).toBe(true);
    },
  );

  it.skipIf(!binaryUsable && !containerUsable && !required)(
    'auto: starts one of them, and `await using` stops it',
    async () => {
      let endpoint = '';
      {
        await using minio = await startMinio();
        endpoint = minio.endpoint;
        // A container when it can start; otherwise the binary, with the reason in `notes`.
        if (containerUsable) expect(minio.launcher).toBe('container');
        else expect(minio.launcher === 'container' || minio.notes.length > 0).toBe(true);
        await roundTrip(minio);
      }
      expect(await refuses(endpoint)).toBe(true);
    },
  );

  it.skipIf(!binaryUsable && !required)(
    'restricted credentials: a reader without s3:ListBucket cannot list',
    async () => {
      await using minio = await startMinio({ launcher: 'binary' });
      const bucket = await minio.createBucket();
      const reader = minio.s3Client(await minio.restrictedCredentials({ bucket, actions: ['s3:GetObject'] }));
      const writer = minio.s3Client();
      try {
        await writer.send(new PutObjectCommand({ Bucket: bucket, Key: 'a.txt', Body: 'x' }));
        const get = await reader.send(new GetObjectCommand({ Bucket: bucket, Key: 'a.txt' }));
        expect(await get.Body?.transformToString()).toBe('x');
        const denied = await reader
          .send(new PutObjectCommand({ Bucket: bucket, Key: 'b.txt', Body: 'y' }))
          .catch((error: Error) => error);
        expect(denied).toMatchObject({ name: 'AccessDenied' });
      } finally {
        reader.destroy();
        writer.destroy();
      }
    },
  );
});
