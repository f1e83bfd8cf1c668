import type { CacheNode } from '../cache/cache-node.js';
import { type ChoiceSource, hash32 } from '../clock/random.js';
import { describe, EdgecaseError, invalid } from '../errors.js';
import { checkOneOf, checkOptionKeys, didYouMean } from '../options/strict-keys.js';
import type { Topology } from '../topology/topology.js';

/**
 * How a request picks its edge location and server. `sticky` keeps a viewer on one choice (as DNS
 * and a kept-alive connection do), `random` draws from the seeded generator, `round-robin` cycles.
 * The default, `{ pop: 'sticky', server: 'random' }`, models a browser that stays in one edge
 * location while its requests land on different servers there (§7 aws-cloudfront-extensions#111).
 */
export type RoutingMode = 'random' | 'round-robin' | 'sticky';
export type RoutingOption = RoutingMode | { pop?: RoutingMode; server?: RoutingMode };

/** Pins one request to an edge location and, optionally, one of its servers (1-based). */
export interface RoutePin {
  pop?: string;
  server?: number;
}

const MODES: readonly RoutingMode[] = ['random', 'round-robin', 'sticky'];

export interface ResolvedRouting {
  pop: RoutingMode;
  server: RoutingMode;
}

/** One routing mode for both: made once each (the explorer resets to `random` before every run). */
const BOTH: Readonly<Record<string, ResolvedRouting>> = Object.freeze({
  random: Object.freeze({ pop: 'random', server: 'random' }),
  'round-robin': Object.freeze({ pop: 'round-robin', server: 'round-robin' }),
  sticky: Object.freeze({ pop: 'sticky', server: 'sticky' }),
});

export function resolveRouting(option: RoutingOption | undefined, what = 'routing'): ResolvedRouting {
  if (option === undefined) return { pop: 'sticky', server: 'random' };
  if (typeof option === 'string') return BOTH[mode(option, what)] as ResolvedRouting;
  if (typeof option !== 'object' || option === null) {
    invalid('InvalidOption', what, `one of ${MODES.join(', ')} or { pop, server }`, option);
  }
  checkOptionKeys(option, ['pop', 'server'], what);
  return {
    pop: option.pop === undefined ? 'sticky' : mode(option.pop, `${what}.pop`),
    server: option.server === undefined ? 'random' : mode(option.server, `${what}.server`),
  };
}

function mode(value: unknown, what: string): RoutingMode {
  // Defined here: an option left out takes its default before this; a near miss gets a did-you-mean.
  return checkOneOf(value, MODES, what) as RoutingMode;
}

export class Router {
  readonly #topology: Topology;
  /** `random` routing's choices: the seeded generator, or the explorer's draws. */
  readonly #random: ChoiceSource;
  // Each Map is made on first use: `random` routing (the explorer's, a new router per run) uses none.
  #counters: Map<string, number> | undefined;
  /** viewer -> (pop or server slot -> hash), so sticky routing hashes each viewer once. */
  #sticky: Map<string, Map<string, number>> | undefined;
  /** viewer -> its server, when both the POP and the server are sticky. */
  #stickyNodes: Map<string, CacheNode> | undefined;

  constructor(topology: Topology, random: ChoiceSource) {
    this.#topology = topology;
    this.#random = random;
  }

  route(viewer: string, routing: ResolvedRouting, pin?: RoutePin): CacheNode {
    // The common case: an unpinned viewer with sticky routing always lands on the same server.
    if (pin === undefined && routing.pop === 'sticky' && routing.server === 'sticky') {
      this.#stickyNodes ??= new Map();
      const nodes = this.#stickyNodes;
      let node = nodes.get(viewer);
      if (node === undefined) {
        node = this.#route(viewer, routing, pin);
        if (nodes.size > 10_000) nodes.clear();
        nodes.set(viewer, node);
      }
      return node;
    }
    return this.#route(viewer, routing, pin);
  }

  #route(viewer: string, routing: ResolvedRouting, pin?: RoutePin): CacheNode {
    const pops = this.#topology.pops;
    let pop = pops[0];
    if (pin?.pop !== undefined) {
      pop = this.#topology.pop(pin.pop);
      if (!pop) {
        const ids = pops.map((p) => p.id);
        const near = didYouMean(String(pin.pop), ids);
        throw new EdgecaseError(
          'NoSuchPop',
          `pop: expected an edge location of this topology (${ids.slice(0, 10).join(', ')}${ids.length > 10 ? ', ...' : ''}), got ${describe(pin.pop)}.${near ? ` Did you mean ${describe(near)}?` : ''}`,
          { value: pin.pop, hint: 'Add it to topology.pops to pin requests to it.' },
        );
      }
    } else {
      pop = pops[this.#pick(routing.pop, pops.length, viewer, 'pop')];
    }
    if (!pop) throw new EdgecaseError('InvalidTopology', 'The topology has no POPs.');
    if (pin?.server !== undefined) {
      const n = pin.server;
      const node = Number.isInteger(n) && n >= 1 && n <= pop.serverCount ? pop.server(n) : undefined;
      if (!node) {
        throw new EdgecaseError(
          'NoSuchServer',
          `server: expected a server of ${pop.id} from 1 to ${pop.serverCount}, got ${describe(pin.server)}.`,
          { value: pin.server, hint: 'Servers are numbered from 1; topology.serversPerPop sets how many.' },
        );
      }
      return node;
    }
    // `random` draws without a slot name: only sticky and round-robin key their state by it.
    const count = pop.serverCount;
    const n =
      routing.server === 'random'
        ? count === 1
          ? 0
          : this.#random.int(count)
        : this.#pick(routing.server, count, viewer, serverSlot(pop.id));
    return pop.server(n + 1);
  }

  #pick(mode: RoutingMode, count: number, viewer: string, what: string): number {
    if (count === 1) return 0;
    switch (mode) {
      case 'sticky': {
        this.#sticky ??= new Map();
        const sticky = this.#sticky;
        let byWhat = sticky.get(viewer);
        if (byWhat === undefined) {
          if (sticky.size > 10_000) sticky.clear();
          byWhat = new Map();
          sticky.set(viewer, byWhat);
        }
        let hash = byWhat.get(what);
        if (hash === undefined) {
          hash = hash32(`${viewer}|${what}`);
          byWhat.set(what, hash);
        }
        return hash % count;
      }
      case 'random':
        return this.#random.int(count);
      case 'round-robin': {
        const key = `${viewer}|${what}`;
        this.#counters ??= new Map();
        const counters = this.#counters;
        const n = counters.get(key) ?? 0;
        counters.set(key, n + 1);
        return n % count;
      }
    }
  }
}

const SLOTS = new Map<string, string>();
/** `server:<pop>`, built once per POP rather than once per request. */
function serverSlot(popId: string): string {
  let slot = SLOTS.get(popId);
  if (slot === undefined) {
    slot = `server:${popId}`;
    SLOTS.set(popId, slot);
  }
  return slot;
}
