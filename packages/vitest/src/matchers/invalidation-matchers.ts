import { type Cdn, type Duration, type Invalidation, toMs } from '@edgecase/cdn';
import { servers } from './edge-versions.js';
import { at, defineMatcher, formatDelta } from './plumbing.js';
import { resolveInvalidation } from './subjects.js';
import { firstServers, inspectVariants, type NamedEdge, namedEdges } from './variants.js';

interface InvalidationSubject {
  cdn: Cdn;
  invalidation: Invalidation;
}

const label = (s: InvalidationSubject) =>
  `invalidation ${s.invalidation.id} (${s.invalidation.paths.join(', ')})`;
const timeline = (s: InvalidationSubject) => ({
  cdn: s.cdn,
  paths: s.invalidation.paths.filter((p) => !p.startsWith('#')),
});

/** `expect(invalidation).toCompleteWithin('2m')`: from CreateInvalidation to the last node purging. */
export const toCompleteWithin = defineMatcher<InvalidationSubject, [Duration]>({
  name: 'toCompleteWithin',
  subject: resolveInvalidation,
  label,
  expectation: (_s, [duration]) =>
    `complete within ${formatDelta(toMs(duration, 'toCompleteWithin duration'))}`,
  evaluate: (s, [duration]) => {
    const { invalidation } = s;
    const createdMs = invalidation.createTime.getTime();
    const tookMs = invalidation.completesAtMs - createdMs;
    return {
      pass: tookMs <= toMs(duration),
      found: () =>
        `it completes ${formatDelta(tookMs)} after it was created (${at(s.cdn, createdMs)} to ${at(s.cdn, invalidation.completesAtMs)}; ${invalidation.status} now)`,
      details: () => {
        const slowest = [...invalidation.reachedAtMs].sort((a, b) => b[1] - a[1]).slice(0, 3);
        return [`slowest nodes: ${slowest.map(([node, ms]) => `${node} at ${at(s.cdn, ms)}`).join(', ')}`];
      },
      actual: tookMs,
      expected: toMs(duration),
    };
  },
});

interface StaleServer extends NamedEdge {
  path: string;
}

/**
 * `expect(invalidation).toHaveTakenEffectEverywhere()`: no edge server would now serve a copy of its
 * paths cached before it was created. Wildcards and cache tags are expanded to the cached paths.
 */
export const toHaveTakenEffectEverywhere = defineMatcher<InvalidationSubject, []>({
  name: 'toHaveTakenEffectEverywhere',
  subject: resolveInvalidation,
  label,
  expectation: () => 'have taken effect on every edge server',
  evaluate: (s) => {
    const { cdn, invalidation } = s;
    const createdMs = invalidation.createTime.getTime();
    const stale: StaleServer[] = [];
    for (const [p, path] of coveredPaths(cdn, invalidation).entries()) {
      for (const named of namedEdges(inspectVariants(cdn, path))) {
        const { edge } = named;
        const old = edge.entry !== undefined && edge.entry.storedAtMs <= createdMs;
        const purged = edge.from === 'edge' && invalidation.hasReached(edge.node);
        // Paths in the order found, servers in topology order within each.
        const offset = p * PATH_STRIDE;
        if (edge.answer === 'cache' && old && !purged)
          stale.push({
            ...named,
            path,
            order: named.order + offset,
            names: () => shifted(named.names(), offset),
          });
      }
    }
    return {
      pass: stale.length === 0,
      found: () =>
        stale.length === 0
          ? `no edge server serves a copy cached before it (created ${at(cdn, createdMs)}; ${invalidation.status} now)`
          : `${servers(stale)} would still serve copies cached before it was created at ${at(cdn, createdMs)}`,
      details: () =>
        firstStale(stale, 4).map(({ path, name, node, edge }) => {
          const reach = invalidation.reachedAtMs.get(node);
          return `${name}: ${path} from the ${edge.from} copy stored ${at(cdn, edge.entry!.storedAtMs)}; the invalidation reaches ${node} at ${reach === undefined ? '?' : at(cdn, reach)}`;
        }),
      timeline: timeline(s),
    };
  },
});

const PATH_STRIDE = 1e12;

function* shifted(names: Iterable<{ name: string; order: number }>, offset: number) {
  for (const { name, order } of names) yield { name, order: order + offset };
}

/** The first `limit` stale servers in order, each with its class's copy. */
function firstStale(stale: readonly StaleServer[], limit: number) {
  return firstServers(stale, limit).map(({ name, of }) => ({
    path: of.path,
    name,
    node: name.split(' ')[0]!,
    edge: of.edge,
  }));
}

/**
 * The concrete cached paths (with their key queries) an invalidation's items cover, read from the
 * cache's path index: every path for wildcards and tags, the named ones otherwise.
 */
function coveredPaths(cdn: Cdn, invalidation: Invalidation): string[] {
  const paths = new Set<string>();
  const store = cdn.topology.store;
  const exact = invalidation.paths.filter((item) => !item.startsWith('#') && !item.endsWith('*'));
  for (const item of exact) paths.add(item);
  const scan = invalidation.paths.length > exact.length;
  for (const path of scan ? store.paths() : exact) {
    for (const key of store.keysOf(path)) {
      for (const [, entry] of store.holders(key)) {
        const covered = invalidation.paths.some((item) =>
          item.startsWith('#')
            ? entry.tags.includes(item.slice(1))
            : item.endsWith('*')
              ? entry.path.startsWith(item.slice(0, -1))
              : entry.path === item,
        );
        if (covered) {
          paths.add(entry.keyQuery ? `${entry.path}?${entry.keyQuery}` : entry.path);
          break;
        }
      }
    }
  }
  return [...paths];
}
