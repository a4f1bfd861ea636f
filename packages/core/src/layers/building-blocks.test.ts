import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../engine/engine.js';
import { onednnAvailability } from '../testing/engines.js';
import { expectNoTensorLeak, relativeError, runNumpyReference } from '../testing/index.js';
import { roundTripLayersModel } from '../testing/layers-round-trip.js';
import { aspp } from './aspp.js';
import { conv2d } from './conv2d.js';
import { groupNorm, groupNormalize } from './group-norm.js';
import { replicatePad } from './replicate-pad.js';

const reference = fileURLToPath(new URL('./__reference__/blocks.py', import.meta.url));

const roundTrip = roundTripLayersModel;
const onednnReady = await onednnAvailability();

describe('building blocks', () => {
  beforeAll(async () => {
    await initEngine({ engine: 'wasm', log: false });
  });

  it('GroupNorm matches numpy for 1, 2 and C groups', async () => {
    const x = tf.randomNormal([2, 3, 4, 6], 1, 2, 'float32', 3);
    const data = x.dataSync() as Float32Array;
    for (const groups of [1, 2, 6]) {
      const expected = runNumpyReference<number[]>(reference, 'group_norm', { x: { data, shape: [2, 3, 4, 6] } }, { groups, eps: 1e-5 });
      await expectNoTensorLeak(() => {
        const got = tf.tidy(() => groupNormalize(x as tf.Tensor4D, groups, tf.ones([6]), tf.zeros([6]), 1e-5).dataSync());
        expect(relativeError(got, expected.flat(3 as never) as unknown as number[])).toBeLessThan(1e-5);
      });
    }
    x.dispose();
  });

  it('GroupNorm\'s closed-form gradient equals tfjs\'s op-by-op differentiation', async () => {
    const opByOp = (x: tf.Tensor, g: tf.Tensor, b: tf.Tensor, groups: number) => {
      const [n, h, w, c] = x.shape;
      const grouped = tf.reshape(x, [n, h, w, groups, c / groups]);
      const { mean, variance } = tf.moments(grouped, [1, 2, 4], true);
      const normalised = tf.reshape(tf.div(tf.sub(grouped, mean), tf.sqrt(tf.add(variance, 1e-5))), [n, h, w, c]);
      return tf.add(tf.mul(normalised, g), b);
    };
    await expectNoTensorLeak(() => {
      tf.tidy(() => {
        const x = tf.randomNormal([2, 3, 5, 6], 1, 2, 'float32', 5);
        const g = tf.randomNormal([6], 1, 0.3, 'float32', 6);
        const b = tf.randomNormal([6], 0, 0.3, 'float32', 7);
        const dy = tf.randomNormal([2, 3, 5, 6], 0, 1, 'float32', 8);
        for (const groups of [1, 3, 6]) {
          const loss = (norm: (x: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => tf.Tensor) =>
            tf.grads((a: tf.Tensor, s: tf.Tensor, o: tf.Tensor) => tf.sum(tf.mul(norm(a, s, o), dy)))([x, g, b]);
          const fused = loss((a, s, o) => groupNormalize(a as tf.Tensor4D, groups, s, o, 1e-5));
          const reference = loss((a, s, o) => opByOp(a, s, o, groups));
          fused.forEach((t, i) => expect(relativeError(t.dataSync(), reference[i].dataSync()), `groups ${groups}, input ${i}`).toBeLessThan(1e-4));
        }
      });
    });
  });

  it('GroupNorm + ReLU in one op: values and closed-form gradients equal relu(GroupNorm) differentiated by tfjs', async () => {
    await expectNoTensorLeak(() => {
      tf.tidy(() => {
        const x = tf.randomNormal([2, 3, 5, 6], 1, 2, 'float32', 15);
        const g = tf.randomNormal([6], 1, 0.6, 'float32', 16);
        const b = tf.randomNormal([6], 0, 0.6, 'float32', 17);
        const dy = tf.randomNormal([2, 3, 5, 6], 0, 1, 'float32', 18);
        for (const groups of [1, 3]) {
          const run = (norm: (x: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => tf.Tensor) =>
            tf.grads((a: tf.Tensor, s: tf.Tensor, o: tf.Tensor) => tf.sum(tf.mul(norm(a, s, o), dy)))([x, g, b]);
          const fused = run((a, s, o) => groupNormalize(a as tf.Tensor4D, groups, s, o, 1e-5, true));
          const reference = run((a, s, o) => tf.relu(groupNormalize(a as tf.Tensor4D, groups, s, o, 1e-5)));
          fused.forEach((t, i) => expect(relativeError(t.dataSync(), reference[i].dataSync()), `groups ${groups}, input ${i}`).toBeLessThan(1e-5));
          const values = groupNormalize(x as tf.Tensor4D, groups, g, b, 1e-5, true).dataSync();
          expect(relativeError(values, tf.relu(groupNormalize(x as tf.Tensor4D, groups, g, b, 1e-5)).dataSync())).toBe(0);
          expect(Array.from(values).some((v) => v === 0) && Array.from(values).some((v) => v > 0)).toBe(true);
        }
      });
    });
  });

  it.skipIf(!onednnReady.ok)(`GroupNorm (± ReLU) on onednn's native kernels equals the JS path on wasm, values and gradients${onednnReady.ok ? '' : ` (skipped: ${onednnReady.reason})`}`, async () => {
    const run = () => tf.tidy(() => {
      const x = tf.randomNormal([2, 7, 9, 8], 1, 2, 'float32', 25);
      const g = tf.randomNormal([8], 1, 0.6, 'float32', 26);
      const b = tf.randomNormal([8], 0, 0.6, 'float32', 27);
      const dy = tf.randomNormal([2, 7, 9, 8], 0, 1, 'float32', 28);
      return [1, 4].flatMap((groups) => [false, true].flatMap((relu) => {
        const f = (a: tf.Tensor, s: tf.Tensor, o: tf.Tensor) => tf.sum(tf.mul(groupNormalize(a as tf.Tensor4D, groups, s, o, 1e-5, relu), dy));
        return [groupNormalize(x as tf.Tensor4D, groups, g, b, 1e-5, relu), ...tf.grads(f)([x, g, b])].map((t) => t.dataSync() as Float32Array);
      }));
    });
    const onWasm = await expectNoTensorLeak(run);
    await initEngine({ engine: 'onednn', log: false });
    try {
      expect(tf.getKernel('DepthkitGroupNormTraining', tf.getBackend())).toBeDefined();
      const onOnednn = await expectNoTensorLeak(run);
      onOnednn.forEach((v, i) => expect(relativeError(v, onWasm[i]), `output ${i}`).toBeLessThan(1e-4));
    } finally {
      await initEngine({ engine: 'wasm', log: false });
    }
  });

  it('replicate padding repeats the border (and differs from symmetric beyond 1 pixel)', async () => {
    await expectNoTensorLeak(() => {
      const out = tf.tidy(() => Array.from(replicatePad(tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]), [2, 0], [0, 1]).dataSync()));
      expect(out).toEqual([1, 2, 2, 1, 2, 2, 1, 2, 2, 3, 4, 4]);
    });
  });

  it('a dilated Conv2D layer equals tf.conv2d and trains (tfjs-layers cannot)', async () => {
    const input = tfl.input({ shape: [9, 11, 3] });
    const layer = conv2d({ filters: 4, kernelSize: 3, dilation: 2 });
    const model = tfl.model({ inputs: input, outputs: layer.apply(input) as tfl.SymbolicTensor });
    const x = tf.randomNormal([2, 9, 11, 3], 0, 1, 'float32', 4);
    await expectNoTensorLeak(() => {
      tf.tidy(() => {
        const [kernel, bias] = layer.getWeights();
        const expected = tf.add(tf.conv2d(x as tf.Tensor4D, kernel as tf.Tensor4D, 1, 'same', 'NHWC', 2), bias);
        expect(relativeError((model.predict(x) as tf.Tensor).dataSync(), expected.dataSync())).toBeLessThan(1e-6);
        const { grads } = tf.variableGrads(() => tf.sum(tf.square(model.apply(x, { training: true }) as tf.Tensor)) as tf.Scalar);
        expect(Object.values(grads).every((g) => g.dataSync().some((v) => v !== 0))).toBe(true);
      });
    });
    const loaded = await roundTrip(model);
    expect(relativeError((loaded.predict(x) as tf.Tensor).dataSync(), (model.predict(x) as tf.Tensor).dataSync())).toBeLessThan(1e-6);
    x.dispose();
  });

  it('ASPP v2 sums its atrous branches; v3 concatenates and projects; both serialise', async () => {
    for (const style of ['v2', 'v3'] as const) {
      const input = tfl.input({ shape: [12, 16, 8] });
      const out = aspp(input, { rates: [2, 4], filters: 5, style });
      const model = tfl.model({ inputs: input, outputs: out });
      expect(out.shape).toEqual([null, 12, 16, 5]);
      const x = tf.randomNormal([1, 12, 16, 8], 0, 1, 'float32', 5);
      if (style === 'v2') {
        const convs = model.layers.filter((l) => l.getClassName() === '@depthkit/core>Conv2D');
        expect(convs).toHaveLength(2);
        const sum = tf.tidy(() => tf.addN(convs.map((l) => l.apply(x) as tf.Tensor)));
        expect(relativeError((model.predict(x) as tf.Tensor).dataSync(), sum.dataSync())).toBeLessThan(1e-6);
        sum.dispose();
      }
      const loaded = await roundTrip(model);
      expect(relativeError((loaded.predict(x) as tf.Tensor).dataSync(), (model.predict(x) as tf.Tensor).dataSync())).toBeLessThan(1e-6);
      x.dispose();
    }
  });

  it('GroupNorm layer serialises with its group count', async () => {
    const input = tfl.input({ shape: [4, 4, 4] });
    const model = tfl.model({ inputs: input, outputs: groupNorm({ groups: 2 }).apply(input) as tfl.SymbolicTensor });
    const loaded = await roundTrip(model);
    expect(loaded.layers[1].getConfig()).toMatchObject({ groups: 2 });
    const withRelu = tfl.model({ inputs: input, outputs: groupNorm({ groups: 2, relu: true }).apply(input) as tfl.SymbolicTensor });
    expect((await roundTrip(withRelu)).layers[1].getConfig()).toMatchObject({ groups: 2, relu: true });
  });
});
