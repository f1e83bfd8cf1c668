import { DeleteObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { createCdn, ManualClock } from '@edgecase/cdn';
import type { MinioConnection } from '@edgecase/minio';
import { injectMinio } from '@edgecase/minio/vitest';
import { s3Origin } from '@edgecase/s3';
import { afterAll, describe, expect, it } from 'vitest';
import { describeCdnScenarios, type ScenarioOrigin } from './cdn-scenarios.js';

const minio = injectMinio();
const clients: S3Client[] = [];

/**
 * A fresh MinIO bucket as the scenarios' origin: written with root credentials (PutObject,
 * DeleteObject), read by `s3Origin` with a reader limited to s3:GetObject and s3:ListBucket.
 *
 * MinIO evaluates If-Modified-Since even when If-None-Match is present (docs/origins.md), so an
 * overwrite in the same wall-clock second as the copy a CDN cached revalidates as 304 there,
 * where S3 answers 200. With `sameSecondOverwrites: 'wait'`, an overwrite waits for the next second
 * so the scenarios see S3's behaviour; the last test below pins MinIO's own.
 */
async function minioBucket(
  connection: MinioConnection,
  options: { sameSecondOverwrites: 'wait' | 'allow' },
): Promise<ScenarioOrigin & { bucket: string }> {
  const bucket = await connection.createBucket();
  const writer = connection.s3Client();
  const reader = connection.s3Client(
    await connection.restrictedCredentials({ bucket, actions: ['s3:GetObject', 's3:ListBucket'] }),
    { maxAttempts: 1 },
  );
  clients.push(writer, reader);
  const lastWriteMs = new Map<string, number>();
  const origin = s3Origin({ client: reader, bucket });
  const inFlight = new Set<Promise<unknown>>();
  const fetch = origin.fetch;
  return Object.assign(origin, {
    fetch(...args: Parameters<typeof fetch>) {
      const answer = fetch(...args);
      const tracked: Promise<void> = answer.then(
        () => {
          inFlight.delete(tracked);
        },
        () => {
          inFlight.delete(tracked);
        },
      );
      inFlight.add(tracked);
      return answer;
    },
    async settle() {
      // Until no fetch is in flight after the CDN has handled the last answers (a macrotask later).
      do {
        await Promise.allSettled([...inFlight]);
        await new Promise((resolve) => setImmediate(resolve));
      } while (inFlight.size > 0);
    },
    async put(key: string, body: string, metadata: { contentType?: string; cacheControl?: string } = {}) {
      const previous = lastWriteMs.get(key);
      if (options.sameSecondOverwrites === 'wait' && previous !== undefined) {
        const nextSecondMs = Math.floor(previous / 1000) * 1000 + 1000;
        const waitMs = nextSecondMs - Date.now();
        if (waitMs > -50) await new Promise((resolve) => setTimeout(resolve, waitMs + 50));
      }
      const output = await writer.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: body,
          ...(metadata.contentType ? { ContentType: metadata.contentType } : {}),
          ...(metadata.cacheControl ? { CacheControl: metadata.cacheControl } : {}),
        }),
      );
      lastWriteMs.set(key, Date.now());
      return { etag: output.ETag as string };
    },
    async delete(key: string) {
      await writer.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },
  });
}

describe.skipIf(!minio)('MinIO', () => {
  afterAll(() => {
    for (const client of clients.splice(0)) client.destroy();
  });
  if (!minio) return;

  describeCdnScenarios('s3Origin over MinIO', () => minioBucket(minio, { sameSecondOverwrites: 'wait' }), {
    timedUploads: false,
    answersOnClock: false,
  });

  it('known difference: an overwrite in the cached copy’s second revalidates as 304 on MinIO', async () => {
    const clock = new ManualClock();
    const origin = await minioBucket(minio, { sameSecondOverwrites: 'allow' });
    const cdn = createCdn({ clock, origin });
    // Both writes must fall in one wall-clock second: start at the beginning of one.
    await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 10));
    await origin.put('a.css', 'v1', { cacheControl: 'max-age=60' });
    await cdn.fetch('/a.css', { pop: 'SFO5', server: 1 });
    await origin.put('a.css', 'v2', { cacheControl: 'max-age=60' });
    await clock.advance('61s');
    const response = await cdn.fetch('/a.css', { pop: 'SFO5', server: 1 });
    // The CDN sent If-None-Match (v1's ETag, no longer current) and If-Modified-Since (v1's
    // Last-Modified, the same second as v2's). S3 lets the ETag decide (RFC 9110 §13.1.3) and
    // answers 200 with v2; MinIO also checks the date and answers 304, so v1 stays cached.
    expect(cdn.trace.originFetches().at(-1)).toMatchObject({ conditional: true, result: 304 });
    expect(await response.text()).toBe('v1');
  });
});
