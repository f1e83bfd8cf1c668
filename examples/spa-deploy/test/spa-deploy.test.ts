import { buildApp } from '../src/build.js';
import { deploy, uploadAssets, uploadIndex } from '../src/deploy.js';
import { APP_URL, openApp } from './browser.js';
import { expect, test } from './fixtures.js';

// #region coexist
test('a deploy reaches every user within 100 s, and tabs opened before it keep their assets', async ({
  site,
  clock,
}) => {
  await deploy(site, buildApp(1), 'deploy-1');
  await clock.advance('1h');
  const before = await openApp(); // a tab opened before the next deploy
  expect(before).toMatchObject({ html: 'v1', script: 'v1' });

  const v2 = buildApp(2);
  await deploy(site, v2, 'deploy-2'); // new script name, index.html invalidated

  expect((await fetch(before.scriptUrl)).status).toBe(200); // the old tab still loads its script
  await expect('/index.html').not.toBecomeVisibleEverywhereWithin('10s', v2.files['index.html']);
  await expect('/index.html').toBecomeVisibleEverywhereWithin('100s', v2.files['index.html']);
  await clock.advance('100s');
  expect(await openApp()).toMatchObject({ html: 'v2', script: 'v2' });
});
// #endregion

// #region query-busting
test('trap: ?v=2 on an overwritten app.js serves the old script for a year (CachingOptimized)', async ({
  site,
  clock,
}) => {
  await deploy(site, buildApp(1, 'query'), 'deploy-1');
  expect(await openApp()).toMatchObject({ html: 'v1', script: 'v1' });

  await deploy(site, buildApp(2, 'query'), 'deploy-2'); // app.js overwritten, index.html asks for ?v=2
  await clock.advance('100s'); // the invalidation has reached every server

  // The cache key has no query string: ?v=2 is the entry ?v=1 filled, cached for a year.
  expect('/assets/app.js?v=2').toShareCacheEntryWith('/assets/app.js?v=1');
  expect(await openApp()).toMatchObject({ html: 'v2', script: 'v1' });
  await clock.advance('364d');
  expect(await openApp()).toMatchObject({ html: 'v2', script: 'v1' });
});
// #endregion

// #region half-deployed
test('a deploy that stops after the assets leaves every user on the old version, whole', async ({
  site,
  clock,
}) => {
  await deploy(site, buildApp(1), 'deploy-1');
  expect(await openApp()).toMatchObject({ html: 'v1', script: 'v1' });

  await uploadAssets(site, buildApp(2)); // then the deploy dies: no index.html, no invalidation
  expect(await openApp()).toMatchObject({ html: 'v1', script: 'v1' });
  await clock.advance('2d'); // after every cached copy has expired
  expect(await openApp()).toMatchObject({ html: 'v1', script: 'v1' });
});
// #endregion

// #region wrong-order
test('trap: index.html before its script breaks the app until 10 s after the script is uploaded', async ({
  site,
}) => {
  const v1 = buildApp(1);
  await uploadIndex(site, v1); // the wrong order: the page first...
  expect(await openApp()).toMatchObject({ html: 'v1', script: 404 }); // ...a user opens it now

  await uploadAssets(site, v1); // ...the script a moment later, but its 404 is cached for 10 s
  const script = v1.files[v1.script.slice(1)] ?? '';
  await expect(v1.script).not.toBecomeVisibleEverywhereWithin('9s', script);
  await expect(v1.script).toBecomeVisibleEverywhereWithin('10s', script);
  expect((await fetch(`${APP_URL}${v1.script}`)).status).toBe(404);
});
// #endregion
