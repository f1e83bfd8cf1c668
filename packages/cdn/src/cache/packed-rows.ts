import { type CompactEntry, StoredEntry } from './cache-entry.js';
import type { FreshnessDecision } from './freshness.js';
import type { HeaderTemplate } from './header-template.js';

/** Rows made room for at first; each growth adds half. */
const FIRST_ROWS = 1024;
/** Bodies per chunk of `#bodies`: 32 KiB each, so no chunk is a large object. */
const BODY_CHUNK = 4096;
/** Distinct header templates and freshness decisions rows may refer to; an entry with another stays an object. */
const MAX_OBJECTS = 4096;
/** Numbers a row keeps in `#at`: where its path, own values a, b and c start in `#text`, and where c ends. */
const AT = 5;

/**
 * Entries of a large cache store held as rows of typed arrays instead of objects (issue 13: 1 M
 * entries RSS). What makes a million objects costly in V8 is not only their bytes: every object and
 * string an entry keeps survives the young generation's collections, and V8 grows the young generation
 * by what survives (to 128 MiB at Node's defaults, kept after the fill). A row keeps the entry's numbers
 * in typed arrays, its path and own header values (ETag, request id…) as Latin-1 bytes in one buffer,
 * its header template and freshness decision (a few objects shared by all entries) as ids, and its
 * body (the origin's object) in arrays of a fixed size; rows are found by path and Accept-Encoding
 * mask in a hash table of their own. Nothing per entry is a new heap object, and no array of
 * references grows by copying (an array of a million references, copied as it grows, would itself
 * grow the young generation).
 *
 * Only what `StoredEntry.packedBits` accepts is packed: a `CompactEntry` of a simple key, no rare
 * field, not shared, its header template not yet built, held by one node. The cache store makes the
 * entry again (`entry`) when something reads it and holds that object from then on, so a copy that
 * was read behaves as any other: the same object on every read, changed in place by the tiers.
 */
export class PackedRows {
  /** `storedAtMs` by row. */
  #stored!: Float64Array;
  /** The entry's status and flags (`StoredEntry.packedBits`) by row. */
  #bits!: Int32Array;
  /** The holder's number in the store (`CacheNode.serial`) by row; -1 for a free row. */
  #holder!: Int32Array;
  /** The key's Accept-Encoding mask by row. */
  #mask!: Uint8Array;
  /** The hash of the row's path and mask. */
  #hash!: Int32Array;
  /** Where the row's strings are in `#text`: `AT` numbers a row. */
  #at!: Int32Array;
  /** The ids (in `#objects`) of the row's header template and freshness decision, two a row. */
  #ids!: Int32Array;
  /** Header templates and freshness decisions by id, and their ids. */
  #objects: (HeaderTemplate | FreshnessDecision)[] = [];
  #idOf = new Map<HeaderTemplate | FreshnessDecision, number>();
  /** Bodies by row, `BODY_CHUNK` a chunk: the origin's objects, never copied. */
  #bodies: (Uint8Array | undefined)[][] = [];
  /** The paths and own header values, Latin-1. */
  #text!: Uint8Array;
  #textUsed = 0;
  /** Bytes of `#text` whose rows were freed. */
  #textDead = 0;
  /** Open addressing by `#hash`: a row's number plus one, 0 for an empty slot; a power of two long. */
  #table!: Int32Array;
  /** Freed rows, reused first. */
  #free: number[] = [];
  #rows = 0;
  #live = 0;
  /**
   * The time of the entry made last, held as an object (the field is first `undefined`, so V8 keeps
   * a reference in it, not a double).
   */
  #time: number | undefined = undefined;
  /** The rows made room for at first (and again once none is held): a power of two. */
  readonly #first: number;

  constructor(firstRows = FIRST_ROWS) {
    this.#first = firstRows;
    this.#clear();
  }

  /** How many rows hold an entry. */
  get live(): number {
    return this.#live;
  }

  /** The row of `path`'s copy under Accept-Encoding `mask`, or -1. */
  find(path: string, mask: number): number {
    if (this.#live === 0) return -1;
    const hash = hashOf(path, mask);
    const table = this.#table;
    const last = table.length - 1;
    for (let i = hash & last; ; i = (i + 1) & last) {
      const slot = table[i] as number;
      if (slot === 0) return -1;
      const row = slot - 1;
      if (this.#hash[row] === hash && this.#mask[row] === mask && this.#pathIs(row, path)) return row;
    }
  }

  /**
   * `entry`, held by node number `holder` under `path` and `mask` (not held here yet), as a row, when
   * its `StoredEntry.packedBits` are `bits`; -1 when its path or an own header value is not Latin-1
   * (the entry then stays an object).
   */
  pack(path: string, mask: number, entry: CompactEntry, bits: number, holder: number): number {
    const a = entry.ownA;
    const b = entry.ownB;
    const c = entry.ownC;
    const template = this.#id(entry.heldHeaders as HeaderTemplate);
    const decision = this.#id(entry.decision);
    if (template < 0 || decision < 0) return -1;
    const length = path.length + a.length + b.length + c.length;
    if (this.#textUsed + length > this.#text.length) this.#makeRoom(length);
    const start = this.#textUsed;
    const afterPath = this.#write(path, start);
    const afterA = afterPath < 0 ? -1 : this.#write(a, afterPath);
    const afterB = afterA < 0 ? -1 : this.#write(b, afterA);
    const end = afterB < 0 ? -1 : this.#write(c, afterB);
    if (end < 0) return -1;
    this.#textUsed = end;
    const row = this.#free.length > 0 ? (this.#free.pop() as number) : this.#newRow();
    this.#stored[row] = entry.storedAtMs;
    this.#bits[row] = bits;
    this.#holder[row] = holder;
    this.#mask[row] = mask;
    const at = this.#at;
    at[AT * row] = start;
    at[AT * row + 1] = afterPath;
    at[AT * row + 2] = afterA;
    at[AT * row + 3] = afterB;
    at[AT * row + 4] = end;
    this.#ids[2 * row] = template;
    this.#ids[2 * row + 1] = decision;
    const chunk = (row / BODY_CHUNK) | 0;
    let bodies = this.#bodies[chunk];
    if (bodies === undefined) {
      bodies = new Array<Uint8Array | undefined>(BODY_CHUNK).fill(undefined);
      this.#bodies[chunk] = bodies;
    }
    bodies[row % BODY_CHUNK] = entry.body;
    const hash = hashOf(path, mask);
    this.#hash[row] = hash;
    this.#live++;
    // At most half the table in use; a new table places every row, this one with them.
    if (2 * this.#live > this.#table.length) this.#rehash(2 * this.#table.length);
    else this.#place(row, hash);
    return row;
  }

  /** The number of the node holding `row`. */
  holderOf(row: number): number {
    return this.#holder[row] as number;
  }

  /** `row`'s Accept-Encoding mask. */
  maskOf(row: number): number {
    return this.#mask[row] as number;
  }

  /** `row`'s path. */
  pathOf(row: number): string {
    return this.#string(this.#at[AT * row] as number, this.#at[AT * row + 1] as number);
  }

  /** The rows holding an entry, in no particular order (a copy: removing rows while reading it is safe). */
  rows(): number[] {
    const rows: number[] = [];
    for (let row = 0; row < this.#rows; row++) if (this.#holder[row] !== -1) rows.push(row);
    return rows;
  }

  /** `row`'s entry, a new object, its key the domain, `path` (the row's) and the row's mask. */
  entry(row: number, path: string, domain: string): CompactEntry {
    const storedAtMs = this.#stored[row] as number;
    // The entry gets the boxed number it got last time for the same time: a number read from a
    // Float64Array is a double, and a time (epoch ms) is no small integer, so each entry would hold a
    // 16-byte number of its own, where the entries stored at one moment shared the clock's.
    if (storedAtMs !== this.#time) this.#time = storedAtMs;
    return this.#entry(row, path, domain, this.#time as number);
  }

  #entry(row: number, path: string, domain: string, storedAtMs: number): CompactEntry {
    const at = this.#at;
    const objects = this.#objects;
    return StoredEntry.unpacked(
      path,
      domain,
      this.#bits[row] as number,
      objects[this.#ids[2 * row] as number] as HeaderTemplate,
      this.#string(at[AT * row + 1] as number, at[AT * row + 2] as number),
      this.#string(at[AT * row + 2] as number, at[AT * row + 3] as number),
      this.#string(at[AT * row + 3] as number, at[AT * row + 4] as number),
      (this.#bodies[(row / BODY_CHUNK) | 0] as Uint8Array[])[row % BODY_CHUNK] as Uint8Array,
      objects[this.#ids[2 * row + 1] as number] as FreshnessDecision,
      storedAtMs,
    );
  }

  /** Removes `row` (its entry was made again, or deleted). */
  remove(row: number): void {
    this.#unplace(row);
    this.#holder[row] = -1;
    (this.#bodies[(row / BODY_CHUNK) | 0] as (Uint8Array | undefined)[])[row % BODY_CHUNK] = undefined;
    this.#textDead += (this.#at[AT * row + 4] as number) - (this.#at[AT * row] as number);
    this.#live--;
    if (this.#live > 0) this.#free.push(row);
    else this.#clear();
  }

  /** Nothing held: back to the first size (a store whose rows were all read keeps no buffers for them). */
  #clear(): void {
    const rows = this.#first;
    this.#stored = new Float64Array(rows);
    this.#bits = new Int32Array(rows);
    this.#holder = new Int32Array(rows).fill(-1);
    this.#mask = new Uint8Array(rows);
    this.#hash = new Int32Array(rows);
    this.#at = new Int32Array(AT * rows);
    this.#ids = new Int32Array(2 * rows);
    this.#objects = [];
    this.#idOf = new Map();
    this.#bodies = [];
    this.#text = new Uint8Array(64 * rows);
    this.#textUsed = 0;
    this.#textDead = 0;
    this.#table = new Int32Array(2 * rows);
    this.#free = [];
    this.#rows = 0;
  }

  /** Puts `row` in the table at the first empty slot from its hash. */
  #place(row: number, hash: number): void {
    const table = this.#table;
    const last = table.length - 1;
    let i = hash & last;
    while (table[i] !== 0) i = (i + 1) & last;
    table[i] = row + 1;
  }

  /** Takes `row` out of the table, moving back the rows after it that would no longer be found. */
  #unplace(row: number): void {
    const table = this.#table;
    const last = table.length - 1;
    let i = (this.#hash[row] as number) & last;
    while (table[i] !== row + 1) i = (i + 1) & last;
    table[i] = 0;
    for (let j = (i + 1) & last; table[j] !== 0; j = (j + 1) & last) {
      const home = (this.#hash[(table[j] as number) - 1] as number) & last;
      // The row at j stays when its home is cyclically within (i, j]; else it moves to the hole.
      const stays = i <= j ? i < home && home <= j : i < home || home <= j;
      if (stays) continue;
      table[i] = table[j] as number;
      table[j] = 0;
      i = j;
    }
  }

  #rehash(length: number): void {
    this.#table = new Int32Array(length);
    for (let row = 0; row < this.#rows; row++)
      if (this.#holder[row] !== -1) this.#place(row, this.#hash[row] as number);
  }

  /** Whether `row`'s path is `path`. */
  #pathIs(row: number, path: string): boolean {
    const from = this.#at[AT * row] as number;
    if ((this.#at[AT * row + 1] as number) - from !== path.length) return false;
    const text = this.#text;
    for (let i = 0; i < path.length; i++) if (text[from + i] !== path.charCodeAt(i)) return false;
    return true;
  }

  /** Writes `value` at `at` in the text; returns where it ends, or -1 when it is not Latin-1. */
  #write(value: string, at: number): number {
    const text = this.#text;
    for (let i = 0; i < value.length; i++) {
      const code = value.charCodeAt(i);
      if (code > 0xff) return -1;
      text[at++] = code;
    }
    return at;
  }

  #newRow(): number {
    const row = this.#rows++;
    if (row === this.#stored.length) {
      const rows = row + Math.max(row >> 1, 1);
      this.#stored = grown(this.#stored, new Float64Array(rows));
      this.#bits = grown(this.#bits, new Int32Array(rows));
      this.#holder = grown(this.#holder, new Int32Array(rows).fill(-1));
      this.#mask = grown(this.#mask, new Uint8Array(rows));
      this.#hash = grown(this.#hash, new Int32Array(rows));
      this.#at = grown(this.#at, new Int32Array(AT * rows));
      this.#ids = grown(this.#ids, new Int32Array(2 * rows));
    }
    return row;
  }

  /** Room for `length` more bytes of text: the live rows' text moved together when half of it is dead. */
  #makeRoom(length: number): void {
    if (this.#textDead * 2 > this.#textUsed) {
      const used = this.#textUsed - this.#textDead;
      const text = new Uint8Array(Math.max(this.#text.length, 2 * used + length));
      const at = this.#at;
      let end = 0;
      for (let row = 0; row < this.#rows; row++) {
        if (this.#holder[row] === -1) continue;
        const from = at[AT * row] as number;
        text.set(this.#text.subarray(from, at[AT * row + AT - 1] as number), end);
        for (let i = 0; i < AT; i++) at[AT * row + i] = (at[AT * row + i] as number) - from + end;
        end = at[AT * row + AT - 1] as number;
      }
      this.#text = text;
      this.#textUsed = end;
      this.#textDead = 0;
      if (end + length <= text.length) return;
    }
    const size = Math.max(this.#textUsed + length, this.#text.length + (this.#text.length >> 1));
    this.#text = grown(this.#text, new Uint8Array(size));
  }

  /** `object`'s id, given on first use; -1 once `MAX_OBJECTS` others have one. */
  #id(object: HeaderTemplate | FreshnessDecision): number {
    let id = this.#idOf.get(object);
    if (id === undefined) {
      if (this.#objects.length >= MAX_OBJECTS) return -1;
      id = this.#objects.length;
      this.#objects.push(object);
      this.#idOf.set(object, id);
    }
    return id;
  }

  #string(from: number, to: number): string {
    if (from === to) return '';
    return String.fromCharCode.apply(null, this.#text.subarray(from, to) as unknown as number[]);
  }
}

/** FNV-1a over a path's UTF-16 code units, seeded with its mask (exported for tests). */
export function hashOf(path: string, mask: number): number {
  let hash = 0x811c9dc5 ^ mask;
  for (let i = 0; i < path.length; i++) hash = Math.imul(hash ^ path.charCodeAt(i), 0x01000193);
  return hash | 0;
}

function grown<T extends Float64Array | Int32Array | Uint8Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
