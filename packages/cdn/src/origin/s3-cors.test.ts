import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock/clock.js';
import { memoryOrigin } from './memory-origin.js';
import type { HeaderMap } from './types.js';

const clock = new ManualClock();
async function bucketWithFont() {
  const origin = memoryOrigin({ clock });
  await origin.put('font.woff2', 'font', { contentType: 'font/woff2' });
  return origin;
}
const get = (origin: Awaited<ReturnType<typeof bucketWithFont>>, headers: HeaderMap = {}, method = 'GET') =>
  origin.fetch({ method, path: '/font.woff2', query: '', headers }, { clock });

describe('memoryOrigin answers CORS as S3 does (§19)', () => {
  it('adds no CORS headers without a configuration, nor to a request without Origin', async () => {
    const origin = await bucketWithFont();
    expect(
      (await get(origin, { origin: 'https://app.example' })).headers['access-control-allow-origin'],
    ).toBeUndefined();
    await origin.putBucketCors({ CORSRules: [{ AllowedMethods: ['GET'], AllowedOrigins: ['*'] }] });
    const plain = await get(origin);
    expect(plain.status).toBe(200);
    expect(plain.headers['access-control-allow-origin']).toBeUndefined();
    expect(plain.headers.vary).toBeUndefined();
  });

  it('a matching rule: * for AllowedOrigin *, the Origin echoed with credentials otherwise, and Vary', async () => {
    const origin = await bucketWithFont();
    await origin.putBucketCors({
      CORSRules: [
        {
          AllowedMethods: ['GET', 'HEAD'],
          AllowedOrigins: ['https://*.example.org'],
          ExposeHeaders: ['ETag'],
          MaxAgeSeconds: 3000,
        },
        { AllowedMethods: ['GET'], AllowedOrigins: ['*'] },
      ],
    });
    const listed = await get(origin, { origin: 'https://app.example.org' });
    expect(listed.headers).toMatchObject({
      'access-control-allow-origin': 'https://app.example.org',
      'access-control-allow-credentials': 'true',
      'access-control-allow-methods': 'GET, HEAD',
      'access-control-expose-headers': 'ETag',
      'access-control-max-age': '3000',
      vary: 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method',
    });
    const any = await get(origin, { origin: 'https://elsewhere.example' });
    expect(any.headers['access-control-allow-origin']).toBe('*');
    expect(any.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it('no matching rule: the object is served without CORS headers', async () => {
    const origin = await bucketWithFont();
    await origin.putBucketCors({
      CORSRules: [{ AllowedMethods: ['GET'], AllowedOrigins: ['https://app.example'] }],
    });
    const other = await get(origin, { origin: 'https://other.example' });
    expect(other.status).toBe(200);
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('preflight OPTIONS: 200 with the allowed method and headers, 403 when refused or not enabled, 400 without Origin', async () => {
    const origin = await bucketWithFont();
    const preflight = (headers: HeaderMap) => get(origin, headers, 'OPTIONS');
    const notEnabled = await preflight({
      origin: 'https://app.example',
      'access-control-request-method': 'GET',
    });
    expect(notEnabled.status).toBe(403);
    expect(new TextDecoder().decode(notEnabled.body)).toContain('CORS is not enabled for this bucket');
    await origin.putBucketCors({
      CORSRules: [
        { AllowedMethods: ['GET'], AllowedOrigins: ['https://app.example'], AllowedHeaders: ['x-*'] },
      ],
    });
    const ok = await preflight({
      origin: 'https://app.example',
      'access-control-request-method': 'GET',
      'access-control-request-headers': 'X-Requested-With',
    });
    expect(ok.status).toBe(200);
    expect(ok.headers).toMatchObject({
      'access-control-allow-origin': 'https://app.example',
      'access-control-allow-headers': 'x-requested-with',
    });
    const refused = await preflight({
      origin: 'https://app.example',
      'access-control-request-method': 'PUT',
    });
    expect(refused.status).toBe(403);
    expect(new TextDecoder().decode(refused.body)).toContain('This CORS request is not allowed');
    expect((await preflight({ 'access-control-request-method': 'GET' })).status).toBe(400);
  });

  it('getBucketCors, deleteBucketCors, and bad configurations as typed errors', async () => {
    const origin = await bucketWithFont();
    await expect(origin.getBucketCors()).rejects.toMatchObject({ code: 'NoSuchCORSConfiguration' });
    await origin.putBucketCors({ CORSRules: [{ AllowedMethods: ['GET'], AllowedOrigins: ['*'] }] });
    expect(await origin.getBucketCors()).toEqual({
      CORSRules: [{ AllowedMethods: ['GET'], AllowedOrigins: ['*'] }],
    });
    await origin.deleteBucketCors();
    await expect(origin.getBucketCors()).rejects.toMatchObject({ code: 'NoSuchCORSConfiguration' });
    for (const bad of [
      {},
      { CORSRules: [] },
      { CORSRules: [{ AllowedMethods: ['OPTIONS'], AllowedOrigins: ['*'] }] },
      { CORSRules: [{ AllowedMethods: ['GET'], AllowedOrigins: ['https://*.*.example'] }] },
      { CORSRules: [{ AllowedMethod: ['GET'], AllowedOrigins: ['*'] }] },
    ]) {
      await expect(origin.putBucketCors(bad as never), JSON.stringify(bad)).rejects.toMatchObject({
        code: 'InvalidOption',
      });
    }
  });
});
