import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../engine/engine.js';
import { withSeededRandom } from './seeded-construction.js';
import { testMethod } from './testing/test-method.js';

describe('withSeededRandom', () => {
  beforeAll(async () => {
    await initEngine({ engine: 'wasm', log: false });
  });

  it('makes initial weights a function of the seed, and restores Math.random', () => {
    const weights = (seed: number) => {
      const built = withSeededRandom(seed, () => testMethod.createModel(testMethod.defaultConfig));
      const values = built.model.getWeights().map((w) => Array.from(w.dataSync()));
      built.model.dispose();
      return values.flat();
    };
    const original = Math.random;
    const a = weights(3);
    expect(weights(3)).toEqual(a);
    expect(weights(4)).not.toEqual(a);
    expect(Math.random).toBe(original);
    expect(tf.memory().numTensors).toBeGreaterThanOrEqual(0);
  });
});
