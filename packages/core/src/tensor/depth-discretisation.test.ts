import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../engine/engine.js';
import { expectNoTensorLeak } from '../testing/index.js';
import { binCentres, binEdges, binToDepth, depthToBin, type Discretisation } from './depth-discretisation.js';

const sid: Discretisation = { alpha: 1, beta: 16, bins: 4, spacing: 'sid' };
const ud: Discretisation = { alpha: 1, beta: 9, bins: 4, spacing: 'ud' };

describe('SID / UD discretisation', () => {
  beforeAll(async () => {
    await initEngine({ engine: 'wasm', log: false });
  });

  it('has the hand-computed edges', () => {
    // SID on [1, 16] with K = 4: exp(ln 16 · i/4) = 2^i.
    binEdges(sid).forEach((t, i) => expect(t).toBeCloseTo([1, 2, 4, 8, 16][i], 12));
    expect(binEdges(ud)).toEqual([1, 3, 5, 7, 9]);
    expect(binCentres(sid)).toEqual([1.5, 3, 6, 12].map((v) => expect.closeTo(v, 12)));
  });

  it('labels depths, with −1 for invalid and out-of-range pixels', async () => {
    await expectNoTensorLeak(() => {
      const [s, u] = tf.tidy(() => {
        const depth = tf.tensor1d([0, 0.5, 1, 1.99, 2, 7.9, 8, 15.99, 16, 40]);
        return [Array.from(depthToBin(depth, sid).dataSync()), Array.from(depthToBin(depth, ud).dataSync())];
      });
      expect(s).toEqual([-1, -1, 0, 0, 1, 2, 3, 3, -1, -1]);
      expect(u).toEqual([-1, -1, 0, 0, 0, 3, 3, -1, -1, -1]);
    });
  });

  it('round-trips depth → bin → depth within half a bin', async () => {
    const d: Discretisation = { alpha: 1, beta: 80, bins: 71, spacing: 'sid' };
    const edges = binEdges(d);
    await expectNoTensorLeak(() => {
      const [depths, back, bins] = tf.tidy(() => {
        const depth = tf.linspace(1, 79.99, 500);
        const bin = depthToBin(depth, d);
        return [depth.dataSync(), binToDepth(bin, d).dataSync(), bin.dataSync()];
      });
      depths.forEach((v, i) => {
        const k = bins[i];
        expect(v).toBeGreaterThanOrEqual(edges[k] - 1e-4);
        expect(Math.abs(back[i] - v)).toBeLessThanOrEqual((edges[k + 1] - edges[k]) / 2 + 1e-4);
      });
    });
  });

  it('rejects an impossible configuration', () => {
    expect(() => binEdges({ alpha: 0, beta: 10, bins: 4, spacing: 'sid' })).toThrow(/0 < alpha < beta/);
  });
});
