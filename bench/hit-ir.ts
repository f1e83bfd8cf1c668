// Instructions per cached hit: run under valgrind --tool=callgrind with two hit counts and take the
// difference (start-up, the fill and the warm-up cancel):
//   npx tsc -b && valgrind --tool=callgrind node --single-threaded bench/hit-ir.ts <hits> [plain|compact|alternate]
// CDN=<file URL of another build's packages/cdn/dist/index.js> measures that build instead (A/B).
// `plain`: one object, the first answer of its origin, so its entry keeps the answer's headers object
// (a StoredEntry). `compact`: the third of three objects of one shape, whose entry keeps a header
// template and its own values (a CompactEntry). `alternate`: two such entries hit in turn. Every
// response's status is read, nothing else (as a suite asserting on a status does).
import type * as Cdn from '@edgecase/cdn';

const { createCdn, ManualClock, memoryOrigin } = (await import(
  process.env.CDN ?? '@edgecase/cdn'
)) as typeof Cdn;

const hits = Number(process.argv[2] ?? 10_000);
const variant = process.argv[3] ?? 'plain';
const warm = Number(process.env.WARM ?? 60_000);
const clock = new ManualClock();
const origin = memoryOrigin({ clock });
// A trace ring of 1,000 records: its records die young (the default 10,000 reach the old generation,
// and a full collection more or less inside the measured hits moved the figure by ~900 instructions
// per hit, in the collector and in JIT code run while marking).
const cdn = createCdn({ clock, origin, trace: { limit: 1000 } });
const paths = variant === 'plain' ? ['/a.txt'] : variant === 'compact' ? ['/c.txt'] : ['/b.txt', '/c.txt'];
for (const name of ['a', 'b', 'c'])
  await origin.put(`${name}.txt`, name.repeat(1024), { cacheControl: 'max-age=86400' });
for (const name of ['a', 'b', 'c']) await cdn.fetch(`/${name}.txt`);
const kinds = new Set(
  cdn
    .nodes()
    .flatMap((node) =>
      paths.map((path) => node.get(`${cdn.distribution.domainName}${path}`)?.constructor.name),
    )
    .filter((name) => name !== undefined),
);
const run = async (n: number) => {
  let status = 0;
  for (let i = 0; i < n; i++) status += (await cdn.fetch(paths[i % paths.length] as string)).status;
  return status;
};
// In calls of 1,000 hits: `run` is optimised as a whole during the warm-up (a call of all the hits
// at once was compiled on stack replacement, under valgrind inside the measured hits).
for (let i = 0; i < warm; i += 1000) await run(1000);
const last = cdn.trace.requests().at(-1);
if (last?.xCache !== 'Hit') throw new Error(`the last request was ${last?.xCache}, not a Hit`);
if (process.env.MARK) console.log('MARK window');
for (let i = 0; i < hits; i += 1000) await run(1000);
console.log(`${variant}: ${hits} hits after ${warm}; entries ${[...kinds].join(', ')}`);
