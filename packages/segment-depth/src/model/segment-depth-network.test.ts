import * as tf from '@tensorflow/tfjs-core';
import { initEngine } from '@depthkit/core';
import { expectNoTensorLeak } from '@depthkit/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig, type SegmentDepthConfig } from '../config.js';
import { buildDiscriminator } from './discriminator.js';
import { buildSegmentDepthNetwork } from './segment-depth-network.js';

const tiny: SegmentDepthConfig = { ...defaultConfig, unetWidths: [8, 16, 32, 32], discriminatorWidths: [8, 16, 32] };
const count = (n: number[]) => n.reduce((a, b) => a + b, 0);
const trainableParams = (c: SegmentDepthConfig) => {
  const built = buildSegmentDepthNetwork(c);
  const n = count(built.model.trainableWeights.map((w) => w.shape.reduce((a, b) => (a ?? 1) * (b ?? 1), 1) as number));
  built.model.dispose();
  return n;
};

describe('segment-depth network', () => {
  beforeAll(async () => {
    await initEngine({ engine: 'wasm', log: false });
  });

  it('fuses the segment depths by summation: D_O = Σ D_n (eq. 5)', async () => {
    for (const mode of ['explicit', 'implicit'] as const) {
      const built = buildSegmentDepthNetwork({ ...tiny, mode });
      // Random weights so that every G_n contributes.
      built.model.setWeights(built.model.getWeights().map((w, i) => tf.tidy(() => tf.add(w, tf.randomNormal(w.shape, 0, 0.1, 'float32', i)))));
      const images = tf.randomUniform([2, 32, 48, 3], -2, 2, 'float32', 3);
      await expectNoTensorLeak(() => tf.tidy(() => {
        const out = built.model.predict(images) as tf.Tensor[];
        expect(out.map((o) => o.shape)).toEqual(mode === 'explicit' ? [[2, 32, 48, 1], [2, 32, 48, 4], [2, 32, 48, 4]] : [[2, 32, 48, 1], [2, 32, 48, 4]]);
        const sum = tf.sum(out[1], -1, true);
        expect(tf.max(out[1]).dataSync()[0]).toBeGreaterThan(0);
        expect(tf.max(tf.abs(tf.sub(out[0], sum))).dataSync()[0]).toBeLessThan(1e-5);
      }));
      images.dispose();
      built.model.dispose();
    }
  });

  it('has 8 U-Nets (explicit), 4 (implicit) or 1 (direct) of a hand-counted size', () => {
    // Widths 8, 16, 32, 32. Encoder: 4·4·3·8 + 8 (bias, no BN) + 4·4·8·16 + 32 (BN γβ) + 4·4·16·32 + 64
    // + 4·4·32·32 + 64; decoder: 3·3·32·32 + 64, 3·3·64·16 + 32, 3·3·32·8 + 16; head 3·3·16·1 + 1.
    const unet = 392 + 2080 + 8256 + 16448 + 9280 + 9248 + 2320 + 145;
    expect(unet).toBe(48169);
    expect(trainableParams({ ...tiny, mode: 'direct' })).toBe(unet);
    expect(trainableParams({ ...tiny, mode: 'implicit' })).toBe(4 * unet);
    expect(trainableParams({ ...tiny, mode: 'explicit' })).toBe(8 * unet);
  });

  it('has a conditional DCGAN-style discriminator giving one logit per image of any size', async () => {
    const d = buildDiscriminator(tiny);
    // 4·4·4·8 + 8, 4·4·8·16 + 32, 4·4·16·32 + 64, head 4·4·32·1 + 1.
    expect(count(d.trainableWeights.map((w) => w.shape.reduce((a, b) => (a ?? 1) * (b ?? 1), 1) as number))).toBe(520 + 2080 + 8256 + 513);
    const x = tf.randomUniform([3, 40, 56, 3], -1, 1, 'float32', 1);
    const depth = tf.randomUniform([3, 40, 56, 1], 0, 1, 'float32', 2);
    await expectNoTensorLeak(() => tf.tidy(() => {
      expect((d.predict([x, depth]) as tf.Tensor).shape).toEqual([3, 1]);
    }));
    tf.dispose([x, depth]);
    d.dispose();
  });
});
