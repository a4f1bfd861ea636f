import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { colormapColour, colourize } from './colormap.js';
import { colourizeDepth, colourizeError, depthColourRange, writeDepthColourPng, writeErrorMapPng } from './depth-visual.js';
import { readRgbImage } from './read-image.js';

const near = (a: number[], b: number[], tol: number) => a.every((v, i) => Math.abs(v - b[i]) <= tol);

describe('colour maps', () => {
  it('turbo runs from dark blue through green to dark red', () => {
    // Reference points of Google's turbo table (0, 0.5, 1), within the polynomial's error.
    expect(near(colormapColour('turbo', 0), [48, 18, 59], 15)).toBe(true);
    expect(near(colormapColour('turbo', 0.5), [164, 252, 60], 15)).toBe(true);
    expect(near(colormapColour('turbo', 1), [122, 4, 3], 25)).toBe(true);
  });

  it('magma runs from black to pale yellow with rising brightness', () => {
    expect(near(colormapColour('magma', 0), [0, 0, 4], 4)).toBe(true);
    expect(near(colormapColour('magma', 1), [252, 253, 191], 8)).toBe(true);
    const lum = (t: number) => colormapColour('magma', t).reduce((a, b) => a + b, 0);
    for (let t = 0.05; t <= 1; t += 0.05) expect(lum(t)).toBeGreaterThan(lum(t - 0.05));
  });

  it('clamps out-of-range input and paints invalid pixels', () => {
    const img = colourize([-5, 0.5, 99, Number.NaN], 4, 1, { colormap: 'turbo', min: 0, max: 1, valid: (v) => !Number.isNaN(v), invalidColour: [1, 2, 3] });
    expect(Array.from(img.data.slice(0, 3))).toEqual(colormapColour('turbo', 0));
    expect(Array.from(img.data.slice(6, 9))).toEqual(colormapColour('turbo', 1));
    expect(Array.from(img.data.slice(9, 12))).toEqual([1, 2, 3]);
  });
});

describe('depth and error figures', () => {
  const gt = { width: 3, height: 1, data: new Float32Array([0, 2, 4]) };

  it('colours depth by inverse depth and leaves missing depth black', () => {
    const img = colourizeDepth(gt, { range: [0.25, 0.5] });
    expect(Array.from(img.data.slice(0, 3))).toEqual([0, 0, 0]);
    expect(Array.from(img.data.slice(3, 6))).toEqual(colormapColour('magma', 1)); // 1/2 m is the nearest
    expect(Array.from(img.data.slice(6, 9))).toEqual(colormapColour('magma', 0));
  });

  it("gives a map's own colour range (inverse depth, min to 95th percentile) for colouring others alike", () => {
    const depth = { width: 21, height: 1, data: Float32Array.from({ length: 21 }, (_, i) => (i === 0 ? 0 : 1 / i)) };
    expect(depthColourRange(depth)).toEqual([1, 19]);
    expect(depthColourRange({ width: 3, height: 1, data: new Float32Array([1, 2, 4]) }, false)).toEqual([1, 2]);
    const pred = { width: 3, height: 1, data: new Float32Array([2, 2, 4]) };
    expect(colourizeDepth(pred, { range: depthColourRange(gt) }).data).toEqual(colourizeDepth(pred, { range: [0.25, 0.5] }).data);
  });

  it('maps absolute error, black where there is no GT, and rejects mismatched sizes', () => {
    const pred = { width: 3, height: 1, data: new Float32Array([9, 2, 5]) };
    const img = colourizeError(pred, gt, { max: 1 });
    expect(Array.from(img.data.slice(0, 3))).toEqual([0, 0, 0]);
    expect(Array.from(img.data.slice(3, 6))).toEqual(colormapColour('turbo', 0));
    expect(Array.from(img.data.slice(6, 9))).toEqual(colormapColour('turbo', 1));
    expect(() => colourizeError({ width: 1, height: 1, data: new Float32Array(1) }, gt)).toThrow(/1×1.*3×1/);
  });

  it('writes both as 8-bit RGB PNGs', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'depthkit-figures-'));
    await writeDepthColourPng(join(dir, 'depth.png'), gt);
    await writeErrorMapPng(join(dir, 'error.png'), gt, gt, { kind: 'rel' });
    expect((await readRgbImage(join(dir, 'depth.png'))).width).toBe(3);
    expect((await readRgbImage(join(dir, 'error.png'))).height).toBe(1);
  });
});
