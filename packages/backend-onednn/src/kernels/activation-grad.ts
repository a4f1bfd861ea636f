import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs-core';
import { allFloat32, nativeOutput, type KernelArgs } from './tensor-data.js';

/**
 * Kernel name @depthkit/core's ReLU / LeakyReLU gradient looks for on the active backend:
 * ({dy, y}, {alpha}) → dy where y > 0, alpha·dy elsewhere. One pass instead of tfjs's
 * greater + cast + multiply (three full-size tensors).
 */
export const reluGradFromOutputKernelName = 'DepthkitReluGradFromOutput';

function reluGrad({ inputs, backend, attrs }: KernelArgs): TensorInfo {
  const { dy, y } = inputs;
  const values = allFloat32(backend, y, dy);
  if (values == null) throw new Error(`${reluGradFromOutputKernelName} (onednn): expected float32 tensors`);
  return nativeOutput(backend, [...dy.shape], (dx) => backend.addon.reluGradFromOutput(values[0], values[1], dx, attrs.alpha as number));
}

export function activationGradKernels(backendName: string): KernelConfig[] {
  return [{ kernelName: reluGradFromOutputKernelName, backendName, kernelFunc: reluGrad as never }];
}
