import * as tf from '@tensorflow/tfjs-core';
import { initEngine, kittiSpec, predictDepth, synthiaSpec } from '@depthkit/core';
import { expectNoTensorLeak } from '@depthkit/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from './config.js';
import { segmentDepth } from './method.js';
import { buildSegmentDepthNetwork } from './model/segment-depth-network.js';
import { focalCorrection, focalMatchedSize } from './predict.js';
import { synthiaFocalAt } from './presets/camera.js';

describe('segment-depth predict with the focal-length correction (§4)', () => {
  beforeAll(async () => {
    await initEngine({ engine: 'wasm', log: false });
  });

  it('f_train is SYNTHIA\'s fx scaled to the input width; presets record it', () => {
    expect(synthiaFocalAt([288, 480])).toBeCloseTo(532.740352 * 480 / 1280, 9);
    expect(segmentDepth.presets.synthia.config.trainFocal).toBeCloseTo(synthiaFocalAt(synthiaSpec.resolution.train), 9);
    expect(segmentDepth.presets.tiny.testDataset).toBe(kittiSpec);
  });

  it('multiplies depth by f_test / f_train when the test camera is given, not otherwise', async () => {
    const config = { ...defaultConfig, unetWidths: [4, 8], trainFocal: 50, matchTestFocal: false };
    const built = buildSegmentDepthNetwork(config);
    built.model.setWeights(built.model.getWeights().map((w, i) => tf.tidy(() => tf.add(w, tf.randomNormal(w.shape, 0, 0.1, 'float32', i)))));
    const images = tf.randomUniform([1, 12, 20, 3], -2, 2, 'float32', 5) as tf.Tensor4D;
    await expectNoTensorLeak(() => tf.tidy(() => {
      const plain = predictDepth(segmentDepth, built, images, config);
      const camera = { fx: 125, fy: 130, cx: 10, cy: 6 };
      const corrected = predictDepth(segmentDepth, built, images, config, { intrinsics: camera });
      expect(tf.max(plain).dataSync()[0]).toBeGreaterThan(0);
      expect(tf.max(tf.abs(tf.sub(corrected, tf.mul(plain, 2.5)))).dataSync()[0]).toBeLessThan(1e-4);
      const uncalibrated = predictDepth(segmentDepth, built, images, { ...config, trainFocal: null }, { intrinsics: camera });
      expect(Array.from(uncalibrated.dataSync())).toEqual(Array.from(plain.dataSync()));
    }));
    images.dispose();
    built.model.dispose();
  });

  it('with matchTestFocal, runs the network where the test focal length is nearest f_train', async () => {
    // fx 200 at 40×80 and f_train 50: the network sees 12×20 (stride 4), where fx is 50 exactly.
    expect(focalMatchedSize(40, 80, 200, 50, 4)).toEqual([12, 20]);
    expect(focalMatchedSize(10, 10, 1000, 50, 4)).toEqual([4, 4]);
    const config = { ...defaultConfig, unetWidths: [4, 8], trainFocal: 50 };
    const built = buildSegmentDepthNetwork(config);
    built.model.setWeights(built.model.getWeights().map((w, i) => tf.tidy(() => tf.add(w, tf.randomNormal(w.shape, 0, 0.1, 'float32', i)))));
    const images = tf.randomUniform([1, 40, 80, 3], -2, 2, 'float32', 5) as tf.Tensor4D;
    await expectNoTensorLeak(() => tf.tidy(() => {
      const got = predictDepth(segmentDepth, built, images, config, { intrinsics: { fx: 200, fy: 200, cx: 40, cy: 20 } });
      // By hand: resample to 12×20, D_O × maxDepth × (200·20/80)/50 = × 1, back to 40×80.
      const small = tf.image.resizeBilinear(images, [12, 20], false, true);
      const fused = (built.model.predict(small) as tf.Tensor[])[0];
      const expected = tf.image.resizeBilinear(tf.mul(fused, config.maxDepth) as tf.Tensor4D, [40, 80], false, true);
      expect(got.shape).toEqual([1, 40, 80, 1]);
      expect(tf.max(tf.abs(tf.sub(got, expected))).dataSync()[0]).toBeLessThan(1e-4);
    }));
    images.dispose();
    built.model.dispose();
  });

  it('rejects a non-positive focal length', () => {
    expect(() => focalCorrection({ ...defaultConfig, trainFocal: 10 }, { intrinsics: { fx: 0, fy: 1, cx: 0, cy: 0 } })).toThrow(/positive/);
  });
});
