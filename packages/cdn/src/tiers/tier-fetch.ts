import {
  type CacheEntry,
  entryAgeMs,
  entryState,
  entryVaryAll,
  heldHeaders,
  NO_TAGS,
  newEntry,
  StoredEntry,
  staleIfErrorAllows,
} from '../cache/cache-entry.js';
import type { CacheNode, PendingFill } from '../cache/cache-node.js';
import { compressAtEdge } from '../cache/compression.js';
import { decideFreshness, type FreshnessDecision } from '../cache/freshness.js';
import { formatMs } from '../clock/duration.js';
import type { HeaderMap } from '../origin/types.js';
import type { TierOutcome, TierOutcomeKind } from '../trace/trace.js';
import {
  asNotModified,
  type ChainLink,
  type Exchange,
  notModified,
  passedOn,
  type TierResult,
  type Validators,
} from './exchange.js';
import { fromOrigin } from './from-origin.js';

/**
 * Answers `ex` at chain position `level` (the chain's end is the origin), sending `validators` when
 * the tier below holds a stale copy. Each cache tier serves fresh entries, serves stale ones inside
 * stale-while-revalidate, collapses concurrent misses, revalidates with If-None-Match /
 * If-Modified-Since, and falls back to its stale copy when upstream fails (§3, §7).
 */
export function fetchAt(
  ex: Exchange,
  level: number,
  validators?: Validators,
): TierResult | Promise<TierResult> {
  // Without validators no 304 is due: the tier's own promise, not one more wrapped around it.
  if (validators === undefined) {
    if (level === 0 && ex.chain.length === 2 && ex.cacheable) {
      const both = fillBoth(ex);
      if (both !== undefined) return both;
    }
    return level === ex.chain.length ? fromOrigin(ex, undefined, false) : atNode(ex, level);
  }
  return fetchValidated(ex, level, validators);
}

async function fetchValidated(ex: Exchange, level: number, validators: Validators): Promise<TierResult> {
  const result =
    level === ex.chain.length ? await fromOrigin(ex, validators, false) : await atNode(ex, level);
  return notModified(result, validators) ? asNotModified(result) : result;
}

function atNode(ex: Exchange, level: number): TierResult | Promise<TierResult> {
  const link = ex.chain[level]!;
  const { node } = link;
  if (!ex.cacheable) return passThrough(ex, level);
  const now = ex.settings.clock.now();
  const entry = node.get(ex.key);
  if (entry && !varyStar(entry, ex)) {
    if (!entry.decision.revalidateAlways) {
      const state = entryState(entry, now);
      // A copy a fill answered at once stored in this same step is a hit too (`endAtStepEnd`).
      if (state === 'fresh') return fromEntry(ex, level, entry, entry.decision.isError ? 'error-hit' : 'hit');
      if (state === 'stale-while-revalidate') {
        // §3: serve the stale copy at once and refresh in the background. The copy is read first: a
        // refresh the origin answers at once renews it before this line returns (a 304 in place).
        const stale = fromEntry(ex, level, entry, 'stale-while-revalidate');
        refreshInBackground(ex, level, entry);
        return stale;
      }
    }
    // §2 HTTPStatusCodes: after an origin error the stale copy keeps being served for ErrorCachingMinTTL,
    // but never past the origin's stale-if-error=N window (§3, RFC 5861 §4; reliability item 2).
    if (entry.errorStaleUntilMs > now && staleIfErrorAllows(entry, now)) {
      return fromEntry(ex, level, entry, 'stale-if-error');
    }
  }
  const collapse = ex.collapse && !node.isUncollapsible(ex.key);
  if (collapse) {
    const pending = node.inflight(ex.key) as TrackedFill | undefined;
    const owner = pending?.[FILL];
    // §6: a purge of this object that reached the node after that fetch started, and before this
    // request came, means its answer predates the invalidation: this request does not wait for it.
    const purgesBefore = owner?.purges.length ?? 0;
    if (pending && !(owner && overtaken(owner, purgesBefore, ex, undefined)))
      return joinInFlight(ex, level, pending, owner, purgesBefore);
    const joined = joinAnsweredAtOnce(ex, link);
    if (joined !== undefined) return joined;
  }
  return missAt(ex, level, entry, collapse);
}

/** Waits for the fetch in flight for `ex.key` and shares its answer, or fetches again after it. */
async function joinInFlight(
  ex: Exchange,
  level: number,
  pending: Promise<unknown>,
  owner: PendingFill | undefined,
  purgesBefore: number,
): Promise<TierResult> {
  const link = ex.chain[level]!;
  const shared = (await pending) as TierResult;
  // §7: the first request's answer serves the waiting ones, logged as Hit...
  if (shared.collapsible && !(owner && overtaken(owner, purgesBefore, ex, shared.headers)))
    return collapsedOnto(shared, link);
  // ...except objects that may not be collapsed: the waiting requests paid the delay and now go on.
  return missAt(ex, level, link.node.get(ex.key), true);
}

/**
 * The answer of a fill at this node that was answered at once (nothing awaited, no clock time) in
 * the current synchronous step and not stored, when this request may share it: such a fill stays in
 * flight until the step ends, so the requests made in the same step collapse onto it as onto a
 * fetch that took time (§7). Undefined when there is none, or its answer may not be shared. (A node
 * that stored the answer serves its copy instead: it has no fresh copy while such a fill is open.)
 */
function joinAnsweredAtOnce(ex: Exchange, link: ChainLink): TierResult | undefined {
  const { node } = link;
  const owner = node.answeredAtOnce(ex.key);
  if (owner === undefined || node.isUncollapsible(ex.key)) return undefined;
  const shared = owner.answer as TierResult;
  // §6: nor after a purge of this object that reached the node since (see joinInFlight).
  if (!shared.collapsible || overtaken(owner, owner.purges.length, ex, shared.headers)) return undefined;
  return collapsedOnto(shared, link);
}

/** `shared` as a request that waited for it at `link` gets it: this tier says `collapsed` (§7). */
function collapsedOnto(shared: TierResult, link: ChainLink): TierResult {
  return {
    ...shared,
    outcomes: [
      {
        tier: link.tier,
        node: link.node.id,
        outcome: 'collapsed',
        ...(shared.outcomes[0] ? { joined: shared.outcomes[0].outcome } : {}),
      },
      ...shared.outcomes.slice(1),
    ],
  };
}

/** A miss at `level`: fetches upstream, tracked for collapsing when `collapse`. */
function missAt(
  ex: Exchange,
  level: number,
  entry: CacheEntry | undefined,
  collapse: boolean,
): TierResult | Promise<TierResult> {
  const { node } = ex.chain[level]!;
  const pendingFill = node.startFill(ex.key);
  const filling = fill(ex, level, entry, false, pendingFill);
  if (!(filling instanceof Promise)) {
    endAtStepEnd(node, pendingFill, filling, collapse);
    return filling;
  }
  return missAfter(ex, node, pendingFill, collapse, filling);
}

/** The rest of `missAt` when its fill awaits: tracked for collapsing when `collapse`. */
function missAfter(
  ex: Exchange,
  node: CacheNode,
  pendingFill: PendingFill,
  collapse: boolean,
  filling: Promise<TierResult>,
): Promise<TierResult> {
  if (!collapse) {
    return filling.then((result) => {
      node.setCollapsible(ex.key, result.collapsible);
      return result;
    });
  }
  return awaitTracked(ex, node, filling, pendingFill);
}

async function awaitTracked(
  ex: Exchange,
  node: CacheNode,
  filling: Promise<TierResult>,
  pendingFill: PendingFill,
): Promise<TierResult> {
  (filling as TrackedFill)[FILL] = pendingFill;
  node.trackFill(ex.key, filling);
  let result: TierResult;
  try {
    result = await filling;
  } finally {
    // First thing on resuming, where a reaction of its own on `filling` (registered just before this
    // await) ran: the same moment, without that reaction's promise.
    node.settled(ex.key, filling);
  }
  node.setCollapsible(ex.key, result.collapsible);
  return result;
}

/**
 * Fills answered at once, whose answer was not stored, until their synchronous step ends: three
 * slots each (node, fill, answer); one microtask ends them all (`endStep`).
 */
const openAtOnce: (CacheNode | PendingFill | TierResult)[] = [];

/**
 * The end of a fill that was answered at once. When this node kept the answer (stored or renewed
 * its copy, or serves its stale copy), the fill ends now: a request made in the same step gets that
 * copy, as CloudFront logs a collapsed request (a Hit). Otherwise (an answer not stored here) it
 * stays open (purges reaching the node are noted on it) and, when it may be collapsed onto
 * (`shared`), holds its answer, until the current synchronous step ends: what an `await` of the
 * answer gave before fills could answer without one, so requests made in the same step share it
 * rather than asking again (§7; docs/internals.md).
 */
function endAtStepEnd(node: CacheNode, pendingFill: PendingFill, result: TierResult, shared: boolean): void {
  const mine = result.outcomes[0];
  if (mine !== undefined && (mine.stored !== undefined || mine.outcome === 'stale-if-error')) {
    node.endFill(pendingFill);
    node.setCollapsible(pendingFill.key, result.collapsible);
    return;
  }
  if (shared) pendingFill.answer = result;
  if (openAtOnce.length === 0) queueMicrotask(endStep);
  openAtOnce.push(node, pendingFill, result);
}

function endStep(): void {
  for (let i = 0; i < openAtOnce.length; i += 3) {
    const node = openAtOnce[i] as CacheNode;
    const pendingFill = openAtOnce[i + 1] as PendingFill;
    pendingFill.answer = undefined;
    node.endFill(pendingFill);
    node.setCollapsible(pendingFill.key, (openAtOnce[i + 2] as TierResult).collapsible);
  }
  openAtOnce.length = 0;
}

/**
 * A tracked (collapsible) fill's promise carries the fetch under way behind it, for the purges it has
 * seen. A property rather than a WeakMap: a WeakMap entry per fill cost ~0.5 µs of every miss.
 */
const FILL = Symbol('fill');

/** What deciding on an answer and storing it read of a request: an exchange, or `fillFromUpstreamCopy`'s site. */
export type FillSite = Pick<
  Exchange,
  'settings' | 'behavior' | 'key' | 'path' | 'keyQuery' | 'acceptEncoding' | 'method' | 'decided'
>;
type TrackedFill = Promise<TierResult> & { [FILL]?: PendingFill };

function track(node: CacheNode, key: string, work: TrackedFill, pendingFill: PendingFill): void {
  work[FILL] = pendingFill;
  node.trackInflight(key, work);
}

/**
 * Fetches from the next tier, then stores, renews or falls back to the stale copy. When the tier
 * above answers at once, so does this, and `pendingFill` stays open: the caller ends it
 * (`endAtStepEnd`). Otherwise the fill ends when the answer comes.
 */
function fill(
  ex: Exchange,
  level: number,
  entry: CacheEntry | undefined,
  background: boolean,
  pendingFill: PendingFill,
): TierResult | Promise<TierResult> {
  const link = ex.chain[level]!;
  const validators = entry === undefined ? undefined : revalidationValidators(entry, ex);
  let up: TierResult | Promise<TierResult>;
  try {
    up =
      level + 1 === ex.chain.length
        ? fromOrigin(ex, validators, background)
        : fetchAt(ex, level + 1, validators);
  } catch (error) {
    link.node.endFill(pendingFill);
    throw error;
  }
  // Answered at once: nothing ran meanwhile that could change this node (purges wait on the clock).
  // The fill stays open for the caller to end (`endAtStepEnd`), unless this throws.
  if (!(up instanceof Promise)) {
    try {
      return filled(ex, level, entry, background, pendingFill, validators, up, false);
    } catch (error) {
      link.node.endFill(pendingFill);
      throw error;
    }
  }
  return fillAfter(ex, level, entry, background, pendingFill, validators, up);
}

/** The rest of `fill` when the tier above answers later (`up`). */
function fillAfter(
  ex: Exchange,
  level: number,
  entry: CacheEntry | undefined,
  background: boolean,
  pendingFill: PendingFill,
  validators: Validators | undefined,
  up: Promise<TierResult>,
): Promise<TierResult> {
  const { node } = ex.chain[level]!;
  return up.then(
    (answer) => {
      node.endFill(pendingFill);
      return filled(ex, level, entry, background, pendingFill, validators, answer, true);
    },
    (error: unknown) => {
      node.endFill(pendingFill);
      throw error;
    },
  );
}

/**
 * `atNode(ex, 0)` for a chain of two caches (an edge server and its regional cache or shield) when
 * neither holds a copy of the key nor a fetch of it: both miss, the edge's fill asks the tier above,
 * whose fill asks the origin (`fromOrigin`, as it is). The same calls on the nodes, trace and origin
 * in the same order, and the same answer, without the layers between (atNode → missAt → fill →
 * fetchAt at each tier); when the origin answers later, the fills go on as those layers' do.
 * Undefined (nothing done) when a node holds a copy or a fetch: the layers take the request.
 */
function fillBoth(ex: Exchange): TierResult | Promise<TierResult> | undefined {
  if (!oneStepFills) return undefined;
  const key = ex.key;
  const edge = (ex.chain[0] as ChainLink).node;
  const upper = (ex.chain[1] as ChainLink).node;
  if (
    edge.get(key) !== undefined ||
    edge.inflight(key) !== undefined ||
    edge.answeredAtOnce(key) !== undefined ||
    upper.get(key) !== undefined ||
    upper.inflight(key) !== undefined ||
    upper.answeredAtOnce(key) !== undefined
  )
    return undefined;
  // atNode's collapse at each tier, read before its fill starts, as there.
  const edgeCollapses = ex.collapse && !edge.isUncollapsible(key);
  const edgeFill = edge.startFill(key);
  const upperCollapses = ex.collapse && !upper.isUncollapsible(key);
  const upperFill = upper.startFill(key);
  let fromAbove: TierResult | Promise<TierResult>;
  try {
    fromAbove = fromOrigin(ex, undefined, false);
  } catch (error) {
    upper.endFill(upperFill);
    edge.endFill(edgeFill);
    throw error;
  }
  if (fromAbove instanceof Promise) {
    const upperDone = missAfter(
      ex,
      upper,
      upperFill,
      upperCollapses,
      fillAfter(ex, 1, undefined, false, upperFill, undefined, fromAbove),
    );
    return missAfter(
      ex,
      edge,
      edgeFill,
      edgeCollapses,
      fillAfter(ex, 0, undefined, false, edgeFill, undefined, upperDone),
    );
  }
  oneStepFillsTaken.fromOrigin++;
  // Each tier's `filled` at once, ending its fill if it throws (the edge's too: the error leaves
  // the edge's fill as it left the tier above).
  let upperResult: TierResult;
  try {
    upperResult = filledWith(ex, ex.chain[1] as ChainLink, undefined, upperFill, fromAbove, true);
  } catch (error) {
    upper.endFill(upperFill);
    edge.endFill(edgeFill);
    throw error;
  }
  endAtStepEnd(upper, upperFill, upperResult, upperCollapses);
  let edgeResult: TierResult;
  try {
    edgeResult = filledWith(ex, ex.chain[0] as ChainLink, undefined, edgeFill, upperResult, true);
  } catch (error) {
    edge.endFill(edgeFill);
    throw error;
  }
  endAtStepEnd(edge, edgeFill, edgeResult, edgeCollapses);
  return edgeResult;
}

/** The rest of `fill`, once the tier above answered `up`. */
function filled(
  ex: Exchange,
  level: number,
  entryBefore: CacheEntry | undefined,
  background: boolean,
  pendingFill: PendingFill,
  validators: Validators | undefined,
  up: TierResult,
  awaited: boolean,
): TierResult | Promise<TierResult> {
  const link = ex.chain[level]!;
  let entry = entryBefore;
  // The copy read before the await may have been purged (an invalidation) or replaced meanwhile:
  // never serve, renew or fall back to a copy this node no longer holds (reliability item 1). What
  // the node holds now (a copy stored by another request, or nothing) takes its place.
  const current = awaited ? link.node.get(ex.key) : entry;
  if (current !== entry) {
    // Our validators came from that copy: a 304 now confirms nothing this node can serve, so ask again;
    // unless the node would revalidate what it holds now with the same validators (a concurrent
    // revalidation renewed the copy as a new object, as it does a `CompactEntry`): the 304 confirms
    // that copy as well. A `Vary: *` copy is never confirmed: it is asked for again, unconditionally.
    if (
      up.status === 304 &&
      validators &&
      !(current !== undefined && sameValidators(current, validators, ex))
    ) {
      const again = link.node.startFill(ex.key);
      const retried = fill(ex, level, current, background, again);
      if (!(retried instanceof Promise)) link.node.endFill(again);
      return retried;
    }
    entry = current;
  }
  return filledWith(ex, link, entry, pendingFill, up, !awaited && entry === undefined);
}

/**
 * What a tier does with the answer `up` of its fill, holding `entry` (its copy, if any, as it holds
 * it now): falls back to the copy, renews it, stores the answer or passes it on. `holdsNone`: the
 * node was read in this same step and held no copy.
 */
function filledWith(
  ex: Exchange,
  link: ChainLink,
  entryNow: CacheEntry | undefined,
  pendingFill: PendingFill,
  up: TierResult,
  holdsNone: boolean,
): TierResult {
  let entry = entryNow;
  const { settings } = ex;
  const now = settings.clock.now();
  // §6: an invalidation of this object reached the node while the answer was on its way. The answer
  // left upstream before the purge, so the node does not keep it (the viewer who asked still gets it).
  const purgedOnTheWay = overtaken(pendingFill, pendingFill.purges.length, ex, up.headers);

  // §2: an expired object plus a 5xx (or a timeout, which counts as one) serves the stale object.
  if (
    entry &&
    !entry.decision.isError &&
    (up.failure !== undefined || up.status >= 500) &&
    staleIfErrorAllows(entry, now)
  ) {
    entry = link.node.ownEntry(entry);
    entry.errorStaleUntilMs = now + settings.errorCachingMinTtlMs(up.status);
    return entryResult(entry, now, outcomesOf(link, up, 'stale-if-error'), link.tier);
  }

  // §3: 304 keeps the cached copy and renews its lifetime (RefreshHit).
  if (up.status === 304 && entry) {
    const headers = { ...entry.headers, ...freshnessHeaders(up.headers) };
    const decision = decide(ex, entry.status, headers, now);
    entry = link.node.ownEntry(entry, true);
    renew(entry, headers, decision, now, upstreamAge(ex, up));
    return entryResult(
      entry,
      now,
      outcomesOf(link, up, 'refresh-hit', stored(decision, upstreamAge(ex, up))),
      link.tier,
    );
  }

  const decision = decide(ex, up.status, up.headers, now);
  // §2: a timeout or unreachable origin counts as a 5xx, so the 502/504 is cached like one.
  // §5: GET and HEAD share a key. What a HEAD miss does upstream is UNCONFIRMED; here it is sent as
  // HEAD and its (bodiless) answer is not stored, so it can never stand in for a GET.
  if (purgedOnTheWay && decision.cacheable) {
    const because = `an invalidation reached ${link.node.id} while this answer was on its way`;
    return {
      ...up,
      outcomes: outcomesOf(link, up, 'miss', undefined, { rule: 'invalidated-in-flight', because }),
      collapsible: decision.collapsible,
    };
  }
  if (
    decision.cacheable &&
    !up.uncacheable &&
    up.status !== 206 &&
    up.status !== 304 &&
    ex.method !== 'HEAD'
  ) {
    // A fill answered at once read the node's copy in this same step: none means none to remove.
    return storeAnswer(ex, link, up, decision, now, holdsNone);
  }
  // New content that may not be stored replaces nothing stale: drop the old copy. Errors keep it.
  if (entry && up.status < 400 && ex.method !== 'HEAD') link.node.delete(ex.key);
  return passedOn(
    up,
    up.entry,
    outcomesOf(link, up, 'miss', undefined, { rule: decision.rule, because: decision.because }),
    decision.collapsible,
  );
}

/**
 * A miss at `link` whose answer `up` the node stores (a cacheable answer, decided `decision`): the
 * copy is made (compressed at an edge server when the viewer accepts it) and stored, and the answer
 * passed on with this tier's `miss` first. `holdsNone`: the node was read in this same step and held
 * no copy of the key.
 */
function storeAnswer(
  ex: FillSite,
  link: ChainLink,
  up: TierResult,
  decision: FreshnessDecision,
  now: number,
  holdsNone: boolean,
): TierResult {
  // §5 ServingCompressedFiles: an edge server compresses what it stores, when the viewer accepts it.
  // (A viewer that accepts no encoding the policy enables gets none: no input for compressAtEdge.)
  const compressed =
    link.tier === 'edge' && ex.behavior.compress && ex.acceptEncoding !== undefined
      ? compressAtEdge({
          status: up.status,
          headers: up.headers,
          body: up.body,
          ttlMs: decision.ttlMs,
          acceptEncoding: ex.acceptEncoding,
        })
      : undefined;
  const answer = compressed ? { ...up, headers: compressed.headers, body: compressed.body } : up;
  const fresh = createEntry(ex, link.node, answer, decision, now);
  link.node.set(fresh, true, holdsNone);
  return passedOn(
    answer,
    fresh,
    outcomesOf(link, up, 'miss', stored(decision, upstreamAge(ex, up))),
    decision.collapsible,
  );
}

/**
 * A GET that missed at the edge server `edge.node` (it holds no copy of the key: the caller read it in
 * this step) and that the next tier `upstream` answers from a fresh copy, in one step: the answer
 * atNode → missAt → fill → filled give for it (the edge stores the copy and says `miss`, the tier
 * above `hit`), without an exchange, its chain or the layers between. Undefined for any other case
 * (a fetch of the key open at the edge, no fresh copy upstream, an error or a copy revalidated always,
 * an answer the edge would not store): the full path takes it then, reading the same copies.
 */
export function fillFromUpstreamCopy(
  site: FillSite,
  edge: ChainLink,
  upstream: ChainLink,
): TierResult | undefined {
  if (!oneStepFills) return undefined;
  const key = site.key;
  const node = edge.node;
  if (node.inflight(key) !== undefined || node.answeredAtOnce(key) !== undefined) return undefined;
  const copy = upstream.node.get(key);
  const now = site.settings.clock.now();
  if (
    copy === undefined ||
    // An error status (a custom error response may apply to it) takes the full path.
    copy.status >= 400 ||
    copy.decision.isError ||
    copy.decision.revalidateAlways ||
    now >= copy.staleAtMs ||
    (site.behavior.cachePolicy.minTtlMs === 0 && entryVaryAll(copy))
  )
    return undefined;
  const up = entryResult(
    copy,
    now,
    [{ tier: upstream.tier, node: upstream.node.id, outcome: 'hit' }],
    upstream.tier,
  );
  const decision = decide(site, up.status, up.headers, now);
  if (!decision.cacheable) return undefined;
  // As missAt's fill, which starts and ends in this step here (as one that stored its answer:
  // `endAtStepEnd`); no purge can reach the node meanwhile.
  node.fillAtOnce();
  const result = storeAnswer(site, edge, up, decision, now, true);
  node.setCollapsible(key, result.collapsible);
  oneStepFillsTaken.fromCopy++;
  return result;
}

/** Whether the one-step fills (`fillFromUpstreamCopy`, `fillBoth`) take the requests they can. */
let oneStepFills = true;
/** How many requests each one-step fill answered (tests): from the copy above, or from the origin at once. */
const oneStepFillsTaken = { fromCopy: 0, fromOrigin: 0 };

/**
 * Turns the one-step fills on or off (off: every miss takes the full path); returns the setting
 * before. Internal, for the test that compares both.
 */
export function setOneStepFills(on: boolean): boolean {
  const before = oneStepFills;
  oneStepFills = on;
  return before;
}

/** How many misses each one-step fill answered so far (internal, for tests). */
export function oneStepFillCount(): { fromCopy: number; fromOrigin: number } {
  return { ...oneStepFillsTaken };
}

/** A fill's outcomes: this tier's, then those of the tiers above (`up.outcomes`). */
function outcomesOf(
  link: Exchange['chain'][number],
  up: TierResult,
  kind: TierOutcomeKind,
  stored?: TierOutcome['stored'],
  notStored?: TierOutcome['notStored'],
): TierOutcome[] {
  // Built field by field rather than spread: every tier's outcome has one shape (the trace keeps them).
  // One literal per combination: adding a field later moved it out of the object (~40 B a record).
  const tier = link.tier;
  const node = link.node.id;
  const mine: TierOutcome =
    stored === undefined
      ? notStored === undefined
        ? { tier, node, outcome: kind }
        : { tier, node, outcome: kind, notStored }
      : notStored === undefined
        ? { tier, node, outcome: kind, stored }
        : { tier, node, outcome: kind, stored, notStored };
  // Sized once: `[mine]` then push grew the store to 17 slots (~150 B more per trace record).
  const below = up.outcomes;
  const outcomes = new Array<TierOutcome>(below.length + 1);
  outcomes[0] = mine;
  for (let i = 0; i < below.length; i++) outcomes[i + 1] = below[i] as TierOutcome;
  return outcomes;
}

function refreshInBackground(ex: Exchange, level: number, entry: CacheEntry): void {
  const { node } = ex.chain[level]!;
  if (node.inflight(ex.key) !== undefined || node.answeredAtOnce(ex.key) !== undefined) return;
  const pendingFill = node.startFill(ex.key);
  let work: TierResult | Promise<TierResult>;
  try {
    work = fill(ex, level, entry, true, pendingFill);
  } catch {
    // As a rejection of a refresh that awaited: nothing waits on it, the stale copy is served.
    return;
  }
  // §7: shared only when the request could collapse: a HEAD's revalidation is bodiless (§5), and a
  // GET waiting on it got 200 with an empty body (found by the property suite).
  if (!(work instanceof Promise)) {
    endAtStepEnd(node, pendingFill, work, ex.collapse);
    return;
  }
  if (ex.collapse) track(node, ex.key, work, pendingFill);
  // A failed background refresh is recorded in the trace by fromOrigin; nothing waits on it.
  work.catch(() => undefined);
}

function fromEntry(ex: Exchange, level: number, entry: CacheEntry, kind: TierOutcomeKind): TierResult {
  const link = ex.chain[level]!;
  const now = ex.settings.clock.now();
  return entryResult(entry, now, [{ tier: link.tier, node: link.node.id, outcome: kind }], link.tier);
}

/**
 * A tier's answer from its copy. One literal with the fields in the order the spread of the copy's
 * part then `outcomes` and `servedFrom` gave (the same object), without the intermediate object.
 */
function entryResult(
  entry: CacheEntry,
  now: number,
  outcomes: TierOutcome[],
  servedFrom: TierResult['servedFrom'],
): TierResult {
  return {
    status: entry.status,
    headers: entry.headers,
    body: entry.body,
    ageMs: entryAgeMs(entry, now),
    entry,
    collapsible: entry.decision.collapsible,
    outcomes,
    servedFrom,
  };
}

function decide(ex: FillSite, status: number, headers: HeaderMap, now: number): FreshnessDecision {
  // The same answer decided for this request at the tier above, at the same moment: the decision is
  // pure in these inputs (and the request's behaviour and settings), so it is that one.
  const last = ex.decided;
  if (last !== undefined && last.status === status && last.headers === headers && last.nowMs === now)
    return last.decision;
  const decision = decideAnew(ex, status, headers, now);
  ex.decided = { status, headers, nowMs: now, decision };
  return decision;
}

function decideAnew(ex: FillSite, status: number, headers: HeaderMap, now: number): FreshnessDecision {
  const { settings } = ex;
  const policy = ex.behavior.cachePolicy;
  // The decision is pure in the status, Cache-Control, Expires (with the moment), the cache policy
  // and the settings: the answers of one origin, or one explorer's objects, mostly share all of
  // them, so the last decision serves again (an answer with Expires is decided each time).
  const cacheControl = headers['cache-control'];
  const last = settings.lastDecided;
  const expires = headers.expires;
  if (
    last !== undefined &&
    expires === undefined &&
    last.status === status &&
    last.cacheControl === cacheControl &&
    last.policy === policy
  )
    return last.decision;
  const decision = decideFreshness({
    status,
    headers,
    nowMs: now,
    ttl: policy,
    errorCachingMinTtlMs: settings.errorCachingMinTtlMs(status),
    customErrorResponse: settings.hasCustomErrorResponse(status),
    errorCaching: settings.errorCaching,
    minTtlNoCache: settings.minTtlNoCache,
  });
  if (expires === undefined) settings.lastDecided = { status, cacheControl, policy, decision };
  return decision;
}

function createEntry(
  ex: FillSite,
  node: CacheNode,
  up: TierResult,
  decision: FreshnessDecision,
  now: number,
): CacheEntry {
  const ageMs = upstreamAge(ex, up);
  // The tier above decided the same for the same answer (the usual case): share its decision.
  if (up.entry !== undefined && sameDecision(up.entry.decision, decision)) decision = up.entry.decision;
  // Issue 13 (bytes per cache entry): in a store of thousands of keys, an answer no entry holds yet
  // may be kept as a header template and its own values (a CompactEntry); one the tier above holds
  // as an object is shared as it is.
  return newEntry(
    ex.key,
    ex.path,
    ex.keyQuery,
    up.status,
    up.headers,
    (up.entry === undefined || heldHeaders(up.entry) !== up.headers) && node.compactsHeaders,
    up.body,
    decision,
    tagsOf(ex, up.headers),
    now,
    ageMs,
  );
}

function sameDecision(a: FreshnessDecision, b: FreshnessDecision): boolean {
  if (a === b) return true;
  // for...in rather than Object.keys: no arrays allocated on every miss.
  let keys = 0;
  for (const key in b) {
    if (a[key as keyof FreshnessDecision] !== b[key as keyof FreshnessDecision]) return false;
    keys++;
  }
  for (const _ in a) keys--;
  return keys === 0;
}

function renew(
  entry: CacheEntry,
  headers: HeaderMap,
  decision: FreshnessDecision,
  now: number,
  ageMs: number,
): void {
  entry.headers = headers;
  entry.viewerHeaders = undefined;
  entry.decision = decision;
  entry.storedAtMs = now;
  entry.upstreamAgeMs = ageMs;
  entry.errorStaleUntilMs = 0;
  // A hand-built entry (tests) keeps these as fields; a StoredEntry derives them from the above.
  if (!(entry instanceof StoredEntry)) {
    entry.staleAtMs = now + decision.ttlMs - ageMs;
    entry.expiresAtMs = entry.staleAtMs + decision.staleWhileRevalidateMs;
    entry.etag = headers.etag;
    entry.lastModified = headers['last-modified'];
  }
}

// §6 cache tags: comma-separated, case-insensitive, at most 50 per object (extras ignored).
function tagsOf(ex: FillSite, headers: HeaderMap): readonly string[] {
  const tagHeader = ex.settings.cacheTagHeader;
  const tagValue = tagHeader ? headers[tagHeader] : undefined;
  return tagValue
    ? tagValue
        .split(',')
        .map((t) => t.trim().toLowerCase())
        .filter(Boolean)
        .slice(0, 50)
    : NO_TAGS;
}

/**
 * Whether one of the first `count` purges noted on `pending` removes what `ex` asks for (§6). Without
 * `headers` (the answer not yet known) only paths are compared: tags come with the answer.
 */
function overtaken(
  pending: PendingFill,
  count: number,
  ex: Exchange,
  headers: HeaderMap | undefined,
): boolean {
  if (count === 0) return false;
  const view = { path: ex.path, keyQuery: ex.keyQuery, tags: headers ? tagsOf(ex, headers) : NO_TAGS };
  for (let i = 0; i < count; i++) if (pending.purges[i]?.(view)) return true;
  return false;
}

function upstreamAge(ex: FillSite, up: TierResult): number {
  return ex.settings.upstreamAge === 'honour' ? up.ageMs : 0;
}

/** What a decision stored with no Age upstream says in the trace, one frozen object per decision. */
const STORED_AS_DECIDED = new WeakMap<FreshnessDecision, NonNullable<TierOutcome['stored']>>();

/** The decision `stored` said last, and what: one comparison in front of the WeakMap (fills mostly store one). */
let lastDecided: FreshnessDecision | undefined;
let lastSaid: NonNullable<TierOutcome['stored']> | undefined;

function stored(decision: FreshnessDecision, upstreamAgeMs: number): TierOutcome['stored'] {
  if (upstreamAgeMs <= 0) {
    if (decision === lastDecided) return lastSaid;
    let said = STORED_AS_DECIDED.get(decision);
    if (said === undefined) {
      said = Object.freeze({ ttlMs: decision.ttlMs, rule: decision.rule, because: decision.because });
      STORED_AS_DECIDED.set(decision, said);
    }
    lastDecided = decision;
    lastSaid = said;
    return said;
  }
  // The upstream tier's Age counts against the TTL (§4, RFC 9111): say how much is left here.
  const leftMs = Math.max(0, decision.ttlMs - upstreamAgeMs);
  return {
    ttlMs: leftMs,
    rule: decision.rule,
    because: `${decision.because}, ${formatMs(upstreamAgeMs)} of it spent upstream (${formatMs(leftMs)} left)`,
  };
}

/** Whether `entry`'s validators are `validators` (what a conditional request for it would send). */
/**
 * What a tier sends to revalidate `entry`: its ETag and Last-Modified, or `undefined` when it has
 * none, is an error, or is a `Vary: *` copy (§1.3: asked for again without conditional headers).
 */
function revalidationValidators(entry: CacheEntry, ex: Exchange): Validators | undefined {
  return entry.decision.isError || varyStar(entry, ex) ? undefined : validatorsOf(entry);
}

/**
 * Whether a 304 for `validators` confirms `entry`: a copy the tier would have revalidated with the
 * same validators (so not an error, nor a `Vary: *` copy, which no request is served from).
 */
function sameValidators(entry: CacheEntry, validators: Validators, ex: Exchange): boolean {
  const own = revalidationValidators(entry, ex);
  return own !== undefined && own.etag === validators.etag && own.lastModified === validators.lastModified;
}

function validatorsOf(entry: CacheEntry): Validators | undefined {
  if (entry.etag === undefined && entry.lastModified === undefined) return undefined;
  return { etag: entry.etag, lastModified: entry.lastModified };
}

// §1.3 ResponseCustomContentNegotiation: `Vary: *` with MinTTL 0 is cached, but every later request
// goes to the origin without conditional headers.
function varyStar(entry: CacheEntry, ex: Exchange): boolean {
  return ex.behavior.cachePolicy.minTtlMs === 0 && entryVaryAll(entry);
}

// §3: a 304 may carry updated Cache-Control, Expires, ETag and Last-Modified.
function freshnessHeaders(headers: HeaderMap): HeaderMap {
  const out: HeaderMap = {};
  for (const name of ['cache-control', 'expires', 'etag', 'last-modified']) {
    const value = headers[name];
    if (value !== undefined) out[name] = value;
  }
  return out;
}

/** A request no tier may store passes through every tier: each says `pass-through`. */
async function passThrough(ex: Exchange, level: number): Promise<TierResult> {
  const link = ex.chain[level]!;
  const up = await fetchAt(ex, level + 1);
  return { ...up, outcomes: [{ tier: link.tier, node: link.node.id, outcome: 'pass-through' }] };
}
