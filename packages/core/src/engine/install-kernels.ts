import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs-core';
import { makeConv2DBackpropFilterWasm } from './kernels/conv2d-backprop-filter.js';
import { makeConv2DBackpropInputWasm } from './kernels/conv2d-backprop-input.js';
import {
  makeDepthwiseBackpropFilterWasm,
  makeDepthwiseBackpropInputWasm,
} from './kernels/depthwise-conv2d-backprop.js';
import { makeLeadingAxesReduceWasm } from './kernels/leading-axes-reduce.js';
import { makeResizeBilinearGrad } from './kernels/resize-bilinear-grad.js';
import { makeSharedIdentityWasm } from './kernels/shared-identity.js';
import { makeUnsortedSegmentSum } from './kernels/unsorted-segment-sum.js';
import { batchNormGradConfig } from './gradients/batch-norm-grad.js';
import { installEagerBackprop } from './eager-backprop.js';
import { dilatedConvGradConfigs } from './gradients/dilated-conv-grad.js';
import { leakyReluFromOutputGradConfig, reluFromOutputGradConfig } from './gradients/activation-from-output-grad.js';

const installedBackends = new Set<string>();
let gradientsInstalled = false;

function replaceKernel(config: KernelConfig): void {
  if (tf.getKernel(config.kernelName, config.backendName) != null) {
    tf.unregisterKernel(config.kernelName, config.backendName);
  }
  tf.registerKernel(config);
}

function stockKernel(kernelName: string, backendName: string): KernelFunc | undefined {
  return tf.getKernel(kernelName, backendName)?.kernelFunc as KernelFunc | undefined;
}

/** Kernels depthkit adds or replaces on a backend, by name (what the engine report lists). */
export function depthkitKernelsFor(backendName: string): KernelConfig[] {
  if (backendName === 'wasm') {
    return [
      makeConv2DBackpropInputWasm(stockKernel('Conv2DBackpropInput', 'wasm')),
      makeConv2DBackpropFilterWasm(),
      makeDepthwiseBackpropInputWasm(),
      makeDepthwiseBackpropFilterWasm(),
      makeUnsortedSegmentSum('wasm'),
      makeResizeBilinearGrad('wasm'),
      makeLeadingAxesReduceWasm('Sum', stockKernel('Sum', 'wasm')!),
      makeLeadingAxesReduceWasm('Mean', stockKernel('Mean', 'wasm')!),
      makeSharedIdentityWasm(stockKernel('Identity', 'wasm')!),
    ];
  }
  if (backendName === 'cpu') return [makeResizeBilinearGrad('cpu'), makeUnsortedSegmentSum('cpu')];
  // onednn is MathBackendCPU underneath (typed arrays), so the cpu backend's data paths apply.
  if (backendName === 'onednn') return [makeUnsortedSegmentSum('onednn')];
  return [];
}

/**
 * Registers depthkit's training kernels for one backend and its gradient overrides (once).
 * Called by `initEngine` after the backend is initialised, so stock kernels that depthkit
 * keeps as a fallback have run their setup. Nothing is registered on import.
 */
export function installDepthkitKernels(backendName: string): string[] {
  if (!gradientsInstalled) {
    for (const config of [...dilatedConvGradConfigs, batchNormGradConfig, reluFromOutputGradConfig, leakyReluFromOutputGradConfig]) tf.registerGradient(config);
    installEagerBackprop();
    gradientsInstalled = true;
  }
  const kernels = depthkitKernelsFor(backendName);
  if (!installedBackends.has(backendName)) {
    kernels.forEach(replaceKernel);
    installedBackends.add(backendName);
  }
  return kernels.map((k) => k.kernelName);
}
