import { type Cdn, type Duration, type EdgeView, type Invalidation, toMs } from '@edgecase/cdn';
import { servers } from './edge-versions.js';
import { at, defineMatcher, formatDelta } from './plumbing.js';
import { resolveInvalidation } from './subjects.js';
import { inspectVariants, namedEdges } from './variants.js';

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

interface StaleServer {
  path: string;
  name: string;
  edge: EdgeView;
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
    for (const path of coveredPaths(cdn, invalidation)) {
      for (const { name, edge } of namedEdges(inspectVariants(cdn, path))) {
        const old = edge.entry !== undefined && edge.entry.storedAtMs <= createdMs;
        const purged = edge.from === 'edge' && invalidation.hasReached(edge.node);
        if (edge.answer === 'cache' && old && !purged) stale.push({ path, name, edge });
      }
    }
    return {
      pass: stale.length === 0,
      found: () =>
        stale.length === 0
          ? `no edge server serves a copy cached before it (created ${at(cdn, createdMs)}; ${invalidation.status} now)`
          : `${servers(stale.map((x) => x.name))} would still serve copies cached before it was created at ${at(cdn, createdMs)}`,
      details: () =>
        stale.slice(0, 4).map(({ path, name, edge }) => {
          const reach = invalidation.reachedAtMs.get(edge.node);
          return `${name}: ${path} from the ${edge.from} copy stored ${at(cdn, edge.entry!.storedAtMs)}; the invalidation reaches ${edge.node} at ${reach === undefined ? '?' : at(cdn, reach)}`;
        }),
      timeline: timeline(s),
    };
  },
});

/** The concrete cached paths (with their key queries) an invalidation's items cover. */
function coveredPaths(cdn: Cdn, invalidation: Invalidation): string[] {
  const paths = new Set<string>();
  for (const item of invalidation.paths) if (!item.startsWith('#') && !item.endsWith('*')) paths.add(item);
  for (const node of cdn.nodes()) {
    for (const entry of node.entries()) {
      const covered = invalidation.paths.some((item) =>
        item.startsWith('#')
          ? entry.tags.includes(item.slice(1))
          : item.endsWith('*')
            ? entry.path.startsWith(item.slice(0, -1))
            : entry.path === item,
      );
      if (covered) paths.add(entry.keyQuery ? `${entry.path}?${entry.keyQuery}` : entry.path);
    }
  }
  return [...paths];
}
