import { type Cdn, EdgecaseError, EdgeResponse } from '@edgecase/cdn';
import { http, type RequestHandler } from 'msw';
import { setupServer } from 'msw/node';

type MswServer = ReturnType<typeof setupServer>;
type MswHandler = Parameters<MswServer['use']>[number];

/** One msw server per Vitest worker: msw patches the worker's globals (fetch, http). */
export interface NetworkServer {
  readonly server: MswServer;
  readonly passthrough: ReadonlySet<string>;
  /** Requests refused since the last call (`GET https://api.example.com/me`), and forgets them. */
  takeRefused(): string[];
  close(): void;
}

/**
 * The test's view of the worker's msw server. Handlers added here, and the interception of the
 * test's distribution, are removed when the test ends.
 */
export interface Network {
  /** The worker's msw server (msw 2 or 3, whichever is installed). */
  readonly server: MswServer;
  /** Adds msw handlers for this test, e.g. `network.use(http.get('https://api.example.com/me', ...))`. */
  use(...handlers: MswHandler[]): void;
  /** Answers requests for the distribution's domain and aliases with `cdn.fetch` (the `cdn` fixture does this). */
  intercept(cdn: Cdn): void;
  /**
   * Requests to unexpected hosts made during this test (`GET https://api.example.com/me`). They were
   * answered with msw's 500 "Unhandled Exception" and fail the test when it ends, unless taken here.
   */
  takeRefused(): string[];
  /** Removes this test's handlers; throws if a request went to an unexpected host. */
  reset(): void;
}

/** Starts interception for this worker. Unhandled hosts fail loudly; `passthrough` hosts reach the network. */
export function startNetworkServer(passthrough: readonly string[]): NetworkServer {
  const allowed = new Set(passthrough.map((h) => h.toLowerCase()));
  const server = setupServer();
  let refused: string[] = [];
  const refuse = (request: Request): void => {
    const url = new URL(request.url);
    if (allowed.has(url.hostname.toLowerCase()) || allowed.has(url.host.toLowerCase())) return;
    refused.push(`${request.method} ${url.origin}${url.pathname}`);
    // msw answers a throw here with a 500 "Unhandled Exception" carrying this message; the test
    // then fails when it ends (Network#reset), so the request cannot go unnoticed.
    throw new EdgecaseError(
      'InvalidUrl',
      `${request.method} ${url.origin}${url.pathname} was not intercepted: ${url.host} is neither a domain of the test's distribution nor a passthrough host.`,
      {
        value: request.url,
        hint: `Add it to edgecase({ domains }) if it is the CDN, to edgecase({ passthrough }) to let it reach the network, or answer it with network.use(http.get(...)). Passthrough now: ${[...allowed].join(', ')}.`,
      },
    );
  };
  // msw 3 reads onUnhandledFrame, msw 2 onUnhandledRequest; each ignores the other's option.
  const options: Record<string, unknown> = {
    onUnhandledFrame: ({
      frame,
      defaults,
    }: {
      frame: { protocol: string; data: unknown };
      defaults: { warn(): void };
    }) => {
      if (frame.protocol !== 'http') return defaults.warn();
      refuse((frame.data as { request: Request }).request);
    },
    onUnhandledRequest: (request: Request) => refuse(request),
  };
  server.listen(options);
  return {
    server,
    passthrough: allowed,
    takeRefused: () => {
      const taken = refused;
      refused = [];
      return taken;
    },
    close: () => server.close(),
  };
}

export function createNetwork(worker: NetworkServer): Network {
  let touched = false;
  return {
    server: worker.server,
    use(...handlers) {
      touched = true;
      worker.server.use(...handlers);
    },
    intercept(cdn) {
      touched = true;
      worker.server.use(...interceptionHandlers(cdn));
    },
    takeRefused: () => worker.takeRefused(),
    reset() {
      if (touched) worker.server.resetHandlers();
      touched = false;
      const refused = worker.takeRefused();
      if (refused.length > 0) {
        throw new EdgecaseError(
          'InvalidUrl',
          `${refused.length === 1 ? 'A request' : `${refused.length} requests`} went to a host that is neither the distribution's nor a passthrough host: ${refused.join(', ')}.`,
          {
            value: refused,
            hint: `Add the host to edgecase({ domains }) if it is the CDN, to edgecase({ passthrough }) to let it reach the network, or answer it with network.use(http.get(...)). Passthrough now: ${[...worker.passthrough].join(', ')}.`,
          },
        );
      }
    },
  };
}

/** msw handlers that send every request for the distribution's hosts to `cdn.fetch`. */
export function interceptionHandlers(cdn: Cdn): RequestHandler[] {
  const hosts = [cdn.distribution.domainName, ...cdn.distribution.aliases];
  return hosts.flatMap((host) =>
    ['https', 'http'].map((scheme) =>
      // A body the edge compressed goes to msw as the compressed bytes, as on the wire: the
      // intercepted fetch decodes it by its Content-Encoding, as it would CloudFront's answer.
      http.all(`${scheme}://${host}/*`, async ({ request }) => EdgeResponse.wire(await cdn.fetch(request))),
    ),
  );
}
