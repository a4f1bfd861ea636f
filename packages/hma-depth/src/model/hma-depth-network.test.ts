import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { initEngine } from '@depthkit/core';
import { expectNoTensorLeak, relativeError, runNumpyReference } from '@depthkit/core/testing';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig, type HmaDepthConfig } from '../config.js';
import { hierarchicalMasks } from './hierarchical-masks.js';
import { buildHmaDepthNetwork, scaleStrides } from './hma-depth-network.js';

const reference = fileURLToPath(new URL('../__reference__/hma_reference.py', import.meta.url));
const small: HmaDepthConfig = { ...defaultConfig, backbone: 'resnet18', decoderWidth: 128 };

function layerShape(model: tfl.LayersModel, name: string): tfl.Shape {
  return model.getLayer(name).outputShape as tfl.Shape;
}

describe('HMA-Depth network', () => {
  beforeAll(async () => {
    await initEngine({ engine: 'wasm', log: false });
  });

  it('eqs. (1)–(4) match numpy and the masks sum to 1 everywhere (2 to 4 attention maps)', async () => {
    for (const maps of [2, 3, 4]) {
      const attention = tf.randomUniform([2, 5, 7, maps], 0, 1, 'float32', maps);
      const expected = runNumpyReference<number[]>(reference, 'masks', { attention: { data: attention.dataSync() as Float32Array, shape: [2, 5, 7, maps] } });
      await expectNoTensorLeak(() => {
        tf.tidy(() => {
          const masks = hierarchicalMasks(attention as tf.Tensor4D);
          expect(masks.shape).toEqual([2, 5, 7, maps + 1]);
          expect(relativeError(masks.dataSync(), (expected as unknown as number[][]).flat(3 as never) as unknown as number[])).toBeLessThan(1e-6);
          const sums = tf.sum(masks, 3).dataSync();
          expect(Math.max(...Array.from(sums, (v) => Math.abs(v - 1)))).toBeLessThan(1e-6);
        });
      });
      attention.dispose();
    }
  });

  it('has the paper\'s blocks at their scales: skips at 1/2…1/16, ASPP at 1/8, one depth module per scale', () => {
    const { model, stride } = buildHmaDepthNetwork(small);
    expect(stride).toBe(32);
    // Symbolic shapes with unknown H, W: check channels here, spatial scales on a real input below.
    expect(layerShape(model, 'iconv5_elu')[3]).toBe(128);
    expect(layerShape(model, 'iconv4_bn')[3]).toBe(64);
    expect(layerShape(model, 'aspp_project_relu')[3]).toBe(32);
    expect(layerShape(model, 'iconv3_elu')[3]).toBe(32);
    expect(layerShape(model, 'iconv2_elu')[3]).toBe(16);
    expect(layerShape(model, 'iconv1_elu')[3]).toBe(8);
    const aspp = model.layers.filter((l) => l.name.startsWith('aspp_rate') && l.name.endsWith('_conv'));
    expect(aspp.map((l) => (l.getConfig() as { dilation: number }).dilation)).toEqual([3, 6, 12, 18, 24]);
    const probe = tfl.model({ inputs: model.inputs, outputs: ['iconv5_elu', 'aspp_project_relu', 'iconv3_elu', 'iconv2_elu', 'iconv1_elu', 'depth_s8_sigmoid', 'depth'].map((n) => model.getLayer(n).output as tfl.SymbolicTensor) });
    const outs = probe.predict(tf.zeros([1, 64, 96, 3])) as tf.Tensor[];
    expect(outs.map((t) => t.shape.slice(1, 3))).toEqual([[4, 6], [8, 12], [16, 24], [32, 48], [64, 96], [8, 12], [64, 96]]);
    tf.dispose(outs);
  });

  for (const scales of [3, 4, 5] as const) {
    for (const attention of [true, false]) {
      it(`${scales} scales, attention ${attention}: outputs [D_final, depths, masks] at input size, masks sum to 1`, async () => {
        const { model } = buildHmaDepthNetwork({ ...small, scales, attention });
        await expectNoTensorLeak(() => {
          tf.tidy(() => {
            const [final, depths, masks] = model.predict(tf.randomUniform([2, 64, 96, 3], -1, 1, 'float32', 3)) as tf.Tensor[];
            expect(final.shape).toEqual([2, 64, 96, 1]);
            expect(depths.shape).toEqual([2, 64, 96, scaleStrides[scales].length]);
            expect(masks.shape).toEqual([2, 64, 96, scaleStrides[scales].length]);
            const sums = tf.sum(masks, 3).dataSync();
            expect(Math.max(...Array.from(sums, (v) => Math.abs(v - 1)))).toBeLessThan(1e-5);
            const fused = tf.sum(tf.mul(masks, depths), 3, true);
            expect(relativeError(final.dataSync(), fused.dataSync())).toBeLessThan(1e-6);
            if (!attention) expect(Math.max(...Array.from(masks.dataSync(), (v) => Math.abs(v - 1 / scales)))).toBeLessThan(1e-6);
          });
        });
        model.dispose();
      });
    }
  }
});
