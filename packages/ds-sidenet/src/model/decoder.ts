import * as tfl from '@tensorflow/tfjs-layers';
import { batchNorm, conv2d, upProjection } from '@depthkit/core/web';
import type { DsSidenetConfig } from '../config.js';
import { scaled } from './encoder.js';

type T = tfl.SymbolicTensor;

/** One row of Table 2: the block kind, its scale factor t and its output channels and stride. */
export interface DecoderBlockSpec {
  kind: 'upproj-con' | 'sam' | 'shg' | 'upproj';
  t: 1 | 2;
  /** Output channels at widthScale 1 (C/2 of the input for upproj-con and upproj; C for SAM / SHG). */
  channels: number;
  /** Output stride relative to the input image. */
  stride: number;
  /** Encoder block (1-based) whose output is this block's skip Y; null: no skip. */
  skipFrom: number | null;
  /** A context module run on this block's up-projected output (Table 8's SAM / SHG at block 4 or 5). */
  context?: 'sam' | 'shg';
}

/**
 * Table 2, both columns. Skips mirror the encoder (U-Net): decoder block i takes the encoder
 * block whose output has the same resolution, counted from the deep end (Block 5 − i).
 * Block 5's listed "1 × W × H" is after the branch's output layer; the upproj itself halves C.
 * The high-range column follows `contextModule` / `contextBlock` (Table 8's rows).
 */
export function decoderTable(config: Pick<DsSidenetConfig, 'range' | 'contextModule' | 'contextBlock'>): DecoderBlockSpec[] {
  if (config.range === 'low') {
    return [
      { kind: 'upproj-con', t: 2, channels: 256, stride: 16, skipFrom: 4 },
      { kind: 'upproj-con', t: 2, channels: 128, stride: 8, skipFrom: 3 },
      { kind: 'upproj-con', t: 2, channels: 64, stride: 4, skipFrom: 2 },
      { kind: 'upproj-con', t: 2, channels: 32, stride: 2, skipFrom: 1 },
      { kind: 'upproj', t: 2, channels: 16, stride: 1, skipFrom: null },
    ];
  }
  const module = config.contextModule === 'none' ? null : config.contextModule;
  const at = (block: number) => (module != null && config.contextBlock === block ? module : undefined);
  const block3: DecoderBlockSpec = at(3)
    ? { kind: at(3)!, t: 1, channels: 32, stride: 4, skipFrom: null }
    : { kind: 'upproj-con', t: 1, channels: 16, stride: 4, skipFrom: 2 };
  const context = (block: number) => (at(block) ? { context: at(block) } : {});
  const block4: DecoderBlockSpec = { kind: 'upproj-con', t: 2, channels: block3.channels / 2, stride: 2, skipFrom: 1, ...context(4) };
  const block5: DecoderBlockSpec = { kind: 'upproj', t: 2, channels: block4.channels / 2, stride: 1, skipFrom: null, ...context(5) };
  return [
    { kind: 'upproj-con', t: 1, channels: 64, stride: 4, skipFrom: 4 },
    { kind: 'upproj-con', t: 1, channels: 32, stride: 4, skipFrom: 3 },
    block3,
    block4,
    block5,
  ];
}

function convBn(x: T, filters: number, kernel: number, dilation: number, name: string, activate = true, strides: 1 | 2 = 1): T {
  const c = conv2d({ filters, kernelSize: kernel, dilation, strides, useBias: false, name: `${name}_conv` }).apply(x) as T;
  const b = batchNorm({ name: `${name}_bn` }).apply(c) as T;
  return activate ? (tfl.layers.reLU({ name: `${name}_relu` }).apply(b) as T) : b;
}

/**
 * Fig. 3(c) as depthkit reads it: Laina's up-projection of X (the previous block) to C/2
 * channels at t× its size, concatenated with Y (the encoder's output at that size) and Z (the
 * RGB input average-pooled to that size — the paper likens it to a pooling layer), fused by a
 * 3×3 convbn + ReLU back to C/2. Without either skip (Table 7's first row) it is the plain upproj.
 */
export function upprojCon(x: T, extras: T[], filters: number, t: 1 | 2, name: string): T {
  const u = upProjection(x, { filters, scale: t, name: `${name}_upproj` });
  if (extras.length === 0) return u;
  const joined = tfl.layers.concatenate({ name: `${name}_concat` }).apply([u, ...extras]) as T;
  return convBn(joined, filters, 3, 1, `${name}_fuse`);
}

/**
 * One AM module (AMNet, Du et al. 2019, as depthkit reads it): a chain of 3×3 convbn + ReLU with
 * growing dilation, then two 1×1 convbn, added to the module's input (ReLU after the sum).
 */
function amModule(x: T, channels: number, dilations: number[], name: string): T {
  let y = x;
  dilations.forEach((d, i) => { y = convBn(y, channels, 3, d, `${name}_d${i + 1}`); });
  y = convBn(y, channels, 1, 1, `${name}_p1`);
  y = convBn(y, channels, 1, 1, `${name}_p2`, false);
  const sum = tfl.layers.add({ name: `${name}_sum` }).apply([x, y]) as T;
  return tfl.layers.reLU({ name: `${name}_out` }).apply(sum) as T;
}

/** SAM: `modules` stacked AM modules; keeps size and channels (Table 2: 32 × W/4 × H/4). */
export function samModule(x: T, channels: number, config: Pick<DsSidenetConfig, 'samModules' | 'amDilations'>, name: string): T {
  let y = x;
  for (let m = 0; m < config.samModules; m++) y = amModule(y, channels, config.amDilations, `${name}_am${m + 1}`);
  return y;
}

/**
 * One hourglass of PSMNet's stacked hourglass (Chang & Chen 2018, the paper's [3]) in 2-D:
 * two stride-2 3×3 convbn levels at twice the channels and two ×2 transposed 3×3 convbn back
 * to the input's size and channels. `pre` (after the first level) and `post` (after the first
 * way up) link the hourglasses as in PSMNet: the previous hourglass's `post` joins `pre`, and the
 * first hourglass's `pre` replaces this one's own at the first way up.
 */
function hourglass(x: T, channels: number, links: { previousPost?: T; firstPre?: T }, name: string): { out: T; pre: T; post: T } {
  const wide = 2 * channels;
  const down1 = convBn(x, wide, 3, 1, `${name}_c1`, true, 2);
  let pre = convBn(down1, wide, 3, 1, `${name}_c2`, false);
  if (links.previousPost) pre = tfl.layers.add({ name: `${name}_c2_link` }).apply([pre, links.previousPost]) as T;
  pre = tfl.layers.reLU({ name: `${name}_c2_out` }).apply(pre) as T;
  const down2 = convBn(pre, wide, 3, 1, `${name}_c3`, true, 2);
  const mid = convBn(down2, wide, 3, 1, `${name}_c4`);
  const up1 = deconvBn(mid, wide, `${name}_c5`);
  const linked = tfl.layers.add({ name: `${name}_c5_link` }).apply([up1, links.firstPre ?? pre]) as T;
  const post = tfl.layers.reLU({ name: `${name}_c5_out` }).apply(linked) as T;
  return { out: deconvBn(post, channels, `${name}_c6`), pre, post };
}

function deconvBn(x: T, filters: number, name: string): T {
  const c = tfl.layers.conv2dTranspose({ filters, kernelSize: 3, strides: 2, padding: 'same', useBias: false, name: `${name}_deconv` }).apply(x) as T;
  return batchNorm({ name: `${name}_bn` }).apply(c) as T;
}

/**
 * SHG: `modules` stacked hourglasses, each one's output added to the stack's input (PSMNet's
 * `out_k + cost0`); keeps size and channels. PSMNet's per-hourglass outputs with intermediate
 * supervision are not kept: DS-SIDENet has one output layer per branch.
 */
export function shgModule(x: T, channels: number, config: Pick<DsSidenetConfig, 'shgModules'>, name: string): T {
  let y = x;
  let firstPre: T | undefined;
  let previousPost: T | undefined;
  for (let m = 0; m < config.shgModules; m++) {
    const hg = hourglass(y, channels, { firstPre, previousPost }, `${name}_hg${m + 1}`);
    firstPre ??= hg.pre;
    previousPost = hg.post;
    y = tfl.layers.add({ name: `${name}_hg${m + 1}_sum` }).apply([hg.out, x]) as T;
  }
  return y;
}

/** Table 8's context modules, by kind. */
function contextModule(x: T, kind: 'sam' | 'shg', channels: number, config: DsSidenetConfig, name: string): T {
  return kind === 'sam' ? samModule(x, channels, config, name) : shgModule(x, channels, config, name);
}

/** The RGB input average-pooled to 1/stride (Z of every upproj-con block). */
export function pooledRgb(image: T, stride: number, name: string): T {
  if (stride === 1) return image;
  return tfl.layers.averagePooling2d({ poolSize: stride, strides: stride, padding: 'valid', name }).apply(image) as T;
}

export interface DecoderInputs {
  image: T;
  /** Encoder Blocks 1–5 outputs. */
  encoder: T[];
}

/**
 * One decoding branch (Fig. 3(a)): Table 2's five blocks, then the branch's output layer (a 3×3
 * conv to `outputs` channels: K + 1 class logits, or 1 depth). Returns the block outputs and the
 * output layer's tensor.
 */
export function buildDecoderBranch(inputs: DecoderInputs, config: DsSidenetConfig, branch: 'cls' | 'reg', outputs: number): { blocks: T[]; output: T } {
  const blocks: T[] = [];
  let x = inputs.encoder[4];
  decoderTable(config).forEach((spec, i) => {
    const name = `${branch}_dec_b${i + 1}`;
    const filters = scaled(spec.channels, config.widthScale);
    if (spec.kind === 'sam' || spec.kind === 'shg') {
      x = contextModule(x, spec.kind, filters, config, name);
    } else if (spec.kind === 'upproj') {
      x = upProjection(x, { filters, scale: spec.t, name: `${name}_upproj` });
    } else {
      const extras: T[] = [];
      if (config.skipEncoder && spec.skipFrom != null) extras.push(inputs.encoder[spec.skipFrom - 1]);
      if (config.skipRgb) extras.push(pooledRgb(inputs.image, spec.stride, `${name}_rgb_pool`));
      x = upprojCon(x, extras, filters, spec.t, name);
    }
    if (spec.context) x = contextModule(x, spec.context, filters, config, `${name}_${spec.context}`);
    blocks.push(x);
  });
  const output = conv2d({ filters: outputs, kernelSize: 3, name: `${branch}_output` }).apply(x) as T;
  return { blocks, output };
}
