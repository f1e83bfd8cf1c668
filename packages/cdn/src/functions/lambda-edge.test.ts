import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createCdn } from '../cdn/cdn.js';
import type { CdnOptions } from '../cdn/options.js';
import { ManualClock } from '../clock/clock.js';
import { fromDistributionConfig } from '../distribution/from-distribution-config.js';
import type { LambdaEdgeEvent, LambdaEdgeHandler, LambdaEventType } from '../options/lambda-edge-types.js';
import { memoryOrigin } from '../origin/memory-origin.js';
import type { Origin, OriginRequest } from '../origin/types.js';

const AUTH = fileURLToPath(new URL('./fixtures/lambda-auth.mjs', import.meta.url));
const ARN = 'arn:aws:lambda:us-east-1:123456789012:function:edge:3';

/** A custom origin that records what CloudFront sent it and answers 200 with the path. */
function recordingOrigin() {
  const seen: OriginRequest[] = [];
  const origin: Origin = {
    kind: 'custom',
    name: 'https://app.example.com',
    fetch: async (request) => {
      seen.push(request);
      return {
        status: 200,
        headers: { 'content-type': 'text/plain', 'cache-control': 'max-age=60' },
        body: new TextEncoder().encode(request.path),
      };
    },
  };
  return { origin, seen };
}

function setup(options: CdnOptions = {}) {
  const clock = new ManualClock();
  const origin = memoryOrigin({ clock });
  const cdn = createCdn({ clock, origin, ...options });
  return { clock, origin, cdn };
}

/** A distribution whose default behaviour runs `handler` on `eventType`. */
function withLambda(
  eventType: LambdaEventType,
  handler: LambdaEdgeHandler,
  extra: { duration?: number | `${number}s`; coldStart?: `${number}ms`; timeout?: `${number}s` } = {},
  includeBody = false,
) {
  return setup({
    lambdas: { [ARN]: { handler, ...extra } },
    defaultCacheBehavior: {
      lambdaFunctionAssociations: [
        { eventType, lambdaFunctionARN: ARN, ...(includeBody ? { includeBody } : {}) },
      ],
    },
  });
}

describe('Lambda@Edge: the event', () => {
  it('viewer-request gets Records[0].cf as AWS documents it, on every request (fresh hits too)', async () => {
    const events: unknown[] = [];
    const { cdn, origin } = withLambda('viewer-request', async (event) => {
      events.push(structuredClone(event));
      return event.Records[0].cf.request;
    });
    await origin.put('a.txt', 'A');
    await cdn.fetch('/a.txt?x=1', { pop: 'SFO5', server: 1, headers: { 'User-Agent': 'test' } });
    const hit = await cdn.fetch('/a.txt?x=1', { pop: 'SFO5', server: 1, headers: { 'User-Agent': 'test' } });
    expect(hit.headers.get('x-cache')).toBe('Hit from cloudfront');
    expect(events).toHaveLength(2);
    expect(events[0]).toEqual({
      Records: [
        {
          cf: {
            config: {
              distributionDomainName: 'd111111abcdef8.cloudfront.net',
              distributionId: 'EDFDVBD6EXAMPLE',
              eventType: 'viewer-request',
              requestId: expect.any(String),
            },
            request: {
              clientIp: expect.any(String),
              headers: {
                host: [{ key: 'Host', value: 'd111111abcdef8.cloudfront.net' }],
                'user-agent': [{ key: 'User-Agent', value: 'test' }],
              },
              method: 'GET',
              querystring: 'x=1',
              uri: '/a.txt',
            },
          },
        },
      ],
    });
    expect(cdn.trace.requests()[1]?.functions).toEqual([
      { function: 'edge', eventType: 'viewer-request', outcome: 'continued', arn: ARN, durationMs: 0 },
    ]);
  });

  it('origin-request runs only on a miss and sees the origin; its changes reach the origin', async () => {
    const events: LambdaEdgeEvent[] = [];
    const { origin, seen } = recordingOrigin();
    const cdn = createCdn({
      clock: new ManualClock(),
      origin,
      lambdas: {
        [ARN]: {
          handler: (event) => {
            events.push(structuredClone(event));
            const request = event.Records[0].cf.request;
            request.uri = `/v2${request.uri}`;
            request.headers['x-from-edge'] = [{ key: 'X-From-Edge', value: 'yes' }];
            return request;
          },
        },
      },
      defaultCacheBehavior: {
        lambdaFunctionAssociations: [{ eventType: 'origin-request', lambdaFunctionARN: ARN }],
      },
    });
    const first = await cdn.fetch('/a.txt', { pop: 'SFO5', server: 1 });
    expect(await first.text()).toBe('/v2/a.txt');
    await cdn.fetch('/a.txt', { pop: 'SFO5', server: 1 });
    await cdn.fetch('/a.txt', { pop: 'SFO5', server: 2 });
    // §20: a hit at the edge or in the regional cache does not run it.
    expect(events).toHaveLength(1);
    expect(events[0]?.Records[0].cf.config.eventType).toBe('origin-request');
    expect(events[0]?.Records[0].cf.request.origin).toEqual({
      custom: expect.objectContaining({ domainName: 'app.example.com', path: '', protocol: 'https' }),
    });
    expect(seen).toHaveLength(1);
    expect(seen[0]?.path).toBe('/v2/a.txt');
    expect(seen[0]?.headers['x-from-edge']).toBe('yes');
  });

  it('origin-response changes the answer before it is cached, errors included', async () => {
    let runs = 0;
    const { cdn, origin } = withLambda('origin-response', async (event) => {
      runs++;
      const response = event.Records[0].cf.response!;
      response.headers['cache-control'] = [{ key: 'Cache-Control', value: 'max-age=60' }];
      return response;
    });
    await origin.put('a.txt', 'A');
    const first = await cdn.fetch('/a.txt', { pop: 'SFO5', server: 1 });
    expect(first.headers.get('cache-control')).toBe('max-age=60');
    const missing = await cdn.fetch('/none', { pop: 'SFO5', server: 1 });
    expect(missing.status).toBe(404);
    await cdn.fetch('/a.txt', { pop: 'SFO5', server: 1 });
    expect(runs).toBe(2);
  });

  it('takes a callback-style handler and a handler module file', async () => {
    const { cdn, origin } = withLambda('viewer-response', (event, _context, callback) => {
      const response = event.Records[0].cf.response!;
      response.headers['x-edge'] = [{ key: 'X-Edge', value: '1' }];
      callback(null, response);
    });
    await origin.put('a.txt', 'A');
    expect((await cdn.fetch('/a.txt')).headers.get('x-edge')).toBe('1');

    const file = setup({
      lambdas: { auth: { file: AUTH } },
      defaultCacheBehavior: {
        lambdaFunctionAssociations: [
          { eventType: 'viewer-request', lambdaFunctionARN: ARN.replace(':edge:', ':auth:') },
        ],
      },
    });
    await file.origin.put('a.txt', 'A');
    const refused = await file.cdn.fetch('/a.txt');
    expect(refused.status).toBe(401);
    expect(refused.headers.get('x-cache')).toBe('LambdaGeneratedResponse from cloudfront');
    expect(await refused.text()).toBe('sign in first');
    expect((await file.cdn.fetch('/a.txt', { headers: { cookie: 'session=ok' } })).status).toBe(200);
  });
});

describe('Lambda@Edge: generated responses and caching', () => {
  it('an origin-request response is cached; a viewer-request one is not (§20)', async () => {
    let runs = 0;
    const generate: LambdaEdgeHandler = async () => {
      runs++;
      return {
        status: '200',
        headers: { 'cache-control': [{ key: 'Cache-Control', value: 'max-age=300' }] },
        body: 'made',
      };
    };
    const o = withLambda('origin-request', generate);
    const first = await o.cdn.fetch('/x', { pop: 'SFO5', server: 1 });
    expect(first.headers.get('x-cache')).toBe('LambdaGeneratedResponse from cloudfront');
    const second = await o.cdn.fetch('/x', { pop: 'SFO5', server: 1 });
    expect(second.headers.get('x-cache')).toBe('Hit from cloudfront');
    expect(await second.text()).toBe('made');
    expect(runs).toBe(1);
    expect(o.origin.requests).toHaveLength(0);

    runs = 0;
    const v = withLambda('viewer-request', generate);
    await v.cdn.fetch('/x', { pop: 'SFO5', server: 1 });
    const again = await v.cdn.fetch('/x', { pop: 'SFO5', server: 1 });
    expect(again.headers.get('x-cache')).toBe('LambdaGeneratedResponse from cloudfront');
    expect(runs).toBe(2);
  });

  it('viewer-response cannot change the status and does not run for 400 or more', async () => {
    let runs = 0;
    const { cdn, origin } = withLambda('viewer-response', async (event) => {
      runs++;
      return { ...event.Records[0].cf.response, status: '500' };
    });
    await origin.put('a.txt', 'A');
    expect((await cdn.fetch('/a.txt')).status).toBe(200);
    expect((await cdn.fetch('/missing')).status).toBe(404);
    expect(runs).toBe(1);
  });
});

describe('Lambda@Edge: failures', () => {
  it('a handler that throws is 503 LambdaExecutionError, not cached', async () => {
    const { cdn, origin } = withLambda('origin-request', () => {
      throw new Error('boom');
    });
    await origin.put('a.txt', 'A');
    const response = await cdn.fetch('/a.txt', { pop: 'SFO5', server: 1 });
    expect(response.status).toBe(503);
    expect(response.headers.get('x-cache')).toBe('LambdaExecutionError from cloudfront');
    await cdn.fetch('/a.txt', { pop: 'SFO5', server: 1 });
    expect(cdn.trace.requests().map((r) => r.functions?.[0]?.outcome)).toEqual([
      'execution-error',
      'execution-error',
    ]);
    expect(cdn.trace.requests()[0]?.functions?.[0]?.error).toBe('Error: boom');
  });

  it.each([
    ['a disallowed header', { uri: '/a', headers: { 'x-cache': [{ key: 'X-Cache', value: 'x' }] } }],
    ['a read-only header changed', { uri: '/a', headers: { host: [{ key: 'Host', value: 'elsewhere' }] } }],
    ['no object', undefined],
    ['a key that does not match the name', { uri: '/a', headers: { 'x-a': [{ key: 'X-B', value: '1' }] } }],
    ['a 204 with a body', { status: '204', body: 'x' }],
    ['a status outside 200–599', { status: '102' }],
    ['a generated response over 40 KB', { status: '200', body: 'x'.repeat(41 * 1024) }],
    ['invalid base64', { status: '200', body: '@@@', bodyEncoding: 'base64' }],
  ])('returning %s from viewer-request is 502 LambdaValidationError', async (_, value) => {
    const { cdn } = withLambda('viewer-request', async (event) => {
      const request = event.Records[0].cf.request;
      if (value && 'uri' in value)
        return { ...request, ...value, headers: { ...request.headers, ...value.headers } };
      return value;
    });
    const response = await cdn.fetch('/a');
    expect(response.status).toBe(502);
    expect(response.headers.get('x-cache')).toBe('LambdaValidationError from cloudfront');
  });

  it('an origin-request response may be up to 1 MB (§20), a viewer-request one 40 KB', async () => {
    const body = 'x'.repeat(100 * 1024);
    const { cdn } = withLambda('origin-request', async () => ({ status: '200', body }));
    expect((await cdn.fetch('/a')).status).toBe(200);
  });

  it('a handler that never answers is cut off at 5 s on the virtual clock: 503 LambdaLimitExceeded', async () => {
    const { cdn, clock } = withLambda('viewer-request', () => new Promise(() => undefined));
    const pending = cdn.fetch('/a');
    await clock.advance('4999ms');
    let settled = false;
    void pending.then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    await clock.advance('1ms');
    const response = await pending;
    expect(response.status).toBe(503);
    expect(response.headers.get('x-cache')).toBe('LambdaLimitExceeded from cloudfront');
    expect(cdn.trace.requests()[0]?.functions?.[0]).toMatchObject({
      outcome: 'limit-exceeded',
      durationMs: 5000,
    });
  });

  it('a duration past the timeout is LambdaLimitExceeded; origin events allow 30 s', async () => {
    const pass: LambdaEdgeHandler = async (event) => event.Records[0].cf.request;
    const viewer = withLambda('viewer-request', pass, { duration: '6s' });
    const p = viewer.cdn.fetch('/a');
    await viewer.clock.advance('6s');
    expect((await p).status).toBe(503);
    const origin = withLambda('origin-request', pass, { duration: '6s' });
    await origin.origin.put('a', 'A');
    const q = origin.cdn.fetch('/a');
    await origin.clock.advance('6s');
    expect((await q).status).toBe(200);
  });

  it('a cold start is a virtual delay on the first invocation in a Region', async () => {
    const { cdn, clock, origin } = withLambda(
      'viewer-request',
      async (event) => event.Records[0].cf.request,
      {
        coldStart: '300ms',
      },
    );
    await origin.put('a', 'A');
    const p = cdn.fetch('/a', { pop: 'SFO5', server: 1 });
    await clock.advance('300ms');
    await p;
    await cdn.fetch('/a', { pop: 'SFO5', server: 1 });
    const runs = cdn.trace.requests().map((r) => r.functions?.[0]);
    expect(runs.map((f) => [f?.coldStart ?? false, f?.durationMs])).toEqual([
      [true, 300],
      [false, 0],
    ]);
  });
});

describe('Lambda@Edge: placement', () => {
  it('with an origin group, origin-request runs for the primary and again for the secondary (§17)', async () => {
    const clock = new ManualClock();
    const primary = memoryOrigin({ clock });
    const secondary = memoryOrigin({ clock });
    await secondary.put('a', 'from secondary');
    const seen: string[] = [];
    const cdn = createCdn({
      clock,
      origins: { primary, secondary },
      originGroups: { group: { members: ['primary', 'secondary'], failoverStatusCodes: [403, 404] } },
      lambdas: {
        edge: {
          handler: async (event) => {
            seen.push(event.Records[0].cf.request.uri);
            return event.Records[0].cf.request;
          },
        },
      },
      defaultCacheBehavior: {
        targetOriginId: 'group',
        lambdaFunctionAssociations: [{ eventType: 'origin-request', lambdaFunctionARN: 'edge' }],
      },
    });
    const response = await cdn.fetch('/a');
    expect(await response.text()).toBe('from secondary');
    expect(seen).toEqual(['/a', '/a']);
  });

  it('includeBody puts the body in the event as base64, and a replaced body goes on', async () => {
    const { origin, seen } = recordingOrigin();
    const cdn = createCdn({
      clock: new ManualClock(),
      origin,
      lambdas: {
        edge: {
          handler: async (event) => {
            const request = event.Records[0].cf.request;
            const text = Buffer.from(request.body?.data ?? '', 'base64').toString();
            request.body = { action: 'replace', encoding: 'text', data: text.toUpperCase() };
            return request;
          },
        },
      },
      defaultCacheBehavior: {
        allowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'POST', 'PATCH', 'DELETE'],
        lambdaFunctionAssociations: [
          { eventType: 'viewer-request', lambdaFunctionARN: 'edge', includeBody: true },
        ],
      },
    });
    await cdn.fetch('/form', { method: 'POST', body: 'hello' });
    expect(new TextDecoder().decode(seen[0]?.body)).toBe('HELLO');
  });
});

describe('Lambda@Edge: options', () => {
  const handler: LambdaEdgeHandler = async (event) => event.Records[0].cf.request;
  it.each([
    ['an unknown key', { lambdas: { edge: { handler, timout: '1s' } } }, /timout.*timeout/s],
    ['handler and file', { lambdas: { edge: { handler, file: AUTH } } }, /exactly one of handler/],
    ['a missing file', { lambdas: { edge: { file: './nope.mjs' } } }, /handler module that exists/],
    ['a timeout past 30 s', { lambdas: { edge: { handler, timeout: '31s' } } }, /30 s/],
  ])('refuses %s in lambdas', (_, options, message) => {
    expect(() => setup(options as CdnOptions)).toThrow(message);
  });

  it.each([
    ['$LATEST', 'arn:aws:lambda:us-east-1:123456789012:function:edge:$LATEST', /numbered version/],
    ['an unversioned ARN', 'arn:aws:lambda:us-east-1:123456789012:function:edge', /numbered version/],
    ['a function not in lambdas', 'other', /lambdas option/],
  ])('refuses an association naming %s', (_, arn, message) => {
    expect(() =>
      setup({
        lambdas: { edge: { handler } },
        defaultCacheBehavior: {
          lambdaFunctionAssociations: [{ eventType: 'viewer-request', lambdaFunctionARN: arn }],
        },
      }),
    ).toThrow(message);
  });

  it('refuses a Lambda@Edge function and a CloudFront Function on the same viewer event (§10)', () => {
    expect(() =>
      setup({
        lambdas: { edge: { handler } },
        defaultCacheBehavior: {
          functionAssociations: [
            { eventType: 'viewer-request', function: { code: 'function handler(e) { return e.request; }' } },
          ],
          lambdaFunctionAssociations: [{ eventType: 'viewer-request', lambdaFunctionARN: 'edge' }],
        },
      }),
    ).toThrow(/CloudFront refuses both/);
  });

  it('refuses includeBody on a response event and a timeout over 5 s on a viewer event', () => {
    expect(() =>
      setup({
        lambdas: { edge: { handler } },
        defaultCacheBehavior: {
          lambdaFunctionAssociations: [
            { eventType: 'origin-response', lambdaFunctionARN: 'edge', includeBody: true },
          ],
        },
      }),
    ).toThrow(/request event only/);
    expect(() =>
      setup({
        lambdas: { edge: { handler, timeout: '10s' } },
        defaultCacheBehavior: {
          lambdaFunctionAssociations: [{ eventType: 'viewer-request', lambdaFunctionARN: 'edge' }],
        },
      }),
    ).toThrow(/at most 5 s/);
  });
});

describe('Lambda@Edge: a loaded DistributionConfig', () => {
  it('runs LambdaFunctionAssociations from JSON with the lambdas option (by name, any version)', async () => {
    const clock = new ManualClock();
    const origin = memoryOrigin({ clock });
    await origin.put('private/report.html', 'secret');
    const options = fromDistributionConfig(
      {
        Origins: { Quantity: 1, Items: [{ Id: 'site', DomainName: 'site.s3.us-east-1.amazonaws.com' }] },
        DefaultCacheBehavior: {
          TargetOriginId: 'site',
          ViewerProtocolPolicy: 'allow-all',
          CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6',
          LambdaFunctionAssociations: {
            Quantity: 1,
            Items: [
              {
                EventType: 'viewer-request',
                LambdaFunctionARN: 'arn:aws:lambda:us-east-1:123456789012:function:auth:7',
                IncludeBody: false,
              },
            ],
          },
        },
        Enabled: true,
      } as never,
      { site: origin },
      { lambdas: { auth: { file: AUTH } } },
    );
    const cdn = createCdn({ ...options, clock });
    expect((await cdn.fetch('/private/report.html')).status).toBe(401);
    expect((await cdn.fetch('/private/report.html', { headers: { cookie: 'session=ok' } })).status).toBe(200);
    expect(cdn.trace.requests()[0]?.functions?.[0]).toMatchObject({
      function: 'auth',
      arn: 'arn:aws:lambda:us-east-1:123456789012:function:auth:7',
      outcome: 'generated-response',
    });
  });
});
