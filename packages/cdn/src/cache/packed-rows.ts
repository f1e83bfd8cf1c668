import { type CompactEntry, StoredEntry } from './cache-entry.js';
import type { FreshnessDecision } from './freshness.js';
import type { HeaderTemplate } from './header-template.js';

/** Rows per chunk of every column: 4,096 (a chunk of a Float64 column is 32 KiB). */
const ROW_BITS = 12;
const ROWS = 1 << ROW_BITS;
const IN_CHUNK = ROWS - 1;
/** Bytes per chunk of text: 64 KiB. A row's strings are in one chunk (each at most 255 bytes). */
const TEXT_BITS = 16;
const TEXT_CHUNK = 1 << TEXT_BITS;
/** The longest path or own header value a row holds, in bytes (its length is one byte). */
const MAX_STRING = 255;
/** Distinct header templates and freshness decisions rows may refer to; an entry with another stays an object. */
const MAX_OBJECTS = 1 << 16;
/** The hash table's first length (a power of two), and again once no row is held. */
const FIRST_TABLE = 1 << 10;

/**
 * Entries of a large cache store held as rows of typed arrays instead of objects (issue 13: 1 M
 * entries RSS). What makes a million objects costly in V8 is not only their bytes: every object and
 * string an entry keeps survives the young generation's collections, and V8 grows the young generation
 * by what survives. A row keeps the entry's numbers in typed arrays, its path and own header values
 * (ETag, request id…) as Latin-1 bytes, its header template and freshness decision (a few objects
 * shared by all entries) as ids, and its body (the origin's object) in an array; rows are found by
 * path and Accept-Encoding mask in a hash table of their own. Nothing per entry is a new heap object.
 *
 * Every column and the text grow by chunks of a fixed size, never by copying: an array copied as it
 * grows leaves freed blocks behind, which the allocator keeps (measured: 40 MB more RSS at 1 M rows),
 * and an array of a million references copied as it grows would itself grow the young generation.
 *
 * Only what `StoredEntry.packedBits` accepts is packed: a `CompactEntry` of a simple key, no rare
 * field, not shared, its header template not yet built. A key has a row per node holding a copy (an
 * edge server and its regional cache: the cache store packs at most two). The cache store makes the
 * entries again (`entry`) when something reads one and holds those objects from then on, so a copy
 * that was read behaves as any other: the same object on every read, changed in place by the tiers.
 */
export class PackedRows {
  /** `storedAtMs` by row. */
  #stored: Float64Array[] = [];
  /** The entry's status and flags (`StoredEntry.packedBits`) by row. */
  #bits: Int32Array[] = [];
  /** The holder's number in the store (`CacheNode.serial`) by row; -1 for a free row. */
  #holder: Int32Array[] = [];
  /** The hash of the row's path and mask. */
  #hash: Int32Array[] = [];
  /** Where the row's text starts: its chunk of `#text` times `TEXT_CHUNK`, plus the offset there. */
  #start: Int32Array[] = [];
  /** The byte lengths of the row's path, own values a, b and c, and its Accept-Encoding mask: five a row. */
  #lengths: Uint8Array[] = [];
  /** The ids (in `#objects`) of the row's header template and freshness decision, two a row. */
  #ids: Uint16Array[] = [];
  /** Bodies by row: the origin's objects, never copied. */
  #bodies: (Uint8Array | undefined)[][] = [];
  /** Header templates and freshness decisions by id, and their ids. */
  #objects: (HeaderTemplate | FreshnessDecision)[] = [];
  #idOf = new Map<HeaderTemplate | FreshnessDecision, number>();
  /** The paths and own header values, Latin-1, in chunks of `TEXT_CHUNK` bytes. */
  #text: Uint8Array[] = [];
  /** Bytes used in the last chunk of text. */
  #textUsed = TEXT_CHUNK;
  /** Bytes of text held by rows, and by rows removed since the text was last compacted. */
  #textLive = 0;
  #textDead = 0;
  /** Open addressing by `#hash`: a row's number plus one, 0 for an empty slot; a power of two long. */
  #table = new Int32Array(FIRST_TABLE);
  /** Removed rows, reused first. */
  #free: number[] = [];
  #rows = 0;
  #live = 0;
  /**
   * The time of the entry made last, held as an object (the field is first `undefined`, so V8 keeps
   * a reference in it, not a double).
   */
  #time: number | undefined = undefined;

  /** How many rows hold an entry. */
  get live(): number {
    return this.#live;
  }

  /** Bytes of text chunks held (tests). */
  get textBytes(): number {
    return this.#text.length * TEXT_CHUNK;
  }

  /** The oldest row of a copy of `path` under Accept-Encoding `mask`, or -1. */
  find(path: string, mask: number): number {
    return this.rowsOf(path, mask)[0] ?? -1;
  }

  /** The rows of `path`'s copies under Accept-Encoding `mask` (one a holder), oldest row first. */
  rowsOf(path: string, mask: number): number[] {
    const rows: number[] = [];
    if (this.#live === 0) return rows;
    const hash = hashOf(path, mask);
    const table = this.#table;
    const last = table.length - 1;
    for (let i = hash & last; ; i = (i + 1) & last) {
      const slot = table[i] as number;
      if (slot === 0) return rows.sort((a, b) => a - b);
      const row = slot - 1;
      if (this.#hashOf(row) === hash && this.#is(row, path, mask)) rows.push(row);
    }
  }

  /**
   * `entry`, held by node number `holder` under `path` and `mask` (no row of that holder's for it yet), as a row, when
   * its `StoredEntry.packedBits` are `bits`; -1 when a string is not Latin-1 or longer than 255
   * bytes, or more than 65,536 templates and decisions are in use (the entry then stays an object).
   */
  pack(path: string, mask: number, entry: CompactEntry, bits: number, holder: number): number {
    const a = entry.ownA;
    const b = entry.ownB;
    const c = entry.ownC;
    if (path.length > MAX_STRING || a.length > MAX_STRING || b.length > MAX_STRING || c.length > MAX_STRING)
      return -1;
    const template = this.#id(entry.heldHeaders as HeaderTemplate);
    const decision = this.#id(entry.decision);
    if (template < 0 || decision < 0) return -1;
    const length = path.length + a.length + b.length + c.length;
    if (this.#textUsed + length > TEXT_CHUNK) this.#newTextChunk(length);
    const text = this.#text[this.#text.length - 1] as Uint8Array;
    const start = this.#textUsed;
    let end = this.#write(text, path, start);
    if (end >= 0) end = this.#write(text, a, end);
    if (end >= 0) end = this.#write(text, b, end);
    if (end >= 0) end = this.#write(text, c, end);
    if (end < 0) return -1;
    this.#textUsed = end;
    this.#textLive += length;
    const row = this.#free.length > 0 ? (this.#free.pop() as number) : this.#newRow();
    const chunk = row >> ROW_BITS;
    const at = row & IN_CHUNK;
    (this.#stored[chunk] as Float64Array)[at] = entry.storedAtMs;
    (this.#bits[chunk] as Int32Array)[at] = bits;
    (this.#holder[chunk] as Int32Array)[at] = holder;
    (this.#start[chunk] as Int32Array)[at] = ((this.#text.length - 1) << TEXT_BITS) | start;
    const lengths = this.#lengths[chunk] as Uint8Array;
    lengths[5 * at] = path.length;
    lengths[5 * at + 1] = a.length;
    lengths[5 * at + 2] = b.length;
    lengths[5 * at + 3] = c.length;
    lengths[5 * at + 4] = mask;
    const ids = this.#ids[chunk] as Uint16Array;
    ids[2 * at] = template;
    ids[2 * at + 1] = decision;
    (this.#bodies[chunk] as (Uint8Array | undefined)[])[at] = entry.body;
    const hash = hashOf(path, mask);
    (this.#hash[chunk] as Int32Array)[at] = hash;
    this.#live++;
    // At most half the table in use; a new table places every row, this one with them.
    if (2 * this.#live > this.#table.length) this.#rehash(2 * this.#table.length);
    else this.#place(row, hash);
    return row;
  }

  /** The number of the node holding `row`. */
  holderOf(row: number): number {
    return (this.#holder[row >> ROW_BITS] as Int32Array)[row & IN_CHUNK] as number;
  }

  /** `row`'s Accept-Encoding mask. */
  maskOf(row: number): number {
    return (this.#lengths[row >> ROW_BITS] as Uint8Array)[5 * (row & IN_CHUNK) + 4] as number;
  }

  /** `row`'s path. */
  pathOf(row: number): string {
    const from = (this.#start[row >> ROW_BITS] as Int32Array)[row & IN_CHUNK] as number;
    const length = (this.#lengths[row >> ROW_BITS] as Uint8Array)[5 * (row & IN_CHUNK)] as number;
    return latin1(this.#text[from >>> TEXT_BITS] as Uint8Array, from & (TEXT_CHUNK - 1), length);
  }

  /** The rows holding an entry, in no particular order (a copy: removing rows while reading it is safe). */
  rows(): number[] {
    const rows: number[] = [];
    for (let row = 0; row < this.#rows; row++) if (this.holderOf(row) !== -1) rows.push(row);
    return rows;
  }

  /** `row`'s entry, a new object, its key the domain, `path` (the row's) and the row's mask. */
  entry(row: number, path: string, domain: string): CompactEntry {
    const storedAtMs = (this.#stored[row >> ROW_BITS] as Float64Array)[row & IN_CHUNK] as number;
    // The entry gets the boxed number it got last time for the same time: a number read from a
    // Float64Array is a double, and a time (epoch ms) is no small integer, so each entry would hold a
    // 16-byte number of its own, where the entries stored at one moment shared the clock's.
    if (storedAtMs !== this.#time) this.#time = storedAtMs;
    return this.#entry(row, path, domain, this.#time as number);
  }

  #entry(row: number, path: string, domain: string, storedAtMs: number): CompactEntry {
    const chunk = row >> ROW_BITS;
    const at = row & IN_CHUNK;
    const objects = this.#objects;
    const ids = this.#ids[chunk] as Uint16Array;
    const [a, b, c] = this.#ownValues(row);
    return StoredEntry.unpacked(
      path,
      domain,
      (this.#bits[chunk] as Int32Array)[at] as number,
      objects[ids[2 * at] as number] as HeaderTemplate,
      a,
      b,
      c,
      (this.#bodies[chunk] as Uint8Array[])[at] as Uint8Array,
      objects[ids[2 * at + 1] as number] as FreshnessDecision,
      storedAtMs,
    );
  }

  /** Removes `row` (its entry was made again, or deleted). */
  remove(row: number): void {
    this.#unplace(row);
    const chunk = row >> ROW_BITS;
    const at = row & IN_CHUNK;
    (this.#holder[chunk] as Int32Array)[at] = -1;
    (this.#bodies[chunk] as (Uint8Array | undefined)[])[at] = undefined;
    const length = this.#textLength(row);
    this.#textLive -= length;
    this.#textDead += length;
    this.#live--;
    if (this.#live > 0) this.#free.push(row);
    else this.#clear();
  }

  /**
   * Nothing held: every chunk but the first of each column and of the text let go (a store whose rows
   * were all read keeps little for them, and one that packs a row and reads it again, as an edge
   * server after its regional cache does, does not make its arrays anew each time). Removing the rows
   * emptied the table, their holders and bodies already.
   */
  #clear(): void {
    for (const column of [
      this.#stored,
      this.#bits,
      this.#holder,
      this.#hash,
      this.#start,
      this.#lengths,
      this.#ids,
    ])
      column.length = Math.min(column.length, 1);
    this.#bodies.length = Math.min(this.#bodies.length, 1);
    this.#text.length = Math.min(this.#text.length, 1);
    this.#textUsed = this.#text.length === 0 ? TEXT_CHUNK : 0;
    this.#textLive = 0;
    this.#textDead = 0;
    if (this.#table.length > FIRST_TABLE) this.#table = new Int32Array(FIRST_TABLE);
    this.#free = [];
    this.#rows = 0;
  }

  /** A new row at the end, with a new chunk of every column when the last one is full. */
  #newRow(): number {
    const row = this.#rows++;
    if ((row & IN_CHUNK) === 0) {
      this.#stored.push(new Float64Array(ROWS));
      this.#bits.push(new Int32Array(ROWS));
      this.#holder.push(new Int32Array(ROWS).fill(-1));
      this.#hash.push(new Int32Array(ROWS));
      this.#start.push(new Int32Array(ROWS));
      this.#lengths.push(new Uint8Array(5 * ROWS));
      this.#ids.push(new Uint16Array(2 * ROWS));
      this.#bodies.push(new Array<Uint8Array | undefined>(ROWS).fill(undefined));
    }
    return row;
  }

  /**
   * A new chunk of text for a row of `length` bytes; when more than half of the text is of removed
   * rows (and at least a chunk of it), the live rows' text is first moved together into new chunks.
   */
  #newTextChunk(length: number): void {
    if (this.#textDead > this.#textLive && this.#textDead > TEXT_CHUNK) {
      const old = this.#text;
      this.#text = [];
      this.#textUsed = TEXT_CHUNK;
      for (let row = 0; row < this.#rows; row++) {
        if (this.holderOf(row) === -1) continue;
        const rowLength = this.#textLength(row);
        if (this.#textUsed + rowLength > TEXT_CHUNK) this.#pushTextChunk();
        const starts = this.#start[row >> ROW_BITS] as Int32Array;
        const from = starts[row & IN_CHUNK] as number;
        const source = old[from >>> TEXT_BITS] as Uint8Array;
        const offset = from & (TEXT_CHUNK - 1);
        (this.#text[this.#text.length - 1] as Uint8Array).set(
          source.subarray(offset, offset + rowLength),
          this.#textUsed,
        );
        starts[row & IN_CHUNK] = ((this.#text.length - 1) << TEXT_BITS) | this.#textUsed;
        this.#textUsed += rowLength;
      }
      this.#textDead = 0;
      if (this.#textUsed + length <= TEXT_CHUNK) return;
    }
    this.#pushTextChunk();
  }

  #pushTextChunk(): void {
    this.#text.push(new Uint8Array(TEXT_CHUNK));
    this.#textUsed = 0;
  }

  /** The bytes of text `row` holds. */
  #textLength(row: number): number {
    const lengths = this.#lengths[row >> ROW_BITS] as Uint8Array;
    const at = 5 * (row & IN_CHUNK);
    return (
      (lengths[at] as number) +
      (lengths[at + 1] as number) +
      (lengths[at + 2] as number) +
      (lengths[at + 3] as number)
    );
  }

  /** `row`'s own values a, b and c (its path is before them). */
  #ownValues(row: number): [string, string, string] {
    const from = (this.#start[row >> ROW_BITS] as Int32Array)[row & IN_CHUNK] as number;
    const text = this.#text[from >>> TEXT_BITS] as Uint8Array;
    const lengths = this.#lengths[row >> ROW_BITS] as Uint8Array;
    const at = 5 * (row & IN_CHUNK);
    const a = (from & (TEXT_CHUNK - 1)) + (lengths[at] as number);
    const b = a + (lengths[at + 1] as number);
    const c = b + (lengths[at + 2] as number);
    return [
      latin1(text, a, lengths[at + 1] as number),
      latin1(text, b, lengths[at + 2] as number),
      latin1(text, c, lengths[at + 3] as number),
    ];
  }

  /** Whether `row` holds `path` under `mask`. */
  #is(row: number, path: string, mask: number): boolean {
    const lengths = this.#lengths[row >> ROW_BITS] as Uint8Array;
    const at = 5 * (row & IN_CHUNK);
    if (lengths[at] !== path.length || lengths[at + 4] !== mask) return false;
    const from = (this.#start[row >> ROW_BITS] as Int32Array)[row & IN_CHUNK] as number;
    const text = this.#text[from >>> TEXT_BITS] as Uint8Array;
    const offset = from & (TEXT_CHUNK - 1);
    for (let i = 0; i < path.length; i++) if (text[offset + i] !== path.charCodeAt(i)) return false;
    return true;
  }

  /** Writes `value` at `at` in `text`; returns where it ends, or -1 when it is not Latin-1. */
  #write(text: Uint8Array, value: string, at: number): number {
    for (let i = 0; i < value.length; i++) {
      const code = value.charCodeAt(i);
      if (code > 0xff) return -1;
      text[at++] = code;
    }
    return at;
  }

  #hashOf(row: number): number {
    return (this.#hash[row >> ROW_BITS] as Int32Array)[row & IN_CHUNK] as number;
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
    let i = this.#hashOf(row) & last;
    while (table[i] !== row + 1) i = (i + 1) & last;
    table[i] = 0;
    for (let j = (i + 1) & last; table[j] !== 0; j = (j + 1) & last) {
      const home = this.#hashOf((table[j] as number) - 1) & last;
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
      if (this.holderOf(row) !== -1) this.#place(row, this.#hashOf(row));
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
}

/** The `length` bytes of `text` from `offset` as a string (`''` for none). */
function latin1(text: Uint8Array, offset: number, length: number): string {
  if (length === 0) return '';
  return String.fromCharCode.apply(null, text.subarray(offset, offset + length) as unknown as number[]);
}

/** FNV-1a over a path's UTF-16 code units, seeded with its mask (exported for tests). */
export function hashOf(path: string, mask: number): number {
  let hash = 0x811c9dc5 ^ mask;
  for (let i = 0; i < path.length; i++) hash = Math.imul(hash ^ path.charCodeAt(i), 0x01000193);
  return hash | 0;
}
