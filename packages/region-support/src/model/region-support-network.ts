import * as tfl from '@tensorflow/tfjs-layers';
import { ResizeLike, type MethodModel } from '@depthkit/core/web';
import { EdgePad } from './edge-pad.js';
import type { RegionSupportConfig } from '../config.js';
import { basicBlock, convUnit, deconvUnit, type T } from './blocks.js';
import { Bandwidth, BandwidthOutput, LocationMap, MeanShiftRegions, MetreAverage, PyramidPool, RegionChannel, RegionPool } from './region-layers.js';

/** The network's outputs, in order. Depth maps are natural-log metres. */
export const outputNames = ['final', 'embedding', 'regions', 'initial', 'regional', 'variance', 'target', 'delta_v'] as const;
export type OutputName = (typeof outputNames)[number];
export const outputIndex = Object.fromEntries(outputNames.map((n, i) => [n, i])) as Record<OutputName, number>;

const concat = (xs: T[], name: string) => tfl.layers.concatenate({ name }).apply(xs) as T;

function stage(x: T, blocks: number, filters: number, stride: number, name: string): T {
  let y = x;
  for (let i = 0; i < blocks; i++) y = basicBlock(y, filters, i === 0 ? stride : 1, `${name}_block${i + 1}`);
  return y;
}

/**
 * §3.1.1: ResNet of basic blocks (4, 10, 5, 5) sub-sampling in stages 2 and 3 (→ 1/4), spatial
 * pyramid pooling to 1/8 … 1/240 of the input (1×1 conv to ¼ of the channels, resized back,
 * concatenated), then two de-convolution units with skips from stages 2 and 1 → full resolution.
 */
export function spatialPyramidUnit(image: T, c: RegionSupportConfig): T {
  const [c1, c2, c3, c4] = c.stageChannels;
  const stem = convUnit(image, c1, 'stem');
  const s1 = stage(stem, c.blocks[0], c1, 1, 'stage1');
  const s2 = stage(s1, c.blocks[1], c2, 2, 'stage2');
  const s3 = stage(s2, c.blocks[2], c3, 2, 'stage3');
  const s4 = stage(s3, c.blocks[3], c4, 1, 'stage4');
  const branches = c.pyramidFractions.map((k) => {
    const name = `spp_1_${k}`;
    const pooled = new PyramidPool({ fraction: k, name: `${name}_pool` }).apply([s4, image]) as T;
    const conv = convUnit(pooled, c4 / 4, name, { kernel: 1 });
    return new ResizeLike({ interpolation: c.pyramidInterpolation, name: `${name}_resize` }).apply([conv, s4]) as T;
  });
  const pyramid = concat([s4, ...branches], 'spp_concat');
  const half = deconvUnit(pyramid, s2, c.decoderChannels[0], 'deconv1');
  return deconvUnit(half, s1, c.decoderChannels[1], 'deconv2');
}

/** §3.1.2: [shared feature, location map] → four convs → the E-channel clustering embedding. */
function clusteringEmbedding(shared: T, c: RegionSupportConfig): T {
  const location = new LocationMap({ name: 'location_map' }).apply(shared) as T;
  let x = concat([shared, location], 'cluster_input');
  c.clusterChannels.forEach((f, i) => {
    x = convUnit(x, f, `cluster${i + 1}`);
  });
  return convUnit(x, c.embeddingDim, 'embedding');
}

/** §3.2: four residual units and three conv units on [shared feature, region support] → initial log depth. */
function initialDepth(shared: T, regionChannel: T, c: RegionSupportConfig): T {
  let x = concat([shared, regionChannel], 'depth_input');
  c.depthChannels.slice(0, 4).forEach((f, i) => {
    x = basicBlock(x, f, 1, `depth_res${i + 1}`);
  });
  x = convUnit(x, c.depthChannels[4], 'depth_conv1');
  x = convUnit(x, c.depthChannels[5], 'depth_conv2');
  // One channel: GroupNorm over it would erase the image's depth scale, so no norm here. Zero
  // weights and a log-prior bias: training starts from a flat, plausible depth, not from noise.
  const padded = new EdgePad({ pad: 1, name: 'depth_head_pad' }).apply(x) as T;
  const head = tfl.layers.conv2d({
    filters: 1, kernelSize: 3, padding: 'valid', name: 'depth_head',
    kernelInitializer: 'zeros', biasInitializer: tfl.initializers.constant({ value: Math.log(c.depthPrior) }),
  });
  return head.apply(padded) as T;
}

/** §3.3: five conv units (3×3, 3×3, then 1×1 ×3; the last without norm/ReLU) added to `depth`. */
function refinement(depth: T, others: T[], c: RegionSupportConfig, name: string): T {
  let x = concat([depth, ...others], `${name}_input`);
  c.refineChannels.forEach((f, i) => {
    x = convUnit(x, f, `${name}${i + 1}`, { kernel: i < 2 ? 3 : 1 });
  });
  // Zero-initialised, so each refinement starts as the identity on its input depth.
  const residual = tfl.layers.conv2d({ filters: 1, kernelSize: 1, kernelInitializer: 'zeros', name: `${name}5_conv` }).apply(x) as T;
  return tfl.layers.add({ name }).apply([depth, residual]) as T;
}

export interface RegionSupportModel extends MethodModel {
  bandwidth: Bandwidth;
}

/**
 * Region-support depth inference: a shared spatial pyramid unit; the region support from a
 * clustering embedding and the modified mean-shift; initial depth from [feature, region
 * support]; regional depth and feature by region means; variance and target refinements,
 * averaged. Outputs (see `outputNames`) the final, initial, regional and refined log depths,
 * the embedding, the region ids and δ_v.
 */
export function buildRegionSupportNetwork(config: RegionSupportConfig): RegionSupportModel {
  if (config.stageChannels[3] % 4 !== 0) throw new Error(`region-support: stageChannels[3] must be divisible by 4 (¼ per pyramid branch), got ${config.stageChannels[3]}`);
  const bandwidth = new Bandwidth(config.deltaV0);
  const image = tfl.input({ shape: [null, null, 3] as unknown as number[], name: 'image' });
  const shared = spatialPyramidUnit(image, config);
  const embedding = clusteringEmbedding(shared, config);
  const regions = new MeanShiftRegions(config.meanShift, bandwidth, 'regions').apply(embedding) as T;
  const regionChannel = new RegionChannel(config.meanShift.maxRegions, 'region_channel').apply(regions) as T;
  const initial = initialDepth(shared, regionChannel, config);
  // Configs saved before `depthMean` existed were trained with the geometric mean ('log').
  const inMetres = (config.depthMean ?? 'log') === 'metres';
  const regional = new RegionPool(config.meanShift.maxRegions, 'regional_depth', inMetres).apply([initial, regions]) as T;
  const regionalFeature = new RegionPool(config.meanShift.maxRegions, 'regional_feature').apply([shared, regions]) as T;
  const variance = refinement(regional, [shared, regionalFeature], config, 'variance');
  const target = refinement(initial, [regionalFeature, shared], config, 'target');
  // §3.3: "a very simple average fusion" of the two refined depths.
  const final = (inMetres ? new MetreAverage('final') : tfl.layers.average({ name: 'final' })).apply([variance, target]) as T;
  const deltaV = new BandwidthOutput(bandwidth, 'delta_v').apply(embedding) as T;
  const model = tfl.model({ inputs: image, outputs: [final, embedding, regions, initial, regional, variance, target, deltaV], name: 'region_support' });
  return {
    model,
    stride: 4,
    bandwidth,
    extraState: () => ({ deltaV: bandwidth.deltaV }),
    restoreExtraState: (state) => {
      if (typeof state.deltaV !== 'number' || !(state.deltaV > 0)) throw new Error(`region-support: saved state has no positive deltaV (found ${JSON.stringify(state)})`);
      bandwidth.deltaV = state.deltaV;
    },
  };
}
