import type { HeaderMap } from '../origin/types.js';

/** Whether `headers` say `Vary: *` (§1.3: with MinTTL 0, every later request goes to the origin). */
export function saysVaryAll(headers: HeaderMap): boolean {
  return (headers.vary ?? '').trim() === '*';
}

/**
 * §4 "Headers removed or changed on responses": the hop-by-hop headers an edge server never passes to
 * a viewer (Trailer and Upgrade removed, Transfer-Encoding chunked, Age its own).
 */
export const HOP_BY_HOP: readonly string[] = [
  'connection',
  'keep-alive',
  'trailer',
  'upgrade',
  'transfer-encoding',
  'age',
];

/**
 * The header names and values a run of origin answers has in common: answers of one origin mostly
 * have the same names in the same order and the same values but for a few (S3's ETag and request id,
 * and the length or the date of objects of other sizes or times). A cache entry of such an answer
 * keeps the template and its own values only (`CompactEntry`: three fields for them, where the
 * answer's object was 88 B for eight headers) and builds the headers object when something first
 * reads it (issue 13: bytes per cache entry).
 */
export class HeaderTemplate {
  /** The names, in the answer's order. */
  readonly names: readonly string[];
  /** Every header of the template with the value of the answer it was made from. */
  readonly #proto: HeaderMap;
  /** The names whose values are each entry's own (`CompactHeaders.a`, `.b`, `.c`), or `''` when unused. */
  readonly nameA: string;
  readonly nameB: string;
  readonly nameC: string;
  readonly #at: readonly number[];
  /**
   * Which own value is the ETag (0, 1 or 2: `a`, `b` or `c`), or -1 when the template's own value is
   * every entry's (`etag`): a cached hit's trace record reads it without comparing names.
   */
  readonly etagAt: number;
  /** The ETag when it is not an own value (`etagAt` -1). */
  readonly etag: string | undefined;
  /** Whether the template's Vary says `*` (Vary is never an own value: `learn`). */
  readonly varyAll: boolean;
  /**
   * Whether an edge strips a header of these names before a viewer sees them: any hop-by-hop header,
   * or Set-Cookie (`setCookie`, stripped without cookie forwarding). Known from the names alone, so
   * an edge fill's check reads them instead of looking each name up in each answer (issue 13).
   */
  readonly hopByHop: boolean;
  readonly setCookie: boolean;

  constructor(headers: HeaderMap, names: readonly string[], own: readonly string[]) {
    this.names = names;
    this.#proto = { ...headers };
    this.nameA = own[0] ?? '';
    this.nameB = own[1] ?? '';
    this.nameC = own[2] ?? '';
    this.#at = [names.indexOf(this.nameA), names.indexOf(this.nameB), names.indexOf(this.nameC)];
    this.etagAt = own.indexOf('etag');
    this.etag = this.etagAt === -1 ? headers.etag : undefined;
    this.varyAll = saysVaryAll(headers);
    this.hopByHop = names.some((name) => HOP_BY_HOP.includes(name));
    this.setCookie = names.includes('set-cookie');
  }

  /**
   * `headers` as this template and its own values, or undefined when it has other names, another
   * order or other values than the template's own ones.
   */
  compact(headers: HeaderMap): CompactHeaders | undefined {
    const names = this.names;
    const proto = this.#proto;
    const [atA, atB, atC] = this.#at as [number, number, number];
    let a = '';
    let b = '';
    let c = '';
    let i = 0;
    for (const name in headers) {
      if (names[i] !== name) return undefined;
      const value = headers[name];
      if (typeof value !== 'string') return undefined;
      if (i === atA) a = value;
      else if (i === atB) b = value;
      else if (i === atC) c = value;
      else if (value !== proto[name]) return undefined;
      i++;
    }
    return i === names.length ? new CompactHeaders(this, a, b, c) : undefined;
  }

  /** Every header of the template, with the values of the answer it was made from (read-only). */
  get sample(): Readonly<HeaderMap> {
    return this.#proto;
  }

  /** One header's value for an entry whose own values are `a`, `b` and `c`. */
  value(name: string, a: string, b: string, c: string): string | undefined {
    if (name === this.nameA) return a;
    if (name === this.nameB) return b;
    if (name === this.nameC) return c;
    return this.#proto[name];
  }

  /** A new headers object: the template's, with `a`, `b` and `c` for the entry's own names. */
  build(a: string, b: string, c: string): HeaderMap {
    const headers = { ...this.#proto };
    if (this.nameA !== '') headers[this.nameA] = a;
    if (this.nameB !== '') headers[this.nameB] = b;
    if (this.nameC !== '') headers[this.nameC] = c;
    return headers;
  }
}

/** An answer's headers as a template and the values of its (at most three) own names (`compactHeaders`). */
export class CompactHeaders {
  readonly template: HeaderTemplate;
  readonly a: string;
  readonly b: string;
  readonly c: string;

  constructor(template: HeaderTemplate, a: string, b: string, c: string) {
    this.template = template;
    this.a = a;
    this.b = b;
    this.c = c;
  }
}

/** How many templates are tried before an answer is kept as it came (most recent first). */
const TEMPLATES = 8;
const templates: HeaderTemplate[] = [];
/** The last answer seen and its compact form: copies of one answer (a regional cache's and the edge's) share it. */
let lastHeaders: HeaderMap | undefined;
let lastCompact: CompactHeaders | undefined;

/**
 * `headers` as a template and its own values when it fits a template seen before, or differs from the
 * answer seen just before it in at most three values (a new template then); undefined when it is kept as
 * it is: another shape, more values of its own, a frozen or non-plain object. Templates hold strings
 * only and are shared by every distribution of the process (what a build gives does not depend on
 * which template was used).
 */
export function compactHeaders(headers: HeaderMap): CompactHeaders | undefined {
  if (headers === lastHeaders) return lastCompact;
  if (!Object.isExtensible(headers) || Object.getPrototypeOf(headers) !== Object.prototype) return undefined;
  let compact: CompactHeaders | undefined;
  for (let i = 0; i < templates.length && compact === undefined; i++) {
    compact = (templates[i] as HeaderTemplate).compact(headers);
    if (compact !== undefined && i > 0) {
      templates.splice(i, 1);
      templates.unshift(compact.template);
    }
  }
  compact ??= learn(headers, lastHeaders);
  lastHeaders = headers;
  lastCompact = compact;
  return compact;
}

/** A new template for `headers` when the answer before it has its names and at most three other values. */
function learn(headers: HeaderMap, previous: HeaderMap | undefined): CompactHeaders | undefined {
  if (previous === undefined) return undefined;
  const before = Object.keys(previous);
  const names: string[] = [];
  const own: string[] = [];
  for (const name in headers) {
    const value = headers[name];
    if (typeof value !== 'string' || name === '__proto__' || before[names.length] !== name) return undefined;
    // Vary is never an own value: an entry's `varyAll` is its template's.
    if (previous[name] !== value && (name === 'vary' || own.push(name) > 3)) return undefined;
    names.push(name);
  }
  if (names.length !== before.length || names.length < 3) return undefined;
  const template = new HeaderTemplate(headers, names, own);
  templates.unshift(template);
  if (templates.length > TEMPLATES) templates.pop();
  return template.compact(headers);
}
