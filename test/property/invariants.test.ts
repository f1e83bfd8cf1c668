// An invariant that cannot fail proves nothing: each checker is shown a hand-made violation here.
import { describe, expect, it } from 'vitest';
import {
  type Answer,
  ageWithinVersion,
  cachingDisabledReachesOrigin,
  errorWithinTtl,
  hitWithinTtl,
  invalidationLeftNoOlderCopy,
  servedVersionExisted,
  staleWithinWindow,
  type Version,
} from './invariants.js';

const v1: Version = {
  path: '/a',
  etag: '"1"',
  body: 'one',
  putAtMs: 0,
  putOp: 0,
  supersededOp: 5,
  ttlS: 10,
  sieS: 30,
};
const v2: Version = { path: '/a', etag: '"2"', body: 'two', putAtMs: 50_000, putOp: 5 };
const versions = [v1, v2];
const answer = (over: Partial<Answer>): Answer => ({
  op: 9,
  atMs: 60_000,
  path: '/a',
  method: 'GET',
  status: 200,
  xCache: 'Hit',
  etag: '"2"',
  ageS: 3,
  body: 'two',
  originFetches: 0,
  outcomes: ['hit'],
  ...over,
});

describe('invariants', () => {
  it('pass on a faithful answer', () => {
    const ok = answer({});
    expect(servedVersionExisted(ok, versions)).toBeUndefined();
    expect(ageWithinVersion(ok, versions)).toBeUndefined();
    expect(errorWithinTtl(ok)).toBeUndefined();
    expect(staleWithinWindow(ok, versions, [0, 0, 31_536_000])).toBeUndefined();
  });

  it('flag a version that never existed, or a body that is not its own', () => {
    expect(servedVersionExisted(answer({ etag: '"3"' }), versions)).toContain('a version never written');
    expect(servedVersionExisted(answer({ body: 'one' }), versions)).toContain('whose body is "two"');
  });

  it('flag a negative Age and an Age older than the version', () => {
    expect(ageWithinVersion(answer({ ageS: -5 }), versions)).toContain('Age -5');
    expect(ageWithinVersion(answer({ ageS: 11 }), versions)).toContain('written 10 s ago');
  });

  it('flag a cached error past its TTL', () => {
    expect(errorWithinTtl(answer({ status: 404, xCache: 'Error', ageS: 10 }))).toContain(
      'past its 10 s error TTL',
    );
    expect(errorWithinTtl(answer({ status: 404, xCache: 'Error', ageS: 9 }))).toBeUndefined();
    // A custom ErrorCachingMinTTL moves the bound; 0 allows no error hit at all.
    expect(errorWithinTtl(answer({ status: 503, xCache: 'Error', ageS: 30 }), 30)).toContain('past its 30 s');
    expect(errorWithinTtl(answer({ status: 503, xCache: 'Error', ageS: 29 }), 30)).toBeUndefined();
    expect(
      errorWithinTtl(answer({ status: 503, xCache: 'Error', ageS: 0, outcomes: ['error-hit'] }), 0),
    ).toContain('past its 0 s error TTL');
    expect(
      errorWithinTtl(answer({ status: 503, xCache: 'Error', ageS: 0, outcomes: ['collapsed', 'miss'] }), 0),
    ).toBeUndefined();
  });

  it('flag a copy served past TTL plus stale-if-error', () => {
    const stale = answer({ etag: '"1"', body: 'one', ageS: 41, atMs: 60_000 });
    expect(staleWithinWindow(stale, versions, [0, 0, 31_536_000])).toContain(
      'past its TTL 10 s + stale window 30 s',
    );
    // MinTTL raises the TTL, and so the bound.
    expect(staleWithinWindow(stale, versions, [60, 60, 31_536_000])).toBeUndefined();
  });

  it('flag a fresh hit as old as its TTL', () => {
    const hit = answer({ etag: '"1"', body: 'one', ageS: 10, atMs: 20_000 });
    expect(hitWithinTtl(hit, versions, [0, 0, 31_536_000])).toContain(
      'Hit with Age 10 s, but its TTL is 10 s',
    );
    expect(hitWithinTtl({ ...hit, ageS: 9 }, versions, [0, 0, 31_536_000])).toBeUndefined();
    // A collapsed request shares another's answer (a stale copy, say) and is still reported as Hit.
    expect(
      hitWithinTtl({ ...hit, outcomes: ['collapsed', 'stale-if-error'] }, versions, [0, 0, 31_536_000]),
    ).toBeUndefined();
  });

  it('flag a CachingDisabled answer that did not reach the origin, but not a cached error', () => {
    expect(cachingDisabledReachesOrigin(answer({ originFetches: 0 }))).toContain('without asking the origin');
    expect(cachingDisabledReachesOrigin(answer({ originFetches: 1 }))).toBeUndefined();
    expect(cachingDisabledReachesOrigin(answer({ status: 404, originFetches: 0 }))).toBeUndefined();
  });

  it('flag an older copy left after an invalidation completed', () => {
    const inv = { item: '/a', createdAtMs: 55_000, createdOp: 6 };
    const copy = (over: object) => ({
      node: 'IAD1-C1',
      etag: '"2"',
      status: 200,
      storedAtMs: 56_000,
      ...over,
    });
    expect(invalidationLeftNoOlderCopy(inv, [copy({ storedAtMs: 54_000 })], '/a', versions, [])).toContain(
      'stored 54000',
    );
    expect(invalidationLeftNoOlderCopy(inv, [copy({ etag: '"1"' })], '/a', versions, [])).toContain(
      'a version replaced before invalidation',
    );
    // ...unless a fetch in flight across the invalidation delivered it afterwards.
    expect(
      invalidationLeftNoOlderCopy(inv, [copy({ etag: '"1"' })], '/a', versions, [
        { path: '/a', etag: '"1"', completedAtMs: 55_500 },
      ]),
    ).toBeUndefined();
    expect(invalidationLeftNoOlderCopy(inv, [copy({})], '/a', versions, [])).toBeUndefined();
  });
});
