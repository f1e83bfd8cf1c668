import { type Cdn, EdgecaseError } from '@edgecase/cdn';
import { setupServer } from 'msw/node';
import { isAwsRequest, unmockedAwsClient } from './aws-hosts.js';
import { type SharedInterception, sharedInterception } from './interception.js';
import { type PinnedHandlers, pinHandlers } from './pinned-handlers.js';

type MswServer = ReturnType<typeof setupServer>;
type MswHandler = Parameters<MswServer['use']>[number];

/** One msw server per Vitest worker: msw patches the worker's globals (fetch, http). */
export interface NetworkServer {
  readonly server: MswServer;
  /** Whether edgecase started `server` (else it is the app's, from `edgecase({ msw: { server } })`). */
  readonly owned: boolean;
  readonly passthrough: ReadonlySet<string>;
  /** Keeps the distribution's handlers first on `server` (see pinned-handlers.ts). */
  readonly pins: PinnedHandlers;
  /** Requests refused since the last call (`GET https://api.example.com/me`), and forgets them. */
  takeRefused(): string[];
  /** True when another msw server was already intercepting this worker when edgecase's started. */
  readonly shared: boolean;
  /** Notes a request refused because two msw servers intercept the worker. */
  report(error: EdgecaseError): void;
  /** The errors reported since the last call, and forgets them. */
  takeConflicts(): EdgecaseError[];
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
    const line = `${request.method} ${url.origin}${url.pathname}`;
    refused.push(line);
    if (isAwsRequest(line)) throw unmockedAwsClient([line]);
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
  // msw patches `fetch` when its interceptor starts; if it is already running (another msw server in
  // this worker, e.g. the app's), `fetch` stays as it was and every request would be handled twice.
  const fetchBefore = globalThis.fetch;
  server.listen(options);
  const shared = globalThis.fetch === fetchBefore;
  const pins = pinHandlers(server);
  const conflicts = conflictLog();
  return {
    server,
    owned: true,
    shared,
    passthrough: allowed,
    pins,
    takeRefused: () => {
      const taken = refused;
      refused = [];
      return taken;
    },
    report: conflicts.record,
    takeConflicts: conflicts.take,
    close: () => {
      pins.restore();
      server.close();
    },
  };
}

/**
 * Uses the app's own msw server (`edgecase({ msw: { server } })`): the app listens and closes it and
 * its unhandled-request policy applies; edgecase only adds the distribution's handlers per test.
 */
export function adoptNetworkServer(server: MswServer): NetworkServer {
  const pins = pinHandlers(server);
  const conflicts = conflictLog();
  return {
    server,
    owned: false,
    shared: false,
    passthrough: new Set(),
    pins,
    takeRefused: () => [],
    report: conflicts.record,
    takeConflicts: conflicts.take,
    close: () => pins.restore(),
  };
}

function conflictLog() {
  let errors: EdgecaseError[] = [];
  return {
    record: (error: EdgecaseError) => {
      errors.push(error);
    },
    take: () => {
      const taken = errors;
      errors = [];
      return taken;
    },
  };
}

/** Each worker server's interception handlers, reused by its tests (see sharedInterception). */
const interceptions = new WeakMap<NetworkServer, SharedInterception>();

export function createNetwork(worker: NetworkServer): Network {
  // Handlers this test added through `network.use`: removed when it ends.
  const own = new Set<MswHandler>();
  let touched = false;
  let detach: (() => void) | undefined;
  return {
    get server() {
      return worker.server;
    },
    use(...handlers) {
      touched = true;
      for (const handler of handlers) own.add(handler);
      worker.server.use(...handlers);
    },
    intercept(cdn) {
      touched = true;
      let interception = interceptions.get(worker);
      if (interception === undefined) {
        interception = sharedInterception(worker);
        interceptions.set(worker, interception);
      }
      detach?.();
      const attached = interception.attach(cdn);
      detach = attached.detach;
      worker.pins.pin(attached.handlers);
    },
    takeRefused: () => worker.takeRefused(),
    reset() {
      // On edgecase's own server every runtime handler is this test's; on the app's, only ours go.
      if (touched) worker.pins.unpin(worker.owned ? () => false : (handler) => !own.has(handler));
      touched = false;
      detach?.();
      detach = undefined;
      own.clear();
      const [conflict] = worker.takeConflicts();
      if (conflict) throw conflict;
      const refused = worker.takeRefused();
      const aws = unmockedAwsClient(refused);
      if (aws) throw aws;
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

/**
 * With `edgecase({ msw: false })` edgecase intercepts nothing: the app adds `interceptionHandlers(cdn)`
 * to its own server. Tests can still request `network`; using its server says why there is none.
 */
export function detachedNetworkServer(): NetworkServer {
  const none = (): never => {
    throw new EdgecaseError(
      'InvalidOption',
      'edgecase({ msw: false }) starts no msw server, so `network` has none.',
      {
        hint: 'Add handlers to your own msw server, and the distribution with server.use(...interceptionHandlers(cdn)).',
      },
    );
  };
  return {
    get server(): MswServer {
      return none();
    },
    owned: false,
    shared: false,
    passthrough: new Set(),
    pins: { pin: () => {}, unpin: () => {}, restore: () => {} },
    takeRefused: () => [],
    report: () => {},
    takeConflicts: () => [],
    close: () => {},
  };
}
