import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../engine/engine.js';
import { expectNoTensorLeak } from '../testing/index.js';
import { createBackbone } from './create-backbone.js';
import { encodeSafetensors, parseSafetensors } from './safetensors.js';
import { exportTorchvisionWeights } from './export-torchvision-weights.js';
import { importTorchvisionWeights } from './import-torchvision-weights.js';

describe('createBackbone', () => {
  beforeAll(async () => {
    await initEngine({ engine: 'wasm', log: false });
  });

  it('taps resnet18 at 1/2 … 1/32, and dilation keeps the last stages at 1/16 or 1/8; any input size', async () => {
    const expected = { 32: [2, 4, 8, 16, 32], 16: [2, 4, 8, 16, 16], 8: [2, 4, 8, 8, 8] } as const;
    for (const outputStride of [32, 16, 8] as const) {
      const backbone = createBackbone({ arch: 'resnet18', outputStride, inputShape: [null, null, 3] });
      expect(backbone.taps).toEqual(['relu', 'layer1', 'layer2', 'layer3', 'layer4'].map((name, i) => ({
        name, stride: expected[outputStride][i], channels: [64, 64, 128, 256, 512][i],
      })));
      await expectNoTensorLeak(() => {
        const outputs = tf.tidy(() => backbone.model.predict(tf.zeros([1, 64, 96, 3])) as tf.Tensor[]);
        expect(outputs.map((o) => o.shape)).toEqual(backbone.taps.map((t) => [1, 64 / t.stride, 96 / t.stride, t.channels]));
        tf.dispose(outputs);
      });
      backbone.model.dispose();
    }
  });

  it('trains at output stride 8: every weight of a dilated resnet18 gets a finite gradient', async () => {
    const { model } = createBackbone({ arch: 'resnet18', outputStride: 8, inputShape: [64, 64, 3] });
    const x = tf.randomNormal([2, 64, 64, 3], 0, 1, 'float32', 5);
    await expectNoTensorLeak(() => {
      const { value, grads } = tf.variableGrads(() => {
        const taps = model.apply(x, { training: true }) as tf.Tensor[];
        return tf.addN(taps.map((t) => tf.mean(tf.square(t)))) as tf.Scalar;
      });
      const trainable = model.trainableWeights.map((w) => (w.read() as tf.Variable).name);
      expect(Object.keys(grads).sort()).toEqual(trainable.sort());
      for (const [name, g] of Object.entries(grads)) {
        expect(Number.isFinite(tf.tidy(() => tf.sum(tf.abs(g)).dataSync()[0])), name).toBe(true);
      }
      tf.dispose([value, ...Object.values(grads)]);
    });
    x.dispose();
    model.dispose();
  });

  it('imports a state_dict of its own export, and lists missing, unexpected and mis-shaped keys', () => {
    const source = createBackbone({ arch: 'resnet18', inputShape: [32, 32, 3] });
    const target = createBackbone({ arch: 'resnet18', inputShape: [32, 32, 3] });
    const state = exportTorchvisionWeights(source.model);
    expect(state['layer2.0.downsample.0.weight'].shape).toEqual([128, 64, 1, 1]);
    expect(state['layer1.1.bn2.running_var'].shape).toEqual([64]);
    const ignored = { 'fc.weight': { data: new Float32Array(2), shape: [2] }, 'bn1.num_batches_tracked': { data: new Float32Array(1), shape: [] } };
    importTorchvisionWeights(target.model, parseSafetensors(encodeSafetensors({ ...state, ...ignored }), 'ok.safetensors'), 'ok.safetensors');
    tf.tidy(() => {
      const x = tf.randomNormal([1, 32, 32, 3], 0, 1, 'float32', 1);
      const [a, b] = [source, target].map((m) => (m.model.predict(x) as tf.Tensor[])[4].dataSync());
      expect(Array.from(b)).toEqual(Array.from(a));
    });

    const broken = { ...state, 'layer9.0.conv1.weight': state['conv1.weight'], 'layer1.0.conv1.weight': state['conv1.weight'] };
    delete (broken as Record<string, unknown>)['bn1.running_mean'];
    const file = 'broken.safetensors';
    expect(() => importTorchvisionWeights(target.model, parseSafetensors(encodeSafetensors(broken), file), file)).toThrow(
      'broken.safetensors: expected torchvision resnet18 weights (100 tensors); missing 1: bn1.running_mean; unexpected 1: layer9.0.conv1.weight; ' +
        'wrong shape 1: layer1.0.conv1.weight (expected [64, 64, 3, 3], found [64, 3, 7, 7])',
    );

    const bn = state['layer3.0.bn1.weight'];
    const poisoned = { ...state, 'layer3.0.bn1.weight': { shape: bn.shape, data: bn.data.map((v, i) => (i === 0 ? Number.NaN : i === 5 ? -Infinity : v)) } };
    expect(() => importTorchvisionWeights(target.model, parseSafetensors(encodeSafetensors(poisoned), 'nan.safetensors'), 'nan.safetensors')).toThrow(
      "nan.safetensors: weight 'layer3.0.bn1.weight' [256] holds 2 NaN/Inf values; expected finite numbers");
    source.model.dispose();
    target.model.dispose();
  });

  it('names the architecture and the problem for bad options', () => {
    expect(() => createBackbone({ arch: 'densenet121', outputStride: 16, inputShape: [64, 64, 3] })).toThrow(
      'createBackbone(densenet121): expected outputStride 32 (DenseNets are not dilated), found 16');
    expect(() => createBackbone({ arch: 'resnet50', outputStride: 4 as never, inputShape: [64, 64, 3] })).toThrow(
      "createBackbone(resnet50): outputStride: expected an output stride of 32, 16 or 8, found '4'");
    expect(() => createBackbone({ arch: 'resnet50', inputShape: [64, 64, 1] as never })).toThrow(
      'createBackbone(resnet50): expected inputShape [height, width, 3], found [64, 64, 1]');
    expect(() => createBackbone({ arch: 'vgg16' as never, inputShape: [64, 64, 3] })).toThrow("createBackbone: expected an architecture among resnet18, resnet34, resnet50, resnet101, resnext50, resnet-tiny, densenet121, densenet161, found 'vgg16'");
  });
});
