import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createCdn } from '../cdn/cdn.js';
import type { CdnOptions } from '../cdn/options.js';
import { ManualClock } from '../clock/clock.js';
import { memoryOrigin } from '../origin/memory-origin.js';
import type { Origin, OriginRequest } from '../origin/types.js';
import { KeyValueStore } from './key-value-store.js';

const DIR_INDEX = fileURLToPath(new URL('./fixtures/url-rewrite-single-page-apps.js', import.meta.url));
const DIR_INDEX_10 = fileURLToPath(new URL('./fixtures/add-index-runtime-10.js', import.meta.url));
const VERIFY_TOKEN_10 = fileURLToPath(new URL('./fixtures/verify-token-runtime-10.js', import.meta.url));

function setup(options: CdnOptions = {}) {
  const clock = new ManualClock();
  const origin = memoryOrigin({ clock });
  const cdn = createCdn({ clock, origin, ...options });
  return { clock, origin, cdn };
}

const onViewerRequest = (code: string, runtime?: 'cloudfront-js-1.0' | 'cloudfront-js-2.0', extra = {}) => ({
  defaultCacheBehavior: {
    functionAssociations: [
      { eventType: 'viewer-request' as const, function: { code, ...(runtime ? { runtime } : {}), ...extra } },
    ],
  },
});

describe('CloudFront Functions: viewer-request', () => {
  it("runs AWS's directory-index example file unchanged: the rewritten URI is the cache key and the origin path", async () => {
    const { cdn, origin } = setup({
      functions: { 'arn:aws:cloudfront::123456789012:function/dir-index': { file: DIR_INDEX } },
      defaultCacheBehavior: {
        functionAssociations: [
          { eventType: 'viewer-request', functionARN: 'arn:aws:cloudfront::123456789012:function/dir-index' },
        ],
      },
    });
    await origin.put('docs/index.html', 'docs home');
    const first = await cdn.fetch('/docs/', { pop: 'SFO5', server: 1 });
    expect(first.status).toBe(200);
    expect(await first.text()).toBe('docs home');
    const second = await cdn.fetch('/docs', { pop: 'SFO5', server: 1 });
    // §10: runs on every request, the fresh-hit path too.
    expect(second.headers.get('x-cache')).toBe('Hit from cloudfront');
    expect(origin.requests.map((r) => r.path)).toEqual(['/docs/index.html']);
    const [a, b] = cdn.trace.requests();
    expect(a?.cacheKey).toContain('/docs/index.html');
    expect(b?.functions).toEqual([
      { function: 'dir-index', eventType: 'viewer-request', outcome: 'continued' },
    ]);
  });

  it('does not re-select the behaviour after a URI rewrite (§8, §10)', async () => {
    const clock = new ManualClock();
    const site = memoryOrigin({ clock });
    const api = memoryOrigin({ clock });
    await site.put('static/x', 'from site');
    await api.put('static/x', 'from api');
    const cdn = createCdn({
      clock,
      origins: { site, api },
      defaultCacheBehavior: { targetOriginId: 'site' },
      cacheBehaviors: [
        {
          pathPattern: '/api/*',
          targetOriginId: 'api',
          functionAssociations: [
            {
              eventType: 'viewer-request',
              function: { code: 'function handler(e) { e.request.uri = "/static/x"; return e.request; }' },
            },
          ],
        },
      ],
    });
    const response = await cdn.fetch('/api/anything');
    expect(await response.text()).toBe('from api');
    expect(cdn.trace.requests()[0]?.behavior).toBe('/api/*');
  });

  it('answers with a generated response, X-Cache FunctionGeneratedResponse, without cache or origin', async () => {
    const { cdn, origin } = setup(
      onViewerRequest(`function handler(event) {
        return { statusCode: 302, statusDescription: 'Found', headers: { location: { value: 'https://example.com/' } } };
      }`),
    );
    const response = await cdn.fetch('/old');
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('https://example.com/');
    expect(response.headers.get('x-cache')).toBe('FunctionGeneratedResponse from cloudfront');
    expect(origin.requests).toHaveLength(0);
    expect(cdn.trace.requests()[0]?.functions?.[0]?.outcome).toBe('generated-response');
  });

  it('gives the event object as documented: version, context, viewer.ip, request maps of { value }', async () => {
    const { cdn } = setup(
      onViewerRequest(`function handler(event) {
        return { statusCode: 200, body: JSON.stringify(event) };
      }`),
    );
    const response = await cdn.fetch('/a.jpg?x=1&y=2&x=3', {
      headers: { cookie: 'id=7; theme=dark', 'X-Custom': 'v' },
    });
    const event = JSON.parse(await response.text());
    expect(event).toEqual({
      version: '1.0',
      context: {
        distributionDomainName: 'd111111abcdef8.cloudfront.net',
        distributionId: 'EDFDVBD6EXAMPLE',
        eventType: 'viewer-request',
        requestId: response.headers.get('x-amz-cf-id'),
      },
      viewer: { ip: '192.0.2.1' },
      request: {
        method: 'GET',
        uri: '/a.jpg',
        querystring: { x: { value: '1', multiValue: [{ value: '1' }, { value: '3' }] }, y: { value: '2' } },
        headers: { host: { value: 'd111111abcdef8.cloudfront.net' }, 'x-custom': { value: 'v' } },
        cookies: { id: { value: '7' }, theme: { value: 'dark' } },
      },
    });
  });

  it('answers 503 when the function uses setTimeout, which the runtime lacks', async () => {
    const { cdn, origin } = setup(
      onViewerRequest('function handler(event) { setTimeout(function () {}, 10); return event.request; }'),
    );
    await origin.put('a', 'x');
    const response = await cdn.fetch('/a');
    expect(response.status).toBe(503);
    expect(cdn.trace.requests()[0]?.functions).toEqual([
      {
        function: expect.any(String),
        eventType: 'viewer-request',
        outcome: 'execution-error',
        error: 'ReferenceError: setTimeout is not defined',
      },
    ]);
  });

  it("answers 503 when a 1.0 function requires 'fs'; crypto and querystring load", async () => {
    const { cdn } = setup(
      onViewerRequest(
        `function handler(event) {
          var crypto = require('crypto');
          var qs = require('querystring');
          if (event.request.uri === '/fs') require('fs');
          return { statusCode: 200, body: crypto.createHash('sha256').update('a').digest('hex') + ' ' + qs.stringify({ a: 1 }) };
        }`,
        'cloudfront-js-1.0',
      ),
    );
    const ok = await cdn.fetch('/ok');
    expect(await ok.text()).toBe('ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb a=1');
    const fs = await cdn.fetch('/fs');
    expect(fs.status).toBe(503);
    expect(cdn.trace.requests()[1]?.functions?.[0]?.error).toMatch(/^Error: Cannot find module "fs"/);
  });

  it("runs the runtime 1.0 version of AWS's directory-index function file unchanged", async () => {
    const { cdn, origin } = setup({
      functions: {
        'arn:aws:cloudfront::123456789012:function/index-10': {
          file: DIR_INDEX_10,
          runtime: 'cloudfront-js-1.0',
        },
      },
      defaultCacheBehavior: {
        functionAssociations: [
          { eventType: 'viewer-request', functionARN: 'arn:aws:cloudfront::123456789012:function/index-10' },
        ],
      },
    });
    await origin.put('guide/index.html', 'guide');
    expect(await (await cdn.fetch('/guide')).text()).toBe('guide');
    expect(await (await cdn.fetch('/guide/')).text()).toBe('guide');
    expect(origin.requests.map((r) => r.path)).toEqual(['/guide/index.html']);
  });

  it("offers runtime 1.0's byte strings (String.bytesFrom, toUTF8, fromUTF8, toBytes, fromBytes, toString(encoding)); 2.0 has none", async () => {
    const code = `function handler(event) {
      var out = [
        String.bytesFrom('aGk', 'base64url'),
        String.bytesFrom([0x62, 0x79, 0x74, 0x65]),
        String.bytesFrom('c2a3', 'hex').fromUTF8(),
        '£'.toUTF8().toString('hex'),
        '£'.toBytes().toString('hex'),
        'ab€'.toBytes() === null,
        '\\xff\\xfe'.fromUTF8() === null,
        'héllo'.toUTF8(1, 2).length,
        'xyz'.fromBytes(1),
        'hi'.toString('base64'),
        typeof Buffer,
      ];
      return { statusCode: 200, body: out.join(' ') };
    }`;
    const v1 = setup(onViewerRequest(code, 'cloudfront-js-1.0'));
    expect(await (await v1.cdn.fetch('/')).text()).toBe('hi byte £ c2a3 a3 true true 2 yz aGk= undefined');
    const v2 = setup(onViewerRequest(code, 'cloudfront-js-2.0'));
    const refused = await v2.cdn.fetch('/');
    expect(refused.status).toBe(503);
    expect(v2.cdn.trace.requests()[0]?.functions?.[0]?.error).toBe(
      'TypeError: String.bytesFrom is not a function',
    );
  });

  it('runs a 1.0 token check that decodes with String.bytesFrom and compares a base64url HMAC', async () => {
    const { cdn, origin } = setup({
      functions: {
        'arn:aws:cloudfront::123456789012:function/verify': {
          file: VERIFY_TOKEN_10,
          runtime: 'cloudfront-js-1.0',
        },
      },
      defaultCacheBehavior: {
        originRequestPolicy: 'AllViewer',
        functionAssociations: [
          { eventType: 'viewer-request', functionARN: 'arn:aws:cloudfront::123456789012:function/verify' },
        ],
      },
    });
    await origin.put('private.txt', 'secret');
    const claims = Buffer.from(JSON.stringify({ user: 'zoë' })).toString('base64url');
    const { createHmac } = await import('node:crypto');
    const mac = createHmac('sha256', 'edge-secret').update(claims).digest('base64url');
    expect((await cdn.fetch('/private.txt')).status).toBe(401);
    expect((await cdn.fetch(`/private.txt?token=${claims}.bad`)).status).toBe(403);
    const ok = await cdn.fetch(`/private.txt?token=${claims}.${mac}`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('secret');
    // The token is checked, then taken off the request: the origin sees no query.
    expect(origin.requests.at(-1)?.query).toBe('');
    expect(await (await cdn.fetch(`/whoami?token=${claims}.${mac}`)).text()).toBe('zoë');
  });

  it("answers 503 on every request when the top-level code fails: require('fs') in 1.0, require itself in 2.0", async () => {
    for (const [runtime, error] of [
      ['cloudfront-js-1.0', /^Error: Cannot find module "fs"/],
      ['cloudfront-js-2.0', /^ReferenceError: require is not defined$/],
    ] as const) {
      const { cdn } = setup(
        onViewerRequest("var fs = require('fs'); function handler(event) { return event.request; }", runtime),
      );
      for (const path of ['/a', '/b']) expect((await cdn.fetch(path)).status).toBe(503);
      expect(cdn.trace.requests().map((r) => r.functions?.[0]?.outcome)).toEqual([
        'execution-error',
        'execution-error',
      ]);
      expect(cdn.trace.requests()[0]?.functions?.[0]?.error).toMatch(error);
    }
  });

  it('lets top-level code loop (a lookup table) without tripping the safety limit', async () => {
    const { cdn } = setup(
      onViewerRequest(
        'var table = {}; for (var i = 0; i < 5000; i++) { table["k" + i] = i; } function handler(event) { return { statusCode: 200, body: String(table.k4999) }; }',
        'cloudfront-js-1.0',
      ),
    );
    expect(await (await cdn.fetch('/')).text()).toBe('4999');
  });

  it('refuses, when the distribution is created, code runtime 1.0 does not parse and code over 10 KB', () => {
    expect(() =>
      setup(onViewerRequest('const x = 1; function handler(e) { return e.request; }', 'cloudfront-js-1.0')),
    ).toThrow(
      /expected code cloudfront-js-1.0 compiles, got const \(runtime 1.0 has var only\), which it does not support \(line 1, column 1\)/,
    );
    expect(() =>
      setup(onViewerRequest('function handler(e) { return e.request', 'cloudfront-js-2.0')),
    ).toThrow(/compiles, got Unexpected token/);
    expect(() =>
      setup(onViewerRequest("import fs from 'fs'; function handler(e) { return e.request; }")),
    ).toThrow(/an import of "fs"/);
    const big = `function handler(e) { return e.request; }//${'x'.repeat(10 * 1024)}`;
    expect(() => setup(onViewerRequest(big))).toThrow(
      /expected code of at most 10240 bytes \(CloudFront's 10 KB\), got 10283 bytes/,
    );
    // Template literals, arrow functions and ** are in 1.0.
    expect(() =>
      setup(
        onViewerRequest(
          'var f = (a) => `$' + '{a ** 2}`; function handler(e) { return e.request; }',
          'cloudfront-js-1.0',
        ),
      ),
    ).not.toThrow();
  });

  it('stops an endless loop at the safety limit and answers 503, even when the loop catches errors', async () => {
    const { cdn } = setup(
      onViewerRequest('function handler(e) { while (true) { try { e.n = 1; } catch (x) {} } }', undefined, {
        safetyLimit: '20ms',
      }),
    );
    const response = await cdn.fetch('/a');
    expect(response.status).toBe(503);
    expect(cdn.trace.requests()[0]?.functions?.[0]?.error).toMatch(/safety limit/);
  });

  it('answers 502 when the function adds a disallowed header or changes a read-only one', async () => {
    const { cdn } = setup(
      onViewerRequest(`function handler(e) {
        if (e.request.uri === '/host') e.request.headers.host = { value: 'evil.example' };
        else e.request.headers['x-cache'] = { value: 'Hit' };
        return e.request;
      }`),
    );
    expect((await cdn.fetch('/a')).status).toBe(502);
    expect((await cdn.fetch('/host')).status).toBe(502);
    expect(cdn.trace.requests().map((r) => r.functions?.[0]?.error)).toEqual([
      'the header x-cache is disallowed',
      'the header host is read-only in viewer-request',
    ]);
  });

  it('reads the virtual clock in Date and a seeded Math.random, and has no process or eval', async () => {
    const { cdn, clock } = setup(
      onViewerRequest(`function handler(e) {
        return { statusCode: 200, body: [Date.now(), new Date().toISOString(), typeof process, typeof require] .join(' ') };
      }`),
    );
    await clock.advance('10s');
    const now = clock.now();
    expect(await (await cdn.fetch('/a')).text()).toBe(
      `${now} ${new Date(now).toISOString()} undefined undefined`,
    );
    const evil = setup(onViewerRequest('function handler(e) { return eval("e.request"); }'));
    expect((await evil.cdn.fetch('/a')).status).toBe(503);
  });
});

describe('CloudFront Functions: viewer-response', () => {
  it('changes headers of hits and misses, not of answers of 400 or more (§10)', async () => {
    const { cdn, origin } = setup({
      defaultCacheBehavior: {
        functionAssociations: [
          {
            eventType: 'viewer-response',
            function: {
              code: `function handler(event) {
                var response = event.response;
                response.headers['strict-transport-security'] = { value: 'max-age=63072000' };
                return response;
              }`,
            },
          },
        ],
      },
    });
    await origin.put('a', 'x');
    const miss = await cdn.fetch('/a');
    const hit = await cdn.fetch('/a');
    const missing = await cdn.fetch('/missing');
    expect(miss.headers.get('strict-transport-security')).toBe('max-age=63072000');
    expect(hit.headers.get('strict-transport-security')).toBe('max-age=63072000');
    expect(hit.headers.get('x-cache')).toBe('Hit from cloudfront');
    expect(await hit.text()).toBe('x');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('strict-transport-security')).toBeNull();
    expect(cdn.trace.requests().map((r) => r.functions?.length ?? 0)).toEqual([1, 1, 0]);
  });
});

describe('CloudFront Functions: KeyValueStore', () => {
  it('reads keys with cf.kvs() and sees a test change them without republishing', async () => {
    const store = new KeyValueStore({ '/old': '/new' });
    const { cdn, origin } = setup(
      onViewerRequest(
        `import cf from 'cloudfront';
        const kvs = cf.kvs();
        async function handler(event) {
          const request = event.request;
          if (await kvs.exists(request.uri)) request.uri = await kvs.get(request.uri);
          try { await kvs.get('missing'); } catch (e) { request.headers['x-missing'] = { value: 'rejected' }; }
          const meta = await kvs.meta();
          request.headers['x-keys'] = { value: String(meta.keyCount) };
          return request;
        }`,
        'cloudfront-js-2.0',
        { keyValueStore: store },
      ),
    );
    await origin.put('new', 'new page');
    await origin.put('newer', 'newer page');
    expect(await (await cdn.fetch('/old')).text()).toBe('new page');
    store.put('/old', '/newer');
    expect(await (await cdn.fetch('/old', { pop: 'IAD89' })).text()).toBe('newer page');
  });

  it('refuses a KeyValueStore on runtime 1.0', () => {
    expect(() =>
      setup(
        onViewerRequest('function handler(e) { return e.request; }', 'cloudfront-js-1.0', {
          keyValueStore: {},
        }),
      ),
    ).toThrow(/KeyValueStore needs it/);
  });
});

describe('functionAssociations options', () => {
  it('names a function missing from `functions` and refuses origin events', () => {
    expect(() =>
      setup({
        defaultCacheBehavior: {
          functionAssociations: [{ eventType: 'viewer-request', functionARN: 'nope' }],
        },
      }),
    ).toThrow(/expected a function name or ARN of the functions option, got "nope"/);
    expect(() =>
      setup({
        defaultCacheBehavior: {
          functionAssociations: [
            // @ts-expect-error origin events are Lambda@Edge's
            { eventType: 'origin-request', function: { code: 'function handler(e){return e.request}' } },
          ],
        },
      }),
    ).toThrow(/Origin events take Lambda@Edge/);
  });
});

describe("CloudFront Functions: runtime 2.0's origin helpers (§20 helper-functions-origin-modification)", () => {
  /** A custom origin that answers with its name and records what it received. */
  function named(name: string, status = 200) {
    const seen: OriginRequest[] = [];
    const origin: Origin = {
      kind: 'custom',
      name,
      async fetch(request) {
        seen.push(request);
        return {
          status,
          headers: { 'content-type': 'text/plain', 'cache-control': 'max-age=60' },
          body: new TextEncoder().encode(`${name}${request.path}`),
        };
      },
    };
    return { origin, seen };
  }

  function routed(code: string, extra: Partial<CdnOptions> = {}) {
    const clock = new ManualClock();
    const site = named('site');
    const api = named('api');
    const down = named('down', 503);
    const cdn = createCdn({
      clock,
      origins: {
        site: { origin: site.origin, domainName: 'site.example.com' },
        api: { origin: api.origin, domainName: 'api.example.com' },
        down: down.origin,
      },
      functions: { router: { code, runtime: 'cloudfront-js-2.0' } },
      defaultCacheBehavior: {
        targetOriginId: 'site',
        functionAssociations: [{ eventType: 'viewer-request', functionARN: 'router' }],
      },
      ...extra,
    });
    return { cdn, site, api, down };
  }

  it('selectRequestOriginById sends the miss to another origin; the cache key and behaviour stay', async () => {
    const { cdn, site, api } = routed(`import cf from 'cloudfront';
      function handler(event) {
        if (event.request.uri.startsWith('/api/')) cf.selectRequestOriginById('api');
        return event.request;
      }`);
    expect(await (await cdn.fetch('/api/users', { pop: 'SFO5', server: 1 })).text()).toBe('api/api/users');
    expect(await (await cdn.fetch('/home', { pop: 'SFO5', server: 1 })).text()).toBe('site/home');
    const hit = await cdn.fetch('/api/users', { pop: 'SFO5', server: 1 });
    expect(hit.headers.get('x-cache')).toBe('Hit from cloudfront');
    expect(api.seen.map((r) => r.path)).toEqual(['/api/users']);
    expect(site.seen.map((r) => r.path)).toEqual(['/home']);
    const [first] = cdn.trace.requests();
    expect(first?.behavior).toBe('*');
    expect(first?.functions).toEqual([
      { function: 'router', eventType: 'viewer-request', outcome: 'continued', origin: 'api' },
    ]);
  });

  it('keeps concurrent invocations of an async function apart: each request its own origin and logs', async () => {
    const { cdn, site, api } = routed(`import cf from 'cloudfront';
      async function handler(event) {
        const uri = event.request.uri;
        console.log('start ' + uri);
        await Promise.resolve();
        await Promise.resolve();
        if (uri.startsWith('/api/')) cf.selectRequestOriginById('api');
        console.log('end ' + uri);
        return event.request;
      }`);
    const answers = await Promise.all(['/api/a', '/b', '/api/c', '/d'].map((path) => cdn.fetch(path)));
    expect(await Promise.all(answers.map((r) => r.text()))).toEqual([
      'api/api/a',
      'site/b',
      'api/api/c',
      'site/d',
    ]);
    expect(api.seen.map((r) => r.path).sort()).toEqual(['/api/a', '/api/c']);
    expect(site.seen.map((r) => r.path).sort()).toEqual(['/b', '/d']);
    for (const record of cdn.trace.requests()) {
      expect(record.functions?.[0]?.logs).toEqual([`start ${record.path}`, `end ${record.path}`]);
    }
  });

  it('updateRequestOrigin changes the path prefix and headers, and goes to the origin of a domain name', async () => {
    const { cdn, site, api } = routed(`import cf from 'cloudfront';
      function handler(event) {
        if (event.request.uri === '/v2') {
          cf.updateRequestOrigin({ domainName: 'api.example.com', originPath: '/v2', customHeaders: { 'x-stage': 'prod' } });
        } else {
          cf.updateRequestOrigin({ customHeaders: { 'x-tenant': 'acme' }, timeouts: { readTimeout: 5, connectionTimeout: 2 } });
        }
        return event.request;
      }`);
    expect(await (await cdn.fetch('/v2')).text()).toBe('api/v2/v2');
    expect(api.seen[0]?.headers['x-stage']).toBe('prod');
    expect(await (await cdn.fetch('/page')).text()).toBe('site/page');
    expect(site.seen[0]?.headers['x-tenant']).toBe('acme');
  });

  it('createRequestOriginGroup fails over from the primary to the secondary on a listed status', async () => {
    const { cdn, down, api } = routed(`import cf from 'cloudfront';
      function handler(event) {
        cf.createRequestOriginGroup({ originIds: ['down', 'api'], failoverCriteria: { statusCodes: [500, 503] } });
        return event.request;
      }`);
    const response = await cdn.fetch('/report');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('api/report');
    expect(down.seen).toHaveLength(1);
    expect(api.seen).toHaveLength(1);
  });

  it('answers 502 (validation error) for a change CloudFront refuses, naming what was wrong', async () => {
    const { cdn } = routed(`import cf from 'cloudfront';
      function handler(event) {
        var uri = event.request.uri;
        if (uri === '/unknown') cf.selectRequestOriginById('nope');
        if (uri === '/attempts') cf.updateRequestOrigin({ connectionAttempts: 5 });
        if (uri === '/key') cf.updateRequestOrigin({ domain: 'api.example.com' });
        if (uri === '/codes') cf.createRequestOriginGroup({ originIds: ['site', 'api'], failoverCriteria: { statusCodes: [200] } });
        return event.request;
      }`);
    const errors: (string | undefined)[] = [];
    for (const path of ['/unknown', '/attempts', '/key', '/codes']) {
      const response = await cdn.fetch(path);
      expect(response.status).toBe(502);
      errors.push(cdn.trace.requests().at(-1)?.functions?.[0]?.error);
    }
    expect(errors).toEqual([
      'cf.selectRequestOriginById: expected the id of one of the distribution\'s origins (site, api, down), got "nope".',
      'cf.updateRequestOrigin.connectionAttempts: expected an integer from 1 to 3, got 5.',
      'cf.updateRequestOrigin: expected only domainName, originPath, customHeaders, connectionAttempts, originShield, originAccessControlConfig, timeouts, customOriginConfig, got "domain".',
      expect.stringMatching(
        /^cf\.createRequestOriginGroup\.failoverStatusCodes\[0\]: expected one of 400, 403, 404, 416, 500, 502, 503, 504, got 200/,
      ),
    ]);
  });

  it('refuses a domain name no origin has (edgecase cannot reach any endpoint) and helpers outside viewer-request', async () => {
    const { cdn } = routed(`import cf from 'cloudfront';
      function handler(event) {
        cf.updateRequestOrigin({ domainName: 'elsewhere.example.net' });
        return event.request;
      }`);
    await expect(cdn.fetch('/x')).rejects.toThrow(
      /domain name of one of the distribution's origins \(site\.example\.com, api\.example\.com\), got "elsewhere\.example\.net"/,
    );
    const { cdn: responseSide, site } = routed('function handler(event) { return event.request; }', {
      defaultCacheBehavior: {
        targetOriginId: 'site',
        functionAssociations: [
          {
            eventType: 'viewer-response',
            function: {
              code: "import cf from 'cloudfront'; function handler(event) { cf.selectRequestOriginById('api'); return event.response; }",
              runtime: 'cloudfront-js-2.0',
            },
          },
        ],
      },
    });
    expect((await responseSide.fetch('/y')).status).toBe(503);
    expect(site.seen).toHaveLength(1);
    expect(responseSide.trace.requests()[0]?.functions?.[0]?.error).toBe(
      'Error: cf.selectRequestOriginById changes the origin of a viewer request; this is a viewer-response function',
    );
  });
});
