import { describe, expect, it } from 'vitest';
import { defaultMeanShift } from '../config.js';
import { meanShiftRegions } from './mean-shift.js';
import { mulberry32 } from '@depthkit/core';

const dim = 16;
const deltaV = 0.16;

/**
 * Pixels of K clusters (sizes given) in random order, each within 0.9·δ_v (L1) of its centre;
 * centres at least 8δ_v apart; `outliers` pixels far from every centre.
 */
function clusteredImage(sizes: number[], outliers: number, seed: number) {
  const rand = mulberry32(seed);
  const centres = sizes.map((_, k) => Float32Array.from({ length: dim }, (_, j) => (j === k ? 3 : 0) + rand() * 0.2));
  const truth: number[] = [];
  sizes.forEach((n, k) => truth.push(...Array<number>(n).fill(k)));
  truth.push(...Array<number>(outliers).fill(-1));
  for (let i = truth.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [truth[i], truth[j]] = [truth[j], truth[i]];
  }
  const width = 40;
  const height = Math.ceil(truth.length / width);
  while (truth.length < width * height) truth.push(-1);
  const data = new Float32Array(width * height * dim);
  truth.forEach((k, p) => {
    for (let j = 0; j < dim; j++) {
      // Uniform noise of at most 0.9δ_v/dim per channel: the L1 distance stays under 0.9δ_v.
      const noise = (rand() * 2 - 1) * (0.9 * deltaV) / dim;
      data[p * dim + j] = k >= 0 ? centres[k][j] + noise : 10 + j + rand();
    }
  });
  return { image: { data, height, width, dim }, truth };
}

/** Ground-truth cluster → predicted label, requiring a one-to-one match. */
function matching(truth: number[], labels: Int32Array): Map<number, number> {
  const map = new Map<number, number>();
  truth.forEach((k, p) => {
    if (k < 0) return;
    if (!map.has(k)) map.set(k, labels[p]);
    expect(labels[p]).toBe(map.get(k));
  });
  expect(new Set(map.values()).size).toBe(map.size);
  return map;
}

describe('modified mean-shift (Algorithm 1 as depthkit reads it)', () => {
  it('with assignRadius 2 (the option): five clusters of unequal size recovered, outliers unlabelled', () => {
    const { image, truth } = clusteredImage([700, 300, 150, 60, 20], 30, 1);
    // Every pixel in the shift windows: a 20-pixel cluster would get ~1 sample at stride 4.
    const { labels, centres } = meanShiftRegions(image, deltaV, { ...defaultMeanShift, sampleStride: 1, assignRadius: 2 });
    expect(centres.length).toBe(5);
    const map = matching(truth, labels);
    expect([...map.keys()].sort()).toEqual([0, 1, 2, 3, 4]);
    expect(map.get(0)).toBe(0); // numbered by support: the largest is region 0
    truth.forEach((k, p) => {
      if (k < 0) expect(labels[p]).toBe(-1);
    });
  });

  it('with the defaults, fewer than 80 regions leave no pixel unlabelled: outliers join their nearest centre (§3.2)', () => {
    const { image, truth } = clusteredImage([700, 300, 150, 60, 20], 30, 1);
    const { labels, centres } = meanShiftRegions(image, deltaV, { ...defaultMeanShift, sampleStride: 1 });
    expect(defaultMeanShift.assignRadius).toBeNull();
    expect(centres.length).toBe(5);
    expect(labels.every((l) => l >= 0)).toBe(true);
    // Clustered pixels keep their cluster's region; an outlier goes to the centre nearest in L1.
    const map = matching(truth, labels);
    const l1 = (p: number, c: Float32Array) => c.reduce((s, v, j) => s + Math.abs(image.data[p * dim + j] - v), 0);
    truth.forEach((k, p) => {
      if (k >= 0) return;
      const distances = centres.map((c) => l1(p, c));
      expect(labels[p]).toBe(distances.indexOf(Math.min(...distances)));
    });
    expect(map.size).toBe(5);
  });

  it('fuses seeds of one cluster however many land in it, with two shift iterations only', () => {
    const { image, truth } = clusteredImage([1600], 0, 2);
    const { labels, centres } = meanShiftRegions(image, deltaV, { ...defaultMeanShift, seeds: 400 });
    expect(centres.length).toBe(1);
    truth.forEach((k, p) => expect(labels[p]).toBe(k < 0 ? -1 : 0));
  });

  it('keeps at most maxRegions, the best supported; the others\' pixels stay unlabelled', () => {
    const sizes = [500, 400, 300, 200, 100, 50];
    const { image, truth } = clusteredImage(sizes, 0, 3);
    // Every cluster found (every pixel sampled), so the three past the cap are regions of their own.
    const { labels, centres } = meanShiftRegions(image, deltaV, { ...defaultMeanShift, maxRegions: 3, sampleStride: 1 });
    expect(centres.length).toBe(3);
    truth.forEach((k, p) => {
      if (k >= 3) expect(labels[p]).toBe(-1);
      else if (k >= 0) expect(labels[p]).toBe(k);
    });
  });

  it('a bandwidth far below the clusters\' spread fragments them (δ_v is what separates regions)', () => {
    const { image } = clusteredImage([400, 400], 0, 4);
    const options = { ...defaultMeanShift, maxRegions: 500, sampleStride: 1, minSupport: 1 };
    expect(meanShiftRegions(image, deltaV, options).centres.length).toBe(2);
    expect(meanShiftRegions(image, deltaV / 20, options).centres.length).toBeGreaterThan(2);
  });

  it('with the default strided sampling, clusters of a few hundred pixels are still found exactly', () => {
    const { image, truth } = clusteredImage([600, 400, 250], 10, 5);
    const { labels, centres } = meanShiftRegions(image, deltaV, defaultMeanShift);
    expect(centres.length).toBe(3);
    expect([...matching(truth, labels).values()].sort()).toEqual([0, 1, 2]);
  });

  it('names the problem when the embedding size does not match', () => {
    expect(() => meanShiftRegions({ data: new Float32Array(10), height: 2, width: 2, dim: 3 }, deltaV, defaultMeanShift)).toThrow(/10 values for 2×2×3/);
  });
});
