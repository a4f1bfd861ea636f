import * as tf from '@tensorflow/tfjs-core';
import { initEngine, predictDepth } from '@depthkit/core';
import { onednnAvailability, saveAndReload, trainOnWasmAndOnednn } from '@depthkit/core/testing';
import { describe, expect, it } from 'vitest';
import { regionSupport } from '../src/method.js';

const onednn = await onednnAvailability();
const skipped = onednn.ok ? '' : ` (skipped: ${onednn.reason})`;

// The native engine must train the same network as wasm: same seed, same synthetic batches,
// losses equal to 1e-3 over 5 steps of the tiny preset; and a saved model predicts the same.
describe.skipIf(!onednn.ok)(`region-support on onednn${skipped}`, () => {
  it("5 tiny-preset steps give the wasm engine's losses to 1e-3", async () => {
    const losses = await trainOnWasmAndOnednn(regionSupport);
    expect(losses.onednn).toHaveLength(5);
    losses.onednn.forEach((loss, i) => {
      const wasm = losses.wasm[i];
      expect(Math.abs(loss - wasm) / Math.abs(wasm), `step ${i + 1}: onednn ${loss}, wasm ${wasm}`).toBeLessThan(1e-3);
    });
  });

  it('predicts the same after save → load', async () => {
    await initEngine({ engine: 'onednn', log: false });
    const { config, built, loaded } = await saveAndReload(regionSupport, 'tiny');
    const before = tf.memory().numTensors;
    const images = tf.randomUniform([2, 40, 72, 3], -2, 2, 'float32', 7) as tf.Tensor4D;
    const a = predictDepth(regionSupport, built, images, config);
    const b = predictDepth(regionSupport, loaded.built, images, loaded.config);
    expect(a.shape).toEqual([2, 40, 72, 1]);
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    tf.dispose([a, b, images]);
    expect(tf.memory().numTensors, 'tensors left by predict').toBe(before);
    built.model.dispose();
    loaded.built.model.dispose();
  });
});
