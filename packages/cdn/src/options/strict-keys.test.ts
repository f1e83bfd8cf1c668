import { describe, expect, it } from 'vitest';
import { EdgecaseError } from '../errors.js';
import { checkOneOf, checkOptionalGroup, checkOptionKeys, didYouMean, optionKeys } from './strict-keys.js';

describe('didYouMean', () => {
  it.each([
    ['fro', ['for', 'status'], 'for'],
    ['stauts', ['for', 'status'], 'status'],
    ['serverPerPop', ['pops', 'serversPerPop', 'perServerCaches'], 'serversPerPop'],
    ['propogation', ['propagation'], 'propagation'],
    ['upstreamAges', ['upstreamAge', 'errorCaching', 'minTtlNoCache'], 'upstreamAge'],
    ['MINTTL', ['minTTL', 'maxTTL'], 'minTTL'],
    ['callerRef', ['callerReference'], 'callerReference'],
    ['origin', ['originShield', 'originReadTimeout', 'region'], undefined],
    ['ca', ['callerReference'], undefined],
  ])(
    'suggests the nearest close candidate, or the one a prefix begins: %s',
    (input, candidates, expected) => {
      expect(didYouMean(input, candidates)).toBe(expected);
    },
  );

  it.each([
    ['c', ['a', 'b']],
    ['colour', ['pops', 'servers']],
    ['x', []],
  ])('suggests nothing when no candidate is close: %s', (input, candidates) => {
    expect(didYouMean(input, candidates)).toBeUndefined();
  });
});

describe('checkOptionKeys', () => {
  it('accepts a plain object of known keys', () => {
    expect(() => checkOptionKeys({ for: '10s' }, ['for', 'status'], 'opts')).not.toThrow();
  });

  it('names the unknown key, the known ones and the nearest', () => {
    expect(() => checkOptionKeys({ fro: '10s' }, ['status', 'for'], 'opts')).toThrow(
      '[edgecase] opts has an unknown option "fro": expected one of status, for, got "fro". Did you mean "for"?',
    );
  });

  it.each([null, 'big', 3, ['a'], undefined])('rejects %s as not an options object', (value) => {
    const error = catchError(() => checkOptionKeys(value, ['a'], 'topology', 'InvalidTopology'));
    expect(error).toBeInstanceOf(EdgecaseError);
    expect(error).toMatchObject({ code: 'InvalidTopology' });
    expect(error.message).toMatch(/^\[edgecase\] topology: expected an options object, got /);
  });
});

describe('checkOptionalGroup and checkOneOf', () => {
  it('lets a group be left out and returns it otherwise', () => {
    expect(checkOptionalGroup(undefined, ['a'], 'g')).toEqual({});
    expect(checkOptionalGroup({ a: 1 }, ['a'], 'g')).toEqual({ a: 1 });
  });

  it('checks enumerations with a did-you-mean', () => {
    expect(checkOneOf('ignore', ['honour', 'ignore'], 'fidelity.upstreamAge')).toBe('ignore');
    expect(checkOneOf(undefined, ['honour', 'ignore'], 'fidelity.upstreamAge')).toBeUndefined();
    expect(() => checkOneOf('honor', ['honour', 'ignore'], 'fidelity.upstreamAge')).toThrow(
      '[edgecase] fidelity.upstreamAge: expected "honour" or "ignore", got "honor". Did you mean "honour"?',
    );
    expect(() => checkOneOf('no', [true, false], 'flag')).toThrow('flag: expected true or false, got "no".');
  });
});

function catchError(run: () => void): EdgecaseError {
  try {
    run();
  } catch (error) {
    return error as EdgecaseError;
  }
  throw new Error('expected a throw');
}

describe('optionKeys', () => {
  interface Example {
    status?: number;
    for?: string;
  }

  it('returns the keys of the type, checked by the compiler', () => {
    expect(optionKeys<Example>()(['status', 'for'])).toEqual(['status', 'for']);
    // @ts-expect-error `for` is left out
    optionKeys<Example>()(['status']);
    // @ts-expect-error `fro` is not a key of Example
    optionKeys<Example>()(['status', 'for', 'fro']);
  });
});
