import { mulberry32 } from '../datasets/pipeline/prng.js';

/**
 * Runs `build` with `Math.random` replaced by a seeded generator. tfjs's initializers draw their
 * seeds from Math.random when none is given, so this makes a network's initial weights — and
 * with the seeded pipeline and trainer, a whole training run — a function of the seed.
 */
export function withSeededRandom<T>(seed: number, build: () => T): T {
  const original = Math.random;
  const next = mulberry32(seed ^ 0x5eed);
  Math.random = () => next();
  try {
    return build();
  } finally {
    Math.random = original;
  }
}
