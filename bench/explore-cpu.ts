// CPU-µs per explored run (process.cpuUsage), the explore bench's scenario on the built packages.
//   npm run build && node bench/explore-cpu.ts [default|600] [runs] [reps]
import { createCdn, ManualClock, memoryOrigin } from '@edgecase/cdn';
import { type ExploreBody, runExploration } from '../packages/vitest/dist/explore/explore.js';

const PATHS = ['/index.html', '/app.js', '/logo.png'];
const body: ExploreBody = async ({ cdn, origin }) => {
  for (const path of PATHS) await origin.put(path.slice(1), path, { cacheControl: 'max-age=60' });
  for (let i = 0; i < 10; i++) {
    const response = await cdn.fetch(PATHS[i % PATHS.length] as string);
    if (response.status !== 200) throw new Error(`${response.status}`);
  }
};
const bodies: Record<string, ExploreBody> = {
  full: body,
  empty: () => undefined,
  draws: ({ draw }) => {
    for (let i = 0; i < 10; i++) draw.edge();
  },
  uploads: async ({ origin }) => {
    for (const path of PATHS) await origin.put(path.slice(1), path, { cacheControl: 'max-age=60' });
  },
};
const which = process.argv[2] ?? 'default';
const part = bodies[process.argv[5] ?? 'full']!;
const runs = Number(process.argv[3] ?? 5000);
const reps = Number(process.argv[4] ?? 5);
const clock = new ManualClock();
const origin = memoryOrigin({ clock });
const topology = which === '600' ? { pops: 600, serversPerPop: 20 } : undefined;
const cdn = createCdn({ clock, origin, ...(topology ? { topology } : {}) });
const target = { cdn, clock, origin, resetOrigins: () => origin.reset() };
await runExploration(target, { runs: 500, seed: 1 }, part);
const results: number[] = [];
for (let r = 0; r < reps; r++) {
  const c0 = process.cpuUsage();
  await runExploration(target, { runs, seed: r + 2 }, part);
  const c = process.cpuUsage(c0);
  results.push((c.user + c.system) / runs);
}
results.sort((a, b) => a - b);
console.log(
  `${which} ${process.argv[5] ?? 'full'}: CPU-µs per run, min ${results[0]!.toFixed(1)} median ${results[Math.floor(reps / 2)]!.toFixed(1)} (${runs} runs × ${reps})`,
);
