import * as tf from '@tensorflow/tfjs-core';
import { binCentres, binEdges, binToDepth, initEngine } from '@depthkit/core';
import { expectNoTensorLeak } from '@depthkit/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig, discretisationOf, type DeeplabSidConfig } from './config.js';
import { depthLabels } from './loss.js';

const config = (c: Partial<DeeplabSidConfig>): DeeplabSidConfig => ({ ...defaultConfig, ...c });

describe('SID / UD depth classes', () => {
  beforeAll(async () => {
    await initEngine({ engine: 'wasm', log: false });
  });

  it('bin edges match hand-computed thresholds', () => {
    // SID on [1, 16] with K = 4 doubles at each edge; UD on [1, 9] steps by 2.
    expect(binEdges(discretisationOf(config({ alpha: 1, beta: 16, bins: 4, spacing: 'sid' })))).toEqual([1, 2, 4, 8, 16].map((v) => expect.closeTo(v, 12)));
    expect(binEdges(discretisationOf(config({ alpha: 1, beta: 9, bins: 4, spacing: 'ud' })))).toEqual([1, 3, 5, 7, 9]);
    // The paper's KITTI setting: 71 classes on [1, 80]: t_i = 80^(i/71).
    const t = binEdges(discretisationOf(config({ alpha: 1, beta: 80, bins: 71, spacing: 'sid' })));
    expect(t).toHaveLength(72);
    expect(t[0]).toBeCloseTo(1, 12);
    expect(t[1]).toBeCloseTo(1.0636635, 6); // 80^(1/71) = e^(4.3820266/71)
    expect(t[71]).toBeCloseTo(80, 10);
    // SID's widths grow geometrically: every width is t_1 − 1 times its lower edge.
    for (let i = 0; i < 71; i++) expect((t[i + 1] - t[i]) / t[i]).toBeCloseTo(t[1] - 1, 10);
    const u = binEdges(discretisationOf(config({ alpha: 1, beta: 80, bins: 71, spacing: 'ud' })));
    expect(u[1]).toBeCloseTo(1 + 79 / 71, 12);
    expect(u[70]).toBeCloseTo(80 - 79 / 71, 12);
  });

  it('labels depths by their interval; missing, masked and out-of-range GT get −1 (ignored)', async () => {
    const c = config({ alpha: 1, beta: 16, bins: 4, spacing: 'sid' });
    const values = [0, 0.5, 1, 1.99, 2, 3, 7.9, 8, 15.99, 16, 80, 5];
    const depth = tf.tensor4d(values, [1, 1, values.length, 1]);
    const mask = tf.tensor4d(values.map((_, i) => (i === values.length - 1 ? 0 : 1)), [1, 1, values.length, 1]);
    await expectNoTensorLeak(() => {
      const labels = depthLabels(depth, mask, c);
      expect(labels.dtype).toBe('int32');
      expect(Array.from(labels.dataSync())).toEqual([-1, -1, 0, 0, 1, 1, 2, 3, 3, -1, -1, -1]);
      labels.dispose();
    });
    tf.dispose([depth, mask]);
  });

  for (const spacing of ['sid', 'ud'] as const) {
    it(`${spacing}: depth → class → depth (bin midpoint) is off by at most half the bin's width`, async () => {
      const c = config({ alpha: 1, beta: 80, bins: 71, spacing });
      const t = binEdges(discretisationOf(c));
      const centres = binCentres(discretisationOf(c));
      const depth = tf.randomUniform([2, 30, 40, 1], 1, 80, 'float32', 5) as tf.Tensor4D;
      // Every edge itself, too: the boundaries are where an off-by-one would show.
      const atEdges = tf.tensor4d(t.slice(0, -1), [1, 1, 71, 1]);
      await expectNoTensorLeak(() => {
        for (const d of [depth, atEdges]) {
          const labels = depthLabels(d, undefined, c);
          const back = binToDepth(labels, discretisationOf(c));
          const gt = d.dataSync();
          const bins = labels.dataSync();
          const rec = back.dataSync();
          for (let i = 0; i < gt.length; i++) {
            const k = bins[i];
            expect(k).toBeGreaterThanOrEqual(0);
            expect(gt[i]).toBeGreaterThanOrEqual(t[k] * (1 - 1e-6));
            expect(gt[i]).toBeLessThan(t[k + 1] * (1 + 1e-6));
            expect(rec[i]).toBeCloseTo(centres[k], 4);
            expect(Math.abs(rec[i] - gt[i])).toBeLessThanOrEqual((t[k + 1] - t[k]) / 2 + 1e-4);
          }
          tf.dispose([labels, back]);
        }
      });
      tf.dispose([depth, atEdges]);
    });
  }
});
