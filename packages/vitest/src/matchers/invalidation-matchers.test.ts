import { createCdn, memoryOrigin } from '@edgecase/cdn';
import { outcome } from '../../test/support/outcome.js';
import { describe, expect, onCdn, test } from '../index.js';

test.override('cdnOptions', {
  topology: { pops: ['SFO5'], serversPerPop: 2 },
  invalidation: { propagation: { min: '10s', max: '60s' } },
});

describe('toCompleteWithin', () => {
  test('pass, fail, .not', async ({ cdn }) => {
    const invalidation = cdn.createInvalidation(['/a.txt']);
    expect(await outcome(() => expect(invalidation).toCompleteWithin('60s'))).toMatchInlineSnapshot(`"pass"`);
    expect(await outcome(() => expect(invalidation).toCompleteWithin('10s'))).toMatchInlineSnapshot(`
      "Error: toCompleteWithin: expected invalidation IWY27IC2FTB17T (/a.txt) to complete within 10s, but it completes 38.574s after it was created (t+0s to t+38.574s; InProgress now).
        slowest nodes: SFO5-C1 at t+38.574s, SFO5-C2 at t+23.11s, REC-us-east-1 at t+10s"
    `);
    expect(await outcome(() => expect(invalidation).not.toCompleteWithin('1m'))).toMatchInlineSnapshot(`
      "Error: toCompleteWithin: expected invalidation IWY27IC2FTB17T (/a.txt) not to complete within 1min, but it completes 38.574s after it was created (t+0s to t+38.574s; InProgress now).
        slowest nodes: SFO5-C1 at t+38.574s, SFO5-C2 at t+23.11s, REC-us-east-1 at t+10s"
    `);
  });

  test('misuse throws', async ({ cdn }) => {
    const invalidation = cdn.createInvalidation(['/a.txt']);
    expect(await outcome(() => expect(invalidation).toCompleteWithin('-1s' as '1s'))).toMatchInlineSnapshot(
      `"EdgecaseError(InvalidDuration): [edgecase] toCompleteWithin duration: expected milliseconds or a string like '500ms', '10s', '5m', '24h', '7d', got "-1s"."`,
    );
    expect(await outcome(() => expect({ id: 'I1' }).toCompleteWithin('1m'))).toMatchInlineSnapshot(
      `"EdgecaseError(InvalidOption): [edgecase] toCompleteWithin: expected an Invalidation from cdn.createInvalidation, got {"id":"I1"}."`,
    );
    const other = createCdn({ origin: memoryOrigin() }).createInvalidation(['/a.txt']);
    expect(await outcome(() => expect(other).toCompleteWithin('1m'))).toMatchInlineSnapshot(
      `"EdgecaseError(InvalidOption): [edgecase] toCompleteWithin: invalidation IWY27IC2FTB17T was not created by this distribution. Name its distribution: onCdn(otherCdn, invalidation)."`,
    );
  });
});

describe('toHaveTakenEffectEverywhere', () => {
  test('pass, fail, .not', async ({ cdn, origin, clock }) => {
    await origin.put('a.txt', 'v1', { cacheControl: 'max-age=86400' });
    await cdn.fetch('/a.txt', { server: 1 });
    await cdn.fetch('/a.txt', { server: 2 });
    const invalidation = cdn.createInvalidation(['/a.txt']);
    await clock.advance('20s');
    expect(await outcome(() => expect(invalidation).toHaveTakenEffectEverywhere())).toMatchInlineSnapshot(`
      "Error: toHaveTakenEffectEverywhere: expected invalidation IWY27IC2FTB17T (/a.txt) to have taken effect on every edge server, but SFO5-C1, SFO5-C2 would still serve copies cached before it was created at t+0s.
        SFO5-C1: /a.txt from the edge copy stored t+0s; the invalidation reaches SFO5-C1 at t+38.574s
        SFO5-C2: /a.txt from the edge copy stored t+0s; the invalidation reaches SFO5-C2 at t+23.11s

      Timeline of /a.txt:
        t+0s        origin GET /a.txt → 200 "6654c734ccab8f440ff0825eb443dc7f" (asked by REC-us-east-1)
        t+0s      GET /a.txt → 200 Miss "6654c734ccab8f440ff0825eb443dc7f" at SFO5-C1 · edge miss: max-age=86400 | regional miss: max-age=86400
        t+0s      GET /a.txt → 200 Hit "6654c734ccab8f440ff0825eb443dc7f" age 0s at SFO5-C2 · edge miss: max-age=86400 | regional hit"
    `);
    await clock.advance('40s');
    expect(await outcome(() => expect(invalidation).toHaveTakenEffectEverywhere())).toMatchInlineSnapshot(
      `"pass"`,
    );
    expect(
      await outcome(() => expect(invalidation).not.toHaveTakenEffectEverywhere()),
    ).toMatchInlineSnapshot(`
      "Error: toHaveTakenEffectEverywhere: expected invalidation IWY27IC2FTB17T (/a.txt) not to have taken effect on every edge server, but no edge server serves a copy cached before it (created t+0s; Completed now).

      Timeline of /a.txt:
        t+0s        origin GET /a.txt → 200 "6654c734ccab8f440ff0825eb443dc7f" (asked by REC-us-east-1)
        t+0s      GET /a.txt → 200 Miss "6654c734ccab8f440ff0825eb443dc7f" at SFO5-C1 · edge miss: max-age=86400 | regional miss: max-age=86400
        t+0s      GET /a.txt → 200 Hit "6654c734ccab8f440ff0825eb443dc7f" age 0s at SFO5-C2 · edge miss: max-age=86400 | regional hit"
    `);
  });

  test('expands wildcards to the cached paths; onCdn names another distribution', async ({ clock }) => {
    const other = createCdn({ clock, origin: memoryOrigin({ clock }) });
    await other.fetch('/img/a.png', { pop: 'SFO5', server: 1 });
    const invalidation = other.createInvalidation(['/img/*']);
    expect(onCdn(other, invalidation)).not.toHaveTakenEffectEverywhere();
    await clock.advance('100s');
    expect(onCdn(other, invalidation)).toHaveTakenEffectEverywhere();
  });
});
