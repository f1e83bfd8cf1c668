// The explorer on the deploy: users open the app at any moment of a deploy, on any POP and server
// (drawn, never named here), while its uploads run. A deploy that uploads index.html before its script
// is found, shrunk to a two-request story and replayed from the seed the failure prints.
import { type Draw, type EdgecaseFixtures, ExplorationFailure } from '@edgecase/vitest';
import { vi } from 'vitest';
import { buildApp } from '../src/build.js';
import { deploy, deploySteps, type Site } from '../src/deploy.js';
import { openApp } from './browser.js';
import { expect, test } from './fixtures.js';

// #region scenario
/** v1 is live; v2 deploys in `order` while one to three users open the app, each at a drawn moment. */
function deployWhileUsersOpenTheApp(
  site: Site,
  clock: EdgecaseFixtures['clock'],
  order: 'assets-first' | 'index-first',
) {
  return async ({ draw }: { draw: Draw }) => {
    await deploy(site, buildApp(1), 'deploy-1');
    await clock.advance('1h');
    const user = async () => {
      await clock.advance(draw.delay('0s', '20s'));
      const app = await openApp(); // `/`, then the script it links: any POP, any server
      expect(app.script, `${app.scriptUrl} for the page of ${app.html}`).toBe(app.html);
    };
    const users = Array.from({ length: draw.integer(1, 3) }, () => [user]);
    await draw.interleave(deploySteps(site, buildApp(2), 'deploy-2', order), ...users);
  };
}
// #endregion

test('the explorer finds index.html uploaded before its script, shrunk to ≤ 3 requests, and replays it', async ({
  explore,
  site,
  clock,
}) => {
  const scenario = deployWhileUsersOpenTheApp(site, clock, 'index-first');
  const failure = await explore({ runs: 25 }, scenario).catch((error: unknown) => error);
  expect(failure).toBeInstanceOf(ExplorationFailure);
  const { requests, timeline, draws, message, seed, path, replay } = failure as ExplorationFailure;
  expect(requests).toBeLessThanOrEqual(3);
  // The story: the new page, then its script, which is not uploaded yet.
  expect(timeline).toMatch(/GET \/ → 200 .*\n.*\n.*GET \/assets\/app\.[0-9a-f]{8}\.js → 404/);
  expect(draws).toContain('interleave(2 actors) → 1 2'); // the user right after the deploy's first step
  expect(message).toContain(timeline.split('\n')[0]);
  expect(message).toContain(`${replay} npx vitest run`);

  // The printed seed and run replay it: the same counterexample, the same timeline.
  const replayed = await explore({ seed, path }, scenario).catch((error: unknown) => error);
  expect(replayed).toBeInstanceOf(ExplorationFailure);
  expect(replayed).toMatchObject({ requests, timeline, draws, reproduced: true });
  // So does the printed one-liner's EDGECASE_SEED, whatever the options say.
  vi.stubEnv('EDGECASE_SEED', replay.slice('EDGECASE_SEED='.length));
  try {
    const fromEnv = await explore({ runs: 25 }, scenario).catch((error: unknown) => error);
    expect(fromEnv).toMatchObject({ seed, path, requests, timeline });
  } finally {
    vi.unstubAllEnvs();
  }
}, 60_000);

test('the fixed deploy (assets first) passes the same exploration', async ({ explore, site, clock }) => {
  await explore({ runs: 25 }, deployWhileUsersOpenTheApp(site, clock, 'assets-first'));
}, 60_000);
