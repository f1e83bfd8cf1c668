import { type Cdn, type Duration, EdgecaseError, type EntryView, type NodeView, toMs } from '@edgecase/cdn';
import { type OriginState, originState, servers } from './edge-versions.js';
import { at, defineMatcher, formatDelta } from './plumbing.js';
import { bareEtag } from './response-record.js';
import { resolvePath } from './subjects.js';
import { firstServers, inspectVariants, type NamedEdge, namedEdges } from './variants.js';
import {
  describeBody,
  describeVersion,
  type ResolvedVersion,
  resolveVersion,
  sameBytes,
  type Version,
} from './versions.js';

interface PathSubject {
  cdn: Cdn;
  path: string;
}

interface LateServer {
  /** The servers (a class of them) that would serve another version. */
  servers: NamedEdge;
  untilMs: number;
  copy: EntryView;
  holder: string;
}

/**
 * `await expect('/a.png').toBecomeVisibleEverywhereWithin('10s')`: computed on the virtual clock
 * from what every tier holds now, without polling or waiting. For each edge server it takes the
 * latest moment a copy of another version (or a cached error) along its path (edge server, its
 * regional cache, the shield) stops being served: when it expires (after any stale-while-revalidate
 * window) or when an invalidation in progress reaches that node. The target is the given version,
 * or the origin's current object.
 */
export const toBecomeVisibleEverywhereWithin = defineMatcher<PathSubject, [Duration, Version?]>({
  name: 'toBecomeVisibleEverywhereWithin',
  subject: resolvePath,
  label: (s) => s.path,
  expectation: (_s, [duration, version]) => {
    const ms = toMs(duration, 'toBecomeVisibleEverywhereWithin duration');
    const what =
      version === undefined
        ? 'the current version'
        : describeVersion(resolveVersion(version, 'toBecomeVisibleEverywhereWithin'));
    return `serve ${what} on every edge server within ${formatDelta(ms)}`;
  },
  evaluate: async (s, [duration, version]) => {
    const withinMs = toMs(duration);
    const origin = await originState(s.cdn, s.path);
    const target =
      version === undefined
        ? targetFromOrigin(origin, s.path)
        : resolveVersion(version, 'toBecomeVisibleEverywhereWithin');
    const now = s.cdn.clock.now();
    const late: LateServer[] = [];
    let latestMs = now;
    const variants = inspectVariants(s.cdn, s.path);
    // Per class of edge servers (one holding the key, or a Region's servers holding none), not per
    // server: the nodes holding copies come from the path index.
    const classes = namedEdges(variants);
    for (const named of classes) {
      const { inspection } = named.variant;
      const edgeClass = inspection.edgeClasses.find((c) => c.view === named.edge)!;
      const own = edgeClass.holds ? inspection.holders.filter((n) => n.node === named.edge.node) : [];
      const chain = [...own, ...inspection.holders.filter((n) => upstreamOf(edgeClass.region, n))];
      let worst: LateServer | undefined;
      for (const node of chain) {
        for (const copy of node.entries) {
          if (copy.key !== inspection.key || isTarget(copy, target)) continue;
          const untilMs = servedUntil(s.cdn, s.path, node.node, copy, now);
          if (untilMs > now && (!worst || untilMs > worst.untilMs))
            worst = { servers: named, untilMs, copy, holder: node.node };
        }
      }
      if (worst) {
        latestMs = Math.max(latestMs, worst.untilMs);
        if (worst.untilMs - now > withinMs) late.push(worst);
      }
    }
    // Latest first; servers of equal moments in server order.
    late.sort((a, b) => b.untilMs - a.untilMs || a.servers.order - b.servers.order);
    return {
      pass: late.length === 0,
      found: () =>
        late.length === 0
          ? `every edge server would serve it by ${at(s.cdn, latestMs)}, ${formatDelta(latestMs - now)} from now`
          : `${servers(late.map((l) => l.servers))} would serve another version until ${at(s.cdn, late[0]!.untilMs)}, ${formatDelta(late[0]!.untilMs - now)} from now`,
      details: () =>
        lateServers(late, 4).map(
          ({ name, of: l }) =>
            `${name}: ${copyLabel(l.copy)} held by ${l.holder} until ${at(s.cdn, l.untilMs)} (${l.copy.because})`,
        ),
      timeline: { cdn: s.cdn, paths: [s.path] },
    };
  },
});

function targetFromOrigin(origin: OriginState, path: string): ResolvedVersion {
  if (origin.kind === 'object') return { kind: 'etag', etag: origin.etag };
  throw new EdgecaseError(
    'InvalidOption',
    origin.kind === 'missing'
      ? `toBecomeVisibleEverywhereWithin: expected an object at the origin for ${path}, got none (nothing to become visible).`
      : `toBecomeVisibleEverywhereWithin: expected an origin that can tell its current object (memoryOrigin), got ${origin.origin}.`,
    { hint: 'Pass the version you expect: toBecomeVisibleEverywhereWithin(duration, putResult).' },
  );
}

/** Regional caches in the edge's region and every shield sit upstream of an edge server. */
function upstreamOf(region: string, node: NodeView): boolean {
  return node.tier === 'shield' || (node.tier === 'regional' && node.region === region);
}

/** The first `limit` late servers: latest moment first, then server order. */
function lateServers(late: readonly LateServer[], limit: number): { name: string; of: LateServer }[] {
  const found: { name: string; of: LateServer }[] = [];
  for (let i = 0; i < late.length && found.length < limit; ) {
    let j = i;
    while (j < late.length && late[j]!.untilMs === late[i]!.untilMs) j++;
    const bucket = late.slice(i, j).map((l) => ({ l, names: () => l.servers.names() }));
    for (const { name, of } of firstServers(bucket, limit - found.length)) found.push({ name, of: of.l });
    i = j;
  }
  return found;
}

function isTarget(copy: EntryView, target: ResolvedVersion): boolean {
  if (copy.isError) return false;
  if (target.kind === 'etag') return bareEtag(copy.etag) === target.etag;
  return sameBytes(copy.body, target.body);
}

/** When this node stops serving the copy without asking upstream: expiry, or an invalidation reaching it. */
function servedUntil(cdn: Cdn, path: string, node: string, copy: EntryView, nowMs: number): number {
  let untilMs = Math.max(copy.expiresAtMs, copy.errorStaleUntilMs);
  const pathname = path.split('?')[0]!;
  for (const invalidation of cdn.listInvalidations()) {
    if (invalidation.createTime.getTime() < copy.storedAtMs) continue;
    const covers = invalidation.paths.some((p) =>
      p.endsWith('*') ? pathname.startsWith(p.slice(0, -1)) : p === pathname,
    );
    const reachMs = invalidation.reachedAtMs.get(node);
    if (covers && reachMs !== undefined && reachMs > nowMs) untilMs = Math.min(untilMs, reachMs);
  }
  return untilMs;
}

function copyLabel(copy: EntryView): string {
  return copy.isError ? `a cached ${copy.status}` : describeBody(copy.body, bareEtag(copy.etag));
}
