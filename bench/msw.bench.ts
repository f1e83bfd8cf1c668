import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Cdn, createCdn, ManualClock, memoryOrigin } from '@edgecase/cdn';
import { http as http3 } from 'msw';
import { setupServer as setupServer3 } from 'msw/node';
import { http as http2 } from 'msw2';
import { setupServer as setupServer2 } from 'msw2/node';
import { expect, test } from 'vitest';

// Interception cost of @edgecase/vitest's msw wiring, msw 3 against msw 2 (docs/performance.md):
// time per intercepted fetch and heap retained per 1,000 requests after gc(). Everything stays in
// process: the requests go to the distribution's domain and are answered by the handler, never
// by the network. Run by `npm run bench` (bench/vitest.config.ts passes --expose-gc).

const SITE = 'https://d111111abcdef8.cloudfront.net';
const BODY = 'x'.repeat(1024);
const gc = (globalThis as { gc?: () => void }).gc;

interface Major {
  name: string;
  listen(handlers: unknown[]): { close(): void };
  all: (url: string, resolver: (info: { request: Request }) => Response | Promise<Response>) => unknown;
}

const majors: Major[] = [
  {
    name: 'msw 3',
    listen: (handlers) => {
      const server = setupServer3(...(handlers as Parameters<typeof setupServer3>));
      server.listen({ onUnhandledFrame: 'error' });
      return server;
    },
    all: (url, resolver) => http3.all(url, resolver),
  },
  {
    name: 'msw 2',
    listen: (handlers) => {
      const server = setupServer2(...(handlers as Parameters<typeof setupServer2>));
      server.listen({ onUnhandledRequest: 'error' });
      return server;
    },
    all: (url, resolver) => http2.all(url, resolver),
  },
];

async function hotCdn(): Promise<Cdn> {
  const clock = new ManualClock();
  const origin = memoryOrigin({ clock });
  const cdn = createCdn({ clock, origin, routing: 'sticky', trace: { limit: 1000 } });
  await origin.put('hot.txt', BODY, { cacheControl: 'max-age=86400' });
  await cdn.fetch('/hot.txt');
  return cdn;
}

function heapBytes(): number {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
}

/** Heap retained by `rounds` x 1,000 requests (bodies read), after a warm-up; bytes per 1,000. */
async function retainedPer1000(request: () => Promise<void>, rounds = 3): Promise<number[]> {
  for (let i = 0; i < 300; i++) await request();
  const perRound: number[] = [];
  let before = heapBytes();
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < 1000; i++) await request();
    const after = heapBytes();
    perRound.push(after - before);
    before = after;
  }
  return perRound;
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;

test('baseline: cdn.fetch hit without interception', async ({ bench }) => {
  expect(gc, 'run with --expose-gc').toBeTypeOf('function');
  const cdn = await hotCdn();
  const request = async () => {
    await (await cdn.fetch('/hot.txt')).arrayBuffer();
  };
  const result = await bench('cdn.fetch hit, body read (no msw)', request).run();
  const retained = await retainedPer1000(request);
  console.log(
    `baseline cdn.fetch: ${(1000 / result.throughput.mean).toFixed(4)} ms/request; retained per 1,000: ${retained.map(kib).join(', ')}`,
  );
});

test('baseline: fetch to a loopback server, no msw', async ({ bench }) => {
  const server = createServer((_request, response) => response.end(BODY));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hot.txt`;
  const request = async () => {
    await (await fetch(url)).arrayBuffer();
  };
  try {
    const result = await bench('fetch over loopback HTTP (no msw)', request).run();
    const retained = await retainedPer1000(request);
    console.log(
      `baseline loopback fetch: ${(1000 / result.throughput.mean).toFixed(3)} ms/request; retained per 1,000: ${retained.map(kib).join(', ')}`,
    );
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

for (const major of majors) {
  test(`${major.name}: intercepted fetch`, async ({ bench }) => {
    const map = new Map([['/hot.txt', BODY]]);
    const fromMap = major.listen([
      major.all(`${SITE}/*`, ({ request }) => new Response(map.get(new URL(request.url).pathname) ?? null)),
    ]);
    const request = async () => {
      await (await fetch(`${SITE}/hot.txt`)).arrayBuffer();
    };
    try {
      const mapTime = await bench(`${major.name}: fetch answered from a Map`, request).run();
      const mapRetained = await retainedPer1000(request);
      console.log(
        `${major.name} from a Map: ${(1000 / mapTime.throughput.mean).toFixed(3)} ms/request; retained per 1,000: ${mapRetained.map(kib).join(', ')}`,
      );
    } finally {
      fromMap.close();
    }

    const cdn = await hotCdn();
    const throughCdn = major.listen([major.all(`${SITE}/*`, ({ request }) => cdn.fetch(request))]);
    try {
      const cdnTime = await bench(`${major.name}: fetch answered by cdn.fetch (edge hit)`, request).run();
      const cdnRetained = await retainedPer1000(request);
      console.log(
        `${major.name} through cdn.fetch: ${(1000 / cdnTime.throughput.mean).toFixed(3)} ms/request; retained per 1,000: ${cdnRetained.map(kib).join(', ')}`,
      );
      expect(cdn.trace.size).toBeLessThanOrEqual(1000);
    } finally {
      throughCdn.close();
    }
  });
}
