import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs-core';
import { type KernelArgs, type NativeBackend } from './tensor-data.js';

/**
 * Kernel names @depthkit/core's groupNormalize looks for on the active backend: forward
 * ({x, scale, offset}, {groups, epsilon, relu}) → [y, x̂, σ⁻¹ [n, groups]], and the closed-form
 * backward ({dy, xhat, invStd, scale, offset}, {groups, relu}) → [dx, dscale, doffset].
 */
export const groupNormTrainingKernelName = 'DepthkitGroupNormTraining';
export const groupNormTrainingGradKernelName = 'DepthkitGroupNormTrainingGrad';

/** A tensor's values as a Float32Array (a float32 tensor cast from bool may hold a Uint8Array). */
function float32Of(backend: NativeBackend, t: TensorInfo, kernel: string): Float32Array {
  if (t.dtype !== 'float32') throw new Error(`${kernel} (onednn): expected float32 tensors, found ${t.dtype}`);
  const values = backend.data.get(t.dataId).values;
  return values instanceof Float32Array ? values : Float32Array.from(values as ArrayLike<number>);
}

function shape4(x: TensorInfo, kernel: string): number[] {
  if (x.shape.length !== 4) throw new Error(`${kernel} (onednn): expected a 4-D NHWC tensor, found shape [${x.shape}]`);
  return [...x.shape];
}

function forward({ inputs, backend, attrs }: KernelArgs): TensorInfo[] {
  const { x, scale, offset } = inputs;
  const name = groupNormTrainingKernelName;
  const shape = shape4(x, name);
  const groups = attrs.groups as number;
  const xv = float32Of(backend, x, name);
  const y = backend.allocate(xv.length);
  const xhat = backend.allocate(xv.length);
  const invStd = new Float32Array(shape[0] * groups);
  backend.addon.groupNormForward(xv, float32Of(backend, scale, name), float32Of(backend, offset, name), y, xhat, invStd, shape, groups, attrs.epsilon as number, attrs.relu ? 1 : 0);
  return [backend.makeTensorInfo(shape, 'float32', y), backend.makeTensorInfo(shape, 'float32', xhat), backend.makeTensorInfo([shape[0], groups], 'float32', invStd)];
}

function backward({ inputs, backend, attrs }: KernelArgs): TensorInfo[] {
  const { dy, xhat, invStd, scale, offset } = inputs;
  const name = groupNormTrainingGradKernelName;
  const shape = shape4(xhat, name);
  const c = shape[3];
  const dx = backend.allocate(shape.reduce((a, b) => a * b, 1));
  const dscale = new Float32Array(c);
  const doffset = new Float32Array(c);
  backend.addon.groupNormBackward(
    float32Of(backend, dy, name), float32Of(backend, xhat, name), float32Of(backend, invStd, name), float32Of(backend, scale, name), float32Of(backend, offset, name),
    dx, dscale, doffset, shape, attrs.groups as number, attrs.relu ? 1 : 0);
  return [backend.makeTensorInfo(shape, 'float32', dx), backend.makeTensorInfo([c], 'float32', dscale), backend.makeTensorInfo([c], 'float32', doffset)];
}

/** GroupNorm (+ ReLU) training forward and closed-form backward, two native passes each. */
export function groupNormKernels(backendName: string): KernelConfig[] {
  return [
    { kernelName: groupNormTrainingKernelName, backendName, kernelFunc: forward as never },
    { kernelName: groupNormTrainingGradKernelName, backendName, kernelFunc: backward as never },
  ];
}
