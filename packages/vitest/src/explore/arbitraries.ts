// Public fast-check arbitraries for the explorer's choices, so users compose their own properties
// (`fc.assert(fc.asyncProperty(edgeArbitrary(cdn), delayArbitrary('0s', '30s'), ...))`).
import { type Cdn, type Duration, EdgecaseError, type RoutePin, toMs } from '@edgecase/cdn';
import fc from 'fast-check';
import { describeValue } from '../describe-value.js';

/** An edge server a viewer can reach: the POP id and the server's number there (1-based). */
export type Edge = Required<RoutePin>;

/**
 * Any edge server of `cdn`'s topology, as `{ pop, server }` for `cdn.fetch(path, edge)`. Shrinks
 * towards the first POP's first server.
 */
export function edgeArbitrary(cdn: Cdn): fc.Arbitrary<Edge> {
  const pops = edgeCounts(cdn, 'edgeArbitrary');
  return fc.integer({ min: 0, max: pops.length - 1 }).chain((p) => {
    const [pop, servers] = pops[p] as readonly [string, number];
    return fc.integer({ min: 1, max: servers }).map((server) => ({ pop, server }));
  });
}

/** A duration in milliseconds from `min` to `max` (`'0s'`, `'30s'`, or ms); shrinks towards `min`. */
export function delayArbitrary(min: Duration, max: Duration): fc.Arbitrary<number> {
  const [minMs, maxMs] = delayBounds(min, max, 'delayArbitrary');
  return fc.integer({ min: minMs, max: maxMs });
}

/** A topology's [POP id, server count] list, made once: `draw.edge()` read it at every draw (600 entries at 600 POPs). */
const COUNTS = new WeakMap<readonly unknown[], readonly (readonly [string, number])[]>();

/** [POP id, server count] of every POP of `cdn`, or a typed error when `cdn` is not a distribution. */
export function edgeCounts(cdn: Cdn, what: string): readonly (readonly [string, number])[] {
  const pops = (cdn as Partial<Cdn> | undefined)?.topology?.pops;
  if (!Array.isArray(pops)) {
    throw new EdgecaseError(
      'InvalidOption',
      `${what}: expected a distribution from createCdn() or the \`cdn\` fixture, got ${describeValue(cdn)}.`,
      { value: cdn },
    );
  }
  let counts = COUNTS.get(pops);
  if (counts === undefined) {
    // serverCount, not servers.length: reading `servers` makes every server of a lazy topology.
    counts = pops.map((pop) => [pop.id, pop.serverCount] as const);
    COUNTS.set(pops, counts);
  }
  return counts;
}

/** Both bounds in whole milliseconds, checked: min ≤ max. */
export function delayBounds(min: Duration, max: Duration, what: string): [number, number] {
  const minMs = Math.round(toMs(min, `${what} min`));
  const maxMs = Math.round(toMs(max, `${what} max`));
  if (maxMs < minMs) {
    throw new EdgecaseError(
      'InvalidOption',
      `${what}: expected max at or above min (${minMs} ms), got ${describeValue(max)} (${maxMs} ms).`,
      { value: max, hint: "Write the shorter bound first: ('0s', '30s')." },
    );
  }
  return [minMs, maxMs];
}
