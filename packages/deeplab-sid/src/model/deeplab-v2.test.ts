import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { countTrainableParams, initEngine } from '@depthkit/core';
import { expectNoTensorLeak } from '@depthkit/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../config.js';
import { tinyPreset } from '../presets/tiny.js';
import { buildDeeplabSidNetwork } from './deeplab-v2.js';

type Conv = { dilation: number | number[]; strides: number | number[] };
const dilationOf = (model: tfl.LayersModel, name: string) => {
  const backbone = model.layers.find((l) => l instanceof tfl.LayersModel) as tfl.LayersModel;
  const config = backbone.getLayer(name).getConfig() as unknown as Conv;
  return [config.dilation, config.strides].map((v) => (Array.isArray(v) ? v[0] : v));
};

describe('DeepLab v2 network', () => {
  beforeAll(async () => {
    await initEngine({ engine: 'wasm', log: false });
  });

  it('the paper\'s network: atrous ResNet-101 (res4 dilation 2, res5 dilation 4), ASPP 6/12/18/24 → 71 logits at input size', async () => {
    const { model, stride } = buildDeeplabSidNetwork(defaultConfig);
    expect(stride).toBe(8);
    // torchvision ResNet-101 without its fc: 42,500,160; ASPP-L: 4 × (3·3·2048·71 + 71).
    expect(countTrainableParams(model)).toBe(42_500_160 + 4 * (3 * 3 * 2048 * 71 + 71));
    // [dilation, stride] of the 3×3 convolutions: res3 strides, res4/res5 trade stride for dilation.
    expect(dilationOf(model, 'layer2_0_conv2')).toEqual([1, 2]);
    expect(dilationOf(model, 'layer3_0_conv2')).toEqual([1, 1]);
    expect(dilationOf(model, 'layer3_22_conv2')).toEqual([2, 1]);
    expect(dilationOf(model, 'layer4_2_conv2')).toEqual([4, 1]);
    const aspp = model.layers.filter((l) => /^aspp_rate\d+$/.test(l.name)).map((l) => l.getConfig() as unknown as { dilation: number; filters: number; kernelSize: number });
    expect(aspp.map((c) => [c.dilation, c.filters, c.kernelSize])).toEqual([[6, 71, 3], [12, 71, 3], [18, 71, 3], [24, 71, 3]]);
    const probe = tfl.model({ inputs: model.inputs, outputs: ['aspp_sum', 'logits'].map((n) => model.getLayer(n).output as tfl.SymbolicTensor) });
    await expectNoTensorLeak(() => {
      tf.tidy(() => {
        const [coarse, logits] = probe.predict(tf.randomUniform([1, 48, 64, 3], -1, 1, 'float32', 1)) as tf.Tensor[];
        expect(coarse.shape).toEqual([1, 6, 8, 71]);
        expect(logits.shape).toEqual([1, 48, 64, 71]);
      });
    });
    model.dispose();
  });

  it('the ASPP branches are summed: the score map is the sum of the four atrous convolutions', async () => {
    const { model } = buildDeeplabSidNetwork(tinyPreset.config);
    const names = tinyPreset.config.asppRates.map((r) => `aspp_rate${r}`);
    const probe = tfl.model({ inputs: model.inputs, outputs: [...names, 'aspp_sum'].map((n) => model.getLayer(n).output as tfl.SymbolicTensor) });
    await expectNoTensorLeak(() => {
      tf.tidy(() => {
        const outs = probe.predict(tf.randomUniform([2, 32, 40, 3], -1, 1, 'float32', 2)) as tf.Tensor[];
        const sum = outs.slice(0, -1).reduce((a, b) => tf.add(a, b));
        expect(outs.at(-1)!.shape).toEqual([2, 4, 5, 71]);
        expect(tf.max(tf.abs(tf.sub(sum, outs.at(-1)!))).dataSync()[0]).toBeLessThan(1e-4);
      });
    });
    model.dispose();
  });

  it('tiny and UD configs give [B, H, W, K] logits at any stride-8 input size', async () => {
    for (const config of [tinyPreset.config, { ...tinyPreset.config, spacing: 'ud' as const, bins: 20, outputStride: 16 as const }]) {
      const built = buildDeeplabSidNetwork(config);
      expect(built.stride).toBe(config.outputStride);
      await expectNoTensorLeak(() => {
        tf.tidy(() => {
          for (const [h, w] of [[64, 160], [48, 80]]) {
            expect((built.model.predict(tf.zeros([3, h, w, 3])) as tf.Tensor).shape).toEqual([3, h, w, config.bins]);
          }
        });
      });
      built.model.dispose();
    }
  });

  it('rejects nonsense configs with a message naming the knob', () => {
    expect(() => buildDeeplabSidNetwork({ ...defaultConfig, bins: 1 })).toThrow(/bins must be an integer ≥ 2.*got 1/);
    expect(() => buildDeeplabSidNetwork({ ...defaultConfig, asppRates: [6, 0] })).toThrow(/asppRates must be positive integers, got \[6, 0\]/);
  });
});
