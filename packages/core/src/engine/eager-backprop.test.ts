import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from './engine.js';
import { expectNoTensorLeak, relativeError, testedEngines } from '../testing/index.js';

type Gradients = (f: () => tf.Tensor, xs: tf.Tensor[], dy?: tf.Tensor, allowNoGradients?: boolean) => { value: tf.Tensor; grads: tf.Tensor[] };

/** tfjs's own backward pass (the prototype's), for comparison with depthkit's. */
function stockGradients(): Gradients {
  const engine = tf.engine();
  const proto = Object.getPrototypeOf(engine) as { gradients: Gradients };
  return proto.gradients.bind(engine);
}

function eagerGradients(): Gradients {
  const engine = tf.engine() as unknown as { gradients: Gradients };
  return engine.gradients.bind(engine);
}

/** A small conv net with a shared input, a reused weight, a residual add and an unused variable. */
function network(x: tf.Tensor4D, w: tf.Tensor4D, b: tf.Tensor1D): tf.Scalar {
  const h = tf.relu(tf.add(tf.conv2d(x, w, 1, 'same'), b)) as tf.Tensor4D;
  const g = tf.leakyRelu(tf.conv2d(h, w, 1, 'same'), 0.2);
  const r = tf.add(g, tf.add(x, x));
  return tf.mean(tf.mul(tf.sigmoid(r), r));
}

/** An identity op whose gradient records how many tensors are alive when the backward pass reaches it. */
function aliveProbe(record: (alive: number) => void): (t: tf.Tensor) => tf.Tensor {
  return tf.customGrad((t) => ({
    value: tf.mul(t as tf.Tensor, 1),
    gradFunc: (dy) => {
      record(tf.memory().numTensors);
      return dy as tf.Tensor;
    },
  })) as (t: tf.Tensor) => tf.Tensor;
}

for (const engine of await testedEngines()) {
  describe(`depthkit's freeing backward pass on ${engine}`, () => {
    beforeAll(async () => {
      await initEngine({ engine, log: false });
    });

    it('is installed, and gives tfjs\'s gradients to 1e-6', async () => {
      expect(eagerGradients()).not.toBe(stockGradients());
      await expectNoTensorLeak(() => {
        tf.tidy(() => {
          const x = tf.randomNormal([2, 6, 7, 4], 0, 1, 'float32', 1) as tf.Tensor4D;
          const w = tf.randomNormal([3, 3, 4, 4], 0, 0.3, 'float32', 2) as tf.Tensor4D;
          const b = tf.randomNormal([4], 0, 0.1, 'float32', 3) as tf.Tensor1D;
          const unused = tf.ones([3]);
          const run = (gradients: Gradients) => gradients(() => network(x, w, b), [x, w, b, unused], undefined, true);
          const mine = run(eagerGradients());
          const theirs = run(stockGradients());
          expect(mine.value.dataSync()[0]).toBeCloseTo(theirs.value.dataSync()[0], 6);
          for (let i = 0; i < 3; i++) {
            expect(relativeError(mine.grads[i].dataSync(), theirs.grads[i].dataSync()), `input ${i}`).toBeLessThan(1e-6);
          }
          expect(mine.grads[3]).toBeUndefined();
        });
      });
    });

    it('frees each node\'s saved tensors and gradients as it goes', async () => {
      const depth = 24;
      // Tensors alive when the backward pass reaches the first op of a chain of 24 Sin ops
      // (each saves its input): tfjs still holds all saved inputs and all 24 gradients there.
      const aliveAtTheEnd = (gradients: Gradients) => {
        let alive = 0;
        const probe = aliveProbe((n) => (alive = n));
        const x = tf.randomNormal([64], 0, 1, 'float32', 4);
        const before = tf.memory().numTensors;
        const { value, grads } = gradients(() => {
          let h = probe(x);
          for (let i = 0; i < depth; i++) h = tf.sin(h);
          return tf.sum(h);
        }, [x]);
        tf.dispose([value, ...grads, x]);
        return alive - before;
      };
      const mine = await expectNoTensorLeak(() => aliveAtTheEnd(eagerGradients()));
      const theirs = await expectNoTensorLeak(() => aliveAtTheEnd(stockGradients()));
      expect(theirs).toBeGreaterThanOrEqual(2 * depth);
      expect(mine).toBeLessThan(6);
    });

    it('frees a gradient function\'s temporaries with its node, and keeps a saved tensor it hands back', async () => {
      // Tensors alive when the backward pass reaches `probe`, after `busy`'s gradient ran with
      // `temporaries` scratch tensors of its own: they must be gone by then.
      const aliveAtProbe = (temporaries: number) => {
        let alive = 0;
        const probe = aliveProbe((n) => (alive = n));
        const busy = tf.customGrad((t, save) => {
          (save as tf.GradSaveFunc)([tf.onesLike(t as tf.Tensor)]);
          return {
            value: tf.mul(t as tf.Tensor, 2),
            gradFunc: (dy, saved) => {
              let scratch = dy as tf.Tensor;
              for (let i = 0; i < temporaries; i++) scratch = tf.add(scratch, 0);
              // Hands back what it saved, times nothing: the map must own it, not dispose it.
              return temporaries >= 0 ? saved[0] : scratch;
            },
          };
        });
        const x = tf.randomNormal([16], 0, 1, 'float32', 5);
        const before = tf.memory().numTensors;
        const { value, grads } = eagerGradients()(() => tf.sum(busy(probe(x))), [x]);
        expect(Array.from(grads[0].dataSync())).toEqual(new Array(16).fill(1));
        tf.dispose([value, ...grads, x]);
        return alive - before;
      };
      const quiet = await expectNoTensorLeak(() => aliveAtProbe(0));
      const busy = await expectNoTensorLeak(() => aliveAtProbe(20));
      expect(busy).toBe(quiet);
    });

    it('leaves higher-order gradients to tfjs (a tape inside a tape)', async () => {
      await expectNoTensorLeak(() => {
        tf.tidy(() => {
          const d2 = tf.grad(tf.grad((t: tf.Tensor) => tf.sum(tf.pow(t, 3))));
          expect(Array.from(d2(tf.tensor1d([1, -2])).dataSync())).toEqual([6, -12]);
        });
      });
    });
  });
}
