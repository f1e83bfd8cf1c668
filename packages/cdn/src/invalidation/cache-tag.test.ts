import { describe, expect, it } from 'vitest';
import {
  hasCacheTag,
  MAX_CACHE_TAGS_PER_OBJECT,
  parseCacheTagHeader,
  parseCacheTagItem,
} from './cache-tag.js';

describe('parseCacheTagHeader', () => {
  it('splits on commas, trims and drops empty tags', () => {
    expect(parseCacheTagHeader('product:electronics, category:tv,brand:example')).toEqual([
      'product:electronics',
      'category:tv',
      'brand:example',
    ]);
    expect(parseCacheTagHeader(' a ,, ,b')).toEqual(['a', 'b']);
  });

  it('gives no tags for an absent header and for an empty one', () => {
    expect(parseCacheTagHeader(undefined)).toEqual([]);
    expect(parseCacheTagHeader('')).toEqual([]);
  });

  it('keeps only the first 50 tags (CloudFront stores no more)', () => {
    const header = Array.from({ length: 60 }, (_, i) => `t${i}`).join(',');
    const tags = parseCacheTagHeader(header);
    expect(tags).toHaveLength(MAX_CACHE_TAGS_PER_OBJECT);
    expect(tags.at(-1)).toBe('t49');
  });
});

describe('hasCacheTag', () => {
  it('compares case-insensitively and ignores surrounding spaces', () => {
    expect(hasCacheTag(['Product:42'], 'product:42')).toBe(true);
    expect(hasCacheTag([' sale '], 'sale')).toBe(true);
    expect(hasCacheTag(['product:420'], 'product:42')).toBe(false);
    expect(hasCacheTag([], 'product:42')).toBe(false);
  });

  it('ignores tags past the 50th', () => {
    const tags = Array.from({ length: 51 }, (_, i) => `t${i}`);
    expect(hasCacheTag(tags, 't49')).toBe(true);
    expect(hasCacheTag(tags, 't50')).toBe(false);
  });
});

describe('parseCacheTagItem', () => {
  it('returns the tag in lower case', () => {
    expect(parseCacheTagItem('Brand:Example', 'paths[0]')).toBe('brand:example');
  });

  it('accepts the edges of visible ASCII (! and ~) and rejects DEL', () => {
    expect(parseCacheTagItem('!~', 'paths[0]')).toBe('!~');
    expect(() => parseCacheTagItem('a\u007f', 'paths[0]')).toThrow(/tag character 2 is "\u007f", code 127/);
  });
});
