import type { Cdn, EdgeView, Inspection } from '@edgecase/cdn';

/** One cache-key variant of a path (Accept-Encoding, keyed headers, cookies) and what it would serve. */
export interface Variant {
  inspection: Inspection;
  /** `''` for the only variant, else the key's variant part, e.g. `ae:br,gzip`. */
  name: string;
}

/** An edge server's prediction for one variant, named for messages: `SFO5-C1` or `SFO5-C1 [ae:br,gzip]`. */
export interface NamedEdge {
  name: string;
  edge: EdgeView;
  variant: Variant;
}

/**
 * The cache-key variants of `path` that viewers have used: every key for it held by a cache or
 * recorded in the trace (the app's own `fetch` sends `Accept-Encoding`, `cdn.fetch` does not, so
 * they are different entries, as at CloudFront). Without any, the variant of a viewer sending no
 * headers. Viewer headers are rebuilt from the key's documented parts (`h:`, `c:`, `ae:`).
 */
export function inspectVariants(cdn: Cdn, path: string): Variant[] {
  const base = cdn.inspect(path);
  const head = base.key.split('\n')[0]!;
  const keys = new Set<string>();
  for (const node of cdn.nodes()) {
    for (const entry of node.entries()) if (entry.key.split('\n')[0] === head) keys.add(entry.key);
  }
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

/** Every edge server of every variant. */
export function namedEdges(variants: readonly Variant[]): NamedEdge[] {
  return variants.flatMap((variant) =>
    variant.inspection.edges.map((edge) => ({
      name: variant.name ? `${edge.node} [${variant.name}]` : edge.node,
      edge,
      variant,
    })),
  );
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
