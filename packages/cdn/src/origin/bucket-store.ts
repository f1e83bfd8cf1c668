import { EdgecaseError, invalid } from '../errors.js';
import type { ClockBinding } from './clock-binding.js';
import { etagListMatches } from './etag.js';
import { truncateToSecondMs } from './http-date.js';
import type { ObjectMetadata, WriteConditions } from './object-options.js';

/** One object as stored. The body is shared with every reader and never mutated. */
export interface StoredObject {
  readonly key: string;
  readonly body: Uint8Array;
  /** Quoted, as S3 sends it: `"<md5>"` or `"<md5>-<parts>"`. */
  readonly etag: string;
  /** Whole seconds (§11: HTTP dates have 1-second resolution). */
  readonly lastModifiedMs: number;
  readonly metadata: ObjectMetadata;
  /** Set for objects made by a multipart upload. */
  readonly partCount: number | undefined;
}

export interface ListOptions {
  prefix?: string;
  /** 0–1000, default 1000 (ListObjectsV2 returns at most 1,000 keys per page). */
  maxKeys?: number;
  /** The `nextContinuationToken` of the previous page. */
  continuationToken?: string;
}

export interface ListedObject {
  key: string;
  etag: string;
  size: number;
  lastModified: Date;
}

export interface ListResult {
  contents: ListedObject[];
  keyCount: number;
  isTruncated: boolean;
  nextContinuationToken: string | undefined;
}

/** S3 lists keys in UTF-8 binary order, which differs from JS string order above U+FFFF. */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/**
 * The objects of one unversioned bucket. §11 "Strong read-after-write consistency" [S3UG Welcome
 * #ConsistencyModel]: a write is visible to every later read and LIST at once, and a key changes
 * atomically (a reader sees the old or the new object, never a mix).
 */
export class BucketStore {
  readonly #objects = new Map<string, StoredObject>();
  readonly #clock: ClockBinding;

  constructor(clock: ClockBinding) {
    this.#clock = clock;
  }

  get(key: string): StoredObject | undefined {
    return this.#objects.get(key);
  }

  /**
   * Makes `object` the current version of its key now, stamping Last-Modified with the current
   * second. §11 conditional writes [S3UG conditional-writes]: `ifNoneMatch: '*'` fails with 412 if
   * the key exists; `ifMatch` fails with 412 unless the current ETag matches (a missing key fails too).
   */
  commit(
    object: Omit<StoredObject, 'lastModifiedMs'>,
    conditions: WriteConditions,
    operation: string,
  ): StoredObject {
    const nowMs = this.#clock.require(operation).now();
    checkWriteConditions(this.#objects.get(object.key), object.key, conditions, operation);
    // The ETag is flat already: etag.ts makes every one flat (flat-string.ts).
    // One literal in StoredObject's order, not a spread of `object` (whose shape varies by caller).
    // Not frozen: a stored object never leaves this package (readers get copies, `toMemoryObject`),
    // its fields are readonly to the compiler, and `Object.freeze` cost a put ~90 ns (issue 13).
    const stored: StoredObject = {
      key: object.key,
      body: object.body,
      etag: object.etag,
      lastModifiedMs: truncateToSecondMs(nowMs),
      metadata: object.metadata,
      partCount: object.partCount,
    };
    this.#objects.set(object.key, stored);
    return stored;
  }

  /** S3 DELETE is idempotent: deleting a missing key succeeds. */
  delete(key: string): void {
    this.#objects.delete(key);
  }

  keys(): string[] {
    return [...this.#objects.keys()].sort(compareKeys);
  }

  /** ListObjectsV2-like paging over keys in UTF-8 binary order (§11: LIST is strongly consistent). */
  list(options: ListOptions = {}): ListResult {
    const prefix = options.prefix ?? '';
    if (typeof prefix !== 'string') invalid('InvalidOption', 'list prefix', 'a string', prefix);
    const maxKeys = options.maxKeys ?? 1000;
    if (!Number.isInteger(maxKeys) || maxKeys < 0 || maxKeys > 1000) {
      invalid('InvalidOption', 'list maxKeys', 'an integer from 0 to 1000', maxKeys);
    }
    const after =
      options.continuationToken === undefined ? undefined : decodeToken(options.continuationToken);
    const matching = this.keys().filter(
      (key) => key.startsWith(prefix) && (after === undefined || compareKeys(key, after) > 0),
    );
    const page = matching.slice(0, maxKeys);
    const isTruncated = maxKeys > 0 && matching.length > page.length;
    return {
      contents: page.map((key) => {
        const object = this.#objects.get(key) as StoredObject;
        return {
          key,
          etag: object.etag,
          size: object.body.length,
          lastModified: new Date(object.lastModifiedMs),
        };
      }),
      keyCount: page.length,
      isTruncated,
      nextContinuationToken: isTruncated ? encodeToken(page.at(-1) as string) : undefined,
    };
  }
}

export function checkWriteConditions(
  existing: StoredObject | undefined,
  key: string,
  conditions: WriteConditions,
  operation: string,
): void {
  if (conditions.ifNoneMatch === '*' && existing !== undefined) {
    throw new EdgecaseError(
      'PreconditionFailed',
      `${operation} ${JSON.stringify(key)}: ifNoneMatch '*' failed, the key exists.`,
      {
        value: key,
        hint: 'S3 answers 412 PreconditionFailed; drop ifNoneMatch to overwrite, or delete the key first.',
      },
    );
  }
  if (
    conditions.ifMatch !== undefined &&
    (existing === undefined || !etagListMatches(conditions.ifMatch, existing.etag, 'strong'))
  ) {
    throw new EdgecaseError(
      'PreconditionFailed',
      `${operation} ${JSON.stringify(key)}: ifMatch ${JSON.stringify(conditions.ifMatch)} failed, ` +
        (existing ? `the current ETag is ${existing.etag}.` : 'the key does not exist.'),
      {
        value: conditions.ifMatch,
        hint: 'S3 answers 412 PreconditionFailed; read the current ETag and retry.',
      },
    );
  }
}

function encodeToken(key: string): string {
  return Buffer.from(`edgecase:${key}`, 'utf8').toString('base64url');
}

function decodeToken(token: unknown): string {
  const text = typeof token === 'string' ? Buffer.from(token, 'base64url').toString('utf8') : '';
  if (!text.startsWith('edgecase:')) {
    invalid(
      'InvalidOption',
      'list continuationToken',
      'the nextContinuationToken of a previous list() page',
      token,
    );
  }
  return text.slice('edgecase:'.length);
}
