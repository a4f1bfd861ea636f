import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../engine/engine.js';
import { expectNoTensorLeak, relativeError } from '../testing/index.js';
import { batchNorm } from './batch-norm.js';

describe('BatchNorm layer', () => {
  beforeAll(async () => {
    await initEngine({ engine: 'wasm', log: false });
  });

  it('trains like tf.layers.batchNormalization: same outputs, gradients and moving statistics', async () => {
    const mine = batchNorm({ momentum: 0.9, epsilon: 1e-3 });
    const stock = tfl.layers.batchNormalization({ momentum: 0.9, epsilon: 1e-3 });
    const x = tf.randomNormal([2, 4, 6, 3], 2, 3, 'float32', 5);
    // A loss whose gradient is not ~0 for beta (Σ x̂ = 0 makes Σ y² blind to it).
    const r = tf.randomNormal([2, 4, 6, 3], 0, 1, 'float32', 6);
    mine.apply(x);
    stock.apply(x);
    stock.setWeights(mine.getWeights());
    await expectNoTensorLeak(() => {
      const run = (layer: tfl.layers.Layer) =>
        tf.tidy(() => {
          const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(layer.apply(x, { training: true }) as tf.Tensor, r)) as tf.Scalar, layer.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val));
          return [value, ...Object.values(grads)].map((t) => Array.from(t.dataSync()));
        });
      const a = run(mine);
      const b = run(stock);
      a.forEach((v, i) => expect(relativeError(v, b[i]), `output ${i}: ${v.slice(0, 3)} vs ${b[i].slice(0, 3)}`).toBeLessThan(1e-4));
    });
    const weights = (l: tfl.layers.Layer) => l.getWeights().map((w) => Array.from(w.dataSync()));
    weights(mine).forEach((w, i) => expect(relativeError(w, weights(stock)[i])).toBeLessThan(1e-5));
    const inference = tf.tidy(() => relativeError((mine.apply(x) as tf.Tensor).dataSync(), (stock.apply(x) as tf.Tensor).dataSync()));
    expect(inference).toBeLessThan(1e-5);
    tf.dispose([x, r]);
  });

  it('saves and loads under the @depthkit/core name', async () => {
    const input = tfl.input({ shape: [3, 3, 2] });
    const model = tfl.model({ inputs: input, outputs: batchNorm({ name: 'bn' }).apply(input) as tfl.SymbolicTensor });
    const dir = await mkdtemp(path.join(tmpdir(), 'dk-bn-'));
    const saved = await model.save(tf.io.withSaveHandler(async (artifacts) => {
      expect(JSON.stringify(artifacts.modelTopology)).toContain('"class_name":"@depthkit/core>BatchNorm"');
      (globalThis as { __artifacts?: tf.io.ModelArtifacts }).__artifacts = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }));
    expect(saved).toBeDefined();
    const loaded = await tfl.loadLayersModel(tf.io.fromMemory((globalThis as { __artifacts?: tf.io.ModelArtifacts }).__artifacts!));
    expect(loaded.layers[1].getClassName()).toBe('@depthkit/core>BatchNorm');
    expect(dir).toBeTruthy();
  });
});
