import { mixSeed, mulberry32 } from './prng.js';

/** Stream id for shuffling, so its draws never coincide with an augmentation's. */
const shuffleStream = 0x5eed;

/**
 * The order in which an epoch visits `length` samples: a Fisher–Yates permutation that depends
 * only on (seed, epoch), so any epoch can be rebuilt without replaying the ones before it.
 */
export function epochOrder(length: number, seed: number, epoch: number, shuffle = true): Uint32Array {
  const order = new Uint32Array(length);
  for (let i = 0; i < length; i++) order[i] = i;
  if (!shuffle) return order;
  const random = mulberry32(mixSeed(seed, epoch, shuffleStream));
  for (let i = length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}
