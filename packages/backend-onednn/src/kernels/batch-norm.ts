import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs-core';
import { allFloat32, sizeOf, type KernelArgs } from './tensor-data.js';

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

/** Training-mode batch norm over every axis but the last, forward and closed-form backward. */
export function batchNormKernels(backendName: string): KernelConfig[] {
  return [
    { kernelName: batchNormTrainingKernelName, backendName, kernelFunc: forward as never },
    { kernelName: batchNormTrainingGradKernelName, backendName, kernelFunc: backward as never },
  ];
}
