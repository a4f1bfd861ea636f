import { describe, expect, it } from 'vitest';
import { clampDepth, countNonFinite, replaceNonFinite, totalNonFinite } from './clamp-prediction.js';

describe('prediction clamping', () => {
  it('+inf → max, NaN → min, −inf → min, and counts each', () => {
    const data = new Float32Array([1, Number.NaN, Infinity, -Infinity, Number.NaN, 5]);
    const counts = replaceNonFinite(data, 0.5, 80);
    expect(counts).toEqual({ nan: 2, posInf: 1, negInf: 1 });
    expect(totalNonFinite(counts)).toBe(4);
    expect(Array.from(data)).toEqual([1, 0.5, 80, 0.5, 0.5, 5]);
  });

  it('clamps to [min, max]', () => {
    const data = new Float32Array([-1, 0, 0.25, 3, 80, 200]);
    clampDepth(data, 0.25, 80);
    expect(Array.from(data)).toEqual([0.25, 0.25, 0.25, 3, 80, 80]);
  });
});

describe('countNonFinite', () => {
  it('counts without writing, on both its fast and slow paths', () => {
    expect(countNonFinite(new Float32Array([1, 2, 3, 4, 5]))).toEqual({ nan: 0, posInf: 0, negInf: 0 });
    const data = new Float32Array([1, Number.NaN, 3, Infinity, -Infinity, 6, 7]);
    expect(countNonFinite(data)).toEqual({ nan: 1, posInf: 1, negInf: 1 });
    expect(data[3]).toBe(Infinity);
  });
});
