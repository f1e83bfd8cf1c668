// Instructions per explored run: run under valgrind --tool=callgrind twice with two run counts and
// take the difference (start-up and warm-up cancel).
//   npx tsc -b && valgrind --tool=callgrind node --single-threaded bench/explore-ir.ts <runs> [full|empty|draws|uploads]
import { createCdn, ManualClock, memoryOrigin } from '@edgecase/cdn';
import { runExploration } from '../packages/vitest/dist/explore/explore.js';
import { exploreBody } from './explore-bodies.ts';

const runs = Number(process.argv[2] ?? 1000);
const [body] = exploreBody(process.argv[3] ?? 'full');
const clock = new ManualClock();
const origin = memoryOrigin({ clock });
const cdn = createCdn({ clock, origin });
const target = { cdn, clock, origin, resetOrigins: () => origin.reset() };
const warm = Number(process.env.WARM ?? 500);
await runExploration(target, { runs: warm, seed: 1 }, body);
if (process.env.MARK) console.log('MARK warm-up done');
await runExploration(target, { runs, seed: 2 }, body);
