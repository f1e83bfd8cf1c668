import fc from 'fast-check';

/**
 * The operations the memoryOrigin-vs-MinIO differential generates (test/conformance/
 * minio-differential.minio.ts): writes, deletes, copies and multipart uploads through the S3 API, and
 * reads as CloudFront sends them (conditional and ranged GET/HEAD) or as an app does (HeadObject,
 * ListObjectsV2 with prefixes, delimiters and continuation).
 */
export type Operation =
  | { op: 'put'; key: string; body: string; contentType?: string; cacheControl?: string; meta?: string }
  | { op: 'multipart'; key: string; tail: string }
  | { op: 'delete'; key: string }
  | { op: 'deleteObjects'; keys: string[] }
  | { op: 'copy'; from: string; to: string; replace?: { contentType?: string; cacheControl?: string } }
  | { op: 'read'; method: 'GET' | 'HEAD'; key: string; condition: Condition }
  | { op: 'head'; key: string }
  | { op: 'list'; prefix: string; delimiter?: string; maxKeys: number };

/** A read's condition; `seen` picks one of the ETags written so far (by index, modulo their count). */
export type Condition =
  | { kind: 'none' }
  | { kind: 'if-none-match' | 'if-match'; seen: number }
  | { kind: 'if-none-match-other' | 'if-match-other' }
  | { kind: 'range'; start: number; length: number }
  | { kind: 'suffix'; length: number }
  | { kind: 'range-if-match'; seen: number; start: number; length: number };

/** Keys with shared prefixes (for List), a space and a non-ASCII character (for encoding). */
export const KEYS = ['a.txt', 'b.txt', 'dir/c.txt', 'dir/sub/d.txt', 'dir2/e.txt', 'd e ü.txt'] as const;
const PREFIXES = ['', 'dir', 'dir/', 'dir/sub/', 'd', 'x'];
const CONTENT_TYPES = ['text/plain', 'application/json', 'text/html; charset=utf-8'];
const CACHE_CONTROLS = ['max-age=60', 'no-cache', 'public, s-maxage=300, stale-while-revalidate=30'];

const key = fc.constantFrom(...KEYS);
const body = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'é', ' ', '\n'), maxLength: 40 });
const seen = fc.nat({ max: 1000 });

const condition: fc.Arbitrary<Condition> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ kind: 'none' as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('if-none-match' as const), seen }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('if-match' as const), seen }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom({ kind: 'if-none-match-other' as const }, { kind: 'if-match-other' as const }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('range' as const),
      start: fc.nat({ max: 50 }),
      length: fc.nat({ max: 20 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('suffix' as const), length: fc.integer({ min: 1, max: 30 }) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('range-if-match' as const),
      seen,
      start: fc.nat({ max: 30 }),
      length: fc.nat({ max: 10 }),
    }),
  },
);

const metadataChoice = {
  contentType: fc.constantFrom(...CONTENT_TYPES),
  cacheControl: fc.constantFrom(...CACHE_CONTROLS),
};

export const operation: fc.Arbitrary<Operation> = fc.oneof(
  {
    weight: 200,
    arbitrary: fc.record(
      {
        op: fc.constant('put' as const),
        key,
        body,
        ...metadataChoice,
        meta: fc.constantFrom('x', 'Yes Mixed', ''),
      },
      { requiredKeys: ['op', 'key', 'body'] },
    ),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('multipart' as const), key, tail: body }) },
  { weight: 60, arbitrary: fc.record({ op: fc.constant('delete' as const), key }) },
  {
    weight: 30,
    arbitrary: fc.record({
      op: fc.constant('deleteObjects' as const),
      keys: fc.uniqueArray(key, { minLength: 1, maxLength: 4 }),
    }),
  },
  {
    weight: 50,
    arbitrary: fc.record(
      {
        op: fc.constant('copy' as const),
        from: key,
        to: key,
        replace: fc.record(metadataChoice, { requiredKeys: [] }),
      },
      { requiredKeys: ['op', 'from', 'to'] },
    ),
  },
  {
    weight: 400,
    arbitrary: fc.record({
      op: fc.constant('read' as const),
      method: fc.constantFrom('GET' as const, 'HEAD' as const),
      key,
      condition,
    }),
  },
  { weight: 80, arbitrary: fc.record({ op: fc.constant('head' as const), key }) },
  {
    weight: 80,
    arbitrary: fc.record(
      {
        op: fc.constant('list' as const),
        prefix: fc.constantFrom(...PREFIXES),
        delimiter: fc.constant('/'),
        maxKeys: fc.integer({ min: 1, max: 4 }),
      },
      { requiredKeys: ['op', 'prefix', 'maxKeys'] },
    ),
  },
);

/** The request headers of a read, with `etags` the ETags written so far. */
export function conditionHeaders(condition: Condition, etags: readonly string[]): Record<string, string> {
  const pick = (index: number) => etags[index % etags.length] ?? '"00000000000000000000000000000000"';
  switch (condition.kind) {
    case 'none':
      return {};
    case 'if-none-match':
      return { 'if-none-match': pick(condition.seen) };
    case 'if-match':
      return { 'if-match': pick(condition.seen) };
    case 'if-none-match-other':
      return { 'if-none-match': '"00000000000000000000000000000000"' };
    case 'if-match-other':
      return { 'if-match': '"00000000000000000000000000000000"' };
    case 'range':
      return { range: `bytes=${condition.start}-${condition.start + condition.length}` };
    case 'suffix':
      return { range: `bytes=-${condition.length}` };
    case 'range-if-match':
      return {
        'if-match': pick(condition.seen),
        range: `bytes=${condition.start}-${condition.start + condition.length}`,
      };
  }
}
