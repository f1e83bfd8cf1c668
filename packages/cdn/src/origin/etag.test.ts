import { describe, expect, it } from 'vitest';
import { etagListMatches, md5, multipartEtag, singlePartEtag } from './etag.js';

const text = (value: string) => new TextEncoder().encode(value);

describe('singlePartEtag', () => {
  it('is the quoted hex MD5 of the data (§11 ETag)', () => {
    expect(singlePartEtag(text('hello'))).toBe('"5d41402abc4b2a76b9719d911017c592"');
    expect(singlePartEtag(new Uint8Array())).toBe('"d41d8cd98f00b204e9800998ecf8427e"');
  });
});

describe('multipartEtag', () => {
  it('is the MD5 of the concatenated binary part MD5s, then -<part count> (§11 ETag)', () => {
    const parts = [text('hello '), text('world')];
    const expected = md5(Buffer.concat(parts.map((part) => md5(part)))).toString('hex');
    expect(multipartEtag(parts.map((part) => md5(part)))).toBe(`"${expected}-2"`);
  });

  it('is not the MD5 of the data even for one part', () => {
    const etag = multipartEtag([md5(text('hello'))]);
    expect(etag).toMatch(/^"[0-9a-f]{32}-1"$/);
    expect(etag.slice(1, 33)).not.toBe(md5(text('hello')).toString('hex'));
  });
});

describe('etagListMatches', () => {
  const etag = '"abc"';

  it('matches quoted, unquoted and listed tags, and *', () => {
    expect(etagListMatches('"abc"', etag, 'strong')).toBe(true);
    expect(etagListMatches('abc', etag, 'strong')).toBe(true);
    expect(etagListMatches('"x", "abc"', etag, 'strong')).toBe(true);
    expect(etagListMatches('*', etag, 'strong')).toBe(true);
    expect(etagListMatches('"x", "y"', etag, 'weak')).toBe(false);
  });

  it('compares weak tags only weakly (If-None-Match), never strongly (If-Match)', () => {
    expect(etagListMatches('W/"abc"', etag, 'weak')).toBe(true);
    expect(etagListMatches('W/"abc"', etag, 'strong')).toBe(false);
  });

  it('keeps commas inside quoted tags', () => {
    expect(etagListMatches('"a,b"', '"a,b"', 'strong')).toBe(true);
    expect(etagListMatches('"a,b"', '"a"', 'strong')).toBe(false);
  });
});
