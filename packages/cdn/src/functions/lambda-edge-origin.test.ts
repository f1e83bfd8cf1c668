/**
 * An origin-request Lambda@Edge function that changes `request.origin` (§20 lambda-event-structure;
 * lambda-examples, content-based dynamic origin selection).
 */
import { describe, expect, it } from 'vitest';
import { createCdn } from '../cdn/cdn.js';
import { ManualClock } from '../clock/clock.js';
import { EdgecaseError } from '../errors.js';
import type { LambdaEdgeEvent, LambdaEdgeHandler } from '../options/lambda-edge-types.js';
import { memoryOrigin } from '../origin/memory-origin.js';
import type { Origin, OriginRequest } from '../origin/types.js';

/** A custom origin that records what CloudFront sent it and answers 200 with its name and the path. */
function recordingOrigin(name: string) {
  const seen: OriginRequest[] = [];
  const origin: Origin = {
    kind: 'custom',
    name: `https://${name}`,
    fetch: async (request) => {
      seen.push(request);
      return {
        status: 200,
        headers: { 'content-type': 'text/plain', 'cache-control': 'max-age=60' },
        body: new TextEncoder().encode(`${name} ${request.path}`),
      };
    },
  };
  return { origin, seen };
}

const at = { pop: 'SFO5', server: 1 } as const;

function twoApps(handler: LambdaEdgeHandler) {
  const main = recordingOrigin('app.example.com');
  const eu = recordingOrigin('eu.example.com');
  const cdn = createCdn({
    clock: new ManualClock(),
    origins: {
      main: main.origin,
      eu: { origin: eu.origin, originPath: '/site', customHeaders: { 'x-origin-secret': 'eu' } },
    },
    lambdas: { route: { handler } },
    defaultCacheBehavior: {
      targetOriginId: 'main',
      lambdaFunctionAssociations: [{ eventType: 'origin-request', lambdaFunctionARN: 'route' }],
    },
  });
  return { cdn, main, eu };
}

/** AWS's example: send the request to another custom origin by changing request.origin.custom. */
const toEu: LambdaEdgeHandler = async (event) => {
  const request = event.Records[0].cf.request;
  const custom = (request.origin as { custom: Record<string, unknown> }).custom;
  custom.domainName = 'eu.example.com';
  custom.path = '/site';
  custom.customHeaders = { 'x-origin-secret': [{ key: 'X-Origin-Secret', value: 'eu' }] };
  request.headers.host = [{ key: 'Host', value: 'eu.example.com' }];
  return request;
};

describe('Lambda@Edge origin-request: request.origin (§20)', () => {
  it('a changed custom domainName sends the miss to that origin, its path and headers; the cache key stays', async () => {
    const { cdn, main, eu } = twoApps(toEu);
    const first = await cdn.fetch('/a.txt', at);
    expect(await first.text()).toBe('eu.example.com /site/a.txt');
    expect(main.seen).toHaveLength(0);
    expect(eu.seen[0]?.headers['x-origin-secret']).toBe('eu');
    // The trace names the origin the function chose, on the invocation and on the origin fetch.
    expect(cdn.trace.requests()[0]?.functions?.[0]).toMatchObject({ outcome: 'continued', origin: 'eu' });
    expect(cdn.trace.originFetches()[0]).toMatchObject({ origin: 'eu', path: '/site/a.txt' });
    // Same cache key: the next request hits and runs nothing.
    const second = await cdn.fetch('/a.txt', at);
    expect(second.headers.get('x-cache')).toBe('Hit from cloudfront');
    expect(cdn.trace.requests()[1]?.functions).toBeUndefined();
  });

  it('shows the origin custom headers in origin.customHeaders, not in request.headers', async () => {
    const events: LambdaEdgeEvent[] = [];
    const { cdn } = twoApps(async (event) => {
      events.push(structuredClone(event));
      return toEu(event, {} as never, () => undefined);
    });
    await cdn.fetch('/a.txt', at);
    await cdn.fetch('/b.txt', at);
    const request = events[0]?.Records[0].cf.request;
    expect(request?.origin).toEqual({
      custom: expect.objectContaining({ domainName: 'app.example.com', customHeaders: {} }),
    });
    expect(request?.headers['x-origin-secret']).toBeUndefined();
  });

  it('an S3 origin by its domain name (AWS example: content-based origin selection)', async () => {
    const clock = new ManualClock();
    const us = memoryOrigin({ clock });
    const eu = memoryOrigin({ clock });
    await us.put('eu/a.txt', 'us');
    await eu.put('eu/a.txt', 'eu');
    await us.put('a.txt', 'us');
    const cdn = createCdn({
      clock,
      origins: {
        us: { origin: us, domainName: 'us-bucket.s3.us-east-1.amazonaws.com' },
        eu: { origin: eu, domainName: 'eu-bucket.s3.eu-west-1.amazonaws.com', region: 'eu-west-1' },
      },
      lambdas: {
        route: {
          handler: async (event) => {
            const request = event.Records[0].cf.request;
            const s3 = (request.origin as { s3: Record<string, unknown> }).s3;
            if (request.uri.startsWith('/eu/')) {
              s3.domainName = 'eu-bucket.s3.eu-west-1.amazonaws.com';
              s3.region = 'eu-west-1';
              request.headers.host = [{ key: 'Host', value: 'eu-bucket.s3.eu-west-1.amazonaws.com' }];
            }
            return request;
          },
        },
      },
      defaultCacheBehavior: {
        targetOriginId: 'us',
        lambdaFunctionAssociations: [{ eventType: 'origin-request', lambdaFunctionARN: 'route' }],
      },
    });
    expect(await (await cdn.fetch('/eu/a.txt', at)).text()).toBe('eu');
    expect(await (await cdn.fetch('/a.txt', at)).text()).toBe('us');
    expect(cdn.trace.originFetches().map((f) => f.origin)).toEqual(['eu', 'us']);
  });

  it('a domain that is no origin of the distribution is UnmodelledFeature, naming the origins', async () => {
    const { cdn } = twoApps(async (event) => {
      const request = event.Records[0].cf.request;
      (request.origin as { custom: Record<string, unknown> }).custom.domainName = 'elsewhere.example.net';
      return request;
    });
    const error = await cdn.fetch('/a.txt', at).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EdgecaseError);
    expect((error as EdgecaseError).code).toBe('UnmodelledFeature');
    expect((error as EdgecaseError).message).toContain(
      `request.origin.custom.domainName: expected the domain name of one of the distribution's origins (app.example.com, eu.example.com), got "elsewhere.example.net"`,
    );
  });

  it('an S3 <-> custom swap is UnmodelledFeature too', async () => {
    const { cdn } = twoApps(async (event) => {
      const request = event.Records[0].cf.request;
      request.origin = {
        s3: { domainName: 'eu.example.com', path: '', customHeaders: {}, authMethod: 'none' },
      };
      return request;
    });
    await expect(cdn.fetch('/a.txt', at)).rejects.toThrow(/S3 <-> custom swap/);
  });

  it.each([
    ['both custom and s3', (o: Record<string, unknown>) => ({ ...o, s3: {} }), 'exactly one of custom or s3'],
    [
      'port 22',
      (o: Record<string, unknown>) => ({ custom: { ...(o.custom as object), port: 22 } }),
      'port must be 80, 443 or 1024-65535, got 22',
    ],
    [
      'a path with a trailing /',
      (o: Record<string, unknown>) => ({ custom: { ...(o.custom as object), path: '/site/' } }),
      'path must be ""',
    ],
    [
      'readTimeout 2',
      (o: Record<string, unknown>) => ({ custom: { ...(o.custom as object), readTimeout: 2 } }),
      'readTimeout must be whole seconds from 4 to 60',
    ],
    [
      'an IP address',
      (o: Record<string, unknown>) => ({ custom: { ...(o.custom as object), domainName: '10.0.0.1' } }),
      'not an IP address',
    ],
    [
      'an unknown key',
      (o: Record<string, unknown>) => ({ custom: { ...(o.custom as object), domain: 'x' } }),
      'expected only',
    ],
  ])('%s is 502 LambdaValidationError naming it', async (_, change, reason) => {
    const { cdn } = twoApps(async (event) => {
      const request = event.Records[0].cf.request;
      request.origin = change(request.origin as Record<string, unknown>);
      return request;
    });
    const response = await cdn.fetch('/a.txt', at);
    expect(response.status).toBe(502);
    expect(response.headers.get('x-cache')).toBe('LambdaValidationError from cloudfront');
    expect(cdn.trace.requests()[0]?.functions?.[0]?.error).toContain(reason);
  });

  it('a custom header also in request.headers is 502 (§20)', async () => {
    const { cdn } = twoApps(async (event) => {
      const request = event.Records[0].cf.request;
      await toEu(event, {} as never, () => undefined);
      request.headers['x-origin-secret'] = [{ key: 'X-Origin-Secret', value: 'viewer' }];
      return request;
    });
    const response = await cdn.fetch('/a.txt', at);
    expect(response.status).toBe(502);
    expect(cdn.trace.requests()[0]?.functions?.[0]?.error).toBe(
      'request.origin.custom.customHeaders.x-origin-secret is also in request.headers',
    );
  });
});
