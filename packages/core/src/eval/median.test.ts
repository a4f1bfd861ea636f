import { describe, expect, it } from 'vitest';
import { seededRandom } from '../metrics/__reference__/seeded-random.js';
import { medianInPlace } from './median.js';

function sortedMedian(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

describe('medianInPlace', () => {
  it('odd and even counts by hand, as np.median', () => {
    expect(medianInPlace(new Float64Array([3, 1, 2]), 3)).toBe(2);
    expect(medianInPlace(new Float64Array([4, 1, 3, 2]), 4)).toBe(2.5);
    expect(medianInPlace(new Float64Array([7]), 1)).toBe(7);
    expect(medianInPlace(new Float64Array([5, 5, 5, 5]), 4)).toBe(5);
  });

  it('uses only the first n values', () => {
    expect(medianInPlace(new Float64Array([9, 1, 100, 100]), 2)).toBe(5);
  });

  it('agrees with sorting on random data with many ties', () => {
    const rand = seededRandom(3);
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + Math.floor(rand() * 300);
      const values = Array.from({ length: n }, () => Math.floor(rand() * 20) / 4);
      expect(medianInPlace(Float64Array.from(values), n)).toBe(sortedMedian(values));
    }
  });
});
