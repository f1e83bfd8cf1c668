import { createCdn, ManualClock, memoryOrigin } from '@edgecase/cdn';
import { outcome } from '../../test/support/outcome.js';
import { describe, expect, test } from '../index.js';

test.override('cdnOptions', { topology: { pops: ['SFO5'], serversPerPop: 1 } });

describe('toHaveCacheHitRate', () => {
  test('pass, fail, .not, with a path pattern', async ({ cdn, origin }) => {
    await origin.put('static/app.js', 'js');
    await origin.put('api/me', 'me', { cacheControl: 'no-store' });
    for (let i = 0; i < 4; i++) await cdn.fetch('/static/app.js');
    for (let i = 0; i < 2; i++) await cdn.fetch('/api/me');
    expect(
      await outcome(() => expect(cdn).toHaveCacheHitRate({ atLeast: 0.75, for: '/static/*' })),
    ).toMatchInlineSnapshot(`"pass"`);
    expect(await outcome(() => expect(cdn).toHaveCacheHitRate({ atLeast: 0.9 }))).toMatchInlineSnapshot(
      `"Error: toHaveCacheHitRate: expected the distribution to have a cache hit rate of at least 90 %, but it is 66.7 % (6 requests: 3 hits, 1 refresh hit, 2 misses, 0 errors; 3 origin requests)."`,
    );
    expect(await outcome(() => expect(cdn).not.toHaveCacheHitRate({ atMost: 0.5 }))).toMatchInlineSnapshot(
      `"pass"`,
    );
  });

  test('misuse throws', async ({ cdn }) => {
    expect(await outcome(() => expect('/a').toHaveCacheHitRate({ atLeast: 1 }))).toMatchInlineSnapshot(
      `"EdgecaseError(InvalidOption): [edgecase] toHaveCacheHitRate: expected a Cdn (the \`cdn\` fixture or createCdn's result), got "/a". expect(cdn).toHaveCacheHitRate({ atLeast: 0.9 })"`,
    );
    expect(await outcome(() => expect(cdn).toHaveCacheHitRate({ atLeast: 95 }))).toMatchInlineSnapshot(
      `"EdgecaseError(InvalidOption): [edgecase] toHaveCacheHitRate atLeast: expected a rate from 0 to 1 (0.95 for 95 %), got 95."`,
    );
    expect(await outcome(() => expect(cdn).toHaveCacheHitRate({ for: '/a' }))).toMatchInlineSnapshot(
      `"EdgecaseError(InvalidOption): [edgecase] toHaveCacheHitRate: expected atLeast or atMost, got neither. expect(cdn).toHaveCacheHitRate({ atLeast: 0.95, for: '/static/*' })"`,
    );
    // @ts-expect-error a typo
    expect(await outcome(() => expect(cdn).toHaveCacheHitRate({ atleast: 0.9 }))).toMatchInlineSnapshot(
      `"EdgecaseError(InvalidOption): [edgecase] toHaveCacheHitRate options has an unknown option "atleast": expected one of atLeast, atMost, for, behavior, pop, from, to, got "atleast". Did you mean "atLeast"?"`,
    );
  });

  test('refuses a window the trace no longer holds in full', async () => {
    const clock = new ManualClock();
    const origin = memoryOrigin({ clock });
    const small = createCdn({ clock, origin, trace: { limit: 2 } });
    for (let i = 0; i < 3; i++) await small.fetch('/none');
    expect(await outcome(() => expect(small).toHaveCacheHitRate({ atLeast: 0 }))).toMatchInlineSnapshot(
      `"EdgecaseError(IncompleteTrace): [edgecase] toHaveCacheHitRate: the trace dropped 2 records (its ring holds trace.limit = 2), some of them in the window counted, so the rate would be wrong. Raise the limit (createCdn({ trace: { limit } }) or the cdnOptions fixture), or count a later window with \`from\`."`,
    );
  });
});

describe('toHaveOriginOffload', () => {
  test('pass, fail, .not', async ({ cdn, origin }) => {
    await origin.put('a.txt', 'a');
    for (let i = 0; i < 10; i++) await cdn.fetch('/a.txt');
    expect(await outcome(() => expect(cdn).toHaveOriginOffload({ atLeast: 0.9 }))).toMatchInlineSnapshot(
      `"pass"`,
    );
    expect(await outcome(() => expect(cdn).toHaveOriginOffload({ atLeast: 0.95 }))).toMatchInlineSnapshot(
      `"Error: toHaveOriginOffload: expected the distribution to have an origin offload of at least 95 %, but it is 90 % (10 requests: 9 hits, 0 refresh hits, 1 miss, 0 errors; 1 origin request)."`,
    );
    expect(await outcome(() => expect(cdn).not.toHaveOriginOffload({ atLeast: 0.9 }))).toMatchInlineSnapshot(
      `"Error: toHaveOriginOffload: expected the distribution not to have an origin offload of at least 90 %, but it is 90 % (10 requests: 9 hits, 0 refresh hits, 1 miss, 0 errors; 1 origin request)."`,
    );
  });
});

describe('with more than one POP', () => {
  test.override('cdnOptions', { topology: { pops: ['SFO5', 'IAD89'], serversPerPop: 1 } });

  test('the failure message splits the rate by POP', async ({ cdn, origin }) => {
    await origin.put('a.txt', 'a');
    for (let i = 0; i < 3; i++) await cdn.fetch('/a.txt', { pop: 'SFO5' });
    await cdn.fetch('/a.txt', { pop: 'IAD89' });
    expect(await outcome(() => expect(cdn).toHaveCacheHitRate({ atLeast: 0.9 }))).toMatchInlineSnapshot(`
      "Error: toHaveCacheHitRate: expected the distribution to have a cache hit rate of at least 90 %, but it is 75 % (4 requests: 3 hits, 0 refresh hits, 1 miss, 0 errors; 1 origin request).
        by POP: IAD89 100 %, SFO5 66.7 %"
    `);
    expect(await outcome(() => expect(cdn).toHaveOriginOffload({ atLeast: 0.9 }))).toMatchInlineSnapshot(`
      "Error: toHaveOriginOffload: expected the distribution to have an origin offload of at least 90 %, but it is 75 % (4 requests: 3 hits, 0 refresh hits, 1 miss, 0 errors; 1 origin request).
        by POP: IAD89 100 % (0 origin requests), SFO5 66.7 % (1 origin request)"
    `);
  });
});
