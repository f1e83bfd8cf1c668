// Instructions per explored run: run under valgrind --tool=callgrind twice with two run counts and
// take the difference (start-up and warm-up cancel).
//   npx tsc -b && valgrind --tool=callgrind node --single-threaded bench/explore-ir.ts <runs> [full|empty|draws|uploads]
import { createCdn, ManualClock, memoryOrigin } from '@edgecase/cdn';
import { type ExploreBody, runExploration } from '../packages/vitest/dist/explore/explore.js';

const PATHS = ['/index.html', '/app.js', '/logo.png'];
const bodies: Record<string, ExploreBody> = {
  full: async ({ cdn, origin }) => {
    for (const path of PATHS) await origin.put(path.slice(1), path, { cacheControl: 'max-age=60' });
    for (let i = 0; i < 10; i++) {
      const response = await cdn.fetch(PATHS[i % PATHS.length] as string);
      if (response.status !== 200) throw new Error(`${response.status}`);
    }
  },
  empty: () => undefined,
  draws: ({ draw }) => {
    for (let i = 0; i < 10; i++) draw.edge();
  },
  uploads: async ({ origin }) => {
    for (const path of PATHS) await origin.put(path.slice(1), path, { cacheControl: 'max-age=60' });
  },
};
const runs = Number(process.argv[2] ?? 1000);
const body = bodies[process.argv[3] ?? 'full']!;
const clock = new ManualClock();
const origin = memoryOrigin({ clock });
const cdn = createCdn({ clock, origin });
const target = { cdn, clock, origin, resetOrigins: () => origin.reset() };
const warm = Number(process.env.WARM ?? 500);
await runExploration(target, { runs: warm, seed: 1 }, body);
if (process.env.MARK) console.log('MARK warm-up done');
await runExploration(target, { runs, seed: 2 }, body);
