import { Readable } from 'node:stream';
import { S3Client } from '@aws-sdk/client-s3';
import { createCdn, ManualClock } from '@edgecase/cdn';
import { describe, expect, it } from 'vitest';
import { s3Origin } from './s3-origin.js';

/** An S3Client whose HTTP handler records each request's headers and answers 200 "ok". */
function recordingClient() {
  const seen: Record<string, string>[] = [];
  const client = new S3Client({
    region: 'us-east-1',
    endpoint: 'http://127.0.0.1:9',
    forcePathStyle: true,
    credentials: { accessKeyId: 'READER', secretAccessKey: 'secret' },
    requestHandler: {
      handle: async (request: { headers: Record<string, string> }) => {
        seen.push({ ...request.headers });
        return {
          response: {
            statusCode: 200,
            reason: 'OK',
            headers: { 'content-type': 'text/plain', 'content-length': '2', etag: '"e"' },
            body: Readable.from([Buffer.from('ok')]),
          },
        };
      },
    } as never,
  });
  return { client, seen };
}

describe("s3Origin({ access: 'private' }): who signs (§18)", () => {
  it('signs with the client only what CloudFront signs; the rest goes anonymous or with the viewer header', async () => {
    const { client, seen } = recordingClient();
    const origin = s3Origin({ client, bucket: 'site', access: 'private' });
    const clock = new ManualClock();
    const cachePolicy = {
      name: 'with-authorization',
      minTTL: 0,
      defaultTTL: 0,
      maxTTL: 0,
      parametersInCacheKeyAndForwardedToOrigin: {
        headersConfig: { headerBehavior: 'whitelist' as const, headers: ['Authorization'] },
      },
    };
    const anonymous = createCdn({ clock, origin, defaultCacheBehavior: { cachePolicy } });
    await anonymous.fetch('/a.txt');
    const signed = createCdn({
      clock,
      origin: { origin, originAccessControl: { signingBehavior: 'no-override' } },
      defaultCacheBehavior: { cachePolicy },
    });
    await signed.fetch('/a.txt');
    await signed.fetch('/a.txt', { headers: { authorization: 'viewer-credentials' } });
    expect(seen.map((headers) => headers.authorization?.split(' ')[0])).toEqual([
      undefined,
      'AWS4-HMAC-SHA256',
      'viewer-credentials',
    ]);
    expect(seen[1]?.authorization).toContain('Credential=READER/');
    expect(seen[0]?.['x-amz-date']).toBeUndefined();
  });

  it("'open' (the default) signs every request with the client", async () => {
    const { client, seen } = recordingClient();
    const cdn = createCdn({ clock: new ManualClock(), origin: s3Origin({ client, bucket: 'site' }) });
    await cdn.fetch('/a.txt');
    expect(seen[0]?.authorization).toContain('Credential=READER/');
  });
});
