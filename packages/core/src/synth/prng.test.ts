import { describe, expect, it } from 'vitest';
import { hash4, hashInts, Rng } from './prng.js';

describe('seeded randomness', () => {
  it('repeats for a seed and differs between seeds', () => {
    const draw = (seed: number) => Array.from({ length: 5 }, ((rng) => () => rng.next())(new Rng(seed)));
    expect(draw(3)).toEqual(draw(3));
    expect(draw(3)).not.toEqual(draw(4));
    expect(draw(3).every((v) => v >= 0 && v < 1)).toBe(true);
  });

  it('hash4 is hashInts of four words', () => {
    expect(hash4(1, -2, 3, 40000)).toBe(hashInts(1, -2, 3, 40000));
  });
});
