import { invalid } from '../errors.js';

/** One request an origin received through `fetch`. */
export interface OriginRequestRecord {
  /** Clock time the request arrived, in epoch ms. */
  readonly atMs: number;
  readonly method: string;
  /** The path as sent (percent-encoded), without the query. */
  readonly path: string;
  /** The query string without `?`; `''` when there is none. */
  readonly query: string;
  /** The status answered; `0` while unanswered and for requests that got no answer (outage, timeout). */
  readonly status: number;
}

/**
 * The requests an origin served, for tests and matchers: the last `limit` records, and counts of
 * every request ever received (all, or per path).
 */
export class RequestLog {
  readonly #limit: number;
  readonly #records: { -readonly [K in keyof OriginRequestRecord]: OriginRequestRecord[K] }[] = [];
  readonly #countByPath = new Map<string, number>();
  #total = 0;

  constructor(limit = 1000) {
    if (!Number.isInteger(limit) || limit < 1)
      invalid('InvalidOption', 'RequestLog limit', 'a whole number >= 1', limit);
    this.#limit = limit;
  }

  /** Records an arrival; call the returned function with the status once the answer is known. */
  arrive(atMs: number, method: string, path: string, query: string): (status: number) => void {
    const record = { atMs, method, path, query, status: 0 };
    this.#records.push(record);
    if (this.#records.length > this.#limit) this.#records.shift();
    this.#total += 1;
    this.#countByPath.set(path, (this.#countByPath.get(path) ?? 0) + 1);
    return (status) => {
      record.status = status;
    };
  }

  /** The last `limit` requests, oldest first. A copy: later requests do not change it. */
  get records(): readonly OriginRequestRecord[] {
    return this.#records.map((record) => ({ ...record }));
  }

  /** Every request received so far, or those for one path (as sent, percent-encoded, no query). */
  count(path?: string): number {
    return path === undefined ? this.#total : (this.#countByPath.get(path) ?? 0);
  }
}
