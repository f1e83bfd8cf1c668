import { describe, expect, it } from 'vitest';
import type { KeyBehavior } from '../options/config-types.js';
import { filterCookies, filterQuery } from './key-filters.js';
import { keyRule } from './managed-cache-policies.js';

const rule = (behavior: KeyBehavior, ...names: string[]) => keyRule(behavior, names);

describe('filterQuery (§5)', () => {
  it('drops the query with none and keeps it verbatim with all', () => {
    expect(filterQuery('b=2&a=1', rule('none'))).toBe('');
    expect(filterQuery('b=2&A=1&&x', rule('all'))).toBe('b=2&A=1&&x');
  });

  it('keeps listed parameters in their original order, matching names case-sensitively', () => {
    expect(filterQuery('b=2&c=3&a=1&B=9', rule('whitelist', 'a', 'b'))).toBe('b=2&a=1');
    expect(filterQuery('b=2&c=3&a=1', rule('allExcept', 'c'))).toBe('b=2&a=1');
  });

  it('treats only & as a separator and keeps repeated and value-less parameters', () => {
    expect(filterQuery('a=1;b=2&b=3', rule('whitelist', 'b'))).toBe('b=3');
    expect(filterQuery('a=1;b=2&b=3', rule('whitelist', 'a'))).toBe('a=1;b=2');
    expect(filterQuery('a&a=2&&b', rule('whitelist', 'a'))).toBe('a&a=2');
  });

  it('gives an empty string when nothing is kept or there is no query', () => {
    expect(filterQuery('x=1', rule('whitelist', 'a'))).toBe('');
    expect(filterQuery('', rule('all'))).toBe('');
  });
});

describe('filterCookies (§5)', () => {
  it('forwards nothing with none or without a Cookie header', () => {
    expect(filterCookies('a=1', rule('none'))).toBe('');
    expect(filterCookies(undefined, rule('all'))).toBe('');
    expect(filterCookies('', rule('all'))).toBe('');
  });

  it('sorts all cookies by name', () => {
    expect(filterCookies('theme=dark; Session=XYZ;lang=en', rule('all'))).toBe(
      'Session=XYZ; lang=en; theme=dark',
    );
  });

  it('filters by case-sensitive name and keeps values as sent', () => {
    expect(filterCookies('session=Abc; Session=def; x=1', rule('whitelist', 'session'))).toBe('session=Abc');
    expect(filterCookies('session=Abc; Session=def; x=1', rule('allExcept', 'x'))).toBe(
      'Session=def; session=Abc',
    );
  });

  it('keeps repeated names in the viewer’s order and tolerates stray separators', () => {
    expect(filterCookies('b=2; a=2; ;a=1;', rule('all'))).toBe('a=2; a=1; b=2');
    expect(filterCookies('flag; a=1', rule('all'))).toBe('a=1; flag');
  });
});
