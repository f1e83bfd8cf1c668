import { describe, expect, it } from 'vitest';
import { checkHostname, checkInteger, checkKeys, checkRegion } from './checks.js';

describe('checkHostname', () => {
  it('accepts and lower-cases DNS names', () => {
    expect(checkHostname('D111111ABCDEF8.cloudfront.net', 'InvalidOption', 'domainName')).toBe(
      'd111111abcdef8.cloudfront.net',
    );
    expect(checkHostname('a-b.example.co.uk', 'InvalidOption', 'x')).toBe('a-b.example.co.uk');
  });

  it('accepts a leading wildcard label only where allowed', () => {
    expect(checkHostname('*.example.com', 'InvalidOption', 'alias', true)).toBe('*.example.com');
    expect(() => checkHostname('*.example.com', 'InvalidOption', 'domainName')).toThrow(
      /got "\*\.example\.com"/,
    );
    expect(() => checkHostname('*.com', 'InvalidOption', 'alias', true)).toThrow(/got "\*\.com"/);
  });

  it.each([
    'localhost',
    'a..b.com',
    '-a.example.com',
    'a_b.example.com',
    'example.com.',
    `${'a'.repeat(64)}.com`,
    42,
  ])('rejects %s', (bad) => {
    expect(() => checkHostname(bad, 'InvalidOption', 'domainName')).toThrow(
      expect.objectContaining({
        code: 'InvalidOption',
        message: expect.stringContaining('domainName: expected a host name'),
      }),
    );
  });
});

describe('checkRegion', () => {
  it.each(['us-east-1', 'eu-central-1', 'us-gov-west-1', 'ap-southeast-2', 'il-central-1'])(
    'accepts %s',
    (region) => {
      expect(checkRegion(region, 'InvalidOrigin', 'region')).toBe(region);
    },
  );

  it.each(['us-east', 'US-EAST-1', 'useast1', '', 1])('rejects %s', (bad) => {
    expect(() => checkRegion(bad, 'InvalidOrigin', 'region')).toThrow(
      expect.objectContaining({ code: 'InvalidOrigin' }),
    );
  });
});

describe('checkInteger and checkKeys', () => {
  it('checks inclusive integer ranges, 0 included when allowed', () => {
    expect(checkInteger(0, 0, 3, 'InvalidOption', 'n')).toBe(0);
    expect(checkInteger(3, 1, 3, 'InvalidOption', 'n')).toBe(3);
    expect(() => checkInteger(1.5, 1, 3, 'InvalidOption', 'n')).toThrow(
      /n: expected an integer from 1 to 3, got 1.5/,
    );
  });

  it('names an unknown key and the known ones', () => {
    expect(() => checkKeys({ a: 1, c: 2 }, ['a', 'b'], 'InvalidOption', 'opts')).toThrow(
      'opts has an unknown option "c": expected one of a, b, got "c".',
    );
  });
});
