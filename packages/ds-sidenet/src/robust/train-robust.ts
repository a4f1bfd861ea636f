import path from 'node:path';
import {
  checkRunFolder, colourJitter, createPipeline, depthMethodContractVersion, fit, jsonSha256, kittiSpec, nyuSpec, openSplit, randomCrop, randomFlip, resizeTo,
  saveMethodModel, splitFingerprint, trainFiles, withSeededRandom, zeroPad, type Augmentation, type OpenedSplit, type OptimizerConfig, type ProgressMode,
  type RunFingerprint, type SampleSource, type ScheduleConfig, type TrainBatch,
} from '@depthkit/core';
import type { DsSidenetConfig } from '../config.js';
import { dsSidenetLoss } from '../loss.js';
import { buildDsSidenetNetwork } from '../model/ds-sidenet-network.js';
import { robustCoarsePreset } from '../presets/robust.js';

/** §5.1's frame sizes for the coarse network, [height, width]. */
export interface CoarseFrames {
  indoor: [number, number];
  kittiPadded: [number, number];
  kittiDown: [number, number];
}

export const coarseFrames: CoarseFrames = {
  /** Indoor frames resized to ScanNet's 320×240 (NYU here). */
  indoor: [240, 320] as [number, number],
  /** KITTI frames zero-padded to 1248×384 … */
  kittiPadded: [384, 1248] as [number, number],
  /** … and down-sampled to 832×256. */
  kittiDown: [256, 832] as [number, number],
};

const indoorTag = 'indoor:';
const outdoorTag = 'outdoor:';

/** Runs the indoor or the outdoor chain by the tag the mixed source put on the sample's id. */
function bySource(indoor: Augmentation[], outdoor: Augmentation[]): Augmentation {
  return {
    name: 'bySource',
    apply(sample, random) {
      const chain = sample.id.startsWith(indoorTag) ? indoor : outdoor;
      let current = sample;
      for (const step of chain) current = step.apply(current, random).sample;
      return { sample: current };
    },
  };
}

/** The coarse network's augmentation (§5.1): per-source resizing, then a shared random crop. */
export function coarseAugmentations(crop: [number, number], frames: CoarseFrames = coarseFrames): Augmentation[] {
  const [h, w] = crop;
  return [
    bySource(
      [resizeTo(...frames.indoor)],
      [zeroPad(...frames.kittiPadded), resizeTo(...frames.kittiDown)],
    ),
    randomCrop(h, w),
    randomFlip(0.5),
    colourJitter({ probability: 0.5, gamma: [0.9, 1.1], brightness: [0.9, 1.1], colour: [0.9, 1.1] }),
  ];
}

/** Both splits as one source; ids are tagged with their side so the augmentation can tell them apart. */
export function mixedSource(indoor: OpenedSplit, outdoor: OpenedSplit): SampleSource {
  const n = indoor.ids.length;
  return {
    length: n + outdoor.ids.length,
    async read(index) {
      const fromIndoor = index < n;
      const sample = fromIndoor ? await indoor.read(index) : await outdoor.read(index - n);
      return { ...sample, id: `${fromIndoor ? indoorTag : outdoorTag}${sample.id}` };
    },
  };
}

export interface TrainRobustOptions {
  /** NYU-layout folder (the indoor side; the paper uses ScanNet, which core cannot read). */
  nyuDir: string;
  kittiDir: string;
  outDir: string;
  /** Config overrides (tests train a small coarse network). */
  config?: Partial<DsSidenetConfig>;
  steps?: number;
  epochs?: number;
  batchSize?: number;
  crop?: [number, number];
  /** The preset's by default (tests train a few dozen steps at a larger rate). */
  optimizer?: OptimizerConfig;
  schedule?: ScheduleConfig;
  /** §5.1's sizes by default; tests on small synthetic frames scale them down. */
  frames?: CoarseFrames;
  seed?: number;
  nyuSplitFile?: string;
  kittiSplitFile?: string;
  log?: ProgressMode;
  /** Continue from `<out>/checkpoints/last`; refused without a sound checkpoint or with other settings (unless `force`). */
  resume?: boolean;
  force?: boolean;
  /** Start afresh in an `outDir` that holds a run, deleting it. */
  overwrite?: boolean;
  /** Checkpoint every this many steps (default once an epoch) and at least every this many minutes (default 10). */
  checkpointEverySteps?: number;
  checkpointEveryMinutes?: number;
  /** SIGINT/SIGTERM (trapInterrupts): the step finishes, the checkpoint is written, and the result says `interrupted`. */
  signal?: AbortSignal;
}

export interface TrainRobustResult {
  /** Written only when training ran to its end, not when `interrupted`. */
  modelDir: string;
  losses: number[];
  steps: number;
  totalSteps: number;
  resumedFrom: number;
  checkpointDir: string;
  interrupted?: string;
}

/**
 * Trains §3's coarse depth network (preset `robust`) on NYU and KITTI training frames mixed, and
 * writes `<out>/model` as a `ds-sidenet` model of preset `robust` (so `eval`, `predict` and the
 * router read it like any other).
 */
export async function trainRobust(o: TrainRobustOptions): Promise<TrainRobustResult> {
  const preset = robustCoarsePreset;
  const config: DsSidenetConfig = { ...preset.config, ...o.config };
  const crop = o.crop ?? preset.training.crop;
  await checkRunFolder(o.outDir, { resume: o.resume, overwrite: o.overwrite });
  const indoor = await openSplit(nyuSpec, o.nyuDir, 'train', { splitFile: o.nyuSplitFile });
  const outdoor = await openSplit(kittiSpec, o.kittiDir, 'train', { splitFile: o.kittiSplitFile });
  const batchSize = o.batchSize ?? preset.training.batchSize;
  const byEpochs = o.steps == null;
  const length = byEpochs ? { epochs: o.epochs ?? preset.training.epochs } : { steps: o.steps };
  const fingerprint: RunFingerprint = {
    method: 'ds-sidenet train-robust', ...splitFingerprint(indoor, o.nyuDir, 'nyu'), ...splitFingerprint(outdoor, o.kittiDir, 'kitti'),
    batch: batchSize, crop: `${crop[0]}x${crop[1]}`, seed: o.seed ?? 0, steps: length.steps ?? null, epochs: length.epochs ?? null,
    configSha256: jsonSha256(config), optimizerSha256: jsonSha256([o.optimizer ?? preset.training.optimizer, o.schedule ?? preset.training.schedule, o.frames ?? null]),
  };
  const built = withSeededRandom(o.seed ?? 0, () => buildDsSidenetNetwork(config));
  const pipeline = createPipeline({
    source: mixedSource(indoor, outdoor),
    batchSize,
    seed: o.seed ?? 0,
    augment: coarseAugmentations(crop, o.frames),
    size: crop,
    // The wider of the two datasets' valid ranges: NYU's lies inside KITTI's.
    validDepth: { min: Math.max(nyuSpec.minDepth, kittiSpec.minDepth), max: Math.max(nyuSpec.maxDepth, kittiSpec.maxDepth) },
    epochs: Infinity,
  });
  const result = await fit({
    model: built.model,
    loss: (batch, outputs) => dsSidenetLoss(batch as unknown as TrainBatch, outputs, config),
    data: pipeline,
    optimizer: o.optimizer ?? preset.training.optimizer,
    schedule: o.schedule ?? preset.training.schedule,
    ...length,
    seed: o.seed ?? 0,
    outDir: o.outDir,
    log: o.log,
    resume: o.resume,
    force: o.force,
    overwrite: o.overwrite,
    fingerprint,
    checkpointEvery: o.checkpointEverySteps ?? pipeline.batchesPerEpoch,
    checkpointEveryMinutes: o.checkpointEveryMinutes ?? 10,
    signal: o.signal,
  });
  const modelDir = path.join(o.outDir, 'model');
  const common = {
    modelDir, losses: result.losses, steps: result.step, totalSteps: result.total, resumedFrom: result.resumedFrom, checkpointDir: path.join(o.outDir, trainFiles.last),
  };
  if (result.interrupted) {
    built.model.dispose();
    return { ...common, interrupted: result.interrupted };
  }
  await saveMethodModel(modelDir, built, {
    contractVersion: depthMethodContractVersion,
    method: 'ds-sidenet',
    preset: preset.name,
    dataset: 'nyu+kitti',
    config,
    stride: built.stride,
    dataDir: path.resolve(o.nyuDir),
  });
  built.model.dispose();
  return common;
}
