import { describe, expect, it } from 'vitest';
import { mixSeed, mulberry32 } from './prng.js';
import { epochOrder } from './shuffle.js';

describe('epochOrder', () => {
  it('is a permutation of 0..n−1', () => {
    for (const n of [1, 2, 7, 100]) {
      const order = Array.from(epochOrder(n, 42, 3));
      expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
    }
  });

  it('depends only on (seed, epoch)', () => {
    expect(epochOrder(50, 1, 2)).toEqual(epochOrder(50, 1, 2));
    expect(epochOrder(50, 1, 2)).not.toEqual(epochOrder(50, 1, 3));
    expect(epochOrder(50, 1, 2)).not.toEqual(epochOrder(50, 2, 2));
  });

  it('keeps source order when not shuffling', () => {
    expect(Array.from(epochOrder(5, 9, 9, false))).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('seeded generator', () => {
  it('gives unrelated streams for neighbouring coordinates', () => {
    const first = (seed: number) => mulberry32(seed)();
    const draws = new Set([mixSeed(0, 0, 0), mixSeed(0, 0, 1), mixSeed(0, 1, 0), mixSeed(1, 0, 0)].map(first));
    expect(draws.size).toBe(4);
    expect(mixSeed(2 ** 40, 1)).not.toBe(mixSeed(0, 1));
  });

  it('draws in [0, 1)', () => {
    const random = mulberry32(7);
    for (let i = 0; i < 1000; i++) {
      const v = random();
      expect(v >= 0 && v < 1).toBe(true);
    }
  });
});
