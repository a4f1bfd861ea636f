import { backend_util, util } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { float32Values, nativeOutput, sizeOf, withFallback, type KernelArgs } from './tensor-data.js';

/** Below this many output elements tfjs's JS gather is as fast as a native call. */
const nativeGatherMin = 2048;

/**
 * GatherV2 of float32 values by int32 indices, batchDims 0, as one native row copy per index
 * (tfjs's cpu kernel computes a multi-index per element: region pooling's gathers of
 * [pixels, channels] rows were 9 % of region-support's train step). Out-of-range indices,
 * batchDims and other dtypes go to tfjs, which also reports bad indices.
 */
function gatherV2({ inputs, backend, attrs }: KernelArgs): TensorInfo | null {
  const { x, indices } = inputs;
  const values = float32Values(backend, x);
  if (values == null || indices.dtype !== 'int32' || ((attrs.batchDims as number | undefined) ?? 0) !== 0) return null;
  const ids = backend.data.get(indices.dataId).values;
  if (!(ids instanceof Int32Array)) return null;
  const axis = util.parseAxisParam(attrs.axis as number, x.shape)[0];
  const info = backend_util.segment_util.collectGatherOpShapeInfo(x as never, indices as never, axis, 0);
  if (sizeOf(info.outputShape) < nativeGatherMin) return null;
  const outer = sizeOf(x.shape.slice(0, axis));
  const inner = sizeOf(x.shape.slice(axis + 1));
  let inRange = true;
  const out = nativeOutput(backend, info.outputShape, (y) => {
    inRange = backend.addon.gatherRows(values, [outer, x.shape[axis], inner], ids, y);
  });
  if (inRange) return out;
  backend.disposeData(out.dataId);
  return null;
}

export function gatherKernels(stock: (name: string) => KernelFunc, backendName: string): KernelConfig[] {
  return [{ kernelName: 'GatherV2', backendName, kernelFunc: withFallback(stock('GatherV2'), gatherV2) }];
}
