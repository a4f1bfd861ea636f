import { backend_util, util } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { allFloat32, nativeOutput, sizeOf, withFallback, type KernelArgs } from './tensor-data.js';

/** Below this many elements the N-API call costs more than tfjs's JS loop. */
export const nativeElementwiseMin = 2048;

const binaryOps = { Add: 0, Sub: 1, Multiply: 2, RealDiv: 3, Maximum: 4, Minimum: 5 } as const;
type BinaryName = keyof typeof binaryOps;
const commutative = new Set<BinaryName>(['Add', 'Multiply', 'Maximum', 'Minimum']);

interface BinaryPlan {
  aDims: number[];
  bDims: number[];
  channelLast: boolean;
}

/** How the addon sees `full` (the output's shape) and `other` broadcast onto it. */
function planBroadcast(full: number[], other: number[]): BinaryPlan {
  const size = sizeOf(full);
  const padded = [...new Array(full.length - other.length).fill(1), ...other];
  const otherSize = sizeOf(other);
  if (otherSize === size) return { aDims: [size], bDims: [size], channelLast: false };
  if (otherSize === 1) return { aDims: [size], bDims: [1], channelLast: false };
  // other = [1, …, 1, d_k, …, d_r] = full's trailing dims: a per-channel operand (bias, BN scale).
  const k = padded.findIndex((d) => d !== 1);
  if (padded.slice(k).every((d, i) => d === full[k + i])) {
    const inner = sizeOf(full.slice(k));
    return { aDims: [size / inner, inner], bDims: [1, inner], channelLast: true };
  }
  return { ...mergeBroadcastDims(full, padded), channelLast: false };
}

/**
 * The same broadcast over the fewest dims: dims of size 1 in `full` dropped, neighbours that are
 * both broadcast (1 in `other`) or both full merged. oneDNN 2.6 takes its jit kernel for
 * [2, H·W·C] − [2, 1] but a reference one for [2, H, W, 1, C] − [2, 1, 1, 1, 1] (GroupNorm's
 * centring at batch 2: 198 ms against 1.6 ms for 4 M values, 90 % of region-support's forward).
 */
export function mergeBroadcastDims(full: readonly number[], other: readonly number[]): { aDims: number[]; bDims: number[] } {
  const { dims, partner } = mergeDimsAlike(full, other);
  return { aDims: dims, bDims: partner };
}

function binary(name: BinaryName) {
  return ({ inputs, backend }: KernelArgs): TensorInfo | null => {
    const { a, b } = inputs;
    const values = allFloat32(backend, a, b);
    if (values == null) return null;
    const out = backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
    const size = sizeOf(out);
    if (size < nativeElementwiseMin) return null;
    const aFull = sizeOf(a.shape) === size;
    const bFull = sizeOf(b.shape) === size;
    let [full, other, fullValues, otherValues, scale] = [a.shape, b.shape, values[0], values[1], 1];
    if (!aFull) {
      // oneDNN broadcasts its second operand only: swap, and turn b − a back into a − b.
      if (!bFull || !(commutative.has(name) || name === 'Sub')) return null;
      [full, other, fullValues, otherValues] = [b.shape, a.shape, values[1], values[0]];
      if (name === 'Sub') scale = -1;
    }
    const plan = planBroadcast(full, other);
    return nativeOutput(backend, out, (y) =>
      backend.addon.binary(binaryOps[name], fullValues, plan.aDims, otherValues, plan.bDims, y, plan.channelLast ? 1 : 0, scale));
  };
}

/** tfjs unary kernels as oneDNN eltwise algorithms: [op code, alpha, beta]. */
const unaryOps: Record<string, (attrs: Record<string, unknown>) => [number, number, number]> = {
  Relu: () => [0, 0, 0],
  LeakyRelu: (a) => [0, a.alpha as number, 0],
  Exp: () => [1, 0, 0],
  Log: () => [2, 0, 0],
  Sqrt: () => [3, 0, 0],
  Tanh: () => [4, 0, 0],
  Sigmoid: () => [5, 0, 0],
  Square: () => [6, 0, 0],
  Abs: () => [7, 0, 0],
  Elu: () => [8, 1, 0],
  Neg: () => [9, -1, 0],
  Relu6: () => [10, 0, 6],
  Rsqrt: () => [11, 1, -0.5],
};

function unary(name: string) {
  return ({ inputs, backend, attrs }: KernelArgs): TensorInfo | null => {
    const { x } = inputs;
    const values = allFloat32(backend, x);
    if (values == null || values[0].length < nativeElementwiseMin) return null;
    const [op, alpha, beta] = unaryOps[name](attrs as Record<string, unknown>);
    return nativeOutput(backend, [...x.shape], (y) => backend.addon.unary(op, values[0], y, alpha, beta));
  };
}

const reduceOps = { Sum: 0, Mean: 1, Max: 2, Min: 3 } as const;
type ReduceName = keyof typeof reduceOps;

function reduce(name: ReduceName) {
  return ({ inputs, backend, attrs }: KernelArgs): TensorInfo | null => {
    const { x } = inputs;
    const values = allFloat32(backend, x);
    if (values == null || values[0].length < nativeElementwiseMin) return null;
    const axisAttr = (name === 'Max' ? attrs.reductionIndices : attrs.axis) as number | number[];
    const axes = util.parseAxisParam(axisAttr, x.shape);
    if (axes.length === 0) return null;
    const outDims = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
    const shape = attrs.keepDims === true ? outDims : x.shape.filter((_, i) => !axes.includes(i));
    const merged = mergeReduceDims(x.shape, outDims);
    if (merged.xDims.length === 2 && merged.outDims[0] === 1) {
      const [rows, columns] = merged.xDims;
      return nativeOutput(backend, shape, (y) => reduceLeadingAxis(name, values[0], rows, columns, y));
    }
    return nativeOutput(backend, shape, (y) => backend.addon.reduce(reduceOps[name], values[0], merged.xDims, y, merged.outDims));
  };
}

/**
 * [rows, columns] → [columns] in one pass over the rows: oneDNN 2.6 has no jit kernel for a
 * leading-axis reduction (the bias and broadcast gradients' Sum over N·H·W) and its reference
 * one took 22 ms for 1 M values, against ~2 ms here.
 */
function reduceLeadingAxis(name: ReduceName, x: Float32Array, rows: number, columns: number, y: Float32Array): void {
  const acc = new Float64Array(columns);
  if (name === 'Max' || name === 'Min') acc.set(x.subarray(0, columns));
  for (let r = name === 'Max' || name === 'Min' ? 1 : 0; r < rows; r++) {
    const row = r * columns;
    if (name === 'Max') for (let c = 0; c < columns; c++) acc[c] = x[row + c] > acc[c] || Number.isNaN(x[row + c]) ? x[row + c] : acc[c];
    else if (name === 'Min') for (let c = 0; c < columns; c++) acc[c] = x[row + c] < acc[c] || Number.isNaN(x[row + c]) ? x[row + c] : acc[c];
    else for (let c = 0; c < columns; c++) acc[c] += x[row + c];
  }
  const scale = name === 'Mean' ? 1 / rows : 1;
  for (let c = 0; c < columns; c++) y[c] = acc[c] * scale;
}

/**
 * The same reduction over the fewest dims: size-1 dims dropped, neighbours that are both
 * reduced or both kept merged (row-major, so the data and the result are unchanged). oneDNN
 * 2.6 runs a trailing reduction such as [B, H·W·C] → [B, 1] in its jit kernel but falls back
 * to a slow reference one for e.g. [B, H, W, 1, C] → [B, 1, 1, 1, 1] (GroupNorm's moments:
 * 20 ms instead of 0.1 ms for 1 M values, 64 % of region-support's forward).
 */
export function mergeReduceDims(xDims: readonly number[], outDims: readonly number[]): { xDims: number[]; outDims: number[] } {
  const { dims, partner } = mergeDimsAlike(xDims, outDims);
  return { xDims: dims, outDims: partner };
}

/**
 * `dims` without its size-1 dims, neighbours merged where `partner` is 1 in both (broadcast or
 * reduced) or full in both; `partner` merged alike. Row-major, so the data are unchanged.
 */
function mergeDimsAlike(dims: readonly number[], partner: readonly number[]): { dims: number[]; partner: number[] } {
  const merged = { dims: [] as number[], partner: [] as number[] };
  let lastOne: boolean | undefined;
  dims.forEach((d, i) => {
    if (d === 1) return;
    const one = partner[i] === 1;
    if (one === lastOne) {
      merged.dims[merged.dims.length - 1] *= d;
      if (!one) merged.partner[merged.partner.length - 1] *= d;
    } else {
      merged.dims.push(d);
      merged.partner.push(one ? 1 : d);
    }
    lastOne = one;
  });
  return merged.dims.length === 0 ? { dims: [1], partner: [1] } : merged;
}

/**
 * Softmax over the last axis as five native passes (max, subtract, exp in place, sum, divide):
 * tfjs's cpu kernel runs them in JS (ds-sidenet's 81-class softmax at 416 × 544: 14 % of its
 * train step). Same operations in the same order as the cpu kernel.
 */
function softmax({ inputs, backend, attrs }: KernelArgs): TensorInfo | null {
  const { logits } = inputs;
  const values = allFloat32(backend, logits);
  const rank = logits.shape.length;
  const dim = attrs.dim as number;
  if (values == null || values[0].length < nativeElementwiseMin || rank === 0 || !(dim === -1 || dim === rank - 1)) return null;
  const { addon } = backend;
  const c = logits.shape[rank - 1];
  const rows = values[0].length / c;
  const [full, perRow] = [[rows, c], [rows, 1]];
  const max = new Float32Array(rows);
  addon.reduce(reduceOps.Max, values[0], full, max, perRow);
  const exp = backend.allocate(rows * c);
  addon.binary(binaryOps.Sub, values[0], full, max, perRow, exp, 0, 1);
  addon.unary(unaryOps.Exp({})[0], exp, exp, 0, 0);
  const sum = new Float32Array(rows);
  addon.reduce(reduceOps.Sum, exp, full, sum, perRow);
  return nativeOutput(backend, [...logits.shape], (y) => addon.binary(binaryOps.RealDiv, exp, full, sum, perRow, y, 0, 1));
}

/** Binary arithmetic with broadcasting, unary activations and Sum/Mean/Max/Min on float32; Softmax. */
export function elementwiseKernels(stock: (name: string) => KernelFunc, backendName: string): KernelConfig[] {
  const make = (kernelName: string, native: (args: KernelArgs) => TensorInfo | null): KernelConfig => ({
    kernelName, backendName, kernelFunc: withFallback(stock(kernelName), native),
  });
  return [
    ...(Object.keys(binaryOps) as BinaryName[]).map((n) => make(n, binary(n))),
    ...Object.keys(unaryOps).map((n) => make(n, unary(n))),
    ...(Object.keys(reduceOps) as ReduceName[]).map((n) => make(n, reduce(n))),
    make('Softmax', softmax),
  ];
}
