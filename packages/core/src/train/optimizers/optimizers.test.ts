import * as tf from '@tensorflow/tfjs-core';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../../engine/engine.js';
import { expectNoTensorLeak, relativeError, runNumpyReference } from '../../testing/index.js';
import { onednnAvailability } from '../../testing/engines.js';
import { mulberry32 } from '../../datasets/pipeline/prng.js';
import { clipGradNorm } from '../clip-grad-norm.js';
import { createOptimizer } from './create-optimizer.js';
import { adamUpdateKernel, sgdUpdateKernel } from './native-update.js';
import type { OptimizerConfig } from './optimizer.js';

const onednn = await onednnAvailability();
if (!onednn.ok) process.stderr.write(`optimizer tests: onednn skipped: ${onednn.reason}\n`);
// wasm runs the updates as tfjs ops; onednn as one native kernel per weight.
const engines = onednn.ok ? (['wasm', 'onednn'] as const) : (['wasm'] as const);

const reference = path.join(path.dirname(fileURLToPath(import.meta.url)), '../__reference__/torch_optim.py');
const steps = 25;
const size = 12;

function normals(n: number, seed: number, scale = 1): Float32Array {
  const random = mulberry32(seed);
  return Float32Array.from({ length: n }, () => scale * Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random()));
}

/** Same start, gradients and per-step rates on both sides; returns the max relative error over the trajectory. */
async function parity(config: OptimizerConfig, clip?: number): Promise<number> {
  const w0 = normals(size, 1);
  // Gradients of mixed scale, some tiny, so Adam's ε and bias correction matter.
  const grads = normals(steps * size, 2).map((g, i) => g * (i % 5 === 0 ? 1e-3 : 1));
  const lrs = Float32Array.from({ length: steps }, (_, s) => config.lr * (1 - s / (2 * steps)));
  const expected = runNumpyReference<number[][]>(reference, 'trajectory', {
    w0: { data: w0, shape: [size] },
    grads: { data: grads, shape: [steps, size] },
    lrs: { data: lrs, shape: [steps] },
  }, {
    kind: config.type, beta1: config.beta1 ?? 0.9, beta2: config.beta2 ?? 0.999, epsilon: config.epsilon ?? 1e-8,
    momentum: config.momentum ?? 0, nesterov: config.nesterov ?? false,
    weight_decay: config.weightDecay ?? (config.type === 'adamw' ? 0.01 : 0), clip: clip ?? null,
  });
  const w = tf.variable(tf.tensor1d(w0));
  const actual: number[][] = [];
  await expectNoTensorLeak(() => {
    const optimizer = createOptimizer(config, [w]);
    for (let s = 0; s < steps; s++) {
      const g = tf.tensor1d(grads.subarray(s * size, (s + 1) * size));
      const clipped = clip ? clipGradNorm([g], clip).grads : [g];
      optimizer.apply(clipped, lrs[s]);
      tf.dispose([g, ...clipped]);
      actual.push(Array.from(w.dataSync()));
    }
    optimizer.dispose();
  });
  w.dispose();
  return Math.max(...actual.map((row, s) => relativeError(row, expected[s])));
}

describe.each(engines)('optimizers against torch 1.13 on %s', (engine) => {
  beforeAll(async () => {
    await initEngine({ engine, log: false });
    // The native path is the one under test there: it must be the one taken.
    if (engine === 'onednn') for (const k of [adamUpdateKernel, sgdUpdateKernel]) expect(tf.getKernel(k, 'onednn'), k).toBeDefined();
  });

  const cases: [string, OptimizerConfig, number?][] = [
    ['Adam', { type: 'adam', lr: 0.05 }],
    ['Adam with L2 weight decay', { type: 'adam', lr: 0.05, beta1: 0.8, beta2: 0.99, epsilon: 1e-6, weightDecay: 0.1 }],
    ['AdamW (decoupled decay)', { type: 'adamw', lr: 0.05, weightDecay: 0.05 }],
    ['AdamW with the default decay', { type: 'adamw', lr: 0.01 }],
    ['SGD', { type: 'sgd', lr: 0.1 }],
    ['SGD + momentum + weight decay', { type: 'sgd', lr: 0.1, momentum: 0.9, weightDecay: 1e-2 }],
    ['SGD + Nesterov momentum', { type: 'sgd', lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 1e-3 }],
    ['AdamW after clip_grad_norm_', { type: 'adamw', lr: 0.05, weightDecay: 0.05 }, 0.5],
  ];
  for (const [name, config, clip] of cases) {
    it(`${name}: the trajectory agrees to 1e-6 relative`, async () => {
      const error = await parity(config, clip);
      console.log(`optimizer parity ${name} (${engine}): max relative error ${error.toExponential(2)}`);
      expect(error).toBeLessThan(1e-6);
    });
  }

  it('clipGradNorm matches torch.nn.utils.clip_grad_norm_ over several tensors', async () => {
    const a = normals(6, 7, 3);
    const b = normals(4, 8, 3);
    const [norm, ...clippedRef] = runNumpyReference<number[]>(reference, 'clip_grad_norm', {
      a: { data: a, shape: [2, 3] }, b: { data: b, shape: [4] },
    }, { max_norm: 1.5 });
    await expectNoTensorLeak(() => {
      const ga = tf.tensor2d(a, [2, 3]);
      const gb = tf.tensor1d(b);
      const result = clipGradNorm([ga, gb], 1.5);
      expect(result.clipped).toBe(true);
      expect(relativeError([result.norm], [norm])).toBeLessThan(1e-6);
      const got = [...result.grads[0].dataSync(), ...result.grads[1].dataSync()];
      expect(relativeError(got, clippedRef)).toBeLessThan(1e-6);
      const untouched = clipGradNorm([ga, gb], 1e6);
      expect(untouched.clipped).toBe(false);
      tf.dispose([ga, gb, ...result.grads]);
    });
  });

  it('saves and restores its slots so a restored optimizer continues identically', async () => {
    const w = tf.variable(tf.tensor1d([1, -2, 3]));
    const w2 = tf.variable(tf.tensor1d([1, -2, 3]));
    const a = createOptimizer({ type: 'adamw', lr: 0.1 }, [w]);
    const b = createOptimizer({ type: 'adamw', lr: 0.1 }, [w2]);
    const g = tf.tensor1d([0.3, -0.1, 0.2]);
    a.apply([g], 0.1);
    a.apply([g], 0.1);
    w2.assign(w);
    b.restore(a.iterations, Object.fromEntries(a.slots().map((s) => [s.name, s.tensor])));
    a.apply([g], 0.1);
    b.apply([g], 0.1);
    expect(Array.from(w2.dataSync())).toEqual(Array.from(w.dataSync()));
    expect(b.iterations).toBe(3);
    a.dispose();
    b.dispose();
    tf.dispose([w, w2, g]);
  });
});

/** A trajectory of `steps` updates of two weights (one past the native kernel's parallel threshold). */
async function trajectoryOn(engine: 'cpu' | 'onednn', config: OptimizerConfig): Promise<Float32Array[]> {
  await initEngine({ engine, log: false });
  return expectNoTensorLeak(() => {
    const weights = tf.tidy(() => [tf.variable(tf.tensor1d(normals(70_000, 3))), tf.variable(tf.tensor2d(normals(12, 4), [3, 4]))]);
    const optimizer = createOptimizer(config, weights);
    for (let s = 0; s < 6; s++) {
      const grads = weights.map((w, k) => tf.tensor(normals(w.size, 10 + 2 * s + k).map((g, i) => g * (i % 7 === 0 ? 1e-4 : 1)), w.shape));
      optimizer.apply(grads, config.lr * (1 - s / 12));
      tf.dispose(grads);
    }
    const out = [...weights, ...optimizer.slots().map((slot) => slot.tensor)].map((t) => t.dataSync() as Float32Array);
    optimizer.dispose();
    tf.dispose(weights);
    return out;
  });
}

describe.skipIf(!onednn.ok)(`onednn's one-pass optimizer kernels${onednn.ok ? '' : ` (skipped: ${onednn.reason})`}`, () => {
  for (const config of [
    { type: 'adamw', lr: 1e-3, weightDecay: 1e-2, epsilon: 1e-6 },
    { type: 'adam', lr: 1e-3, weightDecay: 1e-3 },
    { type: 'adam', lr: 5e-2, beta1: 0.8, beta2: 0.99 },
    { type: 'sgd', lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 5e-4 },
    { type: 'sgd', lr: 0.1, momentum: 0.9 },
    { type: 'sgd', lr: 0.1, weightDecay: 1e-4 },
  ] as OptimizerConfig[]) {
    it(`${JSON.stringify(config)}: weights and slots equal the cpu backend's tfjs ops exactly`, async () => {
      const cpu = await trajectoryOn('cpu', config);
      let native: Float32Array[] = [];
      const { kernelNames } = await tf.profile(async () => {
        native = await trajectoryOn('onednn', config);
      });
      // One native update per weight and step, and none of the tfjs ops the JS path uses.
      expect(kernelNames).toContain(config.type === 'sgd' ? sgdUpdateKernel : adamUpdateKernel);
      expect(kernelNames).not.toContain('Sqrt');
      expect(native.length).toBe(cpu.length);
      native.forEach((values, i) => expect(relativeError(values, cpu[i]), `tensor ${i}`).toBe(0));
    });
  }
});

// A 100 M-parameter network has 400 MB of weights: an update that keeps every weight's
// temporaries until it ends needs several GB more, past the wasm heap. Peak memory is measured
// with tf.profile over 16 variables of 4096 floats each.
describe('an update holds one variable\'s temporaries at a time', () => {
  const count = 16;
  const size = 4096;
  const oneVariable = size * 4;

  async function peakAbove(update: (grads: tf.Tensor[]) => void): Promise<number> {
    const grads = Array.from({ length: count }, (_, i) => tf.fill([size], 0.01 * (i + 1)));
    const before = tf.memory().numBytes;
    const { peakBytes } = await tf.profile(() => update(grads));
    tf.dispose(grads);
    return peakBytes - before;
  }

  for (const config of [
    { type: 'adamw', lr: 0.1, weightDecay: 0.01 },
    { type: 'sgd', lr: 0.1, momentum: 0.9, weightDecay: 5e-4 },
  ] as OptimizerConfig[]) {
    it(`${config.type}: peak extra memory stays under one tensor per variable`, async () => {
      await initEngine({ engine: 'wasm', log: false });
      const weights = Array.from({ length: count }, () => tf.variable(tf.ones([size])));
      const optimizer = createOptimizer(config, weights);
      optimizer.apply(weights.map(() => tf.zeros([size])), 0.1); // slots are created on first use
      const extra = await expectNoTensorLeak(() => peakAbove((grads) => optimizer.apply(grads, 0.1)));
      // A scope around the whole loop held ~8 temporaries of all 16 (≈ 128 × oneVariable).
      expect(extra).toBeLessThan(count * oneVariable);
      optimizer.dispose();
      tf.dispose(weights);
    });
  }
});
