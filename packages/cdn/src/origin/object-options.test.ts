import { describe, expect, it } from 'vitest';
import { EdgecaseError } from '../errors.js';
import { catchError as errorOf } from '../test-support/catch-error.js';
import { normalizeMetadata, toBody, validateConditions, validateKey } from './object-options.js';

describe('validateKey', () => {
  it('accepts keys up to 1024 UTF-8 bytes', () => {
    expect(validateKey('a b/ü.txt')).toBe('a b/ü.txt');
    expect(validateKey('x'.repeat(1024))).toHaveLength(1024);
  });

  it('rejects empty, non-string and over-long keys with InvalidKey', () => {
    expect(errorOf(() => validateKey('')).code).toBe('InvalidKey');
    expect(errorOf(() => validateKey(7)).message).toContain('key: expected a non-empty string, got 7.');
    // 512 two-byte characters plus one byte: 1025 bytes though only 513 characters.
    expect(errorOf(() => validateKey(`${'é'.repeat(512)}x`)).message).toContain('at most 1024 UTF-8 bytes');
  });

  it('rejects a leading slash and says S3 keys have none', () => {
    expect(errorOf(() => validateKey('/a.txt')).message).toMatchInlineSnapshot(
      `"[edgecase] key: expected a key without a leading "/", got "/a.txt". S3 keys have no leading slash: use "a.txt", not "/a.txt"."`,
    );
  });
});

describe('toBody', () => {
  it('encodes strings as UTF-8 and copies byte arrays', () => {
    expect(toBody('é')).toEqual(new Uint8Array([0xc3, 0xa9]));
    const source = new Uint8Array([1, 2]);
    const body = toBody(source);
    source[0] = 9;
    expect(body).toEqual(new Uint8Array([1, 2]));
  });

  it('accepts an empty body and rejects other types', () => {
    expect(toBody('')).toHaveLength(0);
    expect(errorOf(() => toBody(42)).code).toBe('InvalidBody');
  });
});

describe('normalizeMetadata', () => {
  it('gives the same frozen record for the same options, and its own for any other', () => {
    const a = normalizeMetadata({ cacheControl: 'max-age=60' });
    expect(normalizeMetadata({ cacheControl: 'max-age=60' })).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    const css = normalizeMetadata({ cacheControl: 'max-age=60', contentType: 'text/css' });
    expect(css).toMatchObject({ cacheControl: 'max-age=60', contentType: 'text/css' });
    expect(normalizeMetadata({ cacheControl: 'max-age=60' })).toEqual({ ...a });
    expect(normalizeMetadata({ cacheControl: 'max-age=60' }).contentType).toBe('binary/octet-stream');
    expect(normalizeMetadata({ cacheControl: 'max-age=60', contentEncoding: 'gzip' }).contentEncoding).toBe(
      'gzip',
    );
    expect(normalizeMetadata({ cacheControl: 'no-cache' }).cacheControl).toBe('no-cache');
    expect(normalizeMetadata({ cacheControl: 'no-cache', metadata: { a: '1' } }).metadata).toEqual({
      a: '1',
    });
    expect(normalizeMetadata({ cacheControl: 'no-cache' }).metadata).toEqual({});
    expect(() => normalizeMetadata({ cacheControl: 'a\nb' })).toThrow(EdgecaseError);
  });

  it('defaults Content-Type to binary/octet-stream when absent or empty', () => {
    expect(normalizeMetadata().contentType).toBe('binary/octet-stream');
    expect(normalizeMetadata({ contentType: '' }).contentType).toBe('binary/octet-stream');
    expect(normalizeMetadata({ contentType: 'text/html' }).contentType).toBe('text/html');
  });

  it('lower-cases user metadata names and keeps values', () => {
    expect(normalizeMetadata({ metadata: { Author: 'Ada', 'x-Build': '7' } }).metadata).toEqual({
      author: 'Ada',
      'x-build': '7',
    });
  });

  it('rejects names that collide after lower-casing, and non-token names', () => {
    expect(errorOf(() => normalizeMetadata({ metadata: { a: '1', A: '2' } })).code).toBe('InvalidHeader');
    expect(errorOf(() => normalizeMetadata({ metadata: { 'a b': '1' } })).code).toBe('InvalidHeader');
  });

  it('limits user metadata to 2 KB of names and values', () => {
    expect(normalizeMetadata({ metadata: { k: 'v'.repeat(2047) } }).metadata.k).toHaveLength(2047);
    expect(errorOf(() => normalizeMetadata({ metadata: { k: 'v'.repeat(2048) } })).message).toContain(
      'expected at most 2048 bytes of names and values, got "2049 bytes"',
    );
  });

  it('stores Expires as an HTTP-date from a Date or a string, and rejects other values', () => {
    expect(normalizeMetadata({ expires: new Date(Date.UTC(2026, 0, 2)) }).expires).toBe(
      'Fri, 02 Jan 2026 00:00:00 GMT',
    );
    expect(normalizeMetadata({ expires: 'Fri, 02 Jan 2026 00:00:00 GMT' }).expires).toBe(
      'Fri, 02 Jan 2026 00:00:00 GMT',
    );
    expect(normalizeMetadata({}).expires).toBeUndefined();
    expect(errorOf(() => normalizeMetadata({ expires: 'soon' })).code).toBe('InvalidDate');
    expect(errorOf(() => normalizeMetadata({ expires: new Date(Number.NaN) })).code).toBe('InvalidDate');
  });

  it('rejects header values with line breaks', () => {
    expect(errorOf(() => normalizeMetadata({ cacheControl: 'max-age=1\r\nx: y' })).code).toBe(
      'InvalidHeader',
    );
  });

  it('keeps an empty Cache-Control apart from an absent one', () => {
    expect(normalizeMetadata({ cacheControl: '' }).cacheControl).toBe('');
    expect(normalizeMetadata({}).cacheControl).toBeUndefined();
  });
});

describe('validateConditions', () => {
  it("accepts ifNoneMatch '*' and an ifMatch ETag", () => {
    expect(validateConditions({ ifNoneMatch: '*', ifMatch: '"e"' })).toEqual({
      ifNoneMatch: '*',
      ifMatch: '"e"',
    });
  });

  it('rejects other ifNoneMatch values and an empty ifMatch', () => {
    expect(errorOf(() => validateConditions({ ifNoneMatch: '"e"' as '*' })).code).toBe('InvalidOption');
    expect(errorOf(() => validateConditions({ ifMatch: '' })).code).toBe('InvalidOption');
  });
});
