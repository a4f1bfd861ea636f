import { describe, expect, it } from 'vitest';
import { FrameTimes, depthAt } from './depth-at.js';

const grid = { width: 4, height: 2, depth: Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8]) };

describe('depthAt', () => {
  it('maps a pointer on a stretched picture to the depth pixel under it', () => {
    expect(depthAt(grid, 0, 0, { width: 400, height: 100 })).toEqual({ x: 0, y: 0, metres: 1 });
    expect(depthAt(grid, 399, 99, { width: 400, height: 100 })).toEqual({ x: 3, y: 1, metres: 8 });
    expect(depthAt(grid, 150, 60, { width: 400, height: 100 })).toEqual({ x: 1, y: 1, metres: 6 });
  });

  it('is null outside the picture or on an element not laid out', () => {
    expect(depthAt(grid, 400, 10, { width: 400, height: 100 })).toBeNull();
    expect(depthAt(grid, -1, 10, { width: 400, height: 100 })).toBeNull();
    expect(depthAt(grid, 1, 1, { width: 0, height: 0 })).toBeNull();
  });
});

describe('FrameTimes', () => {
  it('reports the median of the last frames', () => {
    const t = new FrameTimes(3);
    expect(t.add(10)).toBe(10);
    expect(t.add(500)).toBe(500);
    expect(t.add(12)).toBe(12);
    expect(t.add(14)).toBe(14); // window: 500, 12, 14
    expect(t.add(11)).toBe(12); // window: 12, 14, 11
  });
});
