import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { addonStatus, expectNoTensorLeak, randomTensor, relativeError, runOn, setUpOnednn, skipReason } from '../../test/helpers.js';
import { groupNormTrainingGradKernelName, groupNormTrainingKernelName } from './group-norm.js';

/** Group statistics, the optional ReLU and the closed-form gradient, in double precision. */
function reference(x: Float32Array, shape: readonly number[], groups: number, gamma: Float32Array, beta: Float32Array, dy: Float32Array, eps: number, relu: boolean) {
  const [n, h, w, c] = shape;
  const per = c / groups;
  const m = h * w * per;
  const groupOf = (i: number) => Math.floor(i / (h * w * c)) * groups + Math.floor((i % c) / per);
  const mean = new Float64Array(n * groups);
  const variance = new Float64Array(n * groups);
  x.forEach((v, i) => { mean[groupOf(i)] += v / m; });
  x.forEach((v, i) => { variance[groupOf(i)] += (v - mean[groupOf(i)]) ** 2 / m; });
  const inv = Array.from(variance, (v) => 1 / Math.sqrt(v + eps));
  const xhat = Float64Array.from(x, (v, i) => (v - mean[groupOf(i)]) * inv[groupOf(i)]);
  const z = Float64Array.from(xhat, (v, i) => v * gamma[i % c] + beta[i % c]);
  const y = z.map((v) => (relu && !(v > 0) ? 0 : v));
  const dz = Float64Array.from(dy, (g, i) => (relu && !(z[i] > 0) ? 0 : g));
  const sumD = new Float64Array(n * groups);
  const sumDX = new Float64Array(n * groups);
  const dgamma = new Float64Array(c);
  const dbeta = new Float64Array(c);
  dz.forEach((d, i) => {
    sumD[groupOf(i)] += d * gamma[i % c];
    sumDX[groupOf(i)] += d * gamma[i % c] * xhat[i];
    dgamma[i % c] += d * xhat[i];
    dbeta[i % c] += d;
  });
  const dx = Float64Array.from(dz, (d, i) => (inv[groupOf(i)] / m) * (m * d * gamma[i % c] - sumD[groupOf(i)] - xhat[i] * sumDX[groupOf(i)]));
  return { y, xhat, invStd: Float64Array.from(inv), dx, dgamma, dbeta };
}

describe.skipIf(!addonStatus.ok)(`onednn group norm${skipReason}`, () => {
  beforeAll(setUpOnednn);

  const cases = [
    { shape: [2, 9, 13, 6], groups: 1, relu: false, offset: 0 },
    { shape: [2, 9, 13, 6], groups: 1, relu: true, offset: 0 },
    { shape: [3, 4, 5, 32], groups: 4, relu: true, offset: 0 },
    { shape: [1, 7, 3, 12], groups: 12, relu: false, offset: 0 },
    { shape: [2, 5, 7, 8], groups: 2, relu: true, offset: 300 },
  ];
  for (const { shape, groups, relu, offset } of cases) {
    it(`forward and closed-form backward for x[${shape}], ${groups} groups${relu ? ', ReLU' : ''}${offset ? ` around ${offset}` : ''}`, async () => {
      const c = shape[3];
      const eps = 1e-5;
      const { values } = await runOn('onednn', () => {
        const x = tf.add(randomTensor(shape, 1), offset);
        const gamma = randomTensor([c], 2);
        const beta = randomTensor([c], 3);
        const dy = randomTensor(shape, 4);
        const attrs = { groups, epsilon: eps, relu } as unknown as tf.NamedAttrMap;
        const [y, xhat, invStd] = tf.engine().runKernel(groupNormTrainingKernelName, { x, scale: gamma, offset: beta }, attrs) as tf.Tensor[];
        const [dx, dgamma, dbeta] = tf.engine().runKernel(groupNormTrainingGradKernelName, { dy, xhat, invStd, scale: gamma, offset: beta }, attrs) as tf.Tensor[];
        expect(invStd.shape).toEqual([shape[0], groups]);
        return [x, gamma, beta, dy, y, xhat, invStd, dx, dgamma, dbeta];
      });
      const [x, gamma, beta, dy, ...native] = values;
      const ref = reference(x, shape, groups, gamma, beta, dy, eps, relu);
      const names = ['y', 'xhat', 'invStd', 'dx', 'dgamma', 'dbeta'] as const;
      names.forEach((name, i) => expect(relativeError(native[i], ref[name]), name).toBeLessThan(offset ? 1e-3 : 1e-4));
    });
  }

  it('refuses channels that groups do not divide, naming both, and leaks nothing', async () => {
    await tf.setBackend('onednn');
    await expectNoTensorLeak(() => {
      const x = randomTensor([1, 2, 2, 6], 5);
      const g = randomTensor([6], 6);
      expect(() => tf.engine().runKernel(groupNormTrainingKernelName, { x, scale: g, offset: g }, { groups: 4, epsilon: 1e-5, relu: false } as unknown as tf.NamedAttrMap)).toThrow(/groups must divide the channels \(6\), found 4/);
      tf.dispose([x, g]);
    });
  });
});
