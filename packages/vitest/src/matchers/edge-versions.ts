import type { Cdn, EdgeView, EntryView } from '@edgecase/cdn';
import { at } from './plumbing.js';
import { bareEtag } from './response-record.js';
import { firstNames, type NamedEdge, serverCount } from './variants.js';
import { describeBody, type ResolvedVersion, sameBytes } from './versions.js';

/** What one edge server would serve now, as a version that can be grouped and compared. */
export interface ServedVersion {
  /** Equal ids are the same version. */
  id: string;
  /** `"test 1" (ETag 9b2c...)`, `a cached 404`, `the origin's 404`. */
  label: string;
  status: number | undefined;
  etag: string | undefined;
  body: Uint8Array | undefined;
  /** The copy it comes from, when a cache answers. */
  entry: EntryView | undefined;
}

/** The object the origin holds now, when the origin can say without a request through the CDN. */
export type OriginState =
  | { kind: 'object'; etag: string; body: Uint8Array }
  | { kind: 'missing' }
  | { kind: 'unknown'; origin: string };

interface HeadCapable {
  head(key: string): Promise<{ etag: string; body: Uint8Array } | undefined>;
}

/**
 * Reads the origin's current object for `path` without a request through the CDN: memoryOrigin's
 * `head`, or an s3Origin's GetObject with its own client (not counted in its requests, no faults).
 */
export async function originState(cdn: Cdn, path: string): Promise<OriginState> {
  const requested = path.split('?')[0]!;
  // §8 DefaultRootObject: `/` is the root object's key, as cdn.fetch and cdn.inspect resolve it.
  const root = cdn.distribution.defaultRootObject;
  const pathname = requested === '/' && root ? `/${root}` : requested;
  const behavior = cdn.distribution.selectBehavior(pathname);
  const origin = cdn.distribution.origins.get(behavior.targetOriginId)?.origin;
  const head = (origin as Partial<HeadCapable> | undefined)?.head;
  const s3 = origin && s3Bucket(origin);
  if (!origin || (typeof head !== 'function' && !s3))
    return { kind: 'unknown', origin: origin?.name ?? 'origin' };
  if (pathname === '/') return { kind: 'missing' };
  const key = decodeURIComponent(pathname.slice(1));
  const object = typeof head === 'function' ? await head.call(origin, key) : await getS3Object(s3!, key);
  if (object === 'unknown') return { kind: 'unknown', origin: origin.name };
  return object ? { kind: 'object', etag: bareEtag(object.etag)!, body: object.body } : { kind: 'missing' };
}

interface S3Bucket {
  client: { send(command: unknown): Promise<unknown> };
  bucket: string;
}

/** An s3Origin (`@edgecase/s3`): its SDK client and bucket. */
function s3Bucket(origin: object): S3Bucket | undefined {
  const { kind, client, bucket } = origin as {
    kind?: unknown;
    client?: { send?: unknown };
    bucket?: unknown;
  };
  if (kind !== 's3' || typeof client?.send !== 'function' || typeof bucket !== 'string') return undefined;
  return { client: client as S3Bucket['client'], bucket };
}

const MISSING = new Set(['NoSuchKey', 'NotFound', 'AccessDenied', 'Forbidden']);

async function getS3Object(
  { client, bucket }: S3Bucket,
  key: string,
): Promise<{ etag: string; body: Uint8Array } | undefined | 'unknown'> {
  // The SDK is there: the s3Origin was made with one of its clients.
  const { GetObjectCommand } = await import('@aws-sdk/client-s3');
  try {
    const output = (await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }))) as {
      ETag?: string;
      Body?: { transformToByteArray(): Promise<Uint8Array> };
    };
    if (!output.ETag || !output.Body) return 'unknown';
    return { etag: output.ETag, body: await output.Body.transformToByteArray() };
  } catch (error) {
    if (MISSING.has((error as { name?: string }).name ?? '')) return undefined;
    return 'unknown';
  }
}

export function servedVersion(edge: EdgeView, origin: OriginState): ServedVersion {
  const entry = edge.entry;
  if (edge.answer === 'cache' && entry) {
    if (entry.isError) {
      return {
        id: `error:${entry.status}`,
        label: `a cached ${entry.status}`,
        status: entry.status,
        etag: undefined,
        body: undefined,
        entry,
      };
    }
    const etag = bareEtag(entry.etag);
    return {
      id: etag ? `etag:${etag}` : `body:${bodyKey(entry.body)}`,
      label: describeBody(entry.body, etag),
      status: entry.status,
      etag,
      body: entry.body,
      entry,
    };
  }
  if (origin.kind === 'object') {
    return {
      id: `etag:${origin.etag}`,
      label: describeBody(origin.body, origin.etag),
      status: 200,
      etag: origin.etag,
      body: origin.body,
      entry: undefined,
    };
  }
  if (origin.kind === 'missing') {
    return {
      id: 'origin:missing',
      label: "the origin's error (no such object)",
      status: undefined,
      etag: undefined,
      body: undefined,
      entry: undefined,
    };
  }
  return {
    id: 'origin:unknown',
    label: `whatever ${origin.origin} answers`,
    status: undefined,
    etag: undefined,
    body: undefined,
    entry: undefined,
  };
}

export function matchesVersion(served: ServedVersion, expected: ResolvedVersion): boolean {
  if (expected.kind === 'etag') return served.etag === expected.etag;
  return served.body !== undefined && served.status === 200 && sameBytes(served.body, expected.body);
}

export interface VersionGroup {
  version: ServedVersion;
  /** The classes of edge servers serving it, in server order. */
  servers: NamedEdge[];
  /** How many servers. */
  count: number;
  first: EdgeView;
}

/** Groups edge servers (by class) by the version they would serve, largest group first. */
export function groupByVersion(edges: readonly NamedEdge[], origin: OriginState): VersionGroup[] {
  const groups = new Map<string, VersionGroup>();
  for (const named of edges) {
    const version = servedVersion(named.edge, origin);
    let group = groups.get(version.id);
    if (group === undefined) {
      group = { version, servers: [], count: 0, first: named.edge };
      groups.set(version.id, group);
    }
    group.servers.push(named);
    group.count += named.count;
  }
  return [...groups.values()].sort((a, b) => b.count - a.count);
}

/** `SFO5-C1, SFO5-C2 and 3 more`: names, or classes of servers named in server order. */
export function servers(list: readonly string[] | readonly NamedEdge[], shown = 4): string {
  const total =
    list.length === 0 || typeof list[0] === 'string' ? list.length : serverCount(list as NamedEdge[]);
  const names =
    list.length === 0 || typeof list[0] === 'string'
      ? (list as string[]).slice(0, shown)
      : firstNames(list as NamedEdge[], shown);
  if (total <= shown) return names.join(', ');
  return `${names.join(', ')} and ${total - shown} more`;
}

/** Where the copy came from and why it lives that long: `edge copy stored t+0s, 404 cached 10 s by ErrorCachingMinTTL`. */
export function copyLine(cdn: Cdn, version: ServedVersion, from: string): string {
  const entry = version.entry;
  if (!entry) return `${version.label} from the origin`;
  return `${version.label} from the ${from} copy stored ${at(cdn, entry.storedAtMs)}, fresh until ${at(cdn, entry.staleAtMs)} (${entry.because})`;
}

function bodyKey(body: Uint8Array): string {
  let hash = 2166136261;
  for (let i = 0; i < body.byteLength; i++) hash = Math.imul(hash ^ body[i]!, 16777619);
  return `${body.byteLength}:${(hash >>> 0).toString(16)}`;
}
