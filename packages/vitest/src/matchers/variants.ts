import type { Cdn, EdgeClass, EdgeView, Inspection } from '@edgecase/cdn';

/** One cache-key variant of a path (Accept-Encoding, keyed headers, cookies) and what it would serve. */
export interface Variant {
  inspection: Inspection;
  /** `''` for the only variant, else the key's variant part, e.g. `ae:br,gzip`. */
  name: string;
}

/**
 * Edge servers of one variant that would be served alike (one inspection class), named for
 * messages: `SFO5-C1` or `SFO5-C1 [ae:br,gzip]`. `name` is the first server's; `count` says how many.
 */
export interface NamedEdge {
  name: string;
  edge: EdgeView;
  variant: Variant;
  count: number;
  /** Where the first server sorts among all servers of all variants (variant, then topology order). */
  order: number;
  /** Every server's name, in order, with its sort position. */
  names(): IterableIterator<{ name: string; order: number }>;
}

/**
 * The cache-key variants of `path` that viewers have used: every key for it held by a cache or
 * recorded in the trace (the app's own `fetch` sends `Accept-Encoding`, `cdn.fetch` does not, so
 * they are different entries, as at CloudFront). Without any, the variant of a viewer sending no
 * headers. Viewer headers are rebuilt from the key's documented parts (`h:`, `c:`, `ae:`). The keys
 * come from the cache's path index, not a scan of every node.
 */
export function inspectVariants(cdn: Cdn, path: string): Variant[] {
  const base = cdn.inspect(path);
  const head = base.key.split('\n')[0]!;
  const keys = new Set<string>();
  for (const key of cdn.topology.store.keysOf(base.path)) if (key.split('\n')[0] === head) keys.add(key);
  for (const request of cdn.trace.requests({ path: base.path })) {
    if (request.cacheKey.split('\n')[0] === head) keys.add(request.cacheKey);
  }
  if (keys.size === 0) keys.add(base.key);
  const variants: Variant[] = [];
  for (const key of [...keys].sort()) {
    const inspection = key === base.key ? base : cdn.inspect(path, { headers: headersOf(key) });
    if (inspection.key !== key) continue;
    variants.push({ inspection, name: key.split('\n').slice(1).join(' ') });
  }
  if (variants.length === 1) variants[0]!.name = '';
  return variants.length > 0 ? variants : [{ inspection: base, name: '' }];
}

// Topology orders are below 10^9 (POP index × 1000 + server): variants sort before them.
const VARIANT_STRIDE = 1e9;

/** Every class of edge servers of every variant, in the order of their first server. */
export function namedEdges(variants: readonly Variant[]): NamedEdge[] {
  const all: NamedEdge[] = [];
  for (const [v, variant] of variants.entries()) {
    for (const edgeClass of variant.inspection.edgeClasses) {
      const first = edgeClass.servers().next().value;
      const base = v * VARIANT_STRIDE;
      all.push({
        name: serverName(edgeClass.view.node, variant.name),
        edge: edgeClass.view,
        variant,
        count: edgeClass.count,
        order: base + (first?.order ?? 0),
        names: () => namesOf(edgeClass, variant.name, base),
      });
    }
  }
  return all.sort((a, b) => a.order - b.order);
}

function* namesOf(edgeClass: EdgeClass, variant: string, base: number) {
  for (const id of edgeClass.servers()) yield { name: serverName(id.node, variant), order: base + id.order };
}

function serverName(node: string, variant: string): string {
  return variant ? `${node} [${variant}]` : node;
}

/** How many servers the classes hold together. */
export function serverCount(edges: readonly Pick<NamedEdge, 'count'>[]): number {
  let count = 0;
  for (const edge of edges) count += edge.count;
  return count;
}

/** The first `limit` server names of several classes, merged into server order. */
export function firstNames(edges: readonly Pick<NamedEdge, 'names'>[], limit: number): string[] {
  return firstServers(edges, limit).map((server) => server.name);
}

/** The first `limit` servers of several classes in server order, each with its class. */
export function firstServers<T extends Pick<NamedEdge, 'names'>>(
  edges: readonly T[],
  limit: number,
): { name: string; of: T }[] {
  const iterators = edges.map((edge) => edge.names());
  const heads = iterators.map((it) => it.next());
  const found: { name: string; of: T }[] = [];
  while (found.length < limit) {
    let best = -1;
    for (let i = 0; i < heads.length; i++) {
      const head = heads[i]!;
      if (!head.done && (best < 0 || head.value.order < (heads[best]!.value as { order: number }).order))
        best = i;
    }
    if (best < 0) break;
    found.push({ name: (heads[best]!.value as { name: string }).name, of: edges[best]! });
    heads[best] = iterators[best]!.next();
  }
  return found;
}

export function headersOf(key: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const part of key.split('\n').slice(1)) {
    if (part.startsWith('ae:')) headers['accept-encoding'] = part.slice(3).split(',').join(', ');
    else if (part.startsWith('c:')) headers.cookie = part.slice(2);
    else if (part.startsWith('h:')) {
      const at = part.indexOf('=');
      headers[part.slice(2, at)] = part.slice(at + 1);
    }
  }
  return headers;
}
