import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs-core';
import { getKernel } from '@tensorflow/tfjs-core';
import { activationGradKernels } from './activation-grad.js';
import { aliasingKernels } from './aliasing.js';
import { batchNormKernels } from './batch-norm.js';
import { castKernels } from './cast.js';
import { convKernels } from './conv.js';
import { copyKernels } from './copy.js';
import { elementwiseKernels } from './elementwise.js';
import { gatherKernels } from './gather.js';
import { groupNormKernels } from './group-norm.js';
import { matMulKernels } from './matmul.js';
import { optimizerKernels } from './optimizer.js';
import { poolKernels } from './pool.js';
import { resizeKernels } from './resize.js';

/** tfjs's cpu kernel of that name: what every native kernel falls back to. */
export function cpuKernel(name: string): KernelFunc {
  const config = getKernel(name, 'cpu');
  if (config == null) throw new Error(`@depthkit/backend-onednn: tfjs's cpu backend has no '${name}' kernel to fall back to`);
  return config.kernelFunc as KernelFunc;
}

/** Every kernel the addon runs, one family per file. */
export function nativeKernels(backendName: string): KernelConfig[] {
  return [
    ...convKernels(cpuKernel, backendName),
    ...matMulKernels(cpuKernel, backendName),
    ...poolKernels(cpuKernel, backendName),
    ...resizeKernels(cpuKernel, backendName),
    ...batchNormKernels(cpuKernel, backendName),
    ...groupNormKernels(backendName),
    ...activationGradKernels(cpuKernel, backendName),
    ...elementwiseKernels(cpuKernel, backendName),
    ...copyKernels(cpuKernel, backendName),
    ...gatherKernels(cpuKernel, backendName),
    ...castKernels(cpuKernel, backendName),
    ...aliasingKernels(cpuKernel, backendName),
    ...optimizerKernels(backendName),
  ];
}
