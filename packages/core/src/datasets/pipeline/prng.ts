/** A seeded uniform generator in [0, 1). */
export type Random = () => number;

/** mulberry32: tiny, fast and good enough for shuffles and augmentation draws. */
export function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Mixes integers into one 32-bit seed (murmur3's finaliser after each part), so that the streams
 * for (seed, epoch, index, stage) are unrelated even when neighbouring parts differ by one —
 * which is what makes every draw depend only on those coordinates, and a run resumable.
 */
export function mixSeed(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    h = Math.imul(h ^ (part >>> 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    // Parts above 2^32 (large seeds) still count.
    h ^= Math.floor(part / 4294967296) >>> 0;
  }
  return h >>> 0;
}

/** Uniform in [lo, hi). */
export function uniform(random: Random, [lo, hi]: readonly [number, number]): number {
  return lo + (hi - lo) * random();
}
