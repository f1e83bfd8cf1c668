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
  const hosts = [cdn.distribution.domainName, ...cdn.distribution.aliases];
  const answered = new Set<string>();
  const answer = async ({ request, requestId }: { request: Request; requestId: string }) => {
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
    ['https', 'http'].map((scheme) => http.all(`${scheme}://${host}/*`, answer)),
  );
}
