/**
 * Parsed `Cache-Control` as CloudFront reads it from an origin response. Directive names are
 * case-insensitive; a directive whose value is not a non-negative integer is ignored (treated as
 * absent), so `max-age=abc` falls back to the next rule rather than to 0. `s-maxage=0` and an absent
 * `s-maxage` are different: 0 is a real TTL of zero.
 */
export interface CacheControl {
  maxAgeSeconds: number | undefined;
  sMaxAgeSeconds: number | undefined;
  noStore: boolean;
  /** Bare `no-cache` (a field-qualified `no-cache="Set-Cookie"` is in `noCacheFields` instead). */
  noCache: boolean;
  /** `no-cache="Set-Cookie"`: field names (lower-case) not to replay from cache. */
  noCacheFields: readonly string[];
  private: boolean;
  mustRevalidate: boolean;
  staleWhileRevalidateSeconds: number | undefined;
  staleIfErrorSeconds: number | undefined;
}

const EMPTY: CacheControl = Object.freeze({
  maxAgeSeconds: undefined,
  sMaxAgeSeconds: undefined,
  noStore: false,
  noCache: false,
  noCacheFields: Object.freeze([]) as readonly string[],
  private: false,
  mustRevalidate: false,
  staleWhileRevalidateSeconds: undefined,
  staleIfErrorSeconds: undefined,
});

const cache = new Map<string, CacheControl>();

/** Parses a `Cache-Control` header value. Results are memoised: origins repeat the same few values. */
export function parseCacheControl(value: string | undefined): CacheControl {
  if (!value) return EMPTY;
  const hit = cache.get(value);
  if (hit) return hit;
  const parsed = parse(value);
  if (cache.size > 1000) cache.clear();
  cache.set(value, parsed);
  return parsed;
}

function parse(value: string): CacheControl {
  const result = { ...EMPTY, noCacheFields: [] as string[] };
  for (const [name, arg] of directives(value)) {
    switch (name) {
      case 'max-age':
        result.maxAgeSeconds = seconds(arg) ?? result.maxAgeSeconds;
        break;
      case 's-maxage':
        result.sMaxAgeSeconds = seconds(arg) ?? result.sMaxAgeSeconds;
        break;
      case 'no-store':
        result.noStore = true;
        break;
      case 'no-cache':
        if (arg === undefined) result.noCache = true;
        else
          result.noCacheFields.push(
            ...arg
              .split(',')
              .map((f) => f.trim().toLowerCase())
              .filter(Boolean),
          );
        break;
      case 'private':
        // A field-qualified `private="x"` still keeps shared caches from storing the named fields only;
        // CloudFront documents only the bare form, which we treat as "private".
        if (arg === undefined) result.private = true;
        break;
      case 'must-revalidate':
      case 'proxy-revalidate':
        result.mustRevalidate = true;
        break;
      case 'stale-while-revalidate':
        result.staleWhileRevalidateSeconds = seconds(arg) ?? result.staleWhileRevalidateSeconds;
        break;
      case 'stale-if-error':
        result.staleIfErrorSeconds = seconds(arg) ?? result.staleIfErrorSeconds;
        break;
    }
  }
  return Object.freeze(result);
}

function* directives(value: string): Generator<[string, string | undefined]> {
  // Split on commas outside double quotes.
  let start = 0;
  let quoted = false;
  for (let i = 0; i <= value.length; i++) {
    const c = value[i];
    if (c === '"') quoted = !quoted;
    if (i === value.length || (c === ',' && !quoted)) {
      const part = value.slice(start, i).trim();
      start = i + 1;
      if (!part) continue;
      const eq = part.indexOf('=');
      if (eq < 0) yield [part.toLowerCase(), undefined];
      else
        yield [
          part.slice(0, eq).trim().toLowerCase(),
          part
            .slice(eq + 1)
            .trim()
            .replace(/^"(.*)"$/, '$1'),
        ];
    }
  }
}

function seconds(arg: string | undefined): number | undefined {
  if (arg === undefined || !/^\d+$/.test(arg)) return undefined;
  return Number(arg);
}
