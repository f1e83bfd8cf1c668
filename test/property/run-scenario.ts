// Runs one generated scenario against @edgecase/cdn (by its public name) and checks every invariant
// after every operation. Returns what happened; `violation` is the first invariant broken.
import {
  type Cdn,
  createCdn,
  EdgecaseError,
  type FaultHandle,
  formatTimeline,
  type Invalidation,
  ManualClock,
  memoryOrigin,
} from '@edgecase/cdn';
import {
  type Answer,
  ageWithinVersion,
  type CachedCopy,
  cachingDisabledReachesOrigin,
  errorWithinTtl,
  hitWithinTtl,
  invalidationLeftNoOlderCopy,
  servedVersionExisted,
  staleWithinWindow,
  type Version,
} from './invariants.js';
import { originAnswerCurrent } from './origin-answer-current.js';
import { onlyEdgecaseErrors } from './run-checks.js';
import { ERROR_CODES, errorTtlFor, METAS, type Op, PATHS, type Scenario, ttlBounds } from './scenario.js';

export interface RunResult {
  ops: number;
  violation: string | undefined;
  /** Every answer and error, one line each, for the determinism check and counterexamples. */
  transcript: string[];
  timeline: string;
}

const STEP_MS = 5_000;
const MAX_STEPS = 40;

export async function runScenario(sc: Scenario): Promise<RunResult> {
  const clock = new ManualClock();
  const origin = memoryOrigin({ clock });
  const policy =
    sc.policy.kind === 'managed'
      ? sc.policy.name
      : { minTTL: sc.policy.minTTL, defaultTTL: sc.policy.defaultTTL, maxTTL: sc.policy.maxTTL };
  const cdn = createCdn({
    clock,
    seed: sc.seed,
    origin:
      sc.tiers === 'direct'
        ? { origin, region: 'us-east-1' }
        : sc.tiers === 'shield'
          ? { origin, originShield: { enabled: true, originShieldRegion: 'us-east-1' } }
          : origin,
    topology: { pops: sc.pops, serversPerPop: sc.serversPerPop },
    defaultCacheBehavior: { cachePolicy: policy },
    ...(sc.errorTtlS === undefined
      ? {}
      : {
          customErrorResponses: ERROR_CODES.map((errorCode) => ({
            errorCode,
            errorCachingMinTTL: sc.errorTtlS,
          })),
        }),
    fidelity: { upstreamAge: sc.upstreamAge },
    invalidation: {
      propagation: {
        min: `${sc.propagation.minS}s`,
        max: `${Math.max(sc.propagation.minS, sc.propagation.maxS)}s`,
      },
    },
    trace: { limit: 100_000 },
  });
  const state: State = {
    cdn,
    clock,
    origin,
    sc,
    versions: [],
    faults: [],
    invalidations: [],
    lastEtag: new Map(),
    lastModified: new Map(),
    transcript: [],
    inFlight: [],
  };
  let violation: string | undefined;
  for (const [i, op] of sc.ops.entries()) {
    try {
      violation = await apply(state, op, i);
    } catch (error) {
      // Only edgecase's own typed errors may escape the API (e.g. TooManyInvalidationsInProgress).
      violation = onlyEdgecaseErrors(error, `op ${i} ${JSON.stringify(op)}`);
      if (error instanceof EdgecaseError) state.transcript.push(`${i} ${op.k} → EdgecaseError ${error.code}`);
    }
    violation ??= await settled(state);
    if (i === sc.ops.length - 1) violation ??= await drain(state);
    violation ??= checkInvalidations(state);
    if (violation) {
      violation = `op ${i} (${JSON.stringify(op)}): ${violation}`;
      return {
        ops: i + 1,
        violation,
        transcript: state.transcript,
        timeline: formatTimeline(cdn.trace.all()),
      };
    }
  }
  return {
    ops: sc.ops.length,
    violation,
    transcript: state.transcript,
    timeline: formatTimeline(cdn.trace.all()),
  };
}

interface State {
  cdn: Cdn;
  clock: ManualClock;
  origin: ReturnType<typeof memoryOrigin>;
  sc: Scenario;
  versions: Version[];
  faults: FaultHandle[];
  invalidations: { item: string; createdAtMs: number; createdOp: number; record: Invalidation }[];
  lastEtag: Map<string, string>;
  lastModified: Map<string, string>;
  transcript: string[];
  inFlight: InFlight[];
}

async function apply(s: State, op: Op, i: number): Promise<string | undefined> {
  const path = PATHS[(op as { p?: number }).p ?? 0] as string;
  switch (op.k) {
    case 'put': {
      const meta = METAS[op.meta] ?? {};
      const body = `${path}@${i}`;
      const result = await s.origin.put(path.slice(1), body, {
        ...(meta.cacheControl ? { cacheControl: meta.cacheControl } : {}),
        ...(meta.expiresInS ? { expires: new Date(s.clock.now() + meta.expiresInS * 1000) } : {}),
      });
      supersede(s, path, i);
      s.versions.push({
        path,
        etag: result.etag,
        body,
        putAtMs: s.clock.now(),
        putOp: i,
        ...(meta.ttlS !== undefined ? { ttlS: meta.ttlS } : {}),
        ...(meta.swrS !== undefined ? { swrS: meta.swrS } : {}),
        ...(meta.sieS !== undefined ? { sieS: meta.sieS } : {}),
      });
      s.transcript.push(`${i} put ${path} ${result.etag}`);
      return undefined;
    }
    case 'del':
      await s.origin.delete(path.slice(1));
      supersede(s, path, i);
      s.transcript.push(`${i} del ${path}`);
      return undefined;
    case 'adv':
      await s.clock.advance(op.ms);
      return undefined;
    case 'fault':
      if (op.f === 'clear') {
        s.origin.faults.clear();
      } else {
        s.faults.push(
          op.f === 'r503'
            ? s.origin.faults.respond(503)
            : op.f === 'r500'
              ? s.origin.faults.respond(500)
              : op.f === 'refused'
                ? s.origin.faults.outage()
                : op.f === 'timeout'
                  ? s.origin.faults.timeout()
                  : s.origin.faults.latency('3s'),
        );
      }
      s.transcript.push(`${i} fault ${op.f}`);
      return undefined;
    case 'inv': {
      const item =
        op.form === 'all'
          ? '/*'
          : op.form === 'prefix'
            ? `${path.slice(0, path.lastIndexOf('/') + 1)}*`
            : path;
      const record = s.cdn.createInvalidation([item]);
      s.invalidations.push({ item, createdAtMs: s.clock.now(), createdOp: i, record });
      s.transcript.push(`${i} inv ${item} ${record.id}`);
      return undefined;
    }
    case 'get':
      return get(s, op, path, i);
    case 'poll':
      for (let n = 0; n < op.times; n++) {
        if (n > 0) await s.clock.advance(op.everyMs);
        const get1: Extract<Op, { k: 'get' }> = {
          k: 'get',
          p: op.p,
          method: 'GET',
          pin: undefined,
          viewer: 0,
          conditional: false,
          wait: true,
        };
        const broken = await get(s, get1, path, i);
        if (broken) return broken;
      }
      return undefined;
  }
}

function supersede(s: State, path: string, i: number): void {
  for (const v of s.versions) if (v.path === path && v.supersededOp === undefined) v.supersededOp = i;
}

interface InFlight {
  op: number;
  method: 'GET' | 'HEAD';
  path: string;
  startedAtMs: number;
  fetchesBefore: number;
  settledAtMs?: number;
  response?: Response;
  error?: unknown;
  /** Alone: no other request was in flight, so the origin fetches counted are its own. */
  alone: boolean;
}

async function get(
  s: State,
  op: Extract<Op, { k: 'get' }>,
  path: string,
  i: number,
): Promise<string | undefined> {
  const pops = s.cdn.topology.pops;
  const pin = op.pin
    ? {
        pop: (pops[op.pin.pop % pops.length] as { id: string }).id,
        server: (op.pin.server % s.sc.serversPerPop) + 1,
      }
    : {};
  const last = op.conditional === 'date' ? s.lastModified.get(path) : s.lastEtag.get(path);
  const headers: Record<string, string> =
    op.conditional && last
      ? { [op.conditional === 'date' ? 'if-modified-since' : 'if-none-match']: last }
      : {};
  const flight: InFlight = {
    op: i,
    method: op.method,
    path,
    startedAtMs: s.clock.now(),
    fetchesBefore: originFetches(s.cdn),
    alone: s.inFlight.length === 0 && op.wait,
  };
  s.inFlight.push(flight);
  s.cdn.fetch(path, { method: op.method, headers, viewer: `viewer-${op.viewer}`, ...pin }).then(
    (response) => {
      flight.response = response;
      flight.settledAtMs = s.clock.now();
    },
    (error: unknown) => {
      flight.error = error;
      flight.settledAtMs = s.clock.now();
    },
  );
  await s.clock.advance(0);
  if (!op.wait) return settled(s);
  // The request may wait on the clock (latency, timeouts, retries): move time until it is answered.
  for (let step = 0; flight.settledAtMs === undefined && step < MAX_STEPS; step++)
    await s.clock.advance(STEP_MS);
  if (flight.settledAtMs === undefined)
    return `${op.method} ${path} still unanswered ${MAX_STEPS * STEP_MS} ms later`;
  return settled(s);
}

/** Checks the requests that have been answered since the last look. */
async function settled(s: State): Promise<string | undefined> {
  const done = s.inFlight.filter((f) => f.settledAtMs !== undefined);
  s.inFlight = s.inFlight.filter((f) => f.settledAtMs === undefined);
  for (const flight of done) {
    const broken = await check(s, flight);
    if (broken) return broken;
  }
  return undefined;
}

/** Answers every request still in flight (moving the clock), then checks them. */
async function drain(s: State): Promise<string | undefined> {
  for (let step = 0; s.inFlight.some((f) => f.settledAtMs === undefined) && step < MAX_STEPS * 3; step++) {
    await s.clock.advance(STEP_MS);
  }
  const stuck = s.inFlight.find((f) => f.settledAtMs === undefined);
  if (stuck) return `${stuck.method} ${stuck.path} (op ${stuck.op}) never answered`;
  return settled(s);
}

async function check(s: State, flight: InFlight): Promise<string | undefined> {
  if (flight.error !== undefined) {
    if (flight.error instanceof EdgecaseError) {
      s.transcript.push(`${flight.op} ${flight.method} ${flight.path} → EdgecaseError ${flight.error.code}`);
      return undefined;
    }
    return onlyEdgecaseErrors(flight.error, `${flight.method} ${flight.path} (op ${flight.op})`);
  }
  const response = flight.response as Response;
  const etag = response.headers.get('etag') ?? undefined;
  if (etag && response.status === 200) s.lastEtag.set(flight.path, etag);
  const lastModified = response.headers.get('last-modified');
  if (lastModified && response.status === 200) s.lastModified.set(flight.path, lastModified);
  const age = response.headers.get('age');
  const answer: Answer = {
    op: flight.op,
    atMs: flight.settledAtMs as number,
    path: flight.path,
    method: flight.method,
    status: response.status,
    xCache: (response.headers.get('x-cache') ?? '').replace(' from cloudfront', ''),
    etag,
    ageS: age === null ? undefined : Number(age),
    body: flight.method === 'GET' && response.status === 200 ? await response.text() : undefined,
    originFetches: originFetches(s.cdn) - flight.fetchesBefore,
    outcomes: outcomesOf(s.cdn, response.headers.get('x-amz-cf-id')),
  };
  s.transcript.push(
    `${flight.op} ${flight.method} ${flight.path} +${answer.atMs - flight.startedAtMs}ms → ${answer.status} ${answer.xCache} ${etag ?? '-'} age ${age ?? '-'}`,
  );
  const disabled = s.sc.policy.kind === 'managed' && s.sc.policy.name === 'CachingDisabled';
  return (
    servedVersionExisted(answer, s.versions) ??
    ageWithinVersion(answer, s.versions) ??
    errorWithinTtl(answer, errorTtlFor(s.sc, answer.status)) ??
    hitWithinTtl(answer, s.versions, ttlBounds(s.sc.policy)) ??
    staleWithinWindow(answer, s.versions, ttlBounds(s.sc.policy)) ??
    originAnswerCurrent(answer, s.versions) ??
    (disabled && flight.alone ? cachingDisabledReachesOrigin(answer) : undefined)
  );
}

function outcomesOf(cdn: Cdn, id: string | null): string[] {
  // The request answered last is near the end of the trace: look from there.
  const records = cdn.trace.all();
  for (let i = records.length - 1; i >= 0; i--) {
    const record = records[i]!;
    if (record.type === 'request' && record.id === id) return record.tiers.map((t) => t.outcome);
  }
  return [];
}

function originFetches(cdn: Cdn): number {
  let n = 0;
  for (const record of cdn.trace.all()) if (record.type === 'origin') n++;
  return n;
}

/**
 * After every operation: no node holds a copy an invalidation that has completed should have removed.
 * Each path's copies are read once per look, however many invalidations cover it (the same check as
 * one `inspect` per invalidation and path, which made this two thirds of the suite's time).
 */
function checkInvalidations(s: State): string | undefined {
  const completed = s.invalidations.filter((inv) => inv.record.status === 'Completed');
  if (completed.length === 0) return undefined;
  const fetches = s.cdn.trace
    .all()
    .flatMap((r) =>
      r.type === 'origin' ? [{ path: r.path, etag: r.etag, completedAtMs: r.completedAtMs }] : [],
    );
  const copiesByPath = new Map<string, CachedCopy[]>();
  const copiesOf = (path: string): CachedCopy[] => {
    let copies = copiesByPath.get(path);
    if (copies === undefined) {
      copies = s.cdn
        .inspect(path)
        .holders.flatMap((node) =>
          node.entries
            .filter((e) => e.keyQuery === '')
            .map((e) => ({ node: node.node, etag: e.etag, status: e.status, storedAtMs: e.storedAtMs })),
        );
      copiesByPath.set(path, copies);
    }
    return copies;
  };
  for (const inv of completed) {
    const target = inv.item.endsWith('*') ? inv.item.slice(0, -1) : inv.item;
    for (const path of PATHS) {
      if (inv.item.endsWith('*') ? !path.startsWith(target) : path !== target) continue;
      const broken = invalidationLeftNoOlderCopy(inv, copiesOf(path), path, s.versions, fetches);
      if (broken) return broken;
    }
  }
  return undefined;
}
