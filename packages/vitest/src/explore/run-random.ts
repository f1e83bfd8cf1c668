/**
 * The explorer's generator, fast-check's `randomType`: xoshiro128** (Blackman and Vigna, 2018) for
 * the values of a run, and a jump (fast-check jumps once before each run) that seeds the next run's
 * state from the exploration's seed and the run's number, through SplitMix32. fast-check's default
 * (xorshift128+) jumps by 128 steps of a polynomial: a tenth of an explored run that draws nothing
 * (issue 13: the explorer's default row). Runs of one exploration never share a state: each run's
 * first word is a bijection of its number.
 */
export class RunRandom {
  // Plain fields, not #private ones: a run makes several generators and draws from them, and a
  // private field's read and write went through a keyed inline cache in the code V8 runs them in
  // (its mid tier): ~1.9 k instructions of an explored run (issue 13). This class is internal.
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private readonly seed: number;
  private jumps: number;

  constructor(seed: number, jumps = 0, state?: readonly number[]) {
    this.seed = seed | 0;
    this.jumps = jumps;
    if (state === undefined) {
      this.s0 = this.s1 = this.s2 = this.s3 = 0;
      this.reseed();
    } else {
      [this.s0, this.s1, this.s2, this.s3] = state as [number, number, number, number];
    }
  }

  /** A 32-bit value, uniform from -0x80000000 to 0x7fffffff; moves this generator. */
  next(): number {
    const s1 = this.s1;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 = s1 ^ this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result | 0;
  }

  /** Moves to the state of the next run: a function of the seed and the number of jumps only. */
  jump(): void {
    this.jumps++;
    this.reseed();
  }

  clone(): RunRandom {
    return new RunRandom(this.seed, this.jumps, [this.s0, this.s1, this.s2, this.s3]);
  }

  getState(): readonly number[] {
    return [this.s0, this.s1, this.s2, this.s3];
  }

  private reseed(): void {
    // SplitMix32 from (seed, jumps): the start is a bijection of the run's number for one seed.
    let x = this.seed ^ Math.imul(this.jumps, 0x632be5ab);
    x = (x + 0x9e3779b9) | 0;
    this.s0 = mix32(x);
    x = (x + 0x9e3779b9) | 0;
    this.s1 = mix32(x);
    x = (x + 0x9e3779b9) | 0;
    this.s2 = mix32(x);
    x = (x + 0x9e3779b9) | 0;
    this.s3 = mix32(x);
    // xoshiro's one forbidden state.
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** SplitMix32's output function (murmur3's finaliser): a bijection of 32-bit values. */
function mix32(z: number): number {
  let h = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

/** fast-check's `randomType` for an exploration. */
export const runRandom = (seed: number): RunRandom => new RunRandom(seed);
