// The explore bench's scenario and its parts, one copy for its three runners: explore.bench.ts (the
// sources through Vitest's module runner), explore-child.ts (the built packages in a plain node
// process) and explore-ir.ts (instruction counts under callgrind). A scenario is 3 uploads and 10
// requests, each on a drawn POP and server; the parts alone give the breakdown.
import type { ExploreBody } from '../packages/vitest/src/explore/explore.js';

/** The scenario's three objects (the by-hand baseline of explore.bench.ts uploads and fetches them too). */
export const PATHS = ['/index.html', '/app.js', '/logo.png'];

const threeUploads: ExploreBody = async ({ origin }) => {
  for (const path of PATHS) await origin.put(path.slice(1), path, { cacheControl: 'max-age=60' });
};

/** Each body by name, with the number of requests its run makes (checked against the trace). */
export const exploreBodies = {
  full: [
    async ({ cdn, origin }) => {
      for (const path of PATHS) await origin.put(path.slice(1), path, { cacheControl: 'max-age=60' });
      for (let i = 0; i < 10; i++) {
        const response = await cdn.fetch(PATHS[i % PATHS.length] as string);
        if (response.status !== 200) throw new Error(`${response.status}`);
      }
    },
    10,
  ],
  empty: [() => undefined, 0],
  // A POP and a server each, as 10 random-routed requests draw.
  draws: [
    ({ draw }) => {
      for (let i = 0; i < 10; i++) draw.edge();
    },
    0,
  ],
  uploads: [threeUploads, 0],
} satisfies Record<string, [ExploreBody, number]>;

export type ExplorePart = keyof typeof exploreBodies;

/** The body named `part` and its request count; an unknown name throws, listing the known ones. */
export function exploreBody(part: string): [ExploreBody, number] {
  if (!Object.hasOwn(exploreBodies, part))
    throw new Error(`unknown body ${part}: expected one of ${Object.keys(exploreBodies).join(', ')}`);
  return exploreBodies[part as ExplorePart];
}
