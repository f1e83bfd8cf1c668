import { type Cdn, checkOptionKeys, type Duration, EdgecaseError, optionKeys, toMs } from '@edgecase/cdn';
import { describeValue } from '../describe-value.js';
import { copyLine, groupByVersion, matchesVersion, originState, servers } from './edge-versions.js';
import { at, defineMatcher, formatDelta } from './plumbing.js';
import { type CdnPath, pathOf, resolvePath } from './subjects.js';
import { headersOf, inspectVariants, namedEdges, serverCount } from './variants.js';
import { describeVersion, resolveVersion, type Version } from './versions.js';

interface PathSubject {
  cdn: Cdn;
  path: string;
}

const subject = resolvePath;
const label = (s: PathSubject) => s.path;
const timeline = (s: PathSubject) => ({ cdn: s.cdn, paths: [s.path] });

export interface NegativeCacheOptions {
  /** Only this status counts (e.g. 404). Default: any cached error. */
  status?: number;
  /** And it keeps being served for at least this long from now (ms or `'10s'`). */
  for?: Duration;
}

/**
 * `expect('/a.png').toBeNegativelyCached({ for: '5s' })`: some edge server would answer the path
 * from a cached error now (and for at least `for`). Read from the inspection: nothing is warmed.
 */
export const toBeNegativelyCached = defineMatcher<PathSubject, [NegativeCacheOptions?]>({
  name: 'toBeNegativelyCached',
  subject,
  label,
  expectation: (_s, [options]) => {
    const { status, forMs } = negativeOptions(options);
    const what = status === undefined ? 'be negatively cached' : `be negatively cached as a ${status}`;
    return forMs === undefined ? what : `${what} for at least ${formatDelta(forMs)}`;
  },
  evaluate: (s, [options]) => {
    const { status, forMs } = negativeOptions(options);
    const edges = namedEdges(inspectVariants(s.cdn, s.path));
    const now = s.cdn.clock.now();
    const errors = edges.filter(
      ({ edge: e }) =>
        e.answer === 'cache' && e.entry?.isError && (status === undefined || e.entry.status === status),
    );
    const lasting = errors.filter(({ edge: e }) => forMs === undefined || e.entry!.staleAtMs - now >= forMs);
    const longest = [...errors].sort((a, b) => b.edge.entry!.staleAtMs - a.edge.entry!.staleAtMs)[0];
    return {
      pass: lasting.length > 0,
      found: () => {
        if (!longest) {
          const cached = serverCount(edges.filter((e) => e.edge.answer === 'cache'));
          return `no edge server would answer it from a cached error (${cached} of ${serverCount(edges)} would answer from a cached copy, the rest would ask the origin)`;
        }
        const entry = longest.edge.entry!;
        const who = servers(lasting.length > 0 ? lasting : errors);
        return `${who} would serve a cached ${entry.status} until ${at(s.cdn, entry.staleAtMs)}, ${formatDelta(entry.staleAtMs - now)} from now`;
      },
      details: () =>
        longest
          ? [
              `TTL: ${longest.edge.entry!.because} at ${longest.edge.from === 'edge' ? longest.edge.node : `the ${longest.edge.from} cache`} (stored ${at(s.cdn, longest.edge.entry!.storedAtMs)})`,
            ]
          : [],
      timeline: timeline(s),
    };
  },
});

function negativeOptions(options: unknown): { status: number | undefined; forMs: number | undefined } {
  if (options === undefined) return { status: undefined, forMs: undefined };
  // A typo ({ fro: '10s' }, { stauts: 403 }) must fail, never turn the matcher into a weaker one that passes.
  checkOptionKeys(
    options,
    optionKeys<NegativeCacheOptions>()(['status', 'for']),
    'toBeNegativelyCached options',
  );
  const { status, for: duration } = options as NegativeCacheOptions;
  if (status !== undefined && !(Number.isInteger(status) && status >= 400 && status <= 599)) {
    throw new EdgecaseError(
      'InvalidOption',
      `toBeNegativelyCached status: expected an HTTP error status (400-599), got ${describeValue(status)}.`,
      { value: status },
    );
  }
  return { status, forMs: duration === undefined ? undefined : toMs(duration, 'toBeNegativelyCached for') };
}

/**
 * `await expect('/a.png').toServeOneVersion(v2)`: every server of every POP would serve the same
 * version now (that version, when given), read from the inspection plus the origin's current object.
 */
export const toServeOneVersion = defineMatcher<PathSubject, [Version?]>({
  name: 'toServeOneVersion',
  subject,
  label,
  expectation: (_s, [version]) =>
    version === undefined
      ? 'serve one version on every edge server'
      : `serve ${describeVersion(resolveVersion(version, 'toServeOneVersion'))} on every edge server`,
  evaluate: async (s, [version]) => {
    const expected = version === undefined ? undefined : resolveVersion(version, 'toServeOneVersion');
    const edges = namedEdges(inspectVariants(s.cdn, s.path));
    const origin = await originState(s.cdn, s.path);
    const groups = groupByVersion(edges, origin);
    const pass =
      groups.length === 1 && (expected === undefined || matchesVersion(groups[0]!.version, expected));
    const total = serverCount(edges);
    return {
      pass,
      found: () =>
        groups.length === 1
          ? `all ${total} edge servers would serve ${groups[0]!.version.label}`
          : `the ${total} edge servers would serve ${groups.length} versions`,
      details: () =>
        groups.map(
          ({ version: v, servers: list, first }) => `${servers(list)}: ${copyLine(s.cdn, v, first.from)}`,
        ),
      timeline: timeline(s),
    };
  },
});

/**
 * `expect('/app.js?v=2').toShareCacheEntryWith('/app.js?v=1')`: both URLs map to one cache key, so
 * the second is answered with the first one's copy (query-string busting that does not bust).
 */
export const toShareCacheEntryWith = defineMatcher<PathSubject, [string | CdnPath]>({
  name: 'toShareCacheEntryWith',
  subject,
  label,
  expectation: (s, [other]) => `share a cache entry with ${otherPath(s, other)}`,
  evaluate: (s, [other]) => {
    const path = otherPath(s, other);
    const pairs = inspectVariants(s.cdn, s.path).map(({ inspection: a }) => ({
      a: a.key,
      b: s.cdn.inspect(path, { headers: headersOf(a.key) }).key,
    }));
    const differ = pairs.find((p) => p.a !== p.b);
    const behavior = s.cdn.distribution.selectBehavior(s.path.split('?')[0]!);
    const policy = behavior.cachePolicy;
    return {
      pass: differ === undefined,
      found: () =>
        differ === undefined
          ? `both use cache key ${JSON.stringify(pairs[0]!.a)}`
          : `their cache keys differ: ${JSON.stringify(differ.a)} and ${JSON.stringify(differ.b)}`,
      details: () => [
        `behaviour ${behavior.pathPattern}, cache policy ${policy.name}: ${queryRule(policy.queryStrings)}`,
      ],
      timeline: { cdn: s.cdn, paths: [s.path] },
    };
  },
});

function otherPath(s: PathSubject, other: unknown): string {
  if (typeof other === 'string') return pathOf(s.cdn, other, 'toShareCacheEntryWith');
  if (typeof other === 'object' && other !== null && (other as CdnPath).kind === 'edgecase:path') {
    const cdnPath = other as CdnPath;
    if (cdnPath.cdn !== s.cdn) {
      throw new EdgecaseError(
        'InvalidOption',
        'toShareCacheEntryWith: expected a path of the same distribution, got one of another Cdn.',
      );
    }
    return cdnPath.path;
  }
  throw new EdgecaseError(
    'InvalidOption',
    `toShareCacheEntryWith: expected another path of the distribution ('/a.js?v=1'), got ${describeValue(other)}.`,
    { value: other },
  );
}

function queryRule(rule: { behavior: string; names: ReadonlySet<string> }): string {
  switch (rule.behavior) {
    case 'none':
      return 'no query string is in the cache key';
    case 'all':
      return 'every query string is in the cache key';
    case 'whitelist':
      return `only query strings ${[...rule.names].join(', ')} are in the cache key`;
    default:
      return `every query string except ${[...rule.names].join(', ')} is in the cache key`;
  }
}

/**
 * `expect('/a.png').toHaveBeenFetchedFromOriginTimes(1)`: origin fetches for the path in the trace
 * (background refreshes and conditional revalidations included).
 */
export const toHaveBeenFetchedFromOriginTimes = defineMatcher<PathSubject, [number]>({
  name: 'toHaveBeenFetchedFromOriginTimes',
  subject,
  label,
  expectation: (_s, [times]) => {
    if (!Number.isInteger(times) || times < 0) {
      throw new EdgecaseError(
        'InvalidOption',
        `toHaveBeenFetchedFromOriginTimes: expected a whole number >= 0, got ${describeValue(times)}.`,
        { value: times },
      );
    }
    return `have been fetched from the origin ${times} time${times === 1 ? '' : 's'}`;
  },
  evaluate: (s, [times]) => {
    const pathname = s.path.split('?')[0]!;
    const fetches = s.cdn.trace.originFetches({ path: pathname });
    const dropped = s.cdn.trace.dropped;
    return {
      pass: fetches.length === times,
      found: () => `it was fetched ${fetches.length} time${fetches.length === 1 ? '' : 's'}`,
      details: () =>
        dropped > 0
          ? [
              `the trace dropped its ${dropped} oldest records (trace.limit ${s.cdn.trace.limit}); earlier fetches are not counted`,
            ]
          : [],
      actual: fetches.length,
      expected: times,
      timeline: timeline(s),
    };
  },
});
