import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs-core';
import { allFloat32, sizeOf, type KernelArgs } from './tensor-data.js';

/**
 * Kernel names @depthkit/core's optimizers look for on the active backend: one pass per weight
 * instead of a dozen tfjs ops. Adam: ({g, w, m, v}, {decay, b1, oneMinusB1, b2, oneMinusB2,
 * bc2Sqrt, epsilon, negStepSize, coupledDecay, decoupled}) → [w, m, v]; SGD: ({g, w, buf?},
 * {weightDecay, momentum, nesterov, negLr}) → [w] or [w, buf].
 */
export const adamUpdateKernelName = 'DepthkitAdamUpdate';
export const sgdUpdateKernelName = 'DepthkitSgdUpdate';

function float32Of(args: KernelArgs, kernel: string, ...tensors: TensorInfo[]): Float32Array[] {
  const values = allFloat32(args.backend, ...tensors);
  if (values == null) throw new Error(`${kernel} (onednn): expected float32 tensors`);
  const n = sizeOf(tensors[0].shape);
  for (const t of tensors) {
    if (sizeOf(t.shape) !== n) throw new Error(`${kernel} (onednn): expected tensors of one size, found shapes ${tensors.map((x) => `[${x.shape}]`).join(', ')}`);
  }
  return values;
}

function adamUpdate(args: KernelArgs): TensorInfo[] {
  const { g, w, m, v } = args.inputs;
  const { backend, attrs } = args;
  const [gv, wv, mv, vv] = float32Of(args, adamUpdateKernelName, g, w, m, v);
  const n = wv.length;
  const [wOut, mOut, vOut] = [backend.allocate(n), backend.allocate(n), backend.allocate(n)];
  const a = (k: string) => attrs[k] as number;
  backend.addon.adamUpdate(gv, wv, mv, vv, wOut, mOut, vOut, n, a('decay'), a('b1'), a('oneMinusB1'), a('b2'), a('oneMinusB2'), a('bc2Sqrt'), a('epsilon'), a('negStepSize'), a('coupledDecay'), attrs.decoupled ? 1 : 0);
  return [wOut, mOut, vOut].map((values) => backend.makeTensorInfo([...w.shape], 'float32', values));
}

function sgdUpdate(args: KernelArgs): TensorInfo[] {
  const { g, w, buf } = args.inputs;
  const { backend, attrs } = args;
  const [gv, wv, bv] = float32Of(args, sgdUpdateKernelName, g, w, ...(buf ? [buf] : []));
  const n = wv.length;
  const wOut = backend.allocate(n);
  const bufOut = bv ? backend.allocate(n) : null;
  backend.addon.sgdUpdate(gv, wv, bv ?? null, wOut, bufOut, n, attrs.weightDecay as number, attrs.momentum as number, attrs.nesterov ? 1 : 0, attrs.negLr as number);
  return [wOut, ...(bufOut ? [bufOut] : [])].map((values) => backend.makeTensorInfo([...w.shape], 'float32', values));
}

/** Adam/AdamW and SGD updates, one native pass per weight. */
export function optimizerKernels(backendName: string): KernelConfig[] {
  return [
    { kernelName: adamUpdateKernelName, backendName, kernelFunc: adamUpdate as never },
    { kernelName: sgdUpdateKernelName, backendName, kernelFunc: sgdUpdate as never },
  ];
}
