import type { HeaderMap } from '../origin/types.js';
import { SUFFIX_BY_MASK, simpleKeyParts } from '../policy/cache-key.js';
import type { CacheNode } from './cache-node.js';
import type { FreshnessDecision } from './freshness.js';
import { compactHeaders, HeaderTemplate, saysVaryAll } from './header-template.js';

/** One stored response at one cache node. Bodies are shared between nodes, never copied. */
export interface CacheEntry {
  readonly key: string;
  /** URL path of the object (as requested, case-sensitive). */
  readonly path: string;
  /** Query string as it is in the cache key; `''` when none. */
  readonly keyQuery: string;
  status: number;
  /** Response headers as received from upstream, lower-case, without `age` and hop-by-hop headers. */
  headers: HeaderMap;
  body: Uint8Array;
  etag: string | undefined;
  lastModified: string | undefined;
  /** When this node stored or last revalidated the entry. */
  storedAtMs: number;
  /** Age the upstream tier reported when this node got it (0 from the origin). */
  upstreamAgeMs: number;
  /** When it stops being fresh. */
  staleAtMs: number;
  /** Last moment it may be served without asking upstream (`staleAtMs` + stale-while-revalidate). */
  expiresAtMs: number;
  decision: FreshnessDecision;
  /**
   * Whether the headers say `Vary: *`, kept by a `StoredEntry` (a cached hit's check); an entry built
   * by hand without it is read from `headers`.
   */
  readonly varyAll?: boolean;
  /** After an origin failure, the stale copy is served without retrying until this time (§2). */
  errorStaleUntilMs: number;
  tags: readonly string[];
  /**
   * `headers` as the viewer sees them (hop-by-hop and, without cookie forwarding, Set-Cookie removed);
   * built once, or the entry itself when it serves its header template (`HeaderSource`).
   */
  viewerHeaders?: HeaderSource | undefined;
  /** Body size plus a small overhead, for the node's byte capacity. */
  readonly bytes: number;
  /** The node holding it, set by the cache store (internal: which node a key's only copy is on). */
  holder?: CacheNode | undefined;
  /**
   * Held by several nodes at once (internal): the store keeps one object for equal copies of a key
   * on many servers, so a tier copies it before changing it (`ownEntry`).
   */
  shared?: boolean;
}

/**
 * What an answer's headers are: the headers object, or a `CompactEntry` whose template and own values
 * are the headers, built only when something reads them (`headerMapOf`). A hit on such an entry
 * serves the entry itself, so the entry keeps no headers object (issue 13: bytes per served entry);
 * its headers never change after it has served (a revalidation renews a copy: `CacheNode.ownEntry`),
 * so a response keeps showing the headers it was served with.
 */
export type HeaderSource = HeaderMap | CompactEntry;

/** The headers object of `source`: a new object for an entry serving its template. */
export function headerMapOf(source: HeaderSource): HeaderMap {
  return source instanceof CompactEntry ? source.servedHeaders() : source;
}

/**
 * Whether `entry`'s headers say `Vary: *`: a `StoredEntry`'s bit, read without building its headers
 * object from a template (issue 13); an entry built by hand, from its headers.
 */
export function entryVaryAll(entry: CacheEntry): boolean {
  return entry.varyAll ?? saysVaryAll(entry.headers);
}

/** The cache tags of an entry without any: one frozen array for all of them. */
export const NO_TAGS: readonly string[] = Object.freeze([]);

/** What few entries have: a key query, cache tags, an upstream Age, an error pause, own viewer headers. */
interface RareFields {
  /** `StoredEntry.#more`'s string: the key, or its domain when derived. */
  key: string;
  keyQuery: string;
  tags: readonly string[];
  upstreamAgeMs: number;
  errorStaleUntilMs: number;
  /** Viewer headers other than the stored headers themselves (something was stripped). */
  viewerHeaders: HeaderSource | undefined;
}

/** `StoredEntry.#bits`: the status above five flags and the key's Accept-Encoding mask. */
const SHARED = 1;
const VIEWER_IS_STORED = 2;
/** The key is the domain (`#more`), the path and `SUFFIX_BY_MASK[mask]`. */
const KEY_DERIVED = 4;
/** A `CompactEntry` whose viewer headers are its template and own values: a hit serves the entry. */
const VIEWER_IS_SELF = 8;
/** The headers say `Vary: *` (`varyAll`: a cached hit's check, one bit rather than a header read). */
const VARY_ALL = 16;
const MASK_SHIFT = 5;
const MASK_BITS = 3 << MASK_SHIFT;
const STATUS_SHIFT = 7;
const FLAGS = SHARED | VIEWER_IS_STORED | KEY_DERIVED | VIEWER_IS_SELF | VARY_ALL | MASK_BITS;

/** Whether headers (or a template, whose Vary is never an own value) say `Vary: *`. */
function varyBit(headers: HeaderMap | HeaderTemplate): number {
  const all = headers instanceof HeaderTemplate ? headers.varyAll : saysVaryAll(headers);
  return all ? VARY_ALL : 0;
}

/**
 * The cache's own entry record: one small object of a fixed shape per copy, nothing else per entry.
 * What repeats is shared, not copied: headers, body and the (interned) freshness decision are the
 * answer's own objects, tags without any are `NO_TAGS`. What follows from other fields is computed
 * when read, with the formulas that used to fill them: ETag and Last-Modified from the headers, the
 * byte count from the body, `staleAtMs` and `expiresAtMs` from the time stored and the decision.
 * Fields most entries leave at their default (a key query, tags, an upstream Age, an error pause,
 * viewer headers other than the stored ones) live in one record made when one is set, which then
 * also holds the key string (`#more`); the status, whether the copy is shared and whether viewer
 * headers are the stored headers are one small integer.
 * A simple key (the domain, the path and an Accept-Encoding ending: `simpleKeyParts`) is not kept:
 * `#more` holds the domain (one string for all entries) and `key` is built when read; the cache store
 * holds such copies by path and mask. 88 B an entry (was 136 B: issue 13, bytes per cache entry),
 * plus 32 B for a key string only when the key is not simple. An answer straight from the origin is
 * kept as a header template and its own values until its headers are first read (`CompactEntry`).
 */
export class StoredEntry implements CacheEntry {
  readonly path: string;
  /**
   * The headers object, or, in a `CompactEntry` until something reads `headers`, the answer's header
   * template (its own values are the entry's `ownA`, `ownB` and `ownC`).
   */
  #headers: HeaderMap | HeaderTemplate;
  body: Uint8Array;
  decision: FreshnessDecision;
  storedAtMs: number;
  holder: CacheNode | undefined;
  #bits: number;
  /**
   * The key, or its domain when the key is derived (`KEY_DERIVED`); once a rare field is set, the
   * rare fields' record holding that string (one field for both: 88 B an entry, was 96 B).
   */
  #more: string | RareFields;

  constructor(
    key: string,
    path: string,
    keyQuery: string,
    status: number,
    headers: HeaderMap | HeaderTemplate,
    body: Uint8Array,
    decision: FreshnessDecision,
    tags: readonly string[],
    storedAtMs: number,
    upstreamAgeMs: number,
  ) {
    this.path = path;
    this.#headers = headers;
    this.body = body;
    this.decision = decision;
    this.storedAtMs = storedAtMs;
    this.holder = undefined;
    const parts = simpleKeyParts(key);
    if (parts !== undefined && parts.path === path) {
      this.#more = parts.domain;
      this.#bits = (status << STATUS_SHIFT) | KEY_DERIVED | (parts.mask << MASK_SHIFT) | varyBit(headers);
    } else {
      this.#more = key;
      this.#bits = (status << STATUS_SHIFT) | varyBit(headers);
    }
    if (keyQuery !== '' || tags.length > 0 || upstreamAgeMs !== 0) {
      const rare = this.rare();
      rare.keyQuery = keyQuery;
      rare.tags = tags.length === 0 ? NO_TAGS : tags;
      rare.upstreamAgeMs = upstreamAgeMs;
    }
  }

  /**
   * The status and flags a packed row keeps for `entry` (`PackedRows`, issue 13: 1 M entries RSS), or
   * -1 when it must stay an object: only a `CompactEntry` whose key is simple (derived), with no rare
   * field, not shared, its headers not yet built; whether it serves its template is kept.
   */
  static packedBits(entry: CacheEntry): number {
    if (!(entry instanceof CompactEntry) || entry.constructor !== CompactEntry) return -1;
    const bits = entry.#bits;
    if (typeof entry.#more !== 'string' || !(entry.#headers instanceof HeaderTemplate)) return -1;
    return (bits & KEY_DERIVED) === 0 || (bits & (SHARED | VIEWER_IS_STORED)) !== 0 ? -1 : bits;
  }

  /** A packed row's entry made again (`PackedRows.entry`): its key is `domain`, `path` and the mask in `bits`. */
  static unpacked(
    path: string,
    domain: string,
    bits: number,
    template: HeaderTemplate,
    a: string,
    b: string,
    c: string,
    body: Uint8Array,
    decision: FreshnessDecision,
    storedAtMs: number,
  ): CompactEntry {
    const entry = new CompactEntry(
      '',
      path,
      '',
      0,
      template,
      a,
      b,
      c,
      body,
      decision,
      NO_TAGS,
      storedAtMs,
      0,
    );
    entry.#more = domain;
    entry.#bits = bits;
    return entry;
  }

  /** Response headers as received from upstream (built from the template on first read). */
  get headers(): HeaderMap {
    const headers = this.#headers;
    if (!(headers instanceof HeaderTemplate)) return headers;
    const built = headers.build(this.ownA, this.ownB, this.ownC);
    this.#headers = built;
    return built;
  }

  set headers(headers: HeaderMap) {
    this.#headers = headers;
    this.#bits = (this.#bits & ~VARY_ALL) | varyBit(headers);
  }

  /**
   * What the entry holds for its headers: the headers object, or its template (a `CompactEntry`, whose
   * own values are `ownA`, `ownB` and `ownC`). Reading it builds nothing.
   */
  get heldHeaders(): HeaderMap | HeaderTemplate {
    return this.#headers;
  }

  /** A `CompactEntry`'s first own header value (`''` for any other entry). */
  get ownA(): string {
    return '';
  }

  /** A `CompactEntry`'s second own header value (`''` for any other entry). */
  get ownB(): string {
    return '';
  }

  /** A `CompactEntry`'s third own header value (`''` for any other entry). */
  get ownC(): string {
    return '';
  }

  /** Whether `other` holds the same headers: the same object, or the same template and own values. */
  sameHeaders(other: StoredEntry): boolean {
    const headers = this.#headers;
    if (headers !== other.#headers) return false;
    return (
      !(headers instanceof HeaderTemplate) ||
      (this.ownA === other.ownA && this.ownB === other.ownB && this.ownC === other.ownC)
    );
  }

  /**
   * What the store's recent copies of a key are found by: the headers object, or for a template an
   * own value (equal strings are one Map key; `sameCopy` then compares the rest).
   */
  get copiesKey(): unknown {
    const headers = this.#headers;
    if (!(headers instanceof HeaderTemplate)) return headers;
    return this.ownB || this.ownA || this.ownC || headers;
  }

  /** One response header, without building the headers object. */
  header(name: string): string | undefined {
    const headers = this.#headers;
    return headers instanceof HeaderTemplate
      ? headers.value(name, this.ownA, this.ownB, this.ownC)
      : headers[name];
  }

  get key(): string {
    const bits = this.#bits;
    if ((bits & KEY_DERIVED) === 0) return this.keyText;
    return this.keyText + this.path + (SUFFIX_BY_MASK[(bits & MASK_BITS) >> MASK_SHIFT] as string);
  }

  /** The key's Accept-Encoding mask when the key is derived (domain, path, ending), else -1. */
  get keyMask(): number {
    const bits = this.#bits;
    return (bits & KEY_DERIVED) === 0 ? -1 : (bits & MASK_BITS) >> MASK_SHIFT;
  }

  /** The key's domain when it is derived (`keyMask` >= 0). */
  get keyDomain(): string {
    return this.keyText;
  }

  /** Whether `other` has the same key, without building either string. */
  sameKey(other: CacheEntry): boolean {
    if (!(other instanceof StoredEntry)) return this.key === other.key;
    if (((this.#bits ^ other.#bits) & (KEY_DERIVED | MASK_BITS)) === 0)
      return this.keyText === other.keyText && ((this.#bits & KEY_DERIVED) === 0 || this.path === other.path);
    return this.key === other.key;
  }

  /** The key, or its domain when derived. */
  private get keyText(): string {
    const more = this.#more;
    return typeof more === 'string' ? more : more.key;
  }

  /** The rare fields, if one was ever set. */
  private get rareFields(): RareFields | undefined {
    const more = this.#more;
    return typeof more === 'string' ? undefined : more;
  }

  /** The rare fields, made on first write. */
  private rare(): RareFields {
    const more = this.#more;
    if (typeof more !== 'string') return more;
    const rare: RareFields = {
      key: more,
      keyQuery: '',
      tags: NO_TAGS,
      upstreamAgeMs: 0,
      errorStaleUntilMs: 0,
      viewerHeaders: undefined,
    };
    this.#more = rare;
    return rare;
  }

  get keyQuery(): string {
    return this.rareFields?.keyQuery ?? '';
  }

  get tags(): readonly string[] {
    return this.rareFields?.tags ?? NO_TAGS;
  }

  set tags(tags: readonly string[]) {
    if (tags.length === 0 && typeof this.#more === 'string') return;
    this.rare().tags = tags.length === 0 ? NO_TAGS : tags;
  }

  get status(): number {
    return this.#bits >> STATUS_SHIFT;
  }

  set status(status: number) {
    this.#bits = (status << STATUS_SHIFT) | (this.#bits & FLAGS);
  }

  get shared(): boolean {
    return (this.#bits & SHARED) !== 0;
  }

  set shared(shared: boolean) {
    this.#bits = shared ? this.#bits | SHARED : this.#bits & ~SHARED;
  }

  /**
   * `headers` as the viewer sees them, once a hit asked (`undefined` before): the headers object, or
   * for a `CompactEntry` serving its template the entry itself (`HeaderSource`).
   */
  get viewerHeaders(): HeaderSource | undefined {
    const bits = this.#bits;
    // Set only once `headers` was read (built): the field holds the object.
    if ((bits & VIEWER_IS_STORED) !== 0) return this.#headers as HeaderMap;
    if ((bits & VIEWER_IS_SELF) !== 0) return this as StoredEntry as CompactEntry;
    const more = this.#more;
    return typeof more === 'string' ? undefined : more.viewerHeaders;
  }

  set viewerHeaders(headers: HeaderSource | undefined) {
    const self = headers === (this as StoredEntry as CompactEntry);
    if (headers !== undefined && (self || headers === this.#headers)) {
      this.#bits =
        (this.#bits & ~(VIEWER_IS_STORED | VIEWER_IS_SELF)) | (self ? VIEWER_IS_SELF : VIEWER_IS_STORED);
      if (typeof this.#more !== 'string') this.#more.viewerHeaders = undefined;
      return;
    }
    this.#bits &= ~(VIEWER_IS_STORED | VIEWER_IS_SELF);
    if (headers === undefined && typeof this.#more === 'string') return;
    this.rare().viewerHeaders = headers;
  }

  get etag(): string | undefined {
    return this.header('etag');
  }

  /** Whether the headers say `Vary: *` (a cached hit's check), read without building them. */
  get varyAll(): boolean {
    return (this.#bits & VARY_ALL) !== 0;
  }

  get lastModified(): string | undefined {
    return this.header('last-modified');
  }

  get bytes(): number {
    return this.body.byteLength + 256;
  }

  get upstreamAgeMs(): number {
    const more = this.#more;
    return typeof more === 'string' ? 0 : more.upstreamAgeMs;
  }

  set upstreamAgeMs(ms: number) {
    if (ms === 0 && typeof this.#more === 'string') return;
    this.rare().upstreamAgeMs = ms;
  }

  get staleAtMs(): number {
    return this.storedAtMs + this.decision.ttlMs - this.upstreamAgeMs;
  }

  get expiresAtMs(): number {
    return this.staleAtMs + this.decision.staleWhileRevalidateMs;
  }

  get errorStaleUntilMs(): number {
    return this.rareFields?.errorStaleUntilMs ?? 0;
  }

  set errorStaleUntilMs(ms: number) {
    if (ms === 0 && typeof this.#more === 'string') return;
    this.rare().errorStaleUntilMs = ms;
  }

  /**
   * This copy as a new record no node holds yet (a node about to change its own copy); with
   * `headersObject`, one holding the headers object (a `StoredEntry`), for a node about to renew them.
   */
  copy(headersObject = false): StoredEntry {
    const own = entryHolding(
      '',
      this.path,
      this.keyQuery,
      this.status,
      headersObject ? this.headers : this.#headers,
      this.ownA,
      this.ownB,
      this.ownC,
      this.body,
      this.decision,
      this.tags,
      this.storedAtMs,
      this.upstreamAgeMs,
    );
    const key = this.keyText;
    if (typeof own.#more === 'string') own.#more = key;
    else own.#more.key = key;
    own.#bits = (own.#bits & ~(KEY_DERIVED | MASK_BITS)) | (this.#bits & (KEY_DERIVED | MASK_BITS));
    own.errorStaleUntilMs = this.errorStaleUntilMs;
    return own;
  }
}

/**
 * A cache entry whose answer came straight from the origin and fits a header template
 * (`compactHeaders`): it holds the template and the answer's (at most three) own values instead of the
 * answer's headers object until something reads `headers` (the first hit, a revalidation, an
 * inspection), then the built object. 112 B, where a `StoredEntry` (88 B) and the answer's object of
 * eight headers (88 B) were 176 B (issue 13: bytes per cache entry).
 */
export class CompactEntry extends StoredEntry {
  readonly #a: string;
  readonly #b: string;
  readonly #c: string;

  constructor(
    key: string,
    path: string,
    keyQuery: string,
    status: number,
    template: HeaderTemplate,
    a: string,
    b: string,
    c: string,
    body: Uint8Array,
    decision: FreshnessDecision,
    tags: readonly string[],
    storedAtMs: number,
    upstreamAgeMs: number,
  ) {
    super(key, path, keyQuery, status, template, body, decision, tags, storedAtMs, upstreamAgeMs);
    this.#a = a;
    this.#b = b;
    this.#c = c;
  }

  override get ownA(): string {
    return this.#a;
  }

  override get ownB(): string {
    return this.#b;
  }

  override get ownC(): string {
    return this.#c;
  }

  // The trace record of every hit on this entry reads it (`HeaderSource`): an own value's slot, found
  // once per template, rather than a comparison of names.
  override get etag(): string | undefined {
    const held = this.heldHeaders;
    if (!(held instanceof HeaderTemplate)) return held.etag;
    const at = held.etagAt;
    return at === -1 ? held.etag : at === 0 ? this.#a : at === 1 ? this.#b : this.#c;
  }

  /**
   * The headers object this entry serves, new (`headerMapOf`): built from the template and own values,
   * or a copy of the headers object once something has built it.
   */
  servedHeaders(): HeaderMap {
    const held = this.heldHeaders;
    return held instanceof HeaderTemplate ? held.build(this.#a, this.#b, this.#c) : { ...held };
  }
}

/**
 * A new entry for an answer; `fromOrigin` when its headers object is the answer's own, held by no
 * other entry (not a copy a tier above holds): then a `CompactEntry` when the headers fit a template.
 */
export function newEntry(
  key: string,
  path: string,
  keyQuery: string,
  status: number,
  headers: HeaderMap,
  fromOrigin: boolean,
  body: Uint8Array,
  decision: FreshnessDecision,
  tags: readonly string[],
  storedAtMs: number,
  upstreamAgeMs: number,
): StoredEntry {
  const compact = fromOrigin ? compactHeaders(headers) : undefined;
  return entryHolding(
    key,
    path,
    keyQuery,
    status,
    compact?.template ?? headers,
    compact?.a ?? '',
    compact?.b ?? '',
    compact?.c ?? '',
    body,
    decision,
    tags,
    storedAtMs,
    upstreamAgeMs,
  );
}

/**
 * An entry holding `held`: a `CompactEntry` for a header template (`a`, `b` and `c` its own values),
 * a `StoredEntry` for a headers object (the values unused).
 */
function entryHolding(
  key: string,
  path: string,
  keyQuery: string,
  status: number,
  held: HeaderMap | HeaderTemplate,
  a: string,
  b: string,
  c: string,
  body: Uint8Array,
  decision: FreshnessDecision,
  tags: readonly string[],
  storedAtMs: number,
  upstreamAgeMs: number,
): StoredEntry {
  return held instanceof HeaderTemplate
    ? new CompactEntry(
        key,
        path,
        keyQuery,
        status,
        held,
        a,
        b,
        c,
        body,
        decision,
        tags,
        storedAtMs,
        upstreamAgeMs,
      )
    : new StoredEntry(key, path, keyQuery, status, held, body, decision, tags, storedAtMs, upstreamAgeMs);
}

/**
 * `entry` as a new object no node holds (a `StoredEntry`, or a plain object built by hand); with
 * `headersObject`, a `StoredEntry` holding its headers object (a copy about to be renewed).
 */
export function copyEntry(entry: CacheEntry, headersObject = false): CacheEntry {
  if (entry instanceof StoredEntry) return entry.copy(headersObject);
  return { ...entry, shared: false, holder: undefined, viewerHeaders: undefined };
}

/**
 * Whether two copies are the same in every field a node reads (not `holder`): the store then keeps
 * one object for both (§ issue 13: an object cached on every server costs a fraction of an entry each).
 */
export function sameCopy(a: CacheEntry, b: CacheEntry): boolean {
  return (
    (a instanceof StoredEntry ? a.sameKey(b) : a.key === b.key) &&
    a.status === b.status &&
    (a instanceof StoredEntry && b instanceof StoredEntry
      ? a.sameHeaders(b)
      : heldHeaders(a) === heldHeaders(b)) &&
    a.body === b.body &&
    a.storedAtMs === b.storedAtMs &&
    a.upstreamAgeMs === b.upstreamAgeMs &&
    a.staleAtMs === b.staleAtMs &&
    a.expiresAtMs === b.expiresAtMs &&
    a.errorStaleUntilMs === b.errorStaleUntilMs &&
    a.bytes === b.bytes &&
    a.path === b.path &&
    a.keyQuery === b.keyQuery &&
    a.etag === b.etag &&
    a.lastModified === b.lastModified &&
    sameFields(a.decision, b.decision) &&
    a.tags.length === b.tags.length &&
    a.tags.every((tag, i) => tag === b.tags[i])
  );
}

/** What the store's recent copies of a key are found by (`StoredEntry.copiesKey`). */
export function copiesKey(entry: CacheEntry): unknown {
  return entry instanceof StoredEntry ? entry.copiesKey : entry.headers;
}

/** What an entry holds for its headers, without building them (`StoredEntry.heldHeaders`). */
export function heldHeaders(entry: CacheEntry): HeaderMap | HeaderTemplate {
  return entry instanceof StoredEntry ? entry.heldHeaders : entry.headers;
}

function sameFields(a: object, b: object): boolean {
  if (a === b) return true;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) {
    if ((a as Record<string, unknown>)[key] !== (b as Record<string, unknown>)[key]) return false;
  }
  return true;
}

export type EntryState = 'fresh' | 'stale-while-revalidate' | 'stale';

export function entryState(entry: CacheEntry, nowMs: number): EntryState {
  if (nowMs < entry.staleAtMs) return 'fresh';
  if (nowMs < entry.expiresAtMs) return 'stale-while-revalidate';
  return 'stale';
}

/**
 * Whether the copy may still stand in for an upstream error (5xx, timeout): §3 stale-if-error=N
 * limits that to N s past expiry (RFC 5861 §4), also during the ErrorCachingMinTTL pause; without
 * the directive CloudFront serves the expired copy for as long as it holds it (§2 HTTPStatusCodes).
 */
export function staleIfErrorAllows(entry: CacheEntry, nowMs: number): boolean {
  const windowMs = entry.decision.staleIfErrorMs;
  return windowMs === undefined || nowMs < entry.staleAtMs + windowMs;
}

/**
 * The copy's age here: time since this node stored it plus the Age upstream reported (which is 0
 * when `fidelity.upstreamAge` is 'ignore', so one formula serves both settings).
 */
export function entryAgeMs(entry: CacheEntry, nowMs: number): number {
  return nowMs - entry.storedAtMs + entry.upstreamAgeMs;
}
