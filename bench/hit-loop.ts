// The raw hit-path loop of docs/performance.md: `npm run build && node bench/hit-loop.ts [routing]`.
// Node 24 runs this file as is (type stripping); it uses the built package.
import { createCdn, ManualClock, memoryOrigin, type RoutingMode } from '@edgecase/cdn';

const routing = (process.argv[2] ?? 'sticky') as RoutingMode;
const clock = new ManualClock();
const origin = memoryOrigin({ clock });
const cdn = createCdn({ clock, origin, routing });
await origin.put('hot.txt', 'x'.repeat(1024), { cacheControl: 'max-age=86400' });
for (let i = 0; i < 20; i++) await cdn.fetch('/hot.txt');

let best = 0;
for (let run = 0; run < 5; run++) {
  let n = 0;
  const started = performance.now();
  while (performance.now() - started < 1000) {
    for (let i = 0; i < 10_000; i++) await cdn.fetch('/hot.txt');
    n += 10_000;
  }
  best = Math.max(best, n / ((performance.now() - started) / 1000));
}
console.log(`${routing} routing: best of 5 x 1 s = ${Math.round(best).toLocaleString('en')} cached hits/s`);
