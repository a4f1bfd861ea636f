import * as tf from '@tensorflow/tfjs-core';
import { imagesToTensor, initEngine, predictSample, zeroPadSample, type RgbImage } from '@depthkit/core';
import { expectNoTensorLeak } from '@depthkit/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig, type DsSidenetConfig } from './config.js';
import { dsSidenet } from './method.js';
import { buildDsSidenetNetwork } from './model/ds-sidenet-network.js';
import { dsSidenetPredict } from './predict.js';
import { kittiPreset } from './presets/kitti.js';

// The kitti preset's network at an eighth of the width: the padding, not the width, is under test.
const config: DsSidenetConfig = { ...kittiPreset.config, widthScale: 0.125, amDilations: [1, 2, 4], bins: 10 };

function randomRgb(width: number, height: number, seed: number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  let s = seed;
  for (let i = 0; i < data.length; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    data[i] = s >> 23;
  }
  return { width, height, data };
}

/** Depth of a whole (already padded) frame with no padding by predict, cropped to the frame. */
function croppedPrediction(built: ReturnType<typeof buildDsSidenetNetwork>, padded: RgbImage, top: number, left: number, frame: RgbImage): Float32Array {
  const depth = tf.tidy(() => {
    const full = dsSidenetPredict(built, imagesToTensor([padded]), { ...config, padTo: null });
    return tf.slice(full, [0, top, left, 0], [1, frame.height, frame.width, 1]);
  });
  const data = depth.dataSync() as Float32Array;
  depth.dispose();
  return data;
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe('predict of a padTo network (kitti: §5.1 zero padding to 1248×384)', () => {
  beforeAll(async () => {
    await initEngine({ engine: 'wasm', log: false });
  });

  it('the eval path on a native 1242×375 KITTI frame equals the crop of the explicitly zero-padded frame', async () => {
    expect(config.padTo).toEqual([384, 1248]);
    const built = buildDsSidenetNetwork(config);
    // Only the stride core's predictDepth pads to is changed: predict fits the frame itself.
    expect(built.stride).toBe(1);
    const frame = randomRgb(1242, 375, 7);
    // Training's padding: core's zeroPadSample (9 rows on top, 3 columns each side).
    const padded = zeroPadSample({ id: 'frame', rgb: frame }, 384, 1248).rgb;
    await expectNoTensorLeak(() => {
      // What `eval` runs per frame: predictSample → predictDepth → the method's predict.
      const viaEval = predictSample(dsSidenet, built, config, frame).data;
      const reference = croppedPrediction(built, padded, 9, 3, frame);
      const diff = maxAbsDiff(viaEval, reference);
      // The old path (edge padding to a stride of 4, no zero border) gives other numbers.
      const native = predictSample(dsSidenet, { ...built, stride: 4 }, { ...config, padTo: null }, frame).data;
      const nativeDiff = maxAbsDiff(native, reference);
      console.log(`1242×375 frame: |eval path − crop of zero-padded| max ${diff.toExponential(2)} m; without padTo the difference is ${nativeDiff.toFixed(4)} m`);
      expect(diff).toBeLessThan(1e-5);
      expect(nativeDiff).toBeGreaterThan(1e-3);
    });
    built.model.dispose();
  }, 120_000);

  it('a frame larger than padTo is predicted at its own size, edge-padded to the stride (the documented fallback)', async () => {
    const small: DsSidenetConfig = { ...config, padTo: [32, 64] };
    const built = buildDsSidenetNetwork(small);
    const frame = randomRgb(66, 30, 3);
    await expectNoTensorLeak(() => {
      const fallback = predictSample(dsSidenet, built, small, frame).data;
      const stride4 = predictSample(dsSidenet, { ...built, stride: 4 }, { ...small, padTo: null }, frame).data;
      expect(maxAbsDiff(fallback, stride4)).toBeLessThan(1e-6);
    });
    built.model.dispose();
  });

  it('pads every image of a batch as it pads the image alone', async () => {
    const small: DsSidenetConfig = { ...config, padTo: [32, 64] };
    const built = buildDsSidenetNetwork(small);
    const frames = [randomRgb(58, 27, 1), randomRgb(58, 27, 2)];
    await expectNoTensorLeak(() => {
      tf.tidy(() => {
        const batch = dsSidenetPredict(built, imagesToTensor(frames), small);
        expect(batch.shape).toEqual([2, 27, 58, 1]);
        const one = dsSidenetPredict(built, imagesToTensor([frames[1]]), small);
        expect(maxAbsDiff(tf.slice(batch, [1, 0, 0, 0], [1, -1, -1, -1]).dataSync() as Float32Array, one.dataSync() as Float32Array)).toBeLessThan(1e-5);
      });
    });
    built.model.dispose();
  });

  it('refuses a padTo that is not a multiple of the network stride, naming it', () => {
    expect(() => buildDsSidenetNetwork({ ...defaultConfig, range: 'high', padTo: [375, 1242] })).toThrow("padTo must be [height, width], both positive multiples of the network's stride 4, got [375, 1242]");
  });
});
