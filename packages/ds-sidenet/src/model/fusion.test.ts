import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { initEngine } from '@depthkit/core';
import { expectNoTensorLeak } from '@depthkit/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig, type DsSidenetConfig } from '../config.js';
import { dsSidenetLoss } from '../loss.js';
import { dsSidenetPredict } from '../predict.js';
import { buildDsSidenetNetwork } from './ds-sidenet-network.js';
import { fusionBinLayerName } from './fusion.js';

const config: DsSidenetConfig = { ...defaultConfig, range: 'low', widthScale: 0.125, bins: 10, fusion: true, testBranch: 'fused' };
const [B, H, W] = [2, 32, 64];

describe('fusion network over both branches (§5.3.1, CNF)', () => {
  beforeAll(async () => {
    await initEngine({ engine: 'wasm', log: false });
  });

  it('adds a third output at input size; its classification input is Σ_j j·p_j / K from a fixed, untrained layer', async () => {
    const { model } = buildDsSidenetNetwork(config);
    const bin = model.getLayer(fusionBinLayerName);
    expect(bin.trainable).toBe(false);
    expect(model.trainableWeights.some((w) => w.originalName.startsWith(fusionBinLayerName))).toBe(false);
    const probe = tfl.model({ inputs: model.inputs, outputs: [...model.outputs, bin.output as tfl.SymbolicTensor] });
    await expectNoTensorLeak(() => {
      tf.tidy(() => {
        const [logits, depth, fused, fusionInput] = probe.predict(tf.randomUniform([B, H, W, 3], -1, 1, 'float32', 5)) as tf.Tensor[];
        expect([logits.shape, depth.shape, fused.shape]).toEqual([[B, H, W, 11], [B, H, W, 1], [B, H, W, 1]]);
        // Σ_j j·p_j / K by hand, from the logits.
        const l = logits.arraySync() as number[][][][];
        const got = fusionInput.arraySync() as number[][][][];
        let maxDiff = 0;
        for (let b = 0; b < B; b++) for (let y = 0; y < H; y += 7) for (let x = 0; x < W; x += 9) {
          const z = l[b][y][x];
          const e = z.map((v) => Math.exp(v - Math.max(...z)));
          const sum = e.reduce((a, v) => a + v, 0);
          const expected = e.reduce((a, v, j) => a + (j * v) / sum, 0) / config.bins;
          maxDiff = Math.max(maxDiff, Math.abs(got[b][y][x][0] - expected));
        }
        expect(maxDiff).toBeLessThan(1e-5);
        // testBranch 'fused' reads the third output.
        const predicted = dsSidenetPredict({ model, stride: 32 }, tf.randomUniform([B, H, W, 3], -1, 1, 'float32', 5) as tf.Tensor4D, config);
        expect(Math.max(...(tf.abs(tf.sub(predicted, tf.maximum(fused, 0))).dataSync() as Float32Array))).toBeLessThan(1e-5);
      });
    });
    probe.dispose();
  });

  it('the loss adds w3 · L1 of the fused depth over valid pixels to eq. (3), and its gradient reaches both branches', async () => {
    const weighted: DsSidenetConfig = { ...config, w3: 0.5 };
    const { model } = buildDsSidenetNetwork(weighted);
    const images = tf.randomUniform([B, H, W, 3], -1, 1, 'float32', 6) as tf.Tensor4D;
    // Every other row has no measurement (depth 0): the fused term must ignore it.
    const gt = tf.tidy(() => tf.mul(tf.randomUniform([B, H, W, 1], 1, 9, 'float32', 7), tf.reshape(tf.cast(tf.equal(tf.mod(tf.range(0, H), 2), 0), 'float32'), [1, H, 1, 1]))) as tf.Tensor4D;
    await expectNoTensorLeak(() => {
      tf.tidy(() => {
        const outputs = model.predict(images) as tf.Tensor[];
        const { total, terms = {} } = dsSidenetLoss({ images, depth: gt }, outputs, weighted);
        const f = outputs[2].dataSync();
        const g = gt.dataSync();
        let sum = 0;
        let n = 0;
        for (let i = 0; i < g.length; i++) if (g[i] > 0) { sum += Math.abs(f[i] - g[i]); n++; }
        expect(terms.fused.dataSync()[0]).toBeCloseTo(sum / n, 4);
        const expectedTotal = terms.cls.dataSync()[0] + terms.reg.dataSync()[0] + 0.5 * (sum / n);
        expect(total.dataSync()[0]).toBeCloseTo(expectedTotal, 4);
      });
      // Only the fused term: its gradient reaches the last layer of each branch and the fusion layers.
      const names = ['cls_output', 'reg_output', 'fusion_cls_c1', 'fusion_reg_c3'];
      const vars = model.trainableWeights.filter((w) => names.some((n) => w.originalName.startsWith(`${n}/`) && w.originalName.endsWith('kernel'))).map((w) => w.read() as tf.Variable);
      expect(vars.length).toBe(names.length);
      const { value, grads } = tf.variableGrads(() => {
        const outputs = model.apply(images, { training: true }) as tf.Tensor[];
        return dsSidenetLoss({ images, depth: gt }, outputs, { ...weighted, w1: 0, w2: 0 }).total;
      }, vars);
      const norms = Object.values(grads).map((t) => tf.tidy(() => tf.norm(t).dataSync()[0]));
      tf.dispose([value, ...Object.values(grads)]);
      expect(norms.every((v) => Number.isFinite(v) && v > 0)).toBe(true);
    });
    tf.dispose([images, gt]);
    model.dispose();
  });

  it('refuses fusion without both branches and a fused test branch without fusion', () => {
    expect(() => buildDsSidenetNetwork({ ...config, task: 'soft-cl', testBranch: 'cls' })).toThrow("fusion fuses both branches' outputs, but task 'soft-cl' trains one branch");
    expect(() => buildDsSidenetNetwork({ ...config, fusion: false })).toThrow("testBranch 'fused' needs fusion: true");
  });
});
