import { CacheNode } from '../cache/cache-node.js';
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
  /** Server `n` (1-based, shown as `-C<n>` in X-Amz-Cf-Pop) is `servers[n - 1]`. */
  servers: readonly CacheNode[];
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
  readonly #popById: Map<string, Pop>;
  readonly #regional = new Map<string, CacheNode>();
  readonly #capacityBytes: number | undefined;
  #nodes: CacheNode[] | undefined;
  #nodeById: Map<string, CacheNode> | undefined;

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
    this.pops = popOptions(options.pops).map((raw, i) => {
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
      if (!REGION.test(region))
        invalid('InvalidTopology', `${what}.region`, "an AWS Region like 'us-east-1'", region);
      const count = pop.servers ?? serversPerPop;
      checkServers(count, `${what}.servers`);
      const shared = perServer ? undefined : this.#node(`${pop.id}-C1`, 'edge', region, pop.id, 1);
      const servers = Array.from(
        { length: count },
        (_, s) => shared ?? this.#node(`${pop.id}-C${s + 1}`, 'edge', region, pop.id, s + 1),
      );
      this.regional(region);
      return { id: pop.id, region, servers };
    });
    this.#popById = new Map(this.pops.map((p) => [p.id, p]));
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

  /** The regional edge cache of `region`, created on first use (Origin Shield regions use it too). */
  regional(region: string): CacheNode {
    let node = this.#regional.get(region);
    if (!node) {
      node = this.#node(`REC-${region}`, 'regional', region);
      this.#regional.set(region, node);
      this.#nodes = undefined;
    }
    return node;
  }

  /** Every distinct cache node: edge servers first (POP order), then regional caches. */
  nodes(): readonly CacheNode[] {
    if (this.#nodes === undefined) {
      const edges = new Set(this.pops.flatMap((p) => p.servers));
      this.#nodes = [...edges, ...this.#regional.values()];
      this.#nodeById = new Map(this.#nodes.map((n) => [n.id, n]));
    }
    return this.#nodes;
  }

  /** The cache node with this id (`SFO5-C2`, `REC-us-east-1`), if any. */
  node(id: string): CacheNode | undefined {
    this.nodes();
    return this.#nodeById?.get(id);
  }

  /** Every edge server as viewers can reach them: `{ pop, server, node }`. */
  edgeServers(): { pop: Pop; server: number; node: CacheNode }[] {
    return this.pops.flatMap((pop) => pop.servers.map((node, i) => ({ pop, server: i + 1, node })));
  }

  #node(id: string, tier: 'edge' | 'regional', region: string, pop?: string, server?: number): CacheNode {
    return new CacheNode({
      id,
      tier,
      region,
      ...(pop ? { pop } : {}),
      ...(server ? { server } : {}),
      ...(this.#capacityBytes ? { capacityBytes: this.#capacityBytes } : {}),
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
