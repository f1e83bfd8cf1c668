import { CacheNode, type NodeEvents, type NodeHome } from '../cache/cache-node.js';
import { CacheStore } from '../cache/cache-store.js';
import { invalid } from '../errors.js';
import { checkOptionKeys, optionKeys } from '../options/strict-keys.js';

/**
 * Edge locations (POPs) with several servers each, regional edge caches (RECs) and Origin Shields
 * (§7 CFDG HowCloudFrontWorks, origin-shield). Every server, REC and shield has its own cache.
 * Per-server caches inside a POP are UNCONFIRMED as AWS-stated fact (§7); they are on by default
 * because users observe their effect, and `perServerCaches: false` gives one cache per POP.
 */
export interface PopOptions {
  /** IATA-style code plus number, e.g. `SFO5`. */
  id: string;
  /** Servers in this POP; default `serversPerPop`. */
  servers?: number;
  /** AWS Region of the REC this POP uses; default `us-east-1`. */
  region?: string;
}

export interface TopologyOptions {
  /** POP ids, POP options, or a count of POPs to generate. Default `['IAD89', 'SFO5']`. */
  pops?: number | readonly (string | PopOptions)[];
  /** Default 4. */
  serversPerPop?: number;
  /** Default `true`: each server has its own cache. */
  perServerCaches?: boolean;
  /** Byte capacity of every cache node, LRU eviction beyond it. Default: unlimited (no eviction). */
  capacityBytes?: number;
}

export const TOPOLOGY_KEYS = optionKeys<TopologyOptions>()([
  'pops',
  'serversPerPop',
  'perServerCaches',
  'capacityBytes',
]);
const POP_KEYS = optionKeys<PopOptions>()(['id', 'servers', 'region']);

export interface Pop {
  id: string;
  region: string;
  /** How many servers the POP has. */
  readonly serverCount: number;
  /** Server `n` (1-based, shown as `-C<n>` in X-Amz-Cf-Pop), created on first use. */
  server(n: number): CacheNode;
  /**
   * Every server, `servers[n - 1]` being server `n`. Creates the ones not used yet: at CloudFront's
   * size prefer `server(n)` and `serverCount`, which cost nothing for servers nobody reached.
   */
  readonly servers: readonly CacheNode[];
  /** Server `n` if it has been used (else undefined: nothing created). */
  existing?(n: number): CacheNode | undefined;
  /** The node id of server `n`, without creating it. */
  nodeId?(n: number): string;
  /** Distinct caches: `serverCount`, or 1 with `perServerCaches: false`. */
  readonly nodeCount?: number;
}

/** A POP whose servers are created on first use: an untouched server costs nothing. */
class LazyPop implements Pop {
  readonly id: string;
  readonly region: string;
  readonly serverCount: number;
  readonly index: number;
  readonly #make: (pop: LazyPop, server: number) => CacheNode;
  /** Server n at [n - 1], or one node for all with `perServerCaches: false`; allocated on first use. */
  #nodes: (CacheNode | undefined)[] | undefined;
  readonly #shared: boolean;
  /** What this POP's servers share (tier, Region, store), made with the first server. */
  home: NodeHome | undefined;

  constructor(
    id: string,
    region: string,
    serverCount: number,
    index: number,
    shared: boolean,
    make: (pop: LazyPop, server: number) => CacheNode,
  ) {
    this.id = id;
    this.region = region;
    this.serverCount = serverCount;
    this.index = index;
    this.#shared = shared;
    this.#make = make;
  }

  server(n: number): CacheNode {
    const slot = this.#shared ? 0 : n - 1;
    // Sized once: an array grown by holes reallocates its store as it grows (~2x the bytes).
    this.#nodes ??= new Array<CacheNode | undefined>(this.#shared ? 1 : this.serverCount);
    const nodes = this.#nodes;
    let node = nodes[slot];
    if (node === undefined) {
      node = this.#make(this, this.#shared ? 1 : n);
      nodes[slot] = node;
    }
    return node;
  }

  /** The servers made so far, by number. */
  *made(): IterableIterator<CacheNode> {
    const nodes = this.#nodes;
    if (nodes === undefined) return;
    for (let i = 0; i < nodes.length; i++) if (nodes[i] !== undefined) yield nodes[i] as CacheNode;
  }

  /** Forgets every server (`Topology.reset`). */
  forget(): void {
    this.#nodes = undefined;
    this.home = undefined;
  }

  /** Server `n` if it has been used. */
  existing(n: number): CacheNode | undefined {
    return this.#nodes?.[this.#shared ? 0 : n - 1];
  }

  get servers(): readonly CacheNode[] {
    return Array.from({ length: this.serverCount }, (_, i) => this.server(i + 1));
  }

  /** The node id of server `n` (without creating it). */
  nodeId(n: number): string {
    return `${this.id}-C${this.#shared ? 1 : n}`;
  }

  /** Distinct cache nodes: 1 with `perServerCaches: false`. */
  get nodeCount(): number {
    return this.#shared ? 1 : this.serverCount;
  }
}

// A few real edge-location codes with the Region of their regional edge cache, to generate POPs.
const POP_CODES: readonly [string, string][] = [
  ['IAD', 'us-east-1'],
  ['SFO', 'us-west-1'],
  ['LHR', 'eu-west-2'],
  ['FRA', 'eu-central-1'],
  ['NRT', 'ap-northeast-1'],
  ['SYD', 'ap-southeast-2'],
  ['GRU', 'sa-east-1'],
  ['BOM', 'ap-south-1'],
  ['SIN', 'ap-southeast-1'],
  ['ICN', 'ap-northeast-2'],
  ['DUB', 'eu-west-1'],
  ['SEA', 'us-west-2'],
  ['ORD', 'us-east-2'],
  ['CDG', 'eu-west-3'],
  ['ARN', 'eu-north-1'],
  ['YUL', 'ca-central-1'],
];

const POP_ID = /^[A-Z]{3}[0-9]{1,3}(?:-[A-Z0-9]+)?$/;
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d$/;

export class Topology {
  readonly pops: readonly Pop[];
  readonly #lazyPops: readonly LazyPop[];
  readonly #popById: Map<string, LazyPop>;
  #regional = new Map<string, CacheNode>();
  readonly #capacityBytes: number | undefined;
  #store = new CacheStore();
  /** The POPs with a server made so far, in the order of their first one. */
  #touched: LazyPop[] = [];
  #nodes: CacheNode[] | undefined;
  readonly #active = new Set<(node: CacheNode) => void>();
  /**
   * How many times a node started fetching upstream with nothing under way: each such node keeps its
   * number, which orders `filling()`. A counter, not a Set kept on every fill's start and end (~4 % of
   * a miss, issue 13); only creating an invalidation asks which nodes are filling.
   */
  #fillStarts = 0;
  readonly #events: NodeEvents = {
    fillsStarted: (node) => {
      for (const listener of this.#active) listener(node);
      return ++this.#fillStarts;
    },
  };
  /** Every node id, built on first use (invalidations hash them), dropped when a node is added. */
  #nodeIds: string[] | undefined;
  /** The POPs' Regions, each once, in POP order: their regional caches are made at once. */
  readonly #regions: readonly string[];

  constructor(options: TopologyOptions = {}) {
    checkOptionKeys(options, TOPOLOGY_KEYS, 'topology', 'InvalidTopology');
    const serversPerPop = options.serversPerPop ?? 4;
    checkServers(serversPerPop, 'topology.serversPerPop');
    if (options.capacityBytes !== undefined && !(options.capacityBytes > 0)) {
      invalid(
        'InvalidTopology',
        'topology.capacityBytes',
        'a positive number of bytes',
        options.capacityBytes,
      );
    }
    this.#capacityBytes = options.capacityBytes;
    const perServer = options.perServerCaches ?? true;
    if (typeof perServer !== 'boolean') {
      invalid('InvalidTopology', 'topology.perServerCaches', 'true or false', perServer);
    }
    const make = (pop: LazyPop, server: number) => {
      if (pop.home === undefined) this.#touched.push(pop);
      pop.home ??= {
        tier: 'edge',
        region: pop.region,
        pop: pop.id,
        store: this.#store,
        events: this.#events,
        capacityBytes: this.#capacityBytes ?? Number.POSITIVE_INFINITY,
      };
      const node = new CacheNode({ home: pop.home, server });
      this.#nodes = undefined;
      return node;
    };
    const regions = new Set<string>();
    this.#lazyPops = popOptions(options.pops).map((raw, i) => {
      const pop: PopOptions = typeof raw === 'string' ? { id: raw } : raw;
      const what = `topology.pops[${i}]`;
      if (typeof raw !== 'string') checkOptionKeys(raw, POP_KEYS, what, 'InvalidTopology');
      if (typeof pop?.id !== 'string' || !POP_ID.test(pop.id)) {
        invalid(
          'InvalidTopology',
          `${what}.id`,
          "an edge location code like 'SFO5' (three capitals and a number)",
          pop?.id,
        );
      }
      const region = pop.region ?? 'us-east-1';
      if (!regions.has(region)) {
        if (!REGION.test(region))
          invalid('InvalidTopology', `${what}.region`, "an AWS Region like 'us-east-1'", region);
        regions.add(region);
      }
      const count = pop.servers ?? serversPerPop;
      if (count !== serversPerPop) checkServers(count, `${what}.servers`);
      return new LazyPop(pop.id, region, count, i, !perServer, make);
    });
    this.pops = this.#lazyPops;
    this.#regions = [...regions];
    for (const region of regions) this.regional(region);
    this.#popById = new Map(this.#lazyPops.map((p) => [p.id, p]));
    if (this.#popById.size !== this.pops.length) {
      invalid(
        'InvalidTopology',
        'topology.pops',
        'unique POP ids',
        this.pops.map((p) => p.id),
      );
    }
  }

  pop(id: string): Pop | undefined {
    return this.#popById.get(id);
  }

  /** Every node's entries, indexed by cache key and by path. */
  get store(): CacheStore {
    return this.#store;
  }

  /**
   * Forgets every node and entry, as if just created: edge servers are created again on first use,
   * regional caches of the POPs' Regions at once (others, such as shields, on the next `regional`).
   * A fetch still under way writes into the old store, never into the new one.
   */
  reset(): void {
    this.#store = new CacheStore();
    // Only POPs with a server made have anything to forget: at 600 POPs, visiting each cost more
    // than the rest of an explored run's reset.
    for (const pop of this.#touched) pop.forget();
    // A new array: setting `length` is a call into the runtime (trace.ts `reset`).
    this.#touched = [];
    this.#nodes = undefined;
    this.#nodeIds = undefined;
    // A new Map, not `clear()`: V8 links a cleared Map's old table to its new one, so a long-lived
    // Map cleared every run chained each run's regional caches (and all they held) to the next
    // through old space, and every scavenge promoted ~4.5 MB of dead runs (explorer: 25 % of its CPU).
    this.#regional = new Map();
    for (const region of this.#regions) this.regional(region);
  }

  /** The regional edge cache of `region`, created on first use (Origin Shield regions use it too). */
  regional(region: string): CacheNode {
    let node = this.#regional.get(region);
    if (!node) {
      node = this.#node(`REC-${region}`, 'regional', region);
      this.#regional.set(region, node);
      this.#nodes = undefined;
      this.#nodeIds = undefined;
    }
    return node;
  }

  /** The regional caches (and shields) that exist. */
  regionals(): readonly CacheNode[] {
    return [...this.#regional.values()];
  }

  /**
   * Every cache node that exists: the edge servers used so far (POP order), then regional caches. An
   * edge server nobody reached holds nothing and is not listed; `pop.server(n)` creates it.
   */
  nodes(): readonly CacheNode[] {
    if (this.#nodes === undefined) {
      const edges: CacheNode[] = [];
      for (const pop of [...this.#touched].sort((a, b) => a.index - b.index)) edges.push(...pop.made());
      this.#nodes = [...edges, ...this.#regional.values()];
    }
    return this.#nodes;
  }

  /** The cache node with this id (`SFO5-C2`, `REC-us-east-1`), if any; an edge server is created. */
  node(id: string): CacheNode | undefined {
    const regional = id.startsWith('REC-') ? this.#regional.get(id.slice(4)) : undefined;
    if (regional) return regional;
    const server = this.#serverOf(id);
    return server?.pop.server(server.n);
  }

  /** The POP and server number an edge server id (`SFO5-C2`) names, if the topology has them. */
  #serverOf(id: string): { pop: LazyPop; n: number; canonical: boolean } | undefined {
    const at = id.lastIndexOf('-C');
    const pop = at > 0 ? this.#popById.get(id.slice(0, at)) : undefined;
    const digits = id.slice(at + 2);
    const n = Number(digits);
    if (!pop || !Number.isInteger(n) || n < 1 || n > pop.nodeCount) return undefined;
    return { pop, n, canonical: `${n}` === digits };
  }

  /** Where `node` sorts in `nodes()`: edge servers by POP then server number, then regional caches. */
  order(node: CacheNode): number {
    if (node.tier === 'edge')
      return (this.#popById.get(node.pop ?? '')?.index ?? 0) * 1000 + (node.server ?? 0);
    let i = 0;
    for (const regional of this.#regional.values()) {
      if (regional === node) break;
      i++;
    }
    return 1e9 + i;
  }

  /** The node with this id if it exists, without creating it. */
  existingNode(id: string): CacheNode | undefined {
    const regional = id.startsWith('REC-') ? this.#regional.get(id.slice(4)) : undefined;
    if (regional) return regional;
    const server = this.#serverOf(id);
    return server?.pop.existing(server.n);
  }

  /** Whether `id` names a node of this topology (created or not). */
  hasNode(id: string): boolean {
    if (id.startsWith('REC-')) return this.#regional.has(id.slice(4));
    return this.#serverOf(id)?.canonical === true;
  }

  /** Every node id, created or not: edge servers (POP order), then regional caches. */
  nodeIds(): readonly string[] {
    if (this.#nodeIds === undefined) {
      const ids: string[] = [];
      for (const pop of this.#lazyPops) for (let n = 1; n <= pop.nodeCount; n++) ids.push(pop.nodeId(n));
      for (const node of this.#regional.values()) ids.push(node.id);
      this.#nodeIds = ids;
    }
    return this.#nodeIds;
  }

  /**
   * The nodes with a fetch upstream under way, in the order their fetches began (a node whose fetches
   * all ended and that began again counts from the new start). Visits every node made so far.
   */
  filling(): CacheNode[] {
    const filling: CacheNode[] = [];
    for (const pop of this.#touched) for (const node of pop.made()) if (node.filling) filling.push(node);
    for (const node of this.#regional.values()) if (node.filling) filling.push(node);
    return filling.sort((a, b) => a.fillingSince - b.fillingSince);
  }

  /** How many edge servers viewers can reach. */
  get edgeServerCount(): number {
    let count = 0;
    for (const pop of this.#lazyPops) count += pop.serverCount;
    return count;
  }

  /**
   * Every edge server as viewers can reach them: `{ pop, server, node }`. Creates every server: at
   * CloudFront's size walk `pops` with `serverCount` instead.
   */
  edgeServers(): { pop: Pop; server: number; node: CacheNode }[] {
    return this.pops.flatMap((pop) =>
      Array.from({ length: pop.serverCount }, (_, i) => ({ pop, server: i + 1, node: pop.server(i + 1) })),
    );
  }

  /**
   * Calls `listener` when a node starts fetching upstream with nothing else under way there (before
   * it can store anything); returns the unsubscribe.
   */
  onNodeActive(listener: (node: CacheNode) => void): () => void {
    this.#active.add(listener);
    return () => this.#active.delete(listener);
  }

  #node(id: string, tier: 'regional', region: string): CacheNode {
    // One literal (no spread of an optional part): a regional cache is made again at every reset.
    return new CacheNode({
      id,
      tier,
      region,
      store: this.#store,
      events: this.#events,
      capacityBytes: this.#capacityBytes,
    });
  }
}

function popOptions(pops: TopologyOptions['pops']): readonly (string | PopOptions)[] {
  if (pops === undefined) return ['IAD89', 'SFO5'];
  if (typeof pops === 'number') {
    if (!Number.isInteger(pops) || pops < 1 || pops > 2000) {
      invalid(
        'InvalidTopology',
        'topology.pops',
        'a whole number of POPs from 1 to 2000, or a list of POP ids',
        pops,
      );
    }
    return Array.from({ length: pops }, (_, i) => {
      const [code, region] = POP_CODES[i % POP_CODES.length] as [string, string];
      return { id: `${code}${Math.floor(i / POP_CODES.length) + 1}`, region };
    });
  }
  if (!Array.isArray(pops) || pops.length === 0) {
    invalid('InvalidTopology', 'topology.pops', 'a non-empty list of POP ids or a count', pops);
  }
  return pops;
}

function checkServers(count: unknown, what: string): void {
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > 100) {
    invalid('InvalidTopology', what, 'a whole number of servers from 1 to 100', count);
  }
}
