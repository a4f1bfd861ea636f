import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { KernelArgs } from './tensor-data.js';

/**
 * tfjs's cpu Complex kernel stores its inputs' arrays inside the complex tensor without
 * counting a reference: with pooled arrays, disposing an input would recycle an array the
 * complex tensor still reads. It gets copies here.
 */
export function aliasingKernels(stock: (name: string) => KernelFunc, backendName: string): KernelConfig[] {
  const complex = stock('Complex');
  const kernelFunc = ({ inputs, backend, attrs }: KernelArgs): TensorInfo => {
    const copy = (t: TensorInfo) => backend.makeTensorInfo(t.shape, t.dtype, (backend.data.get(t.dataId).values as Float32Array).slice());
    const real = copy(inputs.real);
    const imag = copy(inputs.imag);
    const out = complex({ inputs: { real, imag }, backend, attrs }) as TensorInfo;
    backend.disposeIntermediateTensorInfo(real);
    backend.disposeIntermediateTensorInfo(imag);
    return out;
  };
  return [{ kernelName: 'Complex', backendName, kernelFunc: kernelFunc as never }];
}
