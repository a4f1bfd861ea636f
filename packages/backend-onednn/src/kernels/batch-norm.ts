import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { allFloat32, float32Values, nativeOutput, sizeOf, withFallback, type KernelArgs } from './tensor-data.js';

/**
 * Kernel names @depthkit/core's batchNormTraining looks for on the active backend: forward
 * ({x, scale, offset}, {epsilon}) → [y, mean, variance (biased)], and the closed-form backward
 * ({dy, x, mean, variance, scale}, {epsilon}) → [dx, dscale, doffset].
 */
export const batchNormTrainingKernelName = 'DepthkitBatchNormTraining';
export const batchNormTrainingGradKernelName = 'DepthkitBatchNormTrainingGrad';

/** NHWC dims for the addon: real ones for 4-D tensors, [1, rows, 1, c] otherwise. */
function normShape(shape: number[]): number[] {
  if (shape.length === 4) return [...shape];
  const c = shape[shape.length - 1];
  return [1, sizeOf(shape) / c, 1, c];
}

function expectFloat32(values: Float32Array[] | null, kernel: string): Float32Array[] {
  if (values == null) throw new Error(`${kernel} (onednn): expected float32 tensors`);
  return values;
}

function forward({ inputs, backend, attrs }: KernelArgs): TensorInfo[] {
  const { x, scale, offset } = inputs;
  const epsilon = attrs.epsilon as number;
  const [xv, gamma, beta] = expectFloat32(allFloat32(backend, x, scale, offset), batchNormTrainingKernelName);
  const c = x.shape[x.shape.length - 1];
  const y = backend.allocate(xv.length);
  const mean = new Float32Array(c);
  const variance = new Float32Array(c);
  backend.addon.batchNormForward(xv, gamma, beta, y, mean, variance, normShape(x.shape), epsilon);
  return [backend.makeTensorInfo(x.shape, 'float32', y), backend.makeTensorInfo([c], 'float32', mean), backend.makeTensorInfo([c], 'float32', variance)];
}

function backward({ inputs, backend, attrs }: KernelArgs): TensorInfo[] {
  const { dy, x, mean, variance, scale } = inputs;
  const epsilon = attrs.epsilon as number;
  const [dyv, xv, mv, vv, gamma] = expectFloat32(allFloat32(backend, dy, x, mean, variance, scale), batchNormTrainingGradKernelName);
  const c = x.shape[x.shape.length - 1];
  const dx = backend.allocate(xv.length);
  const dgamma = new Float32Array(c);
  const dbeta = new Float32Array(c);
  backend.addon.batchNormBackward(xv, mv, vv, gamma, dyv, dx, dgamma, dbeta, normShape(x.shape), epsilon);
  return [backend.makeTensorInfo(x.shape, 'float32', dx), backend.makeTensorInfo([c], 'float32', dgamma), backend.makeTensorInfo([c], 'float32', dbeta)];
}

/** tfjs's FusedBatchNorm (inference: given statistics) when every statistic is per channel. */
function inference({ inputs, backend, attrs }: KernelArgs): TensorInfo | null {
  const { x, mean, variance, scale, offset } = inputs;
  const c = x.shape[x.shape.length - 1];
  const perChannel = (t: TensorInfo | undefined) => t == null || (sizeOf(t.shape) === c && t.shape[t.shape.length - 1] === c);
  if (x.shape.length === 0 || ![mean, variance, scale, offset].every(perChannel)) return null;
  const values = allFloat32(backend, x, mean, variance);
  if (values == null) return null;
  const optional = (t: TensorInfo | undefined) => (t == null ? null : float32Values(backend, t));
  const scaleValues = optional(scale);
  const offsetValues = optional(offset);
  if ((scale != null && scaleValues == null) || (offset != null && offsetValues == null)) return null;
  return nativeOutput(backend, [...x.shape], (y) => backend.addon.batchNormInference(
    values[0], values[1], values[2], scaleValues, offsetValues, y, normShape(x.shape), attrs.varianceEpsilon as number));
}

/** Batch norm: inference (FusedBatchNorm) and training forward + closed-form backward. */
export function batchNormKernels(stock: (name: string) => KernelFunc, backendName: string): KernelConfig[] {
  return [
    { kernelName: 'FusedBatchNorm', backendName, kernelFunc: withFallback(stock('FusedBatchNorm'), inference) },
    { kernelName: batchNormTrainingKernelName, backendName, kernelFunc: forward as never },
    { kernelName: batchNormTrainingGradKernelName, backendName, kernelFunc: backward as never },
  ];
}
