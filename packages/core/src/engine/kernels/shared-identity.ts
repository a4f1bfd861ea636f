import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';

interface RefCountingBackend {
  incRef(dataId: object): void;
}

/**
 * Identity for wasm that shares the input's heap buffer (one more reference), as the cpu and
 * webgl backends do. The stock wasm kernel copies, and tfjs's tape clones every tensor it saves
 * for the backward pass: a tensor read by k differentiated ops was held k + 1 times, which put a
 * 1 × 256 × 512 ResNet-50 training step past the 4 GB heap. Sharing is safe because no tfjs or
 * depthkit kernel writes into its inputs.
 */
export function makeSharedIdentityWasm(stock: KernelFunc): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    if (x.dtype === 'string') return stock(args);
    (args.backend as unknown as RefCountingBackend).incRef(x.dataId);
    return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
  };
  return { kernelName: 'Identity', backendName: 'wasm', kernelFunc };
}
