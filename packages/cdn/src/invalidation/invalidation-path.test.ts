import { describe, expect, it } from 'vitest';
import { EdgecaseError } from '../errors.js';
import {
  type InvalidationItem,
  invalidationItemMatches,
  invalidationMatcher,
  MAX_INVALIDATION_PATH_LENGTH,
  parseInvalidationItem,
} from './invalidation-path.js';
import type { InvalidationEntryView } from './types.js';

const parse = (item: unknown, cacheTagsEnabled = false): InvalidationItem =>
  parseInvalidationItem(item, { cacheTagsEnabled, what: 'paths[0]' });
const entry = (path: string, keyQuery = '', tags: string[] = []): InvalidationEntryView => ({
  path,
  keyQuery,
  tags,
});
const hits = (item: string, entries: InvalidationEntryView[]): string[] =>
  entries
    .filter((e) => invalidationItemMatches(parse(item, true), e))
    .map((e) => (e.keyQuery ? `${e.path}?${e.keyQuery}` : e.path));

const catalogue = [
  entry('/img.jpg'),
  entry('/img.jpg', 'p=a'),
  entry('/img.jpg', 'p=b'),
  entry('/img.jpg.bak'),
  entry('/Img.jpg'),
  entry('/dir'),
  entry('/dir/'),
  entry('/dir/a.css'),
  entry('/dir/sub/b.css'),
  entry('/directory/c.css'),
];

describe('invalidation path matching', () => {
  it('a bare path matches every header and cookie variant, but not query-string variants', () => {
    // Header/cookie variants are separate entries with the same path and an empty key query.
    const variants = [entry('/img.jpg'), entry('/img.jpg'), entry('/img.jpg', 'p=a')];
    expect(variants.map((e) => invalidationItemMatches(parse('/img.jpg'), e))).toEqual([true, true, false]);
  });

  it('a path with a query matches only the entry with that exact key query', () => {
    expect(hits('/img.jpg?p=a', catalogue)).toEqual(['/img.jpg?p=a']);
    expect(hits('/img.jpg?p=c', catalogue)).toEqual([]);
  });

  it('a trailing * prefix-matches path and query, covering query variants and subdirectories', () => {
    expect(hits('/img.jpg*', catalogue)).toEqual([
      '/img.jpg',
      '/img.jpg?p=a',
      '/img.jpg?p=b',
      '/img.jpg.bak',
    ]);
    expect(hits('/img.jpg?*', catalogue)).toEqual(['/img.jpg?p=a', '/img.jpg?p=b']);
    expect(hits('/dir*', catalogue)).toEqual([
      '/dir',
      '/dir/',
      '/dir/a.css',
      '/dir/sub/b.css',
      '/directory/c.css',
    ]);
    expect(hits('/dir/*', catalogue)).toEqual(['/dir/', '/dir/a.css', '/dir/sub/b.css']);
  });

  it('"/*" matches everything', () => {
    expect(hits('/*', catalogue)).toHaveLength(catalogue.length);
  });

  it('is case-sensitive', () => {
    expect(hits('/Img.jpg', catalogue)).toEqual(['/Img.jpg']);
    expect(hits('/IMG.JPG*', catalogue)).toEqual([]);
  });

  it('treats a directory with and without its trailing slash as different paths', () => {
    expect(hits('/dir', catalogue)).toEqual(['/dir']);
    expect(hits('/dir/', catalogue)).toEqual(['/dir/']);
  });

  it('does not normalise percent-encoding: an over-encoded or differently encoded path misses', () => {
    const cafe = [entry('/caf%C3%A9.jpg')];
    expect(hits('/caf%C3%A9.jpg', cafe)).toHaveLength(1);
    expect(hits('/%63af%C3%A9.jpg', cafe)).toEqual([]);
    expect(hits('/caf%c3%a9.jpg', cafe)).toEqual([]);
  });

  it('refuses a path that could never match a cached key: raw unsafe or non-ASCII characters, dot segments', () => {
    expect(() => parse('/café.jpg')).toThrow('Write "/caf%C3%A9.jpg"');
    expect(() => parse('/x y.txt')).toThrow(
      'paths[0]: expected a path as the viewer URL sends it (non-ASCII and unsafe characters percent-encoded, no "." or ".." segments), got "/x y.txt". Write "/x%20y.txt": cached keys use that form, so "/x y.txt" would never match.',
    );
    expect(() => parse('/a/../b')).toThrow('Write "/b"');
    expect(() => parse('/img/*')).not.toThrow();
    expect(() => parse('/img.jpg?p=a b')).toThrow('Write "/img.jpg?p=a%20b"');
  });

  it('names the encoded form of a "#" in a path, not the path cut at it (it said "Write \\"/a\\"")', () => {
    // A viewer's URL ends the path at "#"; an object named "a#b.txt" is requested as /a%23b.txt.
    expect(() => parse('/a#b.txt')).toThrow('Write "/a%23b.txt"');
    expect(() => parse('/q.txt?x=#1')).toThrow('Write "/q.txt?x=%231"');
    expect(parse('/a%23b.txt')).toMatchObject({ kind: 'path', target: '/a%23b.txt' });
  });

  it('a #tag matches entries carrying the tag, case-insensitively', () => {
    const tagged = [entry('/a', '', ['Product:42', 'sale']), entry('/b', '', ['product:43']), entry('/c')];
    expect(hits('#product:42', tagged)).toEqual(['/a']);
    expect(hits('#SALE', tagged)).toEqual(['/a']);
    expect(hits('#product', tagged)).toEqual([]);
  });

  it('combines a batch into one predicate', () => {
    const match = invalidationMatcher([parse('/dir/a.css'), parse('/img.jpg?p=b')]);
    expect(catalogue.filter(match).map((e) => e.path + e.keyQuery)).toEqual(['/img.jpgp=b', '/dir/a.css']);
  });
});

describe('invalidation path validation', () => {
  const rejects = (item: unknown, message: RegExp, cacheTagsEnabled = false) => {
    const error = (() => {
      try {
        parse(item, cacheTagsEnabled);
      } catch (e) {
        return e;
      }
      throw new Error(`accepted ${String(item)}`);
    })();
    expect(error).toBeInstanceOf(EdgecaseError);
    expect(error).toMatchObject({ code: 'InvalidArgument', value: item });
    expect((error as Error).message).toMatch(message);
  };

  it('parses paths, wildcards and tags', () => {
    expect(parse('/a/b.css')).toEqual({
      kind: 'path',
      item: '/a/b.css',
      wildcard: false,
      target: '/a/b.css',
    });
    expect(parse('/a/*')).toEqual({ kind: 'path', item: '/a/*', wildcard: true, target: '/a/' });
    expect(parse('/*')).toEqual({ kind: 'path', item: '/*', wildcard: true, target: '/' });
    expect(parse('#Product:42', true)).toEqual({ kind: 'tag', item: '#Product:42', tag: 'product:42' });
  });

  it('rejects a non-string', () => {
    rejects(42, /paths\[0\]: expected a string such as '\/images\/a.jpg'.*got 42\./);
    rejects(undefined, /got undefined\./);
  });

  it('rejects an empty path and a path without a leading slash, with the fix', () => {
    rejects(
      '',
      /paths\[0\]: expected a path starting with "\/", got ""\. Write a path such as "\/index.html"/,
    );
    rejects(
      'images/a.jpg',
      /expected a path starting with "\/", got "images\/a.jpg"\. Write "\/images\/a.jpg"\./,
    );
  });

  it('rejects "*" anywhere but the last character (re:Post: "/images/*.jpg")', () => {
    rejects(
      '/images/*.jpg',
      /expected "\*" only as the last character, got "\/images\/\*.jpg"\. .*"\/images\/\*" instead/,
    );
    rejects('/a**', /only as the last character, got "\/a\*\*"/);
    rejects('/img.jpg?p=*&q=1', /only as the last character/);
  });

  it('accepts 4,000 characters and rejects 4,001', () => {
    const longest = `/${'a'.repeat(MAX_INVALIDATION_PATH_LENGTH - 1)}`;
    expect(parse(longest)).toMatchObject({ kind: 'path', target: longest });
    rejects(`${longest}b`, /expected at most 4000 characters, got 4001 characters \("\/aaa/);
  });

  it('rejects a #tag when the distribution has no cache-tag header', () => {
    rejects(
      '#product:42',
      /no cache-tag header\), got "#product:42"\. Give the distribution a cache-tag header to invalidate by tag: cacheTagHeader/,
    );
  });

  it('rejects malformed tags', () => {
    rejects('#', /expected a cache tag after '#', got "#"/, true);
    rejects('#product:*', /expected a cache tag without wildcards, got "#product:\*"/, true);
    rejects('#a b', /got "#a b" \(tag character 2 is " ", code 32\)\. Remove spaces/, true);
    rejects('#a,b', /got "#a,b" \(tag character 2 is ",", code 44\)\. Put each tag in its own/, true);
    rejects('#café', /tag character 4 is "é", code 233/, true);
  });

  it('accepts a 256-character tag and rejects 257', () => {
    expect(parse(`#${'t'.repeat(256)}`, true)).toMatchObject({ kind: 'tag' });
    rejects(`#${'t'.repeat(257)}`, /at most 256 characters, got 257 characters/, true);
  });
});
