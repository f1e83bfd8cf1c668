/**
 * `fidelity.lambdaEdge`: the Lambda@Edge points §20 leaves UNCONFIRMED, each default and each
 * alternative (docs/fidelity.md, "UNCONFIRMED points and the defaults we chose").
 */
import { describe, expect, it } from 'vitest';
import { createCdn } from '../cdn/cdn.js';
import type { LambdaEdgeFidelity } from '../cdn/options.js';
import { ManualClock } from '../clock/clock.js';
import type { LambdaEdgeHandler, LambdaEventType } from '../options/lambda-edge-types.js';
import { memoryOrigin } from '../origin/memory-origin.js';
import type { Origin } from '../origin/types.js';

const ARN = 'arn:aws:lambda:us-east-1:123456789012:function:edge:3';

function withLambda(eventType: LambdaEventType, handler: LambdaEdgeHandler, lambdaEdge?: LambdaEdgeFidelity) {
  const clock = new ManualClock();
  const origin = memoryOrigin({ clock });
  const cdn = createCdn({
    clock,
    origin,
    lambdas: { [ARN]: { handler } },
    defaultCacheBehavior: { lambdaFunctionAssociations: [{ eventType, lambdaFunctionARN: ARN }] },
    ...(lambdaEdge ? { fidelity: { lambdaEdge } } : {}),
  });
  return { clock, origin, cdn };
}

const at = { pop: 'SFO5', server: 1 } as const;

describe('fidelity.lambdaEdge.viewerResponseStatus (§20: viewer-response cannot change the status)', () => {
  const handler: LambdaEdgeHandler = async (event) => {
    const response = event.Records[0].cf.response!;
    response.headers['x-seen'] = [{ key: 'X-Seen', value: 'yes' }];
    return { ...response, status: '500' };
  };

  it.each([undefined, 'ignore'] as const)(
    '%s: the original status, with the function headers',
    async (value) => {
      const { cdn, origin } = withLambda(
        'viewer-response',
        handler,
        value ? { viewerResponseStatus: value } : undefined,
      );
      await origin.put('a.txt', 'A');
      const response = await cdn.fetch('/a.txt');
      expect(response.status).toBe(200);
      expect(response.headers.get('x-seen')).toBe('yes');
      expect(await response.text()).toBe('A');
    },
  );

  it("'validation-error': 502 LambdaValidationError naming the change", async () => {
    const { cdn, origin } = withLambda('viewer-response', handler, {
      viewerResponseStatus: 'validation-error',
    });
    await origin.put('a.txt', 'A');
    const response = await cdn.fetch('/a.txt');
    expect(response.status).toBe(502);
    expect(response.headers.get('x-cache')).toBe('LambdaValidationError from cloudfront');
    expect(cdn.trace.requests()[0]?.functions?.[0]).toMatchObject({
      outcome: 'validation-error',
      error:
        'response.status was changed from 200 to 500; a viewer-response function cannot change the status',
    });
  });

  it("'validation-error' lets the status through unchanged (as a number or a string)", async () => {
    const { cdn, origin } = withLambda(
      'viewer-response',
      async (event) => ({ ...event.Records[0].cf.response!, status: 200 as unknown as string }),
      { viewerResponseStatus: 'validation-error' },
    );
    await origin.put('a.txt', 'A');
    expect((await cdn.fetch('/a.txt')).status).toBe(200);
  });
});

describe('fidelity.lambdaEdge.errorCaching (§20 failures; §2 error caching)', () => {
  const throws: LambdaEdgeHandler = () => {
    throw new Error('boom');
  };

  it.each([undefined, 'never'] as const)(
    '%s: an origin-request failure is not stored; the next request runs it again',
    async (value) => {
      const { cdn, origin } = withLambda(
        'origin-request',
        throws,
        value ? { errorCaching: value } : undefined,
      );
      await origin.put('a.txt', 'A');
      expect((await cdn.fetch('/a.txt', at)).status).toBe(503);
      const again = await cdn.fetch('/a.txt', at);
      expect(again.headers.get('x-cache')).toBe('LambdaExecutionError from cloudfront');
      expect(cdn.trace.requests().map((r) => r.functions?.length ?? 0)).toEqual([1, 1]);
    },
  );

  it("'error-caching': the 503 is stored for ErrorCachingMinTTL (10 s), then the function runs again", async () => {
    const { cdn, origin, clock } = withLambda('origin-request', throws, { errorCaching: 'error-caching' });
    await origin.put('a.txt', 'A');
    const first = await cdn.fetch('/a.txt', at);
    expect(first.headers.get('x-cache')).toBe('LambdaExecutionError from cloudfront');
    const cached = await cdn.fetch('/a.txt', at);
    expect(cached.status).toBe(503);
    expect(cached.headers.get('x-cache')).toBe('Error from cloudfront');
    expect(cached.headers.get('age')).toBe('0');
    await clock.advance('11s');
    expect((await cdn.fetch('/a.txt', at)).headers.get('x-cache')).toBe(
      'LambdaExecutionError from cloudfront',
    );
    expect(cdn.trace.requests().map((r) => r.functions?.length ?? 0)).toEqual([1, 0, 1]);
  });

  it("'error-caching' stores an origin-response validation error (502) too, never a viewer-request one", async () => {
    const bad: LambdaEdgeHandler = async () => ({ status: '700' });
    const o = withLambda('origin-response', bad, { errorCaching: 'error-caching' });
    await o.origin.put('a.txt', 'A');
    expect((await o.cdn.fetch('/a.txt', at)).status).toBe(502);
    expect((await o.cdn.fetch('/a.txt', at)).headers.get('x-cache')).toBe('Error from cloudfront');

    const v = withLambda('viewer-request', throws, { errorCaching: 'error-caching' });
    await v.cdn.fetch('/a.txt', at);
    expect((await v.cdn.fetch('/a.txt', at)).headers.get('x-cache')).toBe(
      'LambdaExecutionError from cloudfront',
    );
  });
});

describe('fidelity.lambdaEdge.generatedXCache (§20: an origin-request generated response)', () => {
  const generate: LambdaEdgeHandler = async () => ({
    status: '200',
    headers: { 'cache-control': [{ key: 'Cache-Control', value: 'max-age=300' }] },
    body: 'made',
  });

  it.each([undefined, 'LambdaGeneratedResponse'] as const)(
    '%s: LambdaGeneratedResponse on the generating miss, Hit after',
    async (value) => {
      const { cdn } = withLambda('origin-request', generate, value ? { generatedXCache: value } : undefined);
      expect((await cdn.fetch('/x', at)).headers.get('x-cache')).toBe(
        'LambdaGeneratedResponse from cloudfront',
      );
      expect((await cdn.fetch('/x', at)).headers.get('x-cache')).toBe('Hit from cloudfront');
    },
  );

  it("'cache-result': Miss on the generating miss (Error for a generated 403), Hit after; still cached", async () => {
    const { cdn } = withLambda('origin-request', generate, { generatedXCache: 'cache-result' });
    const first = await cdn.fetch('/x', at);
    expect(first.headers.get('x-cache')).toBe('Miss from cloudfront');
    expect(await first.text()).toBe('made');
    expect((await cdn.fetch('/x', at)).headers.get('x-cache')).toBe('Hit from cloudfront');
    expect(cdn.trace.requests().map((r) => r.functions?.length ?? 0)).toEqual([1, 0]);

    const refused = withLambda('origin-request', async () => ({ status: '403' }), {
      generatedXCache: 'cache-result',
    });
    expect((await refused.cdn.fetch('/x', at)).headers.get('x-cache')).toBe('Error from cloudfront');
  });

  it('a viewer-request generated response says LambdaGeneratedResponse whatever the option', async () => {
    const { cdn } = withLambda('viewer-request', generate, { generatedXCache: 'cache-result' });
    expect((await cdn.fetch('/x', at)).headers.get('x-cache')).toBe(
      'LambdaGeneratedResponse from cloudfront',
    );
  });
});

describe('fidelity.lambdaEdge.originResponseOnFailure (§20, §17: no answer from the origin)', () => {
  const mark: LambdaEdgeHandler = async (event) => {
    const response = event.Records[0].cf.response!;
    response.headers['x-seen'] = [{ key: 'X-Seen', value: response.status }];
    return response;
  };

  it.each([undefined, 'skip'] as const)(
    '%s: origin-response does not run; the viewer gets CloudFront 502',
    async (value) => {
      const { cdn, origin } = withLambda(
        'origin-response',
        mark,
        value ? { originResponseOnFailure: value } : undefined,
      );
      origin.faults.outage();
      const response = await cdn.fetch('/a.txt', at);
      expect(response.status).toBe(502);
      expect(response.headers.get('x-seen')).toBeNull();
      expect(cdn.trace.requests()[0]?.functions).toBeUndefined();
    },
  );

  it("'run': origin-response sees CloudFront's 502 and what it returns is the answer", async () => {
    const { cdn, origin } = withLambda('origin-response', mark, { originResponseOnFailure: 'run' });
    origin.faults.outage();
    const response = await cdn.fetch('/a.txt', at);
    expect(response.status).toBe(502);
    expect(response.headers.get('x-seen')).toBe('502');

    const fallback = withLambda(
      'origin-response',
      async () => ({ status: '200', headers: {}, body: 'fallback' }),
      { originResponseOnFailure: 'run' },
    );
    fallback.origin.faults.outage();
    const served = await fallback.cdn.fetch('/a.txt', at);
    expect(served.status).toBe(200);
    expect(await served.text()).toBe('fallback');
  });
});

describe('fidelity.lambdaEdge.failoverOn (§17, §20: origin groups with origin-response)', () => {
  /** An origin group whose members answer `status` with an `x-from` header naming them. */
  function group(primaryStatus: number, handler: LambdaEdgeHandler, lambdaEdge?: LambdaEdgeFidelity) {
    const member = (name: string, status: number): Origin => ({
      kind: 'custom',
      name: `https://${name}.example.com`,
      fetch: async () => ({
        status,
        headers: { 'x-from': name, 'cache-control': 'max-age=60' },
        body: new TextEncoder().encode(name),
      }),
    });
    return createCdn({
      clock: new ManualClock(),
      origins: { primary: member('primary', primaryStatus), secondary: member('secondary', 200) },
      originGroups: { group: { members: ['primary', 'secondary'], failoverStatusCodes: [404, 500] } },
      lambdas: { [ARN]: { handler } },
      defaultCacheBehavior: {
        targetOriginId: 'group',
        lambdaFunctionAssociations: [{ eventType: 'origin-response', lambdaFunctionARN: ARN }],
      },
      ...(lambdaEdge ? { fidelity: { lambdaEdge } } : {}),
    });
  }
  // Turns the primary's 404 into a 200 (stops a failover), or its 200 into a 500 (causes one).
  const patch404: LambdaEdgeHandler = async (event) => {
    const response = event.Records[0].cf.response!;
    return response.status === '404' ? { ...response, status: '200', body: 'patched' } : response;
  };
  const break200: LambdaEdgeHandler = async (event) => {
    const response = event.Records[0].cf.response!;
    const from = response.headers['x-from']?.[0]?.value;
    return from === 'primary' ? { ...response, status: '500' } : response;
  };

  it.each([undefined, 'origin-answer'] as const)(
    '%s: decided on the origin status, whatever the function made of it',
    async (value) => {
      const options = value ? { failoverOn: value } : undefined;
      const stopped = group(404, patch404, options);
      expect(await (await stopped.fetch('/a', at)).text()).toBe('secondary');
      expect(stopped.trace.requests()[0]?.functions).toHaveLength(2);
      const caused = group(200, break200, options);
      const response = await caused.fetch('/a', at);
      expect(response.status).toBe(500);
      expect(caused.trace.originFetches().map((f) => f.origin)).toEqual(['primary']);
    },
  );

  it("'function-answer': the function's status decides — it can stop a failover or cause one", async () => {
    const stopped = group(404, patch404, { failoverOn: 'function-answer' });
    const patched = await stopped.fetch('/a', at);
    expect(patched.status).toBe(200);
    expect(await patched.text()).toBe('patched');
    expect(stopped.trace.originFetches().map((f) => f.origin)).toEqual(['primary']);
    const caused = group(200, break200, { failoverOn: 'function-answer' });
    const response = await caused.fetch('/a', at);
    expect(await response.text()).toBe('secondary');
    expect(caused.trace.originFetches().map((f) => f.origin)).toEqual(['primary', 'secondary']);
  });
});

describe('fidelity.lambdaEdge: checked strictly', () => {
  it.each([
    [
      { viewerResponseStatus: 'error' },
      /fidelity.lambdaEdge.viewerResponseStatus: expected "ignore" or "validation-error", got "error"/,
    ],
    [
      { errorCaching: true },
      /fidelity.lambdaEdge.errorCaching: expected "never" or "error-caching", got true/,
    ],
    [
      { generatedXCache: 'Miss' },
      /fidelity.lambdaEdge.generatedXCache: expected "LambdaGeneratedResponse" or "cache-result", got "Miss"/,
    ],
    [
      { failoverOn: 'function' },
      /fidelity.lambdaEdge.failoverOn: expected "origin-answer" or "function-answer", got "function"/,
    ],
    [
      { originResponseOnFailur: 'run' },
      /fidelity.lambdaEdge has an unknown option "originResponseOnFailur".*Did you mean "originResponseOnFailure"/,
    ],
  ])('refuses %j', (lambdaEdge, message) => {
    expect(() =>
      createCdn({ origin: memoryOrigin(), fidelity: { lambdaEdge: lambdaEdge as LambdaEdgeFidelity } }),
    ).toThrow(message);
  });
});
