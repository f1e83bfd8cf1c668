import { EdgecaseError, invalid } from '../errors.js';
import { hasCacheTag, parseCacheTagItem } from './cache-tag.js';
import type { InvalidationEntryView } from './types.js';

// §6 "Path rules", CFDG Invalidation #invalidation-specifying-objects: at most 4,000 characters.
export const MAX_INVALIDATION_PATH_LENGTH = 4000;

/** One validated item of an invalidation batch. */
export type InvalidationItem =
  | {
      kind: 'path';
      /** The item as given. */
      item: string;
      /** Ends in `*`: prefix match (counts against the 15-wildcard limit). */
      wildcard: boolean;
      /** The item without its trailing `*`: the exact target, or the prefix when `wildcard`. */
      target: string;
    }
  | {
      kind: 'tag';
      item: string;
      /** Lower case, without the `#`. */
      tag: string;
    };

export interface ParseInvalidationItemOptions {
  /** Whether the distribution has `CacheTagConfig` (a cache-tag header). */
  cacheTagsEnabled: boolean;
  /** Names the item in messages, e.g. `invalidation paths[2]`. */
  what?: string;
}

/** Validates one invalidation item (a path or a `#tag`) and returns its parsed form. */
export function parseInvalidationItem(
  item: unknown,
  { cacheTagsEnabled, what = 'invalidation path' }: ParseInvalidationItemOptions,
): InvalidationItem {
  if (typeof item !== 'string') {
    invalid('InvalidArgument', what, "a string such as '/images/a.jpg', '/images/*' or '#tag'", item);
  }
  // §6 NEW, CFDG invalidation-specifying-tags: items beginning with `#` are cache tags.
  if (item.startsWith('#')) {
    if (!cacheTagsEnabled) {
      invalid(
        'InvalidArgument',
        what,
        'a path starting with "/" (this distribution has no cache-tag header)',
        item,
        'Give the distribution a cache-tag header to invalidate by tag: cacheTagHeader: "x-amz-meta-cache-tag" (CacheTagConfig.HeaderName in a loaded config).',
      );
    }
    return { kind: 'tag', item, tag: parseCacheTagItem(item.slice(1), what) };
  }
  // §6 "Path rules": the docs show every path starting with `/`. CloudFront's exact error for a path
  // without it is UNCONFIRMED; edgecase answers InvalidArgument.
  if (!item.startsWith('/')) {
    invalid(
      'InvalidArgument',
      what,
      'a path starting with "/"',
      item,
      item === ''
        ? 'Write a path such as "/index.html", or "/*" for everything.'
        : `Write ${JSON.stringify(`/${item}`)}.`,
    );
  }
  if (item.length > MAX_INVALIDATION_PATH_LENGTH) {
    throw new EdgecaseError(
      'InvalidArgument',
      `${what}: expected at most ${MAX_INVALIDATION_PATH_LENGTH} characters, got ${item.length} characters (${JSON.stringify(item.slice(0, 40))}...).`,
      { value: item, hint: 'Invalidate a shorter prefix with a trailing "*".' },
    );
  }
  // §6 "Path rules", CFDG Invalidation; re:Post cloudfront-serving-outdated-content-s3: `*` only as
  // the last character, so "/images/*.jpg" is invalid.
  const star = item.indexOf('*');
  if (star >= 0 && star !== item.length - 1) {
    invalid(
      'InvalidArgument',
      what,
      '"*" only as the last character',
      item,
      `CloudFront has no mid-path wildcard; invalidate ${JSON.stringify(item.slice(0, star + 1))} instead.`,
    );
  }
  // §6 "Path rules": URL-encode only non-ASCII and unsafe characters. Cached keys hold the path as the
  // viewer's URL sends it, so a path whose URL form differs (a raw space, "é", "/a/../b") could never
  // match; CloudFront's own handling of such a path is UNCONFIRMED, so edgecase refuses it.
  const onWire = wireForm(item);
  if (onWire !== item) {
    invalid(
      'InvalidArgument',
      what,
      'a path as the viewer URL sends it (non-ASCII and unsafe characters percent-encoded, no "." or ".." segments)',
      item,
      `Write ${JSON.stringify(onWire)}: cached keys use that form, so ${JSON.stringify(item)} would never match.`,
    );
  }
  const wildcard = star >= 0;
  return { kind: 'path', item, wildcard, target: wildcard ? item.slice(0, -1) : item };
}

/**
 * `path` as a viewer's URL puts it on the wire (WHATWG URL path and query encoding, dot segments
 * removed). A "#" is part of the object's name here, not a fragment: it travels as %23.
 */
function wireForm(path: string): string {
  const url = new URL(path.replaceAll('#', '%23'), 'https://invalidation.invalid');
  const hadQuery = path.includes('?');
  return `${url.pathname}${hadQuery ? `?${url.search.slice(1)}` : ''}`;
}

/** What an entry is compared against: its path, plus `?` and its key query when it has one. */
function entryTarget(entry: InvalidationEntryView): string {
  return entry.keyQuery === '' ? entry.path : `${entry.path}?${entry.keyQuery}`;
}

/**
 * Whether `item` removes `entry`. Comparison is case-sensitive and byte-for-byte: percent-encoding is
 * not normalised, so an over-encoded path misses as CloudFront's does (§6 "Path rules").
 */
export function invalidationItemMatches(item: InvalidationItem, entry: InvalidationEntryView): boolean {
  if (item.kind === 'tag') return hasCacheTag(entry.tags, item.tag);
  // §6 "Path rules": `*` matches 0 or more characters, query included, so "/img.jpg*" covers query
  // variants and "/dir*" subdirectories; "/*" matches everything.
  if (item.wildcard) return entryTarget(entry).startsWith(item.target);
  // §6 "Cached variants", CFDG Invalidation: a bare path covers every header and cookie variant (they
  // share `path` and `keyQuery`) but not query-string variants; "/img.jpg?p=a" targets one of those.
  return entryTarget(entry) === item.target;
}

/** One predicate for a whole batch, as `InvalidationHost.purge` takes it. */
export function invalidationMatcher(
  items: readonly InvalidationItem[],
): (entry: InvalidationEntryView) => boolean {
  return (entry) => items.some((item) => invalidationItemMatches(item, entry));
}

/**
 * Which cached paths a batch can remove, so a node looks those up instead of scanning its entries:
 * exact paths (a target's part before `?`), path prefixes (a wildcard without `?`), or any path
 * (cache tags).
 */
export function invalidationScope(items: readonly InvalidationItem[]): {
  exact: string[];
  prefixes: string[];
  any: boolean;
} {
  const exact: string[] = [];
  const prefixes: string[] = [];
  let any = false;
  for (const item of items) {
    if (item.kind === 'tag') any = true;
    else {
      const query = item.target.indexOf('?');
      if (query >= 0) exact.push(item.target.slice(0, query));
      else if (item.wildcard) prefixes.push(item.target);
      else exact.push(item.target);
    }
  }
  return { exact, prefixes, any };
}
