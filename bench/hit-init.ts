// The hit path with a RequestInit (docs/performance.md): `npm run build && node bench/hit-init.ts`.
// Every cdn.fetch carries `{ pop, server }`, so the init's keys and pins are checked per request.
import { createCdn, ManualClock, memoryOrigin } from '@edgecase/cdn';

const clock = new ManualClock();
const origin = memoryOrigin({ clock });
const cdn = createCdn({ clock, origin });
await origin.put('hot.txt', 'x'.repeat(1024), { cacheControl: 'max-age=86400' });
for (let i = 0; i < 20; i++) await cdn.fetch('/hot.txt', { pop: 'IAD89', server: 1 });
let best = 0;
for (let run = 0; run < 5; run++) {
  let n = 0;
  const started = performance.now();
  while (performance.now() - started < 1000) {
    for (let i = 0; i < 10_000; i++) await cdn.fetch('/hot.txt', { pop: 'IAD89', server: 1 });
    n += 10_000;
  }
  best = Math.max(best, n / ((performance.now() - started) / 1000));
}
console.log(`pinned init: best of 5 x 1 s = ${Math.round(best).toLocaleString('en')} cached hits/s`);
