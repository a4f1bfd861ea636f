import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { allFloat32, nativeOutput, withFallback, type KernelArgs } from './tensor-data.js';
import { nativeElementwiseMin } from './elementwise.js';

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

/** tfjs's EluGrad ({dy, y}: it too reads the output). */
function eluGrad({ inputs, backend }: KernelArgs): TensorInfo | null {
  const { dy, y } = inputs;
  const values = allFloat32(backend, y, dy);
  if (values == null || values[0].length < nativeElementwiseMin) return null;
  return nativeOutput(backend, [...dy.shape], (dx) => backend.addon.eluGradFromOutput(values[0], values[1], dx));
}

export function activationGradKernels(stock: (name: string) => KernelFunc, backendName: string): KernelConfig[] {
  return [
    { kernelName: reluGradFromOutputKernelName, backendName, kernelFunc: reluGrad as never },
    { kernelName: 'EluGrad', backendName, kernelFunc: withFallback(stock('EluGrad'), eluGrad) },
  ];
}
