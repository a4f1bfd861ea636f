import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../engine/engine.js';
import { expectNoTensorLeak, relativeError, testedEngines } from '../testing/index.js';
import { groupedConv2d, groupedConvolution } from './grouped-conv2d.js';

/** The grouped kernel as the dense block-diagonal kernel of an ordinary convolution. */
function blockDiagonal(kernel: tf.Tensor4D, groups: number): tf.Tensor4D {
  const [kh, kw, inPerGroup, filters] = kernel.shape;
  const outPerGroup = filters / groups;
  return tf.concat(Array.from({ length: groups }, (_, g) =>
    tf.pad(tf.slice(kernel, [0, 0, 0, g * outPerGroup], [kh, kw, inPerGroup, outPerGroup]),
      [[0, 0], [0, 0], [g * inPerGroup, (groups - 1 - g) * inPerGroup], [0, 0]])), 3) as tf.Tensor4D;
}

for (const engine of (await testedEngines()).filter((e) => e !== 'cpu')) describe(`GroupedConv2D on ${engine}`, () => {
  beforeAll(async () => {
    await initEngine({ engine, log: false });
  });

  it('equals a block-diagonal convolution, forward and gradient, strided and dilated', async () => {
    await tf.setBackend(engine);
    for (const [strides, dilation] of [[1, 1], [2, 1], [1, 2]]) {
      const layer = groupedConv2d({ filters: 8, kernelSize: 3, groups: 4, strides, dilation, useBias: true });
      const input = tfl.input({ shape: [9, 10, 12] });
      const model = tfl.model({ inputs: input, outputs: layer.apply(input) as tfl.SymbolicTensor });
      layer.setWeights([tf.randomNormal([3, 3, 3, 8], 0, 1, 'float32', 1), tf.randomNormal([8], 0, 1, 'float32', 2)]);
      const [kernel, bias] = layer.getWeights() as [tf.Tensor4D, tf.Tensor1D];
      const x = tf.randomNormal([2, 9, 10, 12], 0, 1, 'float32', 3) as tf.Tensor4D;
      await expectNoTensorLeak(() => {
        tf.tidy(() => {
          const dense = blockDiagonal(kernel, 4);
          const reference = tf.add(tf.conv2d(x, dense, strides, 'same', 'NHWC', dilation), bias);
          const got = model.predict(x) as tf.Tensor;
          expect(got.shape).toEqual(model.outputs[0].shape.map((d) => d ?? 2));
          expect(relativeError(got.dataSync(), reference.dataSync())).toBeLessThan(1e-5);
          // Gradients w.r.t. input and kernel through split/conv/concat (dilated: depthkit's gradient).
          const loss = (y: tf.Tensor) => tf.sum(tf.square(y));
          const [gx, gk] = tf.grads((xx: tf.Tensor, k: tf.Tensor) => loss(groupedConvolution(xx as tf.Tensor4D, k as tf.Tensor4D, 4, strides, 'same', dilation)))([x, kernel]);
          const [rx, rk] = tf.grads((xx: tf.Tensor, k: tf.Tensor) => loss(tf.conv2d(xx as tf.Tensor4D, blockDiagonal(k as tf.Tensor4D, 4), strides, 'same', 'NHWC', dilation)))([x, kernel]);
          expect(relativeError(gx.dataSync(), rx.dataSync())).toBeLessThan(1e-4);
          expect(relativeError(gk.dataSync(), rk.dataSync())).toBeLessThan(1e-4);
        });
      });
      tf.dispose(x);
      model.dispose();
    }
  });

  it('names the layer and the numbers when groups do not divide the channels', () => {
    expect(() => groupedConv2d({ name: 'g', filters: 10, kernelSize: 3, groups: 4 })).toThrow('g: expected groups to be a positive divisor of filters 10, found 4');
    const layer = groupedConv2d({ name: 'h', filters: 8, kernelSize: 3, groups: 4 });
    expect(() => layer.apply(tfl.input({ shape: [5, 5, 6] }))).toThrow('h: expected input channels divisible by groups 4, found 6');
  });
});
