import type * as tfl from '@tensorflow/tfjs-layers';
import { deeplabSid } from '@depthkit/deeplab-sid';
import { dsSidenet } from '@depthkit/ds-sidenet';
import { hmaDepth } from '@depthkit/hma-depth';
import { segmentDepth } from '@depthkit/segment-depth';
import { regionSupport } from '@depthkit/region-support';
import { buildReferenceNet } from './reference-net.js';

/**
 * The perf harness's cases, listed explicitly. Each method package adds its network here with
 * the name of its PyTorch twin in twins.py.
 */
export interface PerfCase {
  name: string;
  /** NHWC input batch shape. */
  inputShape: [number, number, number, number];
  /** NHWC target shape for the L1 train step. */
  targetShape: [number, number, number, number];
  build(): tfl.LayersModel;
  /** The augmentation preset (dataset) it trains on, for bench:data's loader-vs-step comparison. */
  dataset?: 'kitti' | 'nyu' | 'synthia';
  /** Twin module in twins/ (`hma-depth` → twins/hma_depth.py). */
  torchCase: string;
  /**
   * Train-step shapes [batch, height, width] tried in order after `inputShape` when a step
   * exceeds the wasm backend's 4 GB heap; the first that fits is measured on both sides.
   */
  trainFallbacks?: Array<[number, number, number]>;
}

/** The case's shapes at another batch × height × width. */
export function reshapeCase(c: PerfCase, [n, h, w]: [number, number, number]): Pick<PerfCase, 'inputShape' | 'targetShape'> {
  return { inputShape: [n, h, w, c.inputShape[3]], targetShape: [n, h, w, c.targetShape[3]] };
}

export const perfCases: PerfCase[] = [
  {
    name: 'reference',
    inputShape: [2, 128, 416, 3],
    targetShape: [2, 128, 416, 1],
    build: () => buildReferenceNet(128, 416),
    torchCase: 'reference',
  },
  {
    // The paper's KITTI network (ResNet-50, decoder width 512) at BTS's training crop.
    name: 'hma-depth',
    dataset: 'kitti',
    inputShape: [2, 352, 704, 3],
    targetShape: [2, 352, 704, 1],
    build: () => hmaDepth.createModel(hmaDepth.presets.kitti.config).model,
    torchCase: 'hma-depth',
    // Training keeps every activation of a 45 M-parameter net at full resolution; the wasm32
    // heap (4 GB) holds neither 2 nor 1 × 352 × 704, so the step is measured smaller (at
    // multiples of 32, which the PyTorch twin's skip connections need).
    trainFallbacks: [[1, 352, 704], [1, 256, 512], [1, 192, 384], [1, 128, 256]],
  },
  {
    // The paper's network (atrous ResNet-101 at output stride 8, ASPP-L, 71 logits up-sampled
    // to the input); L1 on the logits stands in for the cross-entropy. The forward fits the
    // wasm heap at 2 (and 4) × 352 × 704; no train step at 352 × 704 does, not even at batch 1
    // (the output-stride-8 activations of 23 res4 blocks are kept for the backward pass).
    name: 'deeplab-sid',
    dataset: 'kitti',
    inputShape: [2, 352, 704, 3],
    targetShape: [2, 352, 704, 71],
    build: () => deeplabSid.createModel(deeplabSid.presets.kitti.config).model,
    torchCase: 'deeplab-sid',
    trainFallbacks: [[1, 352, 704], [1, 256, 512], [1, 192, 384], [1, 128, 256], [1, 64, 128]],
  },
  {
    // The paper's explicit model (4 segmentation + 4 depth U-Nets, widths 64–512) at the synthia
    // preset's input size, one image as the paper's 112 ms per forward pass.
    name: 'segment-depth',
    dataset: 'synthia',
    inputShape: [1, 288, 480, 3],
    targetShape: [1, 288, 480, 1],
    build: () => segmentDepth.createModel(segmentDepth.presets.synthia.config).model,
    torchCase: 'segment-depth',
    // Eight 12 M-parameter U-Nets keep every activation for the backward pass.
    trainFallbacks: [[1, 192, 320], [1, 96, 160]],
  },
  {
    // The paper's network (blocks 4, 10, 5, 5; channels 32–128, most of it at full resolution)
    // with its host-side mean-shift, at the KITTI preset's crop and batch.
    name: 'region-support',
    dataset: 'kitti',
    inputShape: [2, 352, 704, 3],
    targetShape: [2, 352, 704, 1],
    build: () => regionSupport.createModel(regionSupport.presets.kitti.config).model,
    torchCase: 'region-support',
    trainFallbacks: [[1, 352, 704], [1, 256, 512], [1, 192, 384], [1, 128, 256]],
  },
  {
    // The paper's NYU network (low range, soft-cl + reg, K = 80) at the 640×480 of its timing
    // (§5.2: 150 ms on a V100). Both branches run forward; the harness's L1 reads the first
    // output (the K + 1 class logits), so the target has 81 channels.
    name: 'ds-sidenet',
    dataset: 'nyu',
    inputShape: [1, 480, 640, 3],
    targetShape: [1, 480, 640, 81],
    build: () => dsSidenet.createModel(dsSidenet.presets.nyu.config).model,
    torchCase: 'ds-sidenet',
    // Fallbacks stay multiples of the network's stride (32).
    trainFallbacks: [[1, 224, 320], [1, 128, 160]],
  },
];
