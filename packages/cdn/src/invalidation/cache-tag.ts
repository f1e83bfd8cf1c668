import { EdgecaseError, invalid } from '../errors.js';

// §6 NEW (cache-tag invalidation), CFDG invalidation-specifying-tags: tags are ASCII 33–126 without
// commas, at most 256 characters, case-insensitive, no wildcards; at most 50 tags per cached object.
export const MAX_CACHE_TAG_LENGTH = 256;
export const MAX_CACHE_TAGS_PER_OBJECT = 50;

/**
 * Validates the tag of a `#tag` invalidation item (`tag` is the text after `#`) and returns it in
 * lower case, the form it is compared in. `what` names the item in messages.
 */
export function parseCacheTagItem(tag: string, what: string): string {
  if (tag.length === 0) {
    invalid(
      'InvalidArgument',
      what,
      "a cache tag after '#'",
      `#${tag}`,
      'Write the tag, e.g. "#product:42".',
    );
  }
  if (tag.length > MAX_CACHE_TAG_LENGTH) {
    throw new EdgecaseError(
      'InvalidArgument',
      `${what}: expected a cache tag of at most ${MAX_CACHE_TAG_LENGTH} characters, got ${tag.length} characters ("#${tag.slice(0, 32)}...").`,
      { value: `#${tag}`, hint: 'Use shorter tags at the origin and in the invalidation.' },
    );
  }
  // §6 NEW, CFDG invalidation-specifying-tags: "tag invalidation items do not support the * wildcard".
  if (tag.includes('*')) {
    invalid(
      'InvalidArgument',
      what,
      'a cache tag without wildcards',
      `#${tag}`,
      'Tag items match one exact tag; list each tag, or invalidate by path ("/dir/*") instead.',
    );
  }
  for (let i = 0; i < tag.length; i++) {
    const code = tag.charCodeAt(i);
    if (code < 33 || code > 126 || code === 44) {
      throw new EdgecaseError(
        'InvalidArgument',
        `${what}: expected a cache tag of visible ASCII characters (33–126) without commas, got ${JSON.stringify(`#${tag}`)} (tag character ${i + 1} is ${JSON.stringify(tag[i])}, code ${code}).`,
        {
          value: `#${tag}`,
          hint:
            code === 44
              ? 'Put each tag in its own "#tag" item.'
              : 'Remove spaces and non-ASCII characters from the tag.',
        },
      );
    }
  }
  return tag.toLowerCase();
}

/**
 * Splits a cache-tag response header (`CacheTagConfig.HeaderName`) into the tags CloudFront keeps:
 * comma-separated, trimmed, empty ones dropped, the first 50 only (§6 NEW: "the additional tags
 * beyond the limit are not stored").
 */
export function parseCacheTagHeader(value: string | undefined): string[] {
  if (value === undefined) return [];
  const tags: string[] = [];
  for (const part of value.split(',')) {
    const tag = part.trim();
    if (tag.length > 0) tags.push(tag);
    if (tags.length === MAX_CACHE_TAGS_PER_OBJECT) break;
  }
  return tags;
}

/** Whether `entryTags` carries `lowerTag` (§6 NEW: tags are case-insensitive). Only the first 50 count. */
export function hasCacheTag(entryTags: readonly string[], lowerTag: string): boolean {
  const n = Math.min(entryTags.length, MAX_CACHE_TAGS_PER_OBJECT);
  for (let i = 0; i < n; i++) {
    if ((entryTags[i] as string).trim().toLowerCase() === lowerTag) return true;
  }
  return false;
}
