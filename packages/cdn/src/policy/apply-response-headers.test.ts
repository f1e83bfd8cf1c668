import { describe, expect, it } from 'vitest';
import { createCdn } from '../cdn/cdn.js';
import type { ResponseHeadersPolicyInput } from './response-headers-policy.js';

function cdnWith(
  responseHeadersPolicy: ResponseHeadersPolicyInput,
  originHeaders: Record<string, string> = {},
) {
  let served = 0;
  const cdn = createCdn({
    origin: {
      kind: 'custom',
      name: 'test',
      fetch: async () => {
        served += 1;
        return {
          status: 200,
          headers: { 'cache-control': 'max-age=60', server: 'origin', ...originHeaders },
          body: new TextEncoder().encode('ok'),
        };
      },
    },
    defaultCacheBehavior: { responseHeadersPolicy, allowedMethods: ['GET', 'HEAD', 'OPTIONS'] },
    topology: { pops: [{ id: 'SFO5', region: 'us-west-1', servers: 1 }] },
  });
  return { cdn, served: () => served };
}

describe('response headers policies (§16)', () => {
  it('SimpleCORS adds Access-Control-Allow-Origin: * to CORS requests only, hits included', async () => {
    const { cdn, served } = cdnWith('SimpleCORS');
    const plain = await cdn.fetch('/font.woff2');
    expect(plain.headers.get('access-control-allow-origin')).toBeNull();
    const cors = await cdn.fetch('/font.woff2', { headers: { origin: 'https://app.example' } });
    expect(cors.headers.get('x-cache')).toBe('Hit from cloudfront');
    expect(cors.headers.get('access-control-allow-origin')).toBe('*');
    expect(served()).toBe(1);
  });

  it('is not stored in the cache: a hit gets the headers of its own request', async () => {
    const { cdn } = cdnWith('SimpleCORS');
    await cdn.fetch('/a', { headers: { origin: 'https://app.example' } });
    const hit = await cdn.fetch('/a');
    expect(hit.headers.get('x-cache')).toBe('Hit from cloudfront');
    expect(hit.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('a listed origin is echoed, an unlisted one gets nothing; preflights get methods, headers, max-age', async () => {
    const { cdn } = cdnWith({
      corsConfig: {
        accessControlAllowOrigins: ['https://app.example', '*.example.org'],
        accessControlAllowHeaders: ['X-Requested-With'],
        accessControlAllowMethods: ['GET', 'HEAD'],
        accessControlAllowCredentials: true,
        accessControlMaxAgeSec: 600,
        originOverride: true,
      },
    });
    const listed = await cdn.fetch('/a', { headers: { origin: 'https://app.example' } });
    expect(listed.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect(listed.headers.get('access-control-allow-credentials')).toBe('true');
    const wildcard = await cdn.fetch('/a', { headers: { origin: 'https://cdn.example.org' } });
    expect(wildcard.headers.get('access-control-allow-origin')).toBe('https://cdn.example.org');
    const other = await cdn.fetch('/a', { headers: { origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await cdn.fetch('/a', {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example', 'access-control-request-method': 'GET' },
    });
    expect(Object.fromEntries(preflight.headers)).toMatchObject({
      'access-control-allow-methods': 'GET, HEAD',
      'access-control-allow-headers': 'x-requested-with',
      'access-control-max-age': '600',
    });
  });

  it('override false keeps the origin header, true replaces it; removed headers go first', async () => {
    const { cdn } = cdnWith(
      {
        securityHeadersConfig: {
          frameOptions: { frameOption: 'DENY', override: false },
          contentTypeOptions: { override: true },
          strictTransportSecurity: {
            accessControlMaxAgeSec: 63072000,
            includeSubdomains: true,
            preload: true,
            override: true,
          },
        },
        customHeadersConfig: { items: [{ header: 'X-Team', value: 'web', override: false }] },
        removeHeadersConfig: { items: [{ header: 'X-Team' }, { header: 'Server' }] },
      },
      { 'x-frame-options': 'SAMEORIGIN', 'x-content-type-options': 'sniff', 'x-team': 'origin' },
    );
    const response = await cdn.fetch('/a');
    expect(Object.fromEntries(response.headers)).toMatchObject({
      'x-frame-options': 'SAMEORIGIN',
      'x-content-type-options': 'nosniff',
      'strict-transport-security': 'max-age=63072000; includeSubDomains; preload',
      'x-team': 'web',
    });
    expect(response.headers.get('server')).toBeNull();
  });

  it('SecurityHeadersPolicy by id adds the security headers', async () => {
    const { cdn } = cdnWith('67f7725c-6f97-4210-82d7-5512b31e9d03');
    const response = await cdn.fetch('/a');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('strict-transport-security')).toBe('max-age=31536000');
  });

  it('Server-Timing: cache miss (the regional cache asked the origin) with the origin metrics, then a hit naming its layer', async () => {
    const { cdn } = cdnWith(
      { serverTimingHeadersConfig: { enabled: true, samplingRate: 100 } },
      { 'server-timing': 'app;dur=12' },
    );
    const miss = await cdn.fetch('/a');
    const timing = miss.headers.get('server-timing') ?? '';
    expect(timing).toMatch(
      /^cdn-upstream-layer;desc="REC",.*cdn-cache-miss,cdn-pop;desc="SFO5-[^"]+",cdn-rid;desc="[^"]+==".*,app;dur=12$/,
    );
    const hit = await cdn.fetch('/a');
    expect(hit.headers.get('server-timing')).toMatch(
      /^cdn-cache-hit,cdn-pop;desc="[^"]+",cdn-rid;desc="[^"]+",cdn-hit-layer;desc="EDGE"$/,
    );
  });

  it('Server-Timing at rate 0 only for Pragma: server-timing', async () => {
    const { cdn } = cdnWith({ serverTimingHeadersConfig: { enabled: true, samplingRate: 0 } });
    expect((await cdn.fetch('/a')).headers.get('server-timing')).toBeNull();
    expect(
      (await cdn.fetch('/a', { headers: { pragma: 'server-timing' } })).headers.get('server-timing'),
    ).toMatch(/^cdn-cache-hit/);
  });

  it('bad inputs are typed errors', () => {
    const bad: ResponseHeadersPolicyInput[] = [
      'SimpleCors2',
      { removeHeadersConfig: { items: [{ header: 'Content-Length' }] } },
      {
        corsConfig: {
          accessControlAllowOrigins: ['https://example.*'],
          accessControlAllowHeaders: ['*'],
          accessControlAllowMethods: ['GET'],
          accessControlAllowCredentials: false,
          originOverride: false,
        },
      },
      { serverTimingHeadersConfig: { enabled: true, samplingRate: 101 } },
      {
        securityHeadersConfig: {
          xssProtection: { protection: true, modeBlock: true, reportUri: 'https://r', override: false },
        },
      },
    ];
    for (const input of bad) {
      expect(() => cdnWith(input), JSON.stringify(input)).toThrowError(
        expect.objectContaining({ code: expect.stringMatching(/ResponseHeadersPolicy$/) }),
      );
    }
  });
});
