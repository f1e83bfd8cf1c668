// The read-after-write invariant fires on hand-made violations and passes on faithful answers.
import { describe, expect, it } from 'vitest';
import type { Answer, Version } from './invariants.js';
import { originAnswerCurrent } from './origin-answer-current.js';

// "1" written at op 0 and replaced at op 5 by "2"; "/b" deleted at op 7.
const versions: Version[] = [
  { path: '/a', etag: '"1"', body: 'one', putAtMs: 0, putOp: 0, supersededOp: 5 },
  { path: '/a', etag: '"2"', body: 'two', putAtMs: 50_000, putOp: 5 },
  { path: '/b', etag: '"3"', body: 'three', putAtMs: 0, putOp: 1, supersededOp: 7 },
];
const answer = (over: Partial<Answer>): Answer => ({
  op: 9,
  atMs: 60_000,
  path: '/a',
  method: 'GET',
  status: 200,
  xCache: 'Miss',
  etag: '"2"',
  ageS: undefined,
  body: 'two',
  originFetches: 1,
  outcomes: ['miss', 'miss'],
  ...over,
});

describe('originAnswerCurrent', () => {
  it('passes the current version, and one written while the request was under way', () => {
    expect(originAnswerCurrent(answer({}), versions)).toBeUndefined();
    expect(originAnswerCurrent(answer({ op: 3, etag: '"2"' }), versions)).toBeUndefined();
  });

  it('flags a replaced version answered as a Miss or a RefreshHit', () => {
    expect(originAnswerCurrent(answer({ etag: '"1"', body: 'one' }), versions)).toContain(
      'replaced at op 5 before this request (op 9)',
    );
    expect(
      originAnswerCurrent(
        answer({ etag: '"1"', xCache: 'RefreshHit', outcomes: ['refresh-hit', 'refresh-hit'] }),
        versions,
      ),
    ).toContain('replaced at op 5');
  });

  it('leaves copies a tier served on its own (hits, stale-if-error, collapsed) to the other invariants', () => {
    for (const outcomes of [['hit'], ['refresh-hit', 'stale-if-error'], ['collapsed', 'miss'], []]) {
      expect(originAnswerCurrent(answer({ etag: '"1"', outcomes }), versions)).toBeUndefined();
    }
  });

  it('flags a 404 from the origin for an object it held throughout, not for a deleted one', () => {
    expect(
      originAnswerCurrent(answer({ status: 404, xCache: 'Error', etag: undefined }), versions),
    ).toContain('has held ETag "2" since op 5');
    expect(
      originAnswerCurrent(answer({ path: '/b', status: 404, xCache: 'Error', etag: undefined }), versions),
    ).toBeUndefined();
  });
});
