import { invalid } from '../errors.js';

/**
 * Where a random choice comes from: `int(n)` is an integer in [0, n). `SeededRandom` is one; the
 * explorer of `@edgecase/vitest` passes its own (fast-check draws it records and shrinks) to
 * `cdn.reset({ choices })`.
 */
export interface ChoiceSource {
  int(maxExclusive: number): number;
}

/**
 * A seeded pseudo-random generator (sfc32), so routing and propagation are repeatable: the same seed
 * gives the same run. `fork(label)` derives an independent stream, so adding a request does not
 * shift when an invalidation reaches each node.
 */
export class SeededRandom implements ChoiceSource {
  readonly seed: number;
  /** sfc32's four 32-bit words, kept unboxed (plain fields would hold heap numbers above 2^30). */
  readonly #state = new Int32Array(4);

  constructor(seed: number | string = 1) {
    checkSeed(seed, 'SeededRandom seed');
    this.seed = seedNumber(seed);
    this.#state.set([0x9e3779b9, 0x243f6a88, 0xb7e15162, this.seed]);
    for (let i = 0; i < 12; i++) this.next();
  }

  /** A float in [0, 1). */
  next(): number {
    const state = this.#state;
    const a = state[0] as number;
    const b = state[1] as number;
    const c = state[2] as number;
    const d = ((state[3] as number) + 1) | 0;
    const t = (((a + b) | 0) + d) | 0;
    state[0] = b ^ (b >>> 9);
    state[1] = (c + (c << 3)) | 0;
    state[2] = (((c << 21) | (c >>> 11)) + t) | 0;
    state[3] = d;
    return (t >>> 0) / 4294967296;
  }

  /** An integer in [0, maxExclusive). */
  int(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive);
  }

  /** An independent generator derived from this seed and `label`. */
  fork(label: string): SeededRandom {
    return new SeededRandom(hash32(`${this.seed}:${label}`));
  }
}

/** The 32-bit number a checked seed stands for: `new SeededRandom(seed).seed`, without the generator. */
export function seedNumber(seed: number | string): number {
  return typeof seed === 'number' ? seed >>> 0 : hash32(seed);
}

/** FNV-1a, 32 bits: a stable hash for seeds and sticky routing. `from` continues an earlier hash. */
export function hash32(text: string, from = 0x811c9dc5): number {
  let h = from;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * A float in [0, 1) from a 32-bit hash, its bits mixed first (murmur3's finaliser), so hashes of
 * similar texts (`SFO5-C1`, `SFO5-C2`) give unrelated draws.
 */
export function unitFromHash(hash: number): number {
  let h = hash | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

const MAX_SEED = 2 ** 32 - 1;

/**
 * A seed is a 32-bit unsigned integer or a non-empty string (hashed): NaN, fractions, negatives and
 * larger numbers would silently alias another seed (`2 ** 32 + 1` runs as 1).
 */
export function checkSeed(seed: unknown, what: string): asserts seed is number | string {
  if (typeof seed === 'string' && seed.length > 0) return;
  if (typeof seed === 'number' && Number.isInteger(seed) && seed >= 0 && seed <= MAX_SEED) return;
  invalid('InvalidOption', what, `an integer from 0 to ${MAX_SEED} or a non-empty string`, seed);
}
