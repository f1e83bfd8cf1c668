import { describe, expect, test } from '@edgecase/vitest';
import { collectstatic, collectstaticAndInvalidate } from '../src/collectstatic.js';

const servers = Array.from({ length: 20 }, (_, i) => i + 1);

describe('trap: three deploys in a day overwrite test.txt under a 24 h TTL', () => {
  // #region trap
  test('each server serves the version it cached; the third deploy is visible everywhere 20 h later', async ({
    s3,
    origin,
    viewer,
    clock,
  }) => {
    const storage = { s3, bucket: origin.bucket };
    await clock.advance('9h'); // 09:00
    await collectstatic(storage, { 'test.txt': 'test 1' });
    for (const server of servers.slice(0, 5)) await viewer.get('/static/test.txt', { server });

    await clock.advance('4h'); // 13:00
    await collectstatic(storage, { 'test.txt': 'test 2' });
    for (const server of servers.slice(5, 10)) await viewer.get('/static/test.txt', { server });

    await clock.advance('4h'); // 17:00
    await collectstatic(storage, { 'test.txt': 'test 3' });

    // What each of the 20 servers answers now: the version it cached, or the origin's.
    const answers = [];
    for (const server of servers)
      answers.push(await (await viewer.get('/static/test.txt', { server })).text());
    expect(answers).toEqual([
      ...Array(5).fill('test 1'),
      ...Array(5).fill('test 2'),
      ...Array(10).fill('test 3'),
    ]);

    // A user refreshing the page lands on another server of the edge location each time.
    const refreshes = [];
    for (let i = 0; i < 12; i++) refreshes.push(await (await viewer.get('/static/test.txt')).text());
    expect(new Set(refreshes)).toEqual(new Set(['test 1', 'test 2', 'test 3']));

    // The copies cached at 13:00 expire at 13:00 tomorrow: 20 h after the third deploy.
    await expect('/static/test.txt').not.toServeOneVersion();
    await expect('/static/test.txt').not.toBecomeVisibleEverywhereWithin('19h', 'test 3');
    await expect('/static/test.txt').toBecomeVisibleEverywhereWithin('20h', 'test 3');
  });
  // #endregion
});

describe('fix: invalidate what the deploy wrote', () => {
  // #region fix
  test('every server serves the new version within 100 s of the deploy', async ({
    s3,
    cloudfront,
    cdn,
    origin,
    viewer,
    clock,
  }) => {
    const storage = { s3, bucket: origin.bucket };
    const deploy = { distributionId: 'E2EXAMPLE', deployId: 'deploy-1' };
    await collectstatic(storage, { 'test.txt': 'test 1' });
    for (const server of servers) await viewer.get('/static/test.txt', { server }); // all 20 cache it

    await clock.advance('8h');
    const id = await collectstaticAndInvalidate(storage, cloudfront, deploy, { 'test.txt': 'test 2' });
    const invalidation = cdn.getInvalidation(id);
    expect(invalidation).toCompleteWithin('100s'); // CloudFront's 10–100 s, server by server

    await clock.advance('30s'); // some servers have purged test 1, others not yet
    expect(invalidation).not.toHaveTakenEffectEverywhere();
    await expect('/static/test.txt').not.toServeOneVersion();
    await expect('/static/test.txt').toBecomeVisibleEverywhereWithin('70s', 'test 2');

    await clock.advance('70s');
    expect(invalidation).toHaveTakenEffectEverywhere();
    await expect('/static/test.txt').toServeOneVersion('test 2');
  });
  // #endregion
});
