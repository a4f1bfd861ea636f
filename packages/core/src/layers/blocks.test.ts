import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../engine/engine.js';
import { expectNoTensorLeak, relativeError, runNumpyReference } from '../testing/index.js';
import { roundTripLayersModel } from '../testing/layers-round-trip.js';
import { adaptiveAvgPool } from './adaptive-avg-pool.js';
import { pyramidPooling } from './pyramid-pooling.js';
import { separableConvBlock } from './separable-block.js';
import { unpool2x } from './unpool.js';
import { upProjection } from './up-projection.js';

const torchReference = fileURLToPath(new URL('./__reference__/torch_blocks.py', import.meta.url));

const roundTrip = roundTripLayersModel;

/** Every trainable weight gets a non-zero gradient from a training-mode forward. */
function allWeightsLearn(model: tfl.LayersModel, x: tf.Tensor): boolean {
  return tf.tidy(() => {
    const { grads } = tf.variableGrads(() => tf.sum(tf.square(model.apply(x, { training: true }) as tf.Tensor)) as tf.Scalar);
    return Object.values(grads).every((g) => g.dataSync().some((v) => v !== 0 && Number.isFinite(v)));
  });
}

describe('blocks', () => {
  beforeAll(async () => {
    await initEngine({ engine: 'wasm', log: false });
  });

  it('adaptiveAvgPool equals torch.nn.functional.adaptive_avg_pool2d, non-divisible sizes included', async () => {
    const x = tf.randomNormal([2, 13, 17, 3], 0, 1, 'float32', 8);
    for (const [oh, ow] of [[1, 1], [3, 5], [6, 4], [13, 17]] as Array<[number, number]>) {
      const expected = runNumpyReference<number[]>(torchReference, 'adaptive_avg_pool', { x: { data: x.dataSync() as Float32Array, shape: [2, 13, 17, 3] } }, { oh, ow });
      await expectNoTensorLeak(() => {
        const got = tf.tidy(() => adaptiveAvgPool(x as tf.Tensor4D, [oh, ow]).dataSync());
        expect(relativeError(got, (expected as unknown as number[][]).flat(3 as never) as unknown as number[])).toBeLessThan(1e-5);
      });
    }
    x.dispose();
  });

  it('unpool2x places values top-left in 2×2 blocks', async () => {
    await expectNoTensorLeak(() => {
      const out = tf.tidy(() => Array.from(unpool2x(tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1])).dataSync()));
      expect(out).toEqual([1, 0, 2, 0, 0, 0, 0, 0, 3, 0, 4, 0, 0, 0, 0, 0]);
    });
  });

  it('up-projection maps C×H×W to filters×tH×tW for t = 2 and 1, trains, and serialises', async () => {
    for (const scale of [2, 1] as const) {
      const input = tfl.input({ shape: [6, 8, 12] });
      const out = upProjection(input, { filters: 6, scale });
      expect(out.shape).toEqual([null, 6 * scale, 8 * scale, 6]);
      const model = tfl.model({ inputs: input, outputs: out });
      const x = tf.randomNormal([2, 6, 8, 12], 0, 1, 'float32', 9);
      expect(allWeightsLearn(model, x)).toBe(true);
      const loaded = await roundTrip(model);
      expect(relativeError((loaded.predict(x) as tf.Tensor).dataSync(), (model.predict(x) as tf.Tensor).dataSync())).toBeLessThan(1e-6);
      x.dispose();
    }
  });

  it('a dilated depthwise-separable block trains', () => {
    const input = tfl.input({ shape: [10, 12, 4] });
    const model = tfl.model({ inputs: input, outputs: separableConvBlock(input, { filters: 8, dilation: 2 }) });
    expect(model.outputs[0].shape).toEqual([null, 10, 12, 8]);
    const x = tf.randomNormal([2, 10, 12, 4], 0, 1, 'float32', 10);
    expect(allWeightsLearn(model, x)).toBe(true);
    x.dispose();
  });

  it('pyramid pooling concatenates the input with one resized branch per size', async () => {
    const input = tfl.input({ shape: [12, 20, 8] });
    const out = pyramidPooling(input, { sizes: [[1, 1], [2, 3], [3, 5], [6, 10]], filters: 2 });
    expect(out.shape).toEqual([null, 12, 20, 8 + 4 * 2]);
    const model = tfl.model({ inputs: input, outputs: out });
    const x = tf.randomNormal([2, 12, 20, 8], 0, 1, 'float32', 11);
    // The first 8 channels are the input itself.
    const passthrough = tf.tidy(() => relativeError(tf.slice(model.predict(x) as tf.Tensor, [0, 0, 0, 0], [-1, -1, -1, 8]).dataSync(), x.dataSync()));
    expect(passthrough).toBe(0);
    expect(allWeightsLearn(model, x)).toBe(true);
    const loaded = await roundTrip(model);
    expect(relativeError((loaded.predict(x) as tf.Tensor).dataSync(), (model.predict(x) as tf.Tensor).dataSync())).toBeLessThan(1e-6);
    x.dispose();
  });
});
