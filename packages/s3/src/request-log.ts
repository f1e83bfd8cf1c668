import type { OriginRequestRecord } from '@edgecase/cdn';

type MutableRecord = { -readonly [K in keyof OriginRequestRecord]: OriginRequestRecord[K] };

/**
 * The requests an origin received through `fetch`, as memoryOrigin keeps them (`requests`,
 * `requestCount`): the last `limit` records, and counts of every request (all, or per path).
 */
export class RequestLog {
  readonly #limit: number;
  readonly #records: MutableRecord[] = [];
  readonly #countByPath = new Map<string, number>();
  #total = 0;

  constructor(limit = 1000) {
    this.#limit = limit;
  }

  /** Records an arrival; call the returned function with the status once the answer is known. */
  arrive(atMs: number, method: string, path: string, query: string): (status: number) => void {
    const record: MutableRecord = { atMs, method, path, query, status: 0 };
    this.#records.push(record);
    if (this.#records.length > this.#limit) this.#records.shift();
    this.#total += 1;
    this.#countByPath.set(path, (this.#countByPath.get(path) ?? 0) + 1);
    return (status) => {
      record.status = status;
    };
  }

  /** A copy, oldest first. */
  get records(): readonly OriginRequestRecord[] {
    return this.#records.map((record) => ({ ...record }));
  }

  count(path?: string): number {
    return path === undefined ? this.#total : (this.#countByPath.get(path) ?? 0);
  }
}
