/**
 * A small seeded PRNG (mulberry32): the simulator's only source of randomness, so one seed
 * replays the same night, batch for batch. Math.random is never used.
 */
export interface Prng {
  /** Uniform in [0, 1). */
  next(): number;
}

export function createPrng(seed: number): Prng {
  let state = (Math.floor(seed) ^ 0x9e3779b9) >>> 0;
  return {
    next() {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
  };
}

/** Rounds x up or down at random so that the expectation stays x (keeps sampled totals unbiased). */
export function stochasticRound(rng: Prng, x: number): number {
  if (!(x > 0)) return 0;
  const floor = Math.floor(x);
  return floor + (rng.next() < x - floor ? 1 : 0);
}

/** Index drawn with probability proportional to weights (weights need not sum to 1). */
export function pickWeighted(rng: Prng, weights: readonly number[]): number {
  return pickAt(rng.next(), weights);
}

/** The index a uniform draw `u` in [0, 1) lands on, with probability proportional to weights. */
export function pickAt(u: number, weights: readonly number[]): number {
  let total = 0;
  for (const w of weights) total += w;
  let r = u * total;
  for (let i = 0; i < weights.length; i++) {
    r -= weights[i] ?? 0;
    if (r < 0) return i;
  }
  return weights.length - 1;
}

/** Exponential variate with the given mean. */
export function exponential(rng: Prng, mean: number): number {
  return -mean * Math.log(1 - rng.next());
}

/** A stable uniform value in [0, 1) for an integer key (splitmix-style), for attributes derived from an id. */
export function hashToUnit(key: number): number {
  let h = Math.imul((key | 0) ^ 0x85ebca6b, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}
