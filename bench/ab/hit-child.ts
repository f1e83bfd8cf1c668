// One build's cached-hit rate, for bench/ab/hit-ab.ts: `node bench/ab/hit-child.ts <build url>
// <variant> <ms> <reps>` prints hits per CPU-second (the median of `reps` runs of `ms` of CPU time after a warm-up).
// The distribution is built as bench/cdn.bench.ts (sticky, random) and bench/hit-floor.bench.ts
// (random-600x20) build theirs: one cached 1 KiB object.
const [url, variant, msArg, repsArg] = process.argv.slice(2);
if (url === undefined || variant === undefined)
  throw new Error('usage: hit-child.ts <build url> <variant> <ms> <reps>');
const ms = Number(msArg ?? 200);
const reps = Number(repsArg ?? 3);
const m = await import(url);

const clock = new m.ManualClock();
const origin = m.memoryOrigin({ clock });
await origin.put('hot.txt', 'x'.repeat(1024), { cacheControl: 'max-age=86400' });
/** What this file uses of a distribution, in every build compared. */
interface Distribution {
  fetch(path: string, init?: object): Promise<Response>;
  trace: { requests(): { xCache: string }[] };
  topology: { pops: { id: string; serverCount: number }[] };
}
let cdn: Distribution;
if (variant === 'sticky' || variant === 'random') {
  cdn = m.createCdn({ clock, origin, routing: variant });
  for (let i = 0; i < 20; i++) await cdn.fetch('/hot.txt');
} else if (variant === 'random-600x20') {
  cdn = m.createCdn({
    clock,
    origin: { origin, region: 'eu-west-1' },
    topology: { pops: 600, serversPerPop: 20 },
    routing: 'random',
    trace: { limit: 1000 },
  });
  for (const pop of cdn.topology.pops)
    for (let server = 1; server <= pop.serverCount; server++)
      await cdn.fetch('/hot.txt', { pop: pop.id, server });
} else throw new Error(`unknown variant ${variant}`);

// Counted against the process's CPU time (user + system, every thread, so GC helpers count), not
// the wall clock: on a shared machine a process waiting for a core does not count as slow.
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
async function run(forMs: number): Promise<number> {
  let n = 0;
  const started = cpuMs();
  do {
    for (let i = 0; i < 1000; i++) await cdn.fetch('/hot.txt');
    n += 1000;
  } while (cpuMs() - started < forMs);
  return n / ((cpuMs() - started) / 1000);
}

await run(Math.max(100, ms / 2)); // warm-up: the JIT, the caches
const rates: number[] = [];
for (let i = 0; i < reps; i++) rates.push(await run(ms));
const last = cdn.trace.requests().at(-1);
if (last?.xCache !== 'Hit') throw new Error(`${variant}: the last request was ${last?.xCache}, not a Hit`);
rates.sort((a, b) => a - b);
console.log(Math.round(rates[rates.length >> 1]!));
