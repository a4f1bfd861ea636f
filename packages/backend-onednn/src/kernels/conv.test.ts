import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { addonStatus, dot, expectLikeCpu, randomTensor, randomValues, relativeError, runOn, setUpOnednn, skipReason } from '../../test/helpers.js';
import { loadAddon } from '../addon.js';

type Pad = 'same' | 'valid';
const run = (name: string, inputs: tf.NamedTensorMap, attrs: object) =>
  tf.engine().runKernel(name, inputs, attrs as tf.NamedAttrMap) as tf.Tensor4D;

/**
 * The backprops are the forward's adjoints: ⟨conv(x, w), dy⟩ = ⟨x, dX(dy, w)⟩ = ⟨w, dW(x, dy)⟩.
 * An independent check that covers what tfjs's cpu kernels cannot (dilated backprops).
 */
async function expectAdjoint(kind: 'conv' | 'depthwise', xShape: number[], wShape: number[], stride: number, pad: Pad, dilation: number, label: string) {
  const names = kind === 'conv'
    ? { fwd: 'Conv2D', dx: 'Conv2DBackpropInput', dw: 'Conv2DBackpropFilter' }
    : { fwd: 'DepthwiseConv2dNative', dx: 'DepthwiseConv2dNativeBackpropInput', dw: 'DepthwiseConv2dNativeBackpropFilter' };
  const attrs = { strides: [stride, stride], pad, dilations: [dilation, dilation], dataFormat: 'NHWC', dimRoundingMode: undefined };
  const { values } = await runOn('onednn', () => {
    const x = randomTensor(xShape, 1);
    const w = randomTensor(wShape, 2);
    const y = run(names.fwd, { x, filter: w }, attrs);
    const dy = randomTensor(y.shape, 3);
    const dx = run(names.dx, { dy, filter: w }, { ...attrs, inputShape: xShape });
    const dw = run(names.dw, { x, dy }, { ...attrs, filterShape: wShape });
    return [x, w, y, dy, dx, dw];
  });
  const [x, w, y, dy, dx, dw] = values;
  const reference = dot(y, dy);
  expect(Math.abs(dot(x, dx) - reference) / Math.abs(reference), `${label}: ⟨x, dx⟩`).toBeLessThan(1e-4);
  expect(Math.abs(dot(w, dw) - reference) / Math.abs(reference), `${label}: ⟨w, dw⟩`).toBeLessThan(1e-4);
}

describe.skipIf(!addonStatus.ok)(`onednn convolutions${skipReason}`, () => {
  beforeAll(setUpOnednn);

  describe('Conv2D and its backprops equal tfjs cpu (undilated)', () => {
    for (const k of [1, 3, 5, 7]) {
      for (const stride of [1, 2]) {
        for (const pad of ['same', 'valid'] as const) {
          const xShape = [2, 15, 19, 3 + k % 3];
          const wShape = [k, k, xShape[3], 4 + stride];
          it(`${k}×${k} stride ${stride} ${pad} x[${xShape}]`, async () => {
            const attrs = { strides: [stride, stride], pad, dilations: [1, 1], dataFormat: 'NHWC' };
            await expectLikeCpu(() => {
              const x = randomTensor(xShape, 1);
              const w = randomTensor(wShape, 2);
              const y = run('Conv2D', { x, filter: w }, attrs);
              const dy = randomTensor(y.shape, 3);
              return [
                y,
                run('Conv2DBackpropInput', { dy, filter: w }, { ...attrs, inputShape: xShape }),
                run('Conv2DBackpropFilter', { x, dy }, { ...attrs, filterShape: wShape }),
              ];
            }, `conv ${k} s${stride} ${pad}`);
            await expectAdjoint('conv', xShape, wShape, stride, pad, 1, `conv ${k} s${stride} ${pad}`);
          });
        }
      }
    }
  });

  it('1×1 stride 2 with 8 input channels (oneDNN 2.6 overran the heap here) equals cpu, repeatedly', async () => {
    for (let i = 0; i < 5; i++) {
      const attrs = { strides: [2, 2], pad: 'same', dilations: [1, 1], dataFormat: 'NHWC' };
      await expectLikeCpu(() => {
        const x = randomTensor([4, 32, 80, 8], i);
        const w = randomTensor([1, 1, 8, 16], i + 1);
        const y = run('Conv2D', { x, filter: w }, attrs);
        const dy = randomTensor(y.shape, i + 2);
        return [y, run('Conv2DBackpropInput', { dy, filter: w }, { ...attrs, inputShape: x.shape }), run('Conv2DBackpropFilter', { x, dy }, { ...attrs, filterShape: w.shape })];
      }, `1×1 s2, round ${i}`);
    }
  });

  describe('dilated Conv2D: forward equals cpu, backprops are its adjoints', () => {
    for (const dilation of [2, 4, 6]) {
      for (const pad of ['same', 'valid'] as const) {
        for (const k of dilation === 2 ? [3, 5] : [3]) {
          const xShape = [3, 17 + dilation, 23, 4];
          const wShape = [k, k, 4, 5];
          it(`${k}×${k} dilation ${dilation} ${pad} x[${xShape}]`, async () => {
            await expectLikeCpu(() => tf.conv2d(randomTensor(xShape, 1) as tf.Tensor4D, randomTensor(wShape, 2) as tf.Tensor4D, 1, pad, 'NHWC', dilation), 'forward');
            await expectAdjoint('conv', xShape, wShape, 1, pad, dilation, `conv ${k} d${dilation} ${pad}`);
          });
        }
      }
    }
  });

  describe('depthwise convolutions', () => {
    for (const [multiplier, stride, dilation, pad] of [[1, 1, 1, 'same'], [2, 2, 1, 'same'], [1, 2, 1, 'valid'], [2, 1, 2, 'same'], [1, 1, 4, 'valid'], [2, 1, 6, 'same']] as const) {
      const xShape = [2, 19, 14, 3];
      const wShape = [3, 3, 3, multiplier];
      it(`multiplier ${multiplier} stride ${stride} dilation ${dilation} ${pad}`, async () => {
        const attrs = { strides: [stride, stride], pad, dilations: [dilation, dilation], dataFormat: 'NHWC' };
        await expectLikeCpu(() => {
          const x = randomTensor(xShape, 4);
          const w = randomTensor(wShape, 5);
          const y = run('DepthwiseConv2dNative', { x, filter: w }, attrs);
          if (dilation > 1) return y;
          const dy = randomTensor(y.shape, 6);
          return [
            y,
            run('DepthwiseConv2dNativeBackpropInput', { dy, filter: w }, { ...attrs, inputShape: xShape }),
            run('DepthwiseConv2dNativeBackpropFilter', { x, dy }, { ...attrs, filterShape: wShape }),
          ];
        }, 'depthwise');
        await expectAdjoint('depthwise', xShape, wShape, stride, pad, dilation, 'depthwise');
      });
    }
  });

  describe('fused bias and activation as post-ops', () => {
    for (const activation of ['linear', 'relu', 'relu6', 'elu', 'sigmoid', 'leakyrelu', 'prelu'] as const) {
      it(`FusedConv2D and FusedDepthwiseConv2D with ${activation}`, async () => {
        await expectLikeCpu(() => {
          const x = randomTensor([2, 9, 12, 4], 7) as tf.Tensor4D;
          const prelu = activation === 'prelu' ? randomTensor([6], 9) : undefined;
          const conv = tf.fused.conv2d({ x, filter: randomTensor([3, 3, 4, 6], 8) as tf.Tensor4D, strides: 2, pad: 'same', bias: randomTensor([6], 10), activation, leakyreluAlpha: 0.3, preluActivationWeights: prelu });
          const depthwise = tf.fused.depthwiseConv2d({ x, filter: randomTensor([3, 3, 4, 1], 11) as tf.Tensor4D, strides: 1, pad: 'same', bias: randomTensor([4], 12), activation, leakyreluAlpha: 0.3, preluActivationWeights: prelu && randomTensor([4], 13) });
          return [conv, depthwise];
        }, activation);
      });
    }
  });

  describe('grouped convolution (ResNeXt) in the addon', () => {
    // Reference: one tfjs cpu conv per group over the matching slices, concatenated.
    for (const [groups, stride, dilation] of [[2, 1, 1], [4, 2, 1], [4, 1, 2], [8, 1, 1]] as const) {
      it(`${groups} groups stride ${stride} dilation ${dilation}, forward and backprops`, async () => {
        const status = loadAddon();
        if (!status.ok) throw new Error(status.reason);
        const { addon } = status;
        const [n, h, w, c, filters, k] = [2, 11, 13, 16, 24, 3];
        const xv = randomValues(n * h * w * c, 21);
        const wv = randomValues(k * k * (c / groups) * filters, 22);
        const { values: [y] } = await runOn('cpu', () => {
          const x = tf.tensor4d(xv, [n, h, w, c]);
          const kernel = tf.tensor4d(wv, [k, k, c / groups, filters]);
          const xs = tf.split(x, groups, 3) as tf.Tensor4D[];
          const ks = tf.split(kernel, groups, 3) as tf.Tensor4D[];
          return tf.concat(xs.map((xi, i) => tf.conv2d(xi, ks[i], stride, 'same', 'NHWC', dilation)), 3);
        });
        const info = tf.backend_util.computeConv2DInfo([n, h, w, c], [k, k, c, filters], stride, dilation, 'same');
        const p = info.padInfo;
        const geometry = [n, h, w, c, info.outHeight, info.outWidth, filters, k, k, groups, stride, stride, dilation, dilation, p.top, p.left, p.bottom, p.right];
        const native = new Float32Array(y.length);
        addon.convForward(xv, wv, null, native, geometry, 0, 0);
        expect(relativeError(native, y)).toBeLessThan(1e-4);
        const dy = randomValues(y.length, 23);
        const dx = new Float32Array(xv.length);
        const dw = new Float32Array(wv.length);
        addon.convBackwardData(dy, wv, dx, geometry);
        addon.convBackwardWeights(xv, dy, dw, geometry);
        const reference = dot(y, dy);
        expect(Math.abs(dot(xv, dx) - reference) / Math.abs(reference)).toBeLessThan(1e-4);
        expect(Math.abs(dot(wv, dw) - reference) / Math.abs(reference)).toBeLessThan(1e-4);
      });
    }
  });
});
