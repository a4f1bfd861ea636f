import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../engine.js';
import { expectNoTensorLeak, relativeError } from '../../testing/index.js';

/** Float64 reference: reduce a row-major [rows, width] view over its rows. */
function columnReduce(values: Float32Array, rows: number, width: number, mean: boolean): number[] {
  const out = new Array<number>(width).fill(0);
  for (let r = 0; r < rows; r++) for (let c = 0; c < width; c++) out[c] += values[r * width + c];
  return mean ? out.map((v) => v / rows) : out;
}

describe('wasm Sum/Mean over leading axes', () => {
  beforeAll(async () => {
    await initEngine({ engine: 'wasm', log: false });
  });

  const cases: Array<[number[] | number, boolean]> = [[[0, 1, 2], false], [[0, 1], true], [[2, 0, 1], false], [0, false]];
  for (const [axis, keepDims] of cases) {
    it(`axis ${JSON.stringify(axis)} keepDims=${keepDims} matches a float64 reference`, async () => {
      await expectNoTensorLeak(() => {
        tf.tidy(() => {
          const x = tf.randomNormal([2, 5, 7, 3], 1, 1, 'float32', 11);
          const axes = Array.isArray(axis) ? axis : [axis];
          const rows = axes.reduce((p, a) => p * x.shape[a], 1);
          for (const mean of [false, true]) {
            const y = mean ? tf.mean(x, axis, keepDims) : tf.sum(x, axis, keepDims);
            const tail = x.shape.slice(axes.length);
            expect(y.shape).toEqual(keepDims ? [...axes.map(() => 1), ...tail] : tail);
            const expected = columnReduce(x.dataSync() as Float32Array, rows, x.size / rows, mean);
            expect(relativeError(y.dataSync(), expected)).toBeLessThan(1e-6);
          }
        });
      });
    });
  }

  it('leaves other reductions to the stock kernel', async () => {
    await expectNoTensorLeak(() => {
      tf.tidy(() => {
        const x = tf.tensor2d([[1, 2, 3], [4, 5, 6]]);
        expect(Array.from(tf.sum(x, 1).dataSync())).toEqual([6, 15]);
        expect(Array.from(tf.mean(x).dataSync())).toEqual([3.5]);
        expect(Array.from(tf.sum(tf.tensor2d([[1, 2], [3, 4]], [2, 2], 'int32'), 0).dataSync())).toEqual([4, 6]);
      });
    });
  });
});
