import { describe, expect, it } from 'vitest';
import { parseSilogConvention, silogConventions, silogFromSums } from './silog.js';

function sums(d: number[]): [number, number, number] {
  return [d.reduce((s, x) => s + x, 0), d.reduce((s, x) => s + x * x, 0), d.length];
}

describe('silogFromSums', () => {
  // d = [0.1, 0.3, -0.2, 0.6]: mean 0.2, mean(d²) = 0.125, population variance 0.085.
  const d = [0.1, 0.3, -0.2, 0.6];

  it('bts and kitti-benchmark: 100·sqrt(mean(d²) − mean(d)²)', () => {
    expect(silogFromSums(...sums(d), 'bts')).toBeCloseTo(100 * Math.sqrt(0.085), 10);
    expect(silogFromSums(...sums(d), 'kitti-benchmark')).toBeCloseTo(100 * Math.sqrt(0.085), 10);
  });

  it('depth-anything-v2: sqrt(mean(d²) − 0.5·mean(d)²), no ×100', () => {
    expect(silogFromSums(...sums(d), 'depth-anything-v2')).toBeCloseTo(Math.sqrt(0.125 - 0.5 * 0.04), 12);
  });

  it('unidepth: 100·std with the n − 1 estimator', () => {
    expect(silogFromSums(...sums(d), 'unidepth')).toBeCloseTo(100 * Math.sqrt((0.085 * 4) / 3), 10);
  });

  it('clamps a variance that rounds below zero to 0 instead of NaN', () => {
    // A constant d (pred = k·gt) has zero variance, but 0.1 summed three times is not 0.3.
    const constant = [0.1, 0.1, 0.1];
    const [s, s2, n] = sums(constant);
    expect(s2 / n - (s / n) ** 2).toBeLessThan(0);
    for (const c of silogConventions) {
      if (c === 'depth-anything-v2') continue;
      expect(silogFromSums(s, s2, n, c)).toBe(0);
    }
  });

  it('one pixel: unidepth gives 0 (torch would give NaN), the others 0 as well', () => {
    for (const c of ['bts', 'unidepth', 'kitti-benchmark'] as const) expect(silogFromSums(0.5, 0.25, 1, c)).toBe(0);
  });

  it('parses convention names and rejects unknown ones by name', () => {
    expect(parseSilogConvention(undefined, '--silog')).toBe('bts');
    expect(parseSilogConvention('unidepth', '--silog')).toBe('unidepth');
    expect(() => parseSilogConvention('eigen', '--silog')).toThrow(/--silog: unknown SILog convention 'eigen'.*bts, depth-anything-v2/);
  });
});
