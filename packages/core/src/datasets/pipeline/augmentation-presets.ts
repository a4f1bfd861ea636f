import { kittiSpec } from '../kitti-spec.js';
import { nyuSpec } from '../nyu-spec.js';
import type { DatasetSpec } from '../spec.js';
import { synthiaSpec } from '../synthia-spec.js';
import type { Augmentation } from './augment/augmentation.js';
import { colourJitter, type ColourJitterOptions } from './augment/colour-jitter.js';
import { fixedCrop, kbCrop, randomCrop } from './augment/crop.js';
import { randomFlip } from './augment/flip.js';
import { padToAtLeast, zeroPad } from './augment/pad.js';
import { resizeTo } from './augment/resize.js';
import { randomRotation } from './augment/rotate.js';
import { randomScale } from './augment/scale.js';

/** The knobs of a training-time augmentation recipe; sizes come from the dataset spec. */
export interface AugmentationPreset {
  dataset: string;
  /** Network input [height, width]: the spec's train resolution. */
  size: readonly [number, number];
  /** Deterministic crop first: KITTI's KB window, or the NYU border BTS removes. */
  preCrop?: { kind: 'kb'; height: number; width: number } | { kind: 'box'; rows: readonly [number, number]; cols: readonly [number, number] };
  /** Zero-pad every frame to [height, width] first (DS-SIDENet's 1248×384 KITTI frames). */
  padTo?: readonly [number, number];
  /** Then resize the whole frame to [height, width] (DS-SIDENet's coarse network: 832×256). */
  preResize?: readonly [number, number];
  /** Resize to `size` instead of random-cropping to it. */
  resizeToSize?: boolean;
  /**
   * Pad frames smaller than `size` (mean colour on top / at the sides, depth 0) before the
   * random crop, for crops taller than the frame (DeepLab-SID's 420×800 on 375-row KITTI).
   */
  padToSize?: boolean;
  /**
   * Eigen et al. 2014's scale step before rotation and the random crop: image and maps grow by
   * s uniform in this range (theirs: [1, 1.5]) and depth is divided by s. Needs the random crop
   * (not `resizeToSize`, which would shrink the frame back and undo the zoom).
   */
  scale?: readonly [number, number];
  rotateDegrees: number;
  flipProbability: number;
  jitter: ColourJitterOptions;
  /** Depth counted valid in the mask: the spec's (minDepth, maxDepth). */
  validDepth: { min: number; max: number };
}

const btsJitter = { probability: 0.5, gamma: [0.9, 1.1], colour: [0.9, 1.1] } as const;

function validDepthOf(spec: DatasetSpec) {
  return { min: spec.minDepth, max: spec.maxDepth };
}

function kbWindow() {
  const kb = kittiSpec.crops.kb;
  return { kind: 'kb' as const, height: kb.height, width: kb.width };
}

/**
 * BTS's training recipe (bts_dataloader.py, with its KITTI / NYU argument files): KB crop on
 * KITTI or the (43, 45, 608, 472) border crop on NYU, rotation by a uniform angle within
 * ±1° / ±2.5°, random crop to the train size, flip with p = 0.5, then with p = 0.5 gamma
 * [0.9, 1.1], brightness [0.75, 1.25] (KITTI) or [0.9, 1.1] (NYU), per-channel colour [0.9, 1.1].
 * The SYNTHIA recipe is ours (segment-depth resizes to its train size; flip and BTS's jitter).
 */
export const augmentationPresets = {
  kitti: {
    dataset: kittiSpec.name,
    size: kittiSpec.resolution.train,
    preCrop: kbWindow(),
    rotateDegrees: 1,
    flipProbability: 0.5,
    jitter: { ...btsJitter, brightness: [0.75, 1.25] },
    validDepth: validDepthOf(kittiSpec),
  },
  nyu: {
    dataset: nyuSpec.name,
    size: nyuSpec.resolution.train,
    // PIL box (left 43, top 45, right 608, bottom 472): BTS's crop against registration blanks.
    preCrop: { kind: 'box', rows: [45, 472], cols: [43, 608] },
    rotateDegrees: 2.5,
    flipProbability: 0.5,
    jitter: { ...btsJitter, brightness: [0.9, 1.1] },
    validDepth: validDepthOf(nyuSpec),
  },
  synthia: {
    dataset: synthiaSpec.name,
    size: synthiaSpec.resolution.train,
    resizeToSize: true,
    rotateDegrees: 0,
    flipProbability: 0.5,
    jitter: { ...btsJitter, brightness: [0.9, 1.1] },
    validDepth: validDepthOf(synthiaSpec),
  },
} satisfies Record<string, AugmentationPreset>;

export type PresetName = keyof typeof augmentationPresets;

/** The preset as an augmentation chain, in BTS's order (Eigen et al.'s scale before the rotation). */
export function presetAugmentations(preset: AugmentationPreset): Augmentation[] {
  const [height, width] = preset.size;
  const chain: Augmentation[] = [];
  if (preset.padTo) chain.push(zeroPad(preset.padTo[0], preset.padTo[1]));
  if (preset.preResize) chain.push(resizeTo(preset.preResize[0], preset.preResize[1]));
  if (preset.preCrop?.kind === 'kb') chain.push(kbCrop(preset.preCrop));
  else if (preset.preCrop?.kind === 'box') chain.push(fixedCrop(preset.preCrop.rows, preset.preCrop.cols));
  if (preset.scale) {
    if (preset.resizeToSize) {
      throw new Error(`augmentation for '${preset.dataset}': expected a random crop after the scale step (resizing to the train size would undo the zoom but keep depth ÷ s), found resizeToSize`);
    }
    chain.push(randomScale(preset.scale, preset.validDepth));
  }
  if (preset.rotateDegrees > 0) chain.push(randomRotation(preset.rotateDegrees));
  if (preset.padToSize && !preset.resizeToSize) chain.push(padToAtLeast(height, width));
  chain.push(preset.resizeToSize ? resizeTo(height, width) : randomCrop(height, width));
  if (preset.flipProbability > 0) chain.push(randomFlip(preset.flipProbability));
  if (preset.jitter.probability > 0) chain.push(colourJitter(preset.jitter));
  return chain;
}

/** What to spread into createPipeline for a dataset: augmentations, size and valid-depth range. */
export function presetPipelineOptions(name: PresetName) {
  const preset: AugmentationPreset = augmentationPresets[name];
  return { augment: presetAugmentations(preset), size: preset.size, validDepth: preset.validDepth };
}
