import { describe, expect, it } from 'vitest';
import { kbCropOffset, pasteKbCrop } from './kb-crop.js';

describe('KB crop', () => {
  it('sits at top = H − 352, left = int((W − 1216) / 2): 23 and 13 on 375×1242', () => {
    expect(kbCropOffset(375, 1242, { height: 352, width: 1216 })).toEqual({ top: 23, left: 13 });
    // Odd margin: (1241 − 1216) / 2 = 12.5 → 12.
    expect(kbCropOffset(370, 1241, { height: 352, width: 1216 })).toEqual({ top: 18, left: 12 });
  });

  it('pastes the prediction into zeros, by hand on a 2×3 crop of a 4×5 image', () => {
    const pred = { width: 3, height: 2, data: new Float32Array([1, 2, 3, 4, 5, 6]) };
    const out = pasteKbCrop(pred, 4, 5, { height: 2, width: 3 });
    // top = 4 − 2 = 2, left = int((5 − 3) / 2) = 1.
    expect(Array.from(out)).toEqual([
      0, 0, 0, 0, 0,
      0, 0, 0, 0, 0,
      0, 1, 2, 3, 0,
      0, 4, 5, 6, 0,
    ]);
  });

  it('rejects a prediction of the wrong size by name', () => {
    const pred = { width: 1242, height: 375, data: new Float32Array(375 * 1242) };
    expect(() => pasteKbCrop(pred, 375, 1242, { height: 352, width: 1216 })).toThrow(/prediction must be 352×1216, found 375×1242/);
  });
});
