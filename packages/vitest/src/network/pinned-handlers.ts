import type { setupServer } from 'msw/node';

type MswServer = ReturnType<typeof setupServer>;
type MswHandler = Parameters<MswServer['use']>[number];

/**
 * Keeps the distribution's handlers first on an msw server, whoever else adds or resets handlers.
 *
 * The precedence rule: requests for the distribution's hosts are the CDN's. msw tries runtime
 * handlers (`server.use`, newest first) before the server's initial ones, so a catch-all in
 * `setupServer(http.all('*', ...))` already comes after them; this also wraps the server's `use` and
 * `resetHandlers`, so an app's `server.resetHandlers()` in its own `beforeEach` and a catch-all it
 * `use`s during the test do not wipe or shadow them: after either call the pinned handlers are
 * prepended again. Everything else the app does with its server behaves as before.
 */
export interface PinnedHandlers {
  /** Puts `handlers` first, now and after every `use`/`resetHandlers`, until `unpin`. */
  pin(handlers: readonly MswHandler[]): void;
  /**
   * Removes the pinned handlers and the handlers added with `use` since the last `resetHandlers`
   * that `keepUsed` rejects; the others are added again in their order.
   */
  unpin(keepUsed?: (handler: MswHandler) => boolean): void;
  /** Gives the server its own `use` and `resetHandlers` back. */
  restore(): void;
}

export function pinHandlers(server: MswServer): PinnedHandlers {
  const use = server.use.bind(server);
  const reset = server.resetHandlers.bind(server);
  const wrappedUse = server.use;
  const wrappedReset = server.resetHandlers;
  let pinned: readonly MswHandler[] = [];
  // The handlers `use`d since the last reset, one array per call, oldest first.
  let used: MswHandler[][] = [];
  server.use = (...handlers: MswHandler[]) => {
    used.push(handlers);
    use(...handlers);
    if (pinned.length > 0) use(...pinned);
  };
  server.resetHandlers = (...next: Parameters<MswServer['resetHandlers']>) => {
    used = [];
    reset(...next);
    if (pinned.length > 0) use(...pinned);
  };
  return {
    pin(handlers) {
      pinned = handlers;
      use(...handlers);
    },
    unpin(keepUsed = () => true) {
      pinned = [];
      const kept = used.map((call) => call.filter(keepUsed)).filter((call) => call.length > 0);
      used = kept;
      reset();
      for (const call of kept) use(...call);
    },
    restore() {
      server.use = wrappedUse;
      server.resetHandlers = wrappedReset;
    },
  };
}
