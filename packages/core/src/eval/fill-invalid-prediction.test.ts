import { describe, expect, it } from 'vitest';
import { fillInvalidPrediction } from './fill-invalid-prediction.js';

describe('fillInvalidPrediction (KITTI devkit interpolateBackground)', () => {
  it('inner runs take the smaller neighbour, row ends copy the nearest valid pixel, empty end rows copy the nearest row', () => {
    // 6×5; 0 and −1 are holes. Rows 0 and 5 are empty (extrapolated from their column); row 3 is
    // empty between valid rows, which the devkit leaves as it is.
    const d = new Float32Array([
      0, 0, 0, 0, 0,
      0, 3, 0, 0, 5,
      2, -1, 4, 9, 0,
      0, 0, 0, 0, 0,
      7, 0, 6, 0, 0,
      0, 0, 0, 0, 0,
    ]);
    fillInvalidPrediction(d, 6, 5);
    expect(Array.from(d)).toEqual([
      3, 3, 3, 3, 5,
      3, 3, 3, 3, 5,
      2, 2, 4, 9, 9,
      0, 0, 0, 0, 0,
      7, 6, 6, 6, 6,
      7, 6, 6, 6, 6,
    ]);
  });

  it('an image without a valid pixel stays as it is', () => {
    const d = new Float32Array([0, -2, Number.NaN, 0]);
    fillInvalidPrediction(d, 2, 2);
    expect(Array.from(d)).toEqual([0, -2, Number.NaN, 0]);
  });
});
