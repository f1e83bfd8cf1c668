import { type Cdn, EdgecaseError, EdgeResponse } from '@edgecase/cdn';
import { http, type RequestHandler } from 'msw';
import { describeValue } from '../describe-value.js';

/** How edgecase's own server learns of a second msw server in its worker. */
export interface InterceptionGuard {
  /** True when `fetch` was already intercepted when edgecase's server started (the app's server). */
  readonly shared: boolean;
  report(error: EdgecaseError): void;
}

const FIX =
  "Let one server intercept: tell edgecase to use your app's server with edgecase({ msw: { server: './test/msw-server.ts' } }) (a module exporting `server`), or wire it by hand: edgecase({ msw: false }) and server.use(...interceptionHandlers(cdn)) on your server.";

/**
 * msw handlers that send every request for the distribution's hosts to `cdn.fetch`: the hand wiring
 * into an app's own msw server (`server.use(...interceptionHandlers(cdn))`).
 *
 * Two msw servers listening in one worker share msw's interceptor, and each runs its handlers for
 * every request, so a request would reach the distribution twice (6 fetches, 12 trace records). A
 * request these handlers have already answered is therefore refused with an error naming the fix.
 */
export function interceptionHandlers(cdn: Cdn, guard?: InterceptionGuard): RequestHandler[] {
  if (typeof (cdn as Partial<Cdn> | undefined)?.fetch !== 'function' || !cdn.distribution) {
    throw new EdgecaseError(
      'InvalidOption',
      `interceptionHandlers: expected a Cdn from createCdn(), got ${describeValue(cdn)}.`,
      {
        value: cdn,
        hint: "Pass the test's `cdn` fixture: server.use(...interceptionHandlers(cdn)).",
      },
    );
  }
  return handlersFor(distributionHosts(cdn), () => cdn, guard);
}

function distributionHosts(cdn: Cdn): string[] {
  return [cdn.distribution.domainName, ...cdn.distribution.aliases];
}

/** msw `http.all` handlers for `hosts` (both schemes), answering with `target()`'s `cdn.fetch`. */
function handlersFor(
  hosts: readonly string[],
  target: () => Cdn | undefined,
  guard?: InterceptionGuard,
): RequestHandler[] {
  const answered = new Set<string>();
  const answer = async ({ request, requestId }: { request: Request; requestId: string }) => {
    const cdn = target();
    // No test's distribution has these hosts now: msw goes on to its other handlers.
    if (cdn === undefined) return undefined;
    if (guard?.shared || answered.has(requestId)) {
      const error = new EdgecaseError(
        'InvalidOption',
        `${request.method} ${request.url} was refused: two msw servers intercept this Vitest worker (yours and edgecase's), so every request to the distribution would be answered twice.`,
        { value: request.url, hint: FIX },
      );
      guard?.report(error);
      throw error;
    }
    answered.add(requestId);
    if (answered.size > 1000) answered.delete(answered.values().next().value as string);
    // A body the edge compressed goes to msw as the compressed bytes, as on the wire: the
    // intercepted fetch decodes it by its Content-Encoding, as it would CloudFront's answer.
    return EdgeResponse.wire(await cdn.fetch(request));
  };
  return hosts.flatMap((host) =>
    ['https', 'http'].map((scheme) => http.all(hostPattern(scheme, host), answer)),
  );
}

/**
 * The URLs of `host`. A wildcard alias (`*.example.com`) answers for its subdomains at any depth
 * (CFDG CNAMEs #alternate-domain-names-wildcard): a pattern whose `*` stays inside the host, as msw's
 * own `*` would also match `https://other.com/www.example.com/…`.
 */
function hostPattern(scheme: string, host: string): string | RegExp {
  if (!host.startsWith('*.')) return `${scheme}://${host}/*`;
  const suffix = host.slice(1).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${scheme}://[^/?#]+${suffix}(:\\d+)?/`, 'i');
}

/**
 * The `cdn` fixture's interception, one per worker's msw server: the handlers for a set of hosts are
 * made once and reused by every test whose distribution has those hosts, answering with that test's
 * `cdn` (the newest, when tests run concurrently, as the newest pinned handlers answered before).
 * Making msw handlers is most of a test's fixture cost (msw reads a stack trace for each), so a
 * fresh distribution per test no longer makes fresh handlers; each test still gets its own `cdn`.
 */
export interface SharedInterception {
  /** The handlers answering with `cdn` until the returned function is called (at the test's end). */
  attach(cdn: Cdn): { handlers: RequestHandler[]; detach(): void };
}

export function sharedInterception(guard: InterceptionGuard): SharedInterception {
  const byHosts = new Map<string, { handlers: RequestHandler[]; targets: Cdn[] }>();
  return {
    attach(cdn) {
      const hosts = distributionHosts(cdn);
      const key = hosts.join(' ');
      let entry = byHosts.get(key);
      if (entry === undefined) {
        const targets: Cdn[] = [];
        entry = { handlers: handlersFor(hosts, () => targets.at(-1), guard), targets };
        byHosts.set(key, entry);
      }
      const { handlers, targets } = entry;
      targets.push(cdn);
      return {
        handlers,
        detach: () => {
          const at = targets.lastIndexOf(cdn);
          if (at >= 0) targets.splice(at, 1);
        },
      };
    },
  };
}
