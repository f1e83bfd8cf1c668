import { describe, expect, it } from 'vitest';
import { compilePathPattern } from './path-pattern.js';

const matches = (pattern: string, path: string) => compilePathPattern(pattern).matches(path);

describe('compilePathPattern', () => {
  it.each([
    ['*', '/', true],
    ['*', '/anything/at/all.html', true],
    ['/images/*', '/images/a.png', true],
    ['/images/*', '/images/', true],
    ['/images/*', '/images', false],
    ['/images/*', '/Images/a.png', false],
    ['images/*', '/images/a.png', true],
    ['/images/*.jpg', '/images/sub/dir/a.jpg', true],
    ['images/*.jpg', '/images/a.png', false],
    ['*.jpg', '/a/b/c.jpg', true],
    ['*.jpg', '/a/b/c.JPG', false],
    ['/a/b.html', '/a/b.html', true],
    ['a/b.html', '/a/b.html', true],
    ['/a/b.html', '/a/bXhtml', false],
    ['/a/b.html', '/a/b.html/', false],
    ['/file?.txt', '/file1.txt', true],
    ['/file?.txt', '/file.txt', false],
    ['/file?.txt', '/file12.txt', false],
    ['?abc', '/abc', false],
    ['?abc', '/xabc', true],
    ['/api/*/v?/*', '/api/users/v2/list', true],
    ['/api/*/v?/*', '/api/users/v10/list', false],
    ['/$web/+a', '/$web/+a', true],
    ['/$web/+a', '/$web/aa', false],
    ['/a.b', '/aXb', false],
    ['/', '/', true],
    ['/', '/a', false],
  ])('%s against %s is %s', (pattern, path, expected) => {
    expect(matches(pattern, path)).toBe(expected);
  });

  it('ignores the leading slash of the path as well', () => {
    expect(matches('/images/*', 'images/a.png')).toBe(true);
    expect(matches('/file?.txt', 'file1.txt')).toBe(true);
  });

  it('normalises away the leading slash, so duplicates can be found', () => {
    expect(compilePathPattern('/images/*').normalized).toBe('images/*');
    expect(compilePathPattern('images/*').normalized).toBe('images/*');
    expect(compilePathPattern('/images/*').pattern).toBe('/images/*');
  });

  it('allows every character §8 lists and patterns of exactly 255 characters', () => {
    expect(compilePathPattern(`/AZaz09_-.*$/~"'@:+&?`).matches(`/AZaz09_-.xyz$/~"'@:+&!`)).toBe(true);
    expect(compilePathPattern(`/${'a'.repeat(254)}`).pattern).toHaveLength(255);
  });

  it('is reusable: a RegExp matcher gives the same answer on every call', () => {
    const p = compilePathPattern('/a/*/b?');
    for (let i = 0; i < 3; i++) {
      expect(p.matches('/a/x/bc')).toBe(true);
      expect(p.matches('/a/x/b')).toBe(false);
    }
  });

  it.each([
    ['/images/%20*', '"%"'],
    ['/a b', '" "'],
    ['/a#b', '"#"'],
    ['/ä', '"ä"'],
    ['/a\\b', '"\\\\"'],
  ])('rejects %s naming the bad character', (pattern, shown) => {
    expect(() => compilePathPattern(pattern, 'cacheBehaviors[0].pathPattern')).toThrow(
      expect.objectContaining({
        code: 'InvalidPathPattern',
        message: expect.stringContaining(
          `expected only the characters A-Z a-z 0-9 _ - . * ? $ / ~ " ' @ : + &, got ${shown}`,
        ),
      }),
    );
  });

  it('rejects empty and over-long patterns', () => {
    expect(() => compilePathPattern('')).toThrow(expect.objectContaining({ code: 'InvalidPathPattern' }));
    expect(() => compilePathPattern(`/${'a'.repeat(255)}`)).toThrow(/expected at most 255 characters/);
    expect(() => compilePathPattern(42 as never)).toThrow(/pathPattern: expected a non-empty path pattern/);
  });
});
