import * as tf from '@tensorflow/tfjs-core';
import { initEngine, predictDepth } from '@depthkit/core';
import { saveAndReload } from '@depthkit/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { deeplabSid } from '../src/method.js';

describe('DeepLab-SID save → load', () => {
  beforeAll(async () => {
    await initEngine({ engine: 'wasm', log: false });
  });

  it('gives identical predictions after a round trip through <out>/model', async () => {
    const { config, built, loaded } = await saveAndReload(deeplabSid, 'tiny');
    const images = tf.randomUniform([2, 50, 90, 3], -2, 2, 'float32', 7) as tf.Tensor4D;
    const a = predictDepth(deeplabSid, built, images, config);
    const b = predictDepth(deeplabSid, loaded.built, images, loaded.config);
    expect(a.shape).toEqual([2, 50, 90, 1]);
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    expect(loaded.config).toEqual(config);
    // The arg-max read-out hides small weight differences: the logits must match too.
    const logitsA = built.model.predict(images) as tf.Tensor;
    const logitsB = loaded.built.model.predict(images) as tf.Tensor;
    expect(logitsA.shape).toEqual([2, 50, 90, 71]);
    expect(Array.from(logitsB.dataSync())).toEqual(Array.from(logitsA.dataSync()));
    tf.dispose([a, b, images, logitsA, logitsB]);
  });
});
