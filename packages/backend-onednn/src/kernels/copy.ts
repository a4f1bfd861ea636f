import { backend_util, slice_util, util } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { allFloat32, float32Values, nativeOutput, sizeOf, withFallback, type KernelArgs, type NativeBackend } from './tensor-data.js';

/** Below this many elements tfjs's JS copy is as fast as a native call. */
const nativeCopyMin = 2048;

function sliceOf(backend: NativeBackend, x: TensorInfo, values: Float32Array, begin: number[], size: number[]): TensorInfo {
  return nativeOutput(backend, [...size], (out) =>
    backend.addon.copyBox(values, [...x.shape], begin, out, [...size], size.map(() => 0), [...size]));
}

function slice({ inputs, backend, attrs }: KernelArgs): TensorInfo | null {
  const { x } = inputs;
  const values = allFloat32(backend, x);
  if (values == null || x.shape.length === 0) return null;
  const [begin, size] = slice_util.parseSliceParams(x, attrs.begin as number | number[], attrs.size as number | number[]);
  if (sizeOf(size) < nativeCopyMin) return null;
  return sliceOf(backend, x, values[0], begin, size);
}

function splitV({ inputs, backend, attrs }: KernelArgs): TensorInfo[] | null {
  const { x } = inputs;
  const values = allFloat32(backend, x);
  if (values == null || sizeOf(x.shape) < nativeCopyMin) return null;
  const axis = util.parseAxisParam(attrs.axis as number, x.shape)[0];
  const sizes = backend_util.prepareSplitSize(x, attrs.numOrSizeSplits as number | number[], axis);
  const begin = x.shape.map(() => 0);
  return sizes.map((s) => {
    const size = [...x.shape];
    size[axis] = s;
    const out = sliceOf(backend, x, values[0], [...begin], size);
    begin[axis] += s;
    return out;
  });
}

function pad({ inputs, backend, attrs }: KernelArgs): TensorInfo | null {
  const { x } = inputs;
  const values = allFloat32(backend, x);
  const paddings = attrs.paddings as Array<[number, number]>;
  if (values == null || x.shape.length === 0 || sizeOf(x.shape) < nativeCopyMin) return null;
  const outShape = x.shape.map((d, i) => paddings[i][0] + d + paddings[i][1]);
  return nativeOutput(backend, outShape, (out) => {
    backend.addon.fill(out, attrs.constantValue as number);
    backend.addon.copyBox(values[0], [...x.shape], x.shape.map(() => 0), out, outShape, paddings.map((p) => p[0]), [...x.shape]);
  });
}

function concat({ inputs, backend, attrs }: KernelArgs): TensorInfo | null {
  const list = Object.values(inputs) as TensorInfo[];
  if (list.length < 2 || list[0].shape.length === 0) return null;
  const axis = util.parseAxisParam(attrs.axis as number, list[0].shape)[0];
  const nonEmpty = list.filter((t) => sizeOf(t.shape) > 0);
  const values = allFloat32(backend, ...nonEmpty);
  if (values == null || nonEmpty.length < 2) return null;
  backend_util.assertParamsConsistent(list.map((t) => t.shape), axis);
  const outShape = backend_util.computeOutShape(list.map((t) => t.shape), axis);
  if (sizeOf(outShape) < nativeCopyMin) return null;
  return nativeOutput(backend, outShape, (out) => {
    const at = outShape.map(() => 0);
    nonEmpty.forEach((t, i) => {
      backend.addon.copyBox(values[i], [...t.shape], t.shape.map(() => 0), out, outShape, [...at], [...t.shape]);
      at[axis] += t.shape[axis];
    });
  });
}

/**
 * Unpack (tf.unstack) as one native box copy per output: tfjs's cpu kernel slices in JS, which
 * along an inner axis walks every element by index (ds-sidenet's ordinal loss unstacks its
 * 81 class maps: two thirds of its train step).
 */
function unpack({ inputs, backend, attrs }: KernelArgs): TensorInfo[] | null {
  const { value } = inputs;
  const values = float32Values(backend, value);
  if (values == null || values.length < nativeCopyMin) return null;
  const axis = util.parseAxisParam(attrs.axis as number, value.shape)[0];
  const shape = [...value.shape];
  const outShape = shape.filter((_, i) => i !== axis);
  const box = shape.map((d, i) => (i === axis ? 1 : d));
  return Array.from({ length: shape[axis] }, (_, k) => {
    const begin = shape.map((_, i) => (i === axis ? k : 0));
    return nativeOutput(backend, outShape, (out) => backend.addon.copyBox(values, shape, begin, out, box, box.map(() => 0), box));
  });
}

/** Pack (tf.stack), Unpack's inverse: each input one native box copy into its place. */
function pack({ inputs, backend, attrs }: KernelArgs): TensorInfo | null {
  const list = Object.values(inputs);
  if (list.length === 0) return null;
  const values = allFloat32(backend, ...list);
  const shape = [...list[0].shape];
  if (values == null || values[0].length * list.length < nativeCopyMin || list.some((t) => !util.arraysEqual(t.shape, shape))) return null;
  const axis = util.parseAxisParam(attrs.axis as number, [...shape, list.length])[0];
  const box = [...shape.slice(0, axis), 1, ...shape.slice(axis)];
  const outShape = box.map((d, i) => (i === axis ? list.length : d));
  return nativeOutput(backend, outShape, (out) => values.forEach((v, k) => {
    backend.addon.copyBox(v, box, box.map(() => 0), out, outShape, box.map((_, i) => (i === axis ? k : 0)), box);
  }));
}

/**
 * ZerosLike of a large float32 tensor as a native fill: tfjs's gradients make one per unused
 * output (148 a step in hma-depth's, ~1.4 s in JS at 2×352×704).
 */
function zerosLike({ inputs, backend }: KernelArgs): TensorInfo | null {
  const { x } = inputs;
  if (x.dtype !== 'float32' || sizeOf(x.shape) < nativeCopyMin) return null;
  return nativeOutput(backend, [...x.shape], (out) => backend.addon.fill(out, 0));
}

/** Slice, SplitV, PadV2 and Concat on float32 as native box copies (always copies, never views); ZerosLike as a fill. */
export function copyKernels(stock: (name: string) => KernelFunc, backendName: string): KernelConfig[] {
  return [
    { kernelName: 'Slice', backendName, kernelFunc: withFallback(stock('Slice'), slice) },
    { kernelName: 'SplitV', backendName, kernelFunc: withFallback(stock('SplitV'), splitV as never) },
    { kernelName: 'PadV2', backendName, kernelFunc: withFallback(stock('PadV2'), pad) },
    { kernelName: 'Concat', backendName, kernelFunc: withFallback(stock('Concat'), concat) },
    { kernelName: 'ZerosLike', backendName, kernelFunc: withFallback(stock('ZerosLike'), zerosLike) },
    { kernelName: 'Unpack', backendName, kernelFunc: withFallback(stock('Unpack'), unpack) },
    { kernelName: 'Pack', backendName, kernelFunc: withFallback(stock('Pack'), pack) },
  ];
}
