import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../prng.js';
import { coordinateSample } from '../testing/coordinate-sample.js';
import { adjustColours, colourJitter, photometricTables } from './colour-jitter.js';

describe('colour jitter', () => {
  const source = coordinateSample(20, 256);

  it('never touches depth or labels', () => {
    const depthBefore = Float32Array.from(source.depth!.data);
    const jitter = colourJitter({ probability: 1, gamma: [0.9, 1.1], brightness: [0.75, 1.25], colour: [0.9, 1.1] });
    for (let seed = 0; seed < 10; seed++) {
      const { sample, params } = jitter.apply(source, mulberry32(seed));
      expect(params!.applied).toBe(true);
      expect(sample.depth).toBe(source.depth);
      expect(sample.labels).toBe(source.labels);
      expect(sample.rgb.data).not.toBe(source.rgb.data);
    }
    expect(source.depth!.data).toEqual(depthBefore);
  });

  it('saturates at 255 instead of wrapping, and stays ≥ 0', () => {
    const [r] = photometricTables({ gamma: 0.9, brightness: 1.25, colour: [1.1, 1, 1] });
    expect(r[255]).toBe(255);
    expect(r[0]).toBe(0);
    for (let v = 1; v < 256; v++) expect(r[v]).toBeGreaterThanOrEqual(r[v - 1]);
    const dark = photometricTables({ gamma: 1.1, brightness: 0.75, colour: [0.9, 0.9, 0.9] })[0];
    expect(dark[255]).toBe(Math.round(255 * 0.75 * 0.9));
  });

  it('is the identity at gamma = brightness = colour = 1, and skipped with probability 0', () => {
    const same = adjustColours(source.rgb, { gamma: 1, brightness: 1, colour: [1, 1, 1] });
    expect(same.data).toEqual(source.rgb.data);
    const skipped = colourJitter({ probability: 0, brightness: [2, 2] }).apply(source, mulberry32(0));
    expect(skipped.sample).toBe(source);
    expect(skipped.params).toEqual({ applied: false });
  });

  it('scales each channel by its own factor', () => {
    const rgb = { width: 1, height: 1, data: Uint8Array.from([10, 107, 200]) };
    const out = adjustColours(rgb, { gamma: 1, brightness: 1, colour: [0.5, 1, 0] });
    expect(Array.from(out.data)).toEqual([5, 107, 0]);
  });
});
