import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../clock/clock.js';
import { EdgecaseError } from '../errors.js';
import { httpOrigin } from './http-origin.js';
import { type OriginRequest, OriginUnreachableError } from './types.js';

const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const clock = new ManualClock();
const request = (partial: Partial<OriginRequest>): OriginRequest => ({
  method: 'GET',
  path: '/',
  query: '',
  headers: {},
  ...partial,
});

async function readBody(message: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of message) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const body = await readBody(req);
    if (req.url === '/redirect') {
      res.writeHead(301, { Location: '/elsewhere' }).end();
    } else if (req.url === '/gzip') {
      res
        .writeHead(200, { 'Content-Encoding': 'gzip', 'Content-Type': 'text/plain' })
        .end(gzipSync('zipped'));
    } else if (req.url === '/reset') {
      req.socket.destroy();
    } else {
      res.writeHead(203, { 'Content-Type': 'application/json', 'X-Custom': 'Yes' });
      res.end(JSON.stringify({ method: req.method, url: req.url, headers: req.headers, body }));
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  server.close();
  await once(server, 'close');
});

describe('httpOrigin against a real server', () => {
  it('forwards method, path, query and headers, and returns status, lower-cased headers and body', async () => {
    const origin = httpOrigin(base);
    expect(origin).toMatchObject({ kind: 'custom', name: `${base}/`, url: `${base}/` });
    const response = await origin.fetch(
      request({
        path: '/a%20b.txt',
        query: 'v=1&w=2',
        headers: { 'x-amz-cf-id': 'abc', connection: 'Keep-Alive' },
      }),
      { clock },
    );
    expect(response.status).toBe(203);
    expect(response.headers['x-custom']).toBe('Yes');
    expect(response.body).toBeInstanceOf(Uint8Array);
    const echoed = JSON.parse(decode(response.body));
    expect(echoed).toMatchObject({ method: 'GET', url: '/a%20b.txt?v=1&w=2' });
    expect(echoed.headers['x-amz-cf-id']).toBe('abc');
    expect(echoed.headers['accept-encoding']).toBe('identity');
  });

  it("joins the path onto the base URL's path", async () => {
    const response = await httpOrigin(`${base}/base/`).fetch(request({ path: '/x/y' }), { clock });
    expect(JSON.parse(decode(response.body)).url).toBe('/base/x/y');
  });

  it('forwards a request body for methods that have one', async () => {
    const response = await httpOrigin(base).fetch(
      request({ method: 'POST', path: '/form', body: new TextEncoder().encode('a=1') }),
      { clock },
    );
    expect(JSON.parse(decode(response.body))).toMatchObject({ method: 'POST', body: 'a=1' });
  });

  it('answers HEAD with an empty body', async () => {
    const response = await httpOrigin(base).fetch(request({ method: 'HEAD', path: '/h' }), { clock });
    expect(response.status).toBe(203);
    expect(response.body).toHaveLength(0);
  });

  it('returns redirects instead of following them', async () => {
    const response = await httpOrigin(base).fetch(request({ path: '/redirect' }), { clock });
    expect(response.status).toBe(301);
    expect(response.headers.location).toBe('/elsewhere');
  });

  it('describes a body fetch decoded: no Content-Encoding, the decoded length', async () => {
    const response = await httpOrigin(base).fetch(
      request({ path: '/gzip', headers: { 'accept-encoding': 'gzip' } }),
      {
        clock,
      },
    );
    expect(decode(response.body)).toBe('zipped');
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.headers['content-length']).toBe('6');
  });

  it('calls onConnect once the server answers', async () => {
    const onConnect = vi.fn();
    await httpOrigin(base).fetch(request({ path: '/c' }), { clock, onConnect });
    expect(onConnect).toHaveBeenCalledTimes(1);
  });

  it('rejects with OriginUnreachableError when the connection is refused or reset', async () => {
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const port = (closed.address() as AddressInfo).port;
    closed.close();
    await once(closed, 'close');
    const refused = await httpOrigin(`http://127.0.0.1:${port}`)
      .fetch(request({ path: '/x' }), { clock })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(OriginUnreachableError);
    expect(refused).toMatchObject({ kind: 'refused' });
    expect((refused as Error).message).toContain('ECONNREFUSED');
    const reset = await httpOrigin(base)
      .fetch(request({ path: '/reset' }), { clock })
      .catch((error: unknown) => error);
    expect(reset).toBeInstanceOf(OriginUnreachableError);
  });

  it('has the fault controller built in', async () => {
    const origin = httpOrigin(base);
    origin.faults.respond(502, { times: 1 });
    expect((await origin.fetch(request({}), { clock })).status).toBe(502);
    expect((await origin.fetch(request({}), { clock })).status).toBe(203);
  });
});

describe('httpOrigin with an injected fetch', () => {
  it('uses it with redirect manual and no body for GET', async () => {
    const fake = vi.fn(async () => new Response('hi', { status: 200, headers: { ETag: '"e"' } }));
    const origin = httpOrigin('https://example.com/root', { fetch: fake as unknown as typeof fetch });
    const response = await origin.fetch(
      request({ path: '/a', headers: { host: 'x', 'if-none-match': '"e"' } }),
      {
        clock,
      },
    );
    expect(fake).toHaveBeenCalledWith('https://example.com/root/a', {
      method: 'GET',
      headers: { 'if-none-match': '"e"', 'accept-encoding': 'identity' },
      redirect: 'manual',
    });
    expect(response).toMatchObject({ status: 200, headers: { etag: '"e"' } });
  });
});

describe('httpOrigin URL validation', () => {
  const code = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      if (error instanceof EdgecaseError) return `${error.code}: ${error.message}`;
      throw error;
    }
    return 'no error';
  };

  it('accepts http and https URLs, as strings or URL objects', () => {
    expect(httpOrigin(new URL('https://example.com')).url).toBe('https://example.com/');
  });

  it('rejects other schemes, relative URLs, queries, fragments and credentials with InvalidOrigin', () => {
    expect(code(() => httpOrigin('ftp://example.com'))).toBe(
      'InvalidOrigin: [edgecase] httpOrigin url: expected an http: or https: URL, got "ftp://example.com".',
    );
    expect(code(() => httpOrigin('/relative'))).toContain(
      "expected an absolute http(s) URL such as 'http://127.0.0.1:8080'",
    );
    expect(code(() => httpOrigin('http://example.com/?a=1'))).toContain(
      'expected a URL without query or fragment',
    );
    expect(code(() => httpOrigin('http://example.com/#top'))).toContain('without query or fragment');
    expect(code(() => httpOrigin('http://u:p@example.com'))).toContain('without credentials');
    expect(code(() => httpOrigin(42 as unknown as string))).toContain('InvalidOrigin');
  });
});
