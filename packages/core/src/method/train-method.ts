import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { describeLoadedBackboneWeights, loadBackboneWeights, type LoadedBackboneWeights } from '../backbones/load-backbone-weights.js';
import { generateSynthDataset, synthLayouts } from '../synth/generate.js';
import type { SynthLayout } from '../synth/layout-writer.js';
import { augmentationPresets, presetAugmentations, type AugmentationPreset } from '../datasets/pipeline/augmentation-presets.js';
import { createPipeline } from '../datasets/pipeline/pipeline.js';
import { readerSource } from '../datasets/pipeline/source.js';
import type { EvalReport } from '../eval/eval-report.js';
import { writeFileAtomic } from '../fs/write-file-atomic.js';
import { checkResumeSettings, checkRunFolder } from '../train/checkpoint/run-folder.js';
import { fit, trainFiles } from '../train/fit.js';
import type { ProgressMode } from '../train/progress.js';
import { openSplit } from './dataset-split.js';
import { depthMethodContractVersion, type DepthMethod, type MethodModel, type MethodPreset, type MethodTrainer, type TrainBatch, type TrainingRecipe } from './depth-method.js';
import { evaluateMethod } from './evaluate-method.js';
import { saveMethodModel } from './model-files.js';
import { methodRunFingerprint } from './run-fingerprint.js';
import { withSeededRandom } from './seeded-construction.js';

export interface TrainMethodOptions<Config> {
  method: DepthMethod<Config>;
  preset: string;
  /** Default: synthetic data in the preset's dataset layout, generated into `<out>/data`. */
  dataDir?: string;
  outDir: string;
  steps?: number;
  epochs?: number;
  batchSize?: number;
  /**
   * Batches per optimizer update (gradient accumulation): the preset's batch in pieces that fit
   * the engine's memory, e.g. batch 2 × 8 for the paper's 16 on the 4 GB wasm heap.
   */
  accumulate?: number;
  /** Training crop [h, w] instead of the preset's (the other lever on a step's memory). */
  crop?: [number, number];
  /**
   * Continue from `<out>/checkpoints/last` (or `previous` when last is damaged) at the next step;
   * refused without a sound checkpoint, or when the settings or data differ (unless `force`).
   */
  resume?: boolean;
  /** With `resume`: continue despite settings or data that differ from the checkpoint's (warned, and logged). */
  force?: boolean;
  /** Start afresh in an `outDir` holding a run, deleting it; otherwise refused. */
  overwrite?: boolean;
  /** Write `checkpoints/last` every this many steps (default: the preset's, else once an epoch). */
  checkpointEverySteps?: number;
  /** ... and at least every this many minutes of wall time (default: the preset's, else 10). */
  checkpointEveryMinutes?: number;
  /** Aborted (trapInterrupts on SIGINT/SIGTERM): the current step finishes, the checkpoint is written, and training returns `interrupted`. */
  signal?: AbortSignal;
  seed?: number;
  splitFile?: string;
  log?: ProgressMode;
  /** Wall-clock training budget: training stops (and saves) once it is spent. */
  timeLimitSeconds?: number;
  /** Evaluate on the dataset's test split afterwards when the data folder has one (default true). */
  validate?: boolean;
  /**
   * A backbone folder from `depthkit import-weights` (or `saveBackbone`) copied into the
   * network's core backbone before the first step of a fresh run; a resumed run keeps its
   * checkpoint's weights. Its architecture must be the preset's.
   */
  backboneWeights?: string;
  /** Where the one line naming the loaded backbone weights goes (default: stderr). */
  print?: (line: string) => void;
}

export interface TrainMethodResult {
  /** Written only when training ran to its end (or its time limit), not when `interrupted`. */
  modelDir: string;
  /** `<out>/checkpoints/last`: what --resume continues from. */
  checkpointDir: string;
  steps: number;
  /** The total the run trains to. */
  totalSteps?: number;
  /** The signal that stopped training (e.g. 'SIGINT'): the checkpoint holds the last step; no model was written. */
  interrupted?: string;
  /** The step the run resumed from (0 for a fresh run). */
  resumedFrom: number;
  /** Why training ended before the recipe's steps (e.g. the time limit), if it did. */
  stoppedEarly?: string;
  losses: number[];
  validation: EvalReport | null;
  /** The backbone weights copied in, when `backboneWeights` was given and the run started fresh. */
  backboneWeights?: LoadedBackboneWeights;
}

export function presetOf<Config>(method: DepthMethod<Config>, name: string): MethodPreset<Config> {
  const preset = method.presets[name];
  if (!preset) throw new Error(`${method.id}: no preset '${name}'; presets: ${Object.keys(method.presets).join(', ')}`);
  return preset;
}

function augmentationFor(preset: MethodPreset<unknown>, crop: [number, number]): AugmentationPreset {
  const base = (augmentationPresets as Record<string, AugmentationPreset>)[preset.dataset.name];
  if (!base) throw new Error(`preset '${preset.name}': no augmentation recipe for dataset '${preset.dataset.name}'`);
  return { ...base, ...preset.training.augmentation, size: crop };
}

/**
 * Trains a method's preset on a dataset folder and writes `<out>/model/` (tfjs format plus the
 * config), `<out>/train-log.jsonl`, checkpoints, curves and `<out>/val-metrics.json`.
 */
export async function trainMethod<Config>(options: TrainMethodOptions<Config>): Promise<TrainMethodResult> {
  const preset = presetOf(options.method, options.preset);
  const recipe = preset.training;
  assertSeed(options.seed);
  checkCheckpointFrequency(options);
  // Before any work (synthetic data included): a resume with nothing to resume, or a fresh run over an old one.
  await checkRunFolder(options.outDir, { resume: options.resume, overwrite: options.overwrite });
  const crop = options.crop ?? recipe.crop;
  const augmentation = augmentationFor(preset as MethodPreset<unknown>, crop);
  // The config this run trains and saves: the preset's, with values that depend on the actual
  // crop derived by the method (its hook throws when one cannot be).
  const config = options.method.trainingConfig?.(preset.config, { dataset: preset.dataset, crop, augmentation }) ?? preset.config;
  // Built first: its stride decides which crops work, refused before any data is made or read.
  const built = withSeededRandom(options.seed ?? 0, () => options.method.createModel(config));
  const batchSize = options.batchSize ?? recipe.batchSize;
  const accumulate = options.accumulate ?? 1;
  const byEpochs = options.epochs != null || (options.steps == null && recipe.steps == null);
  const length = byEpochs ? { epochs: options.epochs ?? recipe.epochs } : { steps: options.steps ?? recipe.steps };
  let dataDir: string;
  let split: Awaited<ReturnType<typeof openSplit>>;
  let fingerprint: ReturnType<typeof methodRunFingerprint>;
  try {
    // A network whose own preset crop is off its stride (DeepLab's 420×800 at output stride 8
    // resizes its logits) takes any crop; one whose decoder concatenates skips needs multiples.
    if (options.crop && recipe.crop.every((c) => c % built.stride === 0)) assertCropFitsStride(options.crop, built.stride, '--crop');
    dataDir = options.dataDir ?? (await syntheticDefault(preset as MethodPreset<unknown>, options.outDir, options.seed ?? 0));
    split = await openSplit(preset.dataset, dataDir, 'train', { splitFile: options.splitFile });
    fingerprint = methodRunFingerprint({
      method: options.method.id, preset: preset as MethodPreset<unknown>, dataDir, split, batchSize, accumulate, crop, seed: options.seed ?? 0, length,
    });
    if (options.resume) await checkResumeSettings(options.outDir, fingerprint, options.force);
  } catch (error) {
    built.model.dispose();
    throw error;
  }
  const o = { ...options, dataDir };
  const pipeline = createPipeline({
    source: readerSource(split.ids.map((_, i) => i), (i) => split.read(i)),
    batchSize,
    seed: o.seed ?? 0,
    augment: presetAugmentations(augmentation),
    size: crop,
    validDepth: { min: preset.dataset.minDepth, max: preset.dataset.maxDepth },
    epochs: Infinity,
  });
  const trainer = trainerOf(o.method, built, config, recipe, o.seed ?? 0);
  let backboneWeights: LoadedBackboneWeights | undefined;
  const print = o.print ?? ((line: string) => process.stderr.write(`${line}\n`));
  const modelDir = path.join(o.outDir, 'model');
  const startFresh = async () => {
    // fit() has cleared its own files of an overwritten run; these are trainMethod's.
    await rm(modelDir, { recursive: true, force: true });
    await rm(path.join(o.outDir, 'val-metrics.json'), { force: true });
    if (o.backboneWeights == null) return;
    backboneWeights = await loadBackboneWeights(built.model, o.backboneWeights);
    print(describeLoadedBackboneWeights(backboneWeights));
  };
  const result = await fit({
    model: built.model,
    ...(trainer
      ? { trainStep: trainer.step, extraModels: trainer.extraModels }
      : { loss: (batch, outputs, context) => o.method.loss(batch as unknown as TrainBatch, outputs, config, context.step) }),
    data: pipeline,
    optimizer: recipe.optimizer,
    schedule: recipe.schedule,
    ...length,
    clipGradNorm: recipe.clipGradNorm,
    accumulate,
    seed: o.seed ?? 0,
    outDir: o.outDir,
    resume: o.resume,
    force: o.force,
    overwrite: o.overwrite,
    fingerprint,
    checkpointEvery: o.checkpointEverySteps ?? recipe.checkpointEvery?.steps ?? Math.ceil(pipeline.batchesPerEpoch / accumulate),
    checkpointEveryMinutes: o.checkpointEveryMinutes ?? recipe.checkpointEvery?.minutes ?? 10,
    signal: o.signal,
    onFreshStart: startFresh,
    log: o.log,
    timeLimitSeconds: o.timeLimitSeconds,
    extraState: built.extraState,
    restoreExtraState: built.restoreExtraState as ((state: unknown) => void) | undefined,
  }).finally(() => trainer?.dispose?.());
  if (o.backboneWeights != null && result.resumedFrom > 0) {
    print(`backbone weights: ${o.backboneWeights} not loaded: the run resumed at step ${result.resumedFrom} from a checkpoint holding its own`);
  }
  const checkpointDir = path.join(o.outDir, trainFiles.last);
  const common = { modelDir, checkpointDir, steps: result.step, totalSteps: result.total, resumedFrom: result.resumedFrom, losses: result.losses };
  if (result.interrupted) {
    built.model.dispose();
    return { ...common, validation: null, stoppedEarly: result.stoppedEarly, interrupted: result.interrupted };
  }
  await saveMethodModel(modelDir, built, {
    contractVersion: depthMethodContractVersion,
    method: o.method.id,
    preset: preset.name,
    dataset: preset.dataset.name,
    config,
    stride: built.stride,
    // Relative to the model folder, so a moved or copied run (model and data together) still finds it
    // and model.json names no absolute path of the machine it was trained on.
    dataDir: path.relative(path.resolve(modelDir), path.resolve(o.dataDir)),
    ...(built.extraState ? { extraState: built.extraState() } : {}),
  });
  built.model.dispose();
  const validated = o.validate === false ? { report: null } : await validateIfPossible(o, modelDir);
  if (validated.skipped) print(`validation skipped: ${validated.skipped}`);
  const validation = validated.report;
  const note = validated.skipped ?? 'validation turned off';
  await writeFileAtomic(path.join(o.outDir, 'val-metrics.json'), `${JSON.stringify(validation ?? { note }, null, 2)}\n`);
  return { ...common, validation, stoppedEarly: result.stoppedEarly, ...(backboneWeights ? { backboneWeights } : {}) };
}

function checkCheckpointFrequency(o: { checkpointEverySteps?: number; checkpointEveryMinutes?: number }): void {
  const steps = o.checkpointEverySteps;
  if (steps != null && !(Number.isInteger(steps) && steps >= 1)) throw new Error(`checkpoint every steps: expected an integer ≥ 1, got ${steps}`);
  const minutes = o.checkpointEveryMinutes;
  if (minutes != null && !(Number.isFinite(minutes) && minutes > 0)) throw new Error(`checkpoint every minutes: expected a number > 0, got ${minutes}`);
}

/**
 * The default data of every command: the preset's dataset rendered by depthkit synth into
 * `<out>/data` (once; a resumed run reuses it). Said plainly on stderr, so nobody mistakes it
 * for the real dataset.
 */
async function syntheticDefault(preset: MethodPreset<unknown>, outDir: string, seed: number): Promise<string> {
  const layout = preset.dataset.name as SynthLayout;
  if (!Object.hasOwn(synthLayouts, layout)) throw new Error(`preset '${preset.name}': no synthetic layout for dataset '${layout}'; pass --data`);
  const dir = path.join(outDir, 'data');
  const counts = preset.training.synthetic ?? { train: 96, test: 24 };
  if (!existsSync(path.join(dir, 'splits'))) {
    process.stderr.write(`no --data: generating synthetic ${layout} data (${counts.train} train / ${counts.test} test frames) in ${dir}\n`);
    for (const split of ['train', 'test'] as const) {
      await generateSynthDataset({ layout, out: dir, count: counts[split], seed: seed * 2 + (split === 'train' ? 1 : 2), split, size: counts.size });
    }
  }
  return dir;
}

/** The method's custom step, if any, built with seeded initial weights like the model's. */
function trainerOf<Config>(method: DepthMethod<Config>, built: MethodModel, config: Config, training: TrainingRecipe, seed: number): MethodTrainer | undefined {
  if (!method.trainStep) return undefined;
  const made = withSeededRandom(seed + 1, () => method.trainStep!(built, config, training));
  return typeof made === 'function' ? { step: made } : made;
}

/**
 * The test split's metrics, or why there are none: a folder without the split's list, or one
 * that does not hold its frames (a training-only folder of real KITTI, say), trains all the same.
 */
async function validateIfPossible<Config>(
  o: TrainMethodOptions<Config> & { dataDir: string }, modelDir: string,
): Promise<{ report: EvalReport | null; skipped?: string }> {
  try {
    // The training folder is read as the training dataset, even when the preset tests on another.
    return { report: await evaluateMethod({ method: o.method, modelDir, dataDir: o.dataDir, split: 'test', dataset: presetOf(o.method, o.preset).dataset }) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/missing split list|has no bundled list|no such file|missing (KITTI|NYU|SYNTHIA) image for|frames? (is|are) missing/.test(message)) {
      return { report: null, skipped: `the data folder has no test split to score (${message}); score the model with \`eval\`` };
    }
    throw error;
  }
}

/** A seed is a 32-bit integer: anything else (`--seed abc` was NaN, silently 0) is refused. */
export function assertSeed(seed: number | undefined): void {
  if (seed != null && !(Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff)) {
    throw new Error(`--seed: expected an integer from 0 to ${0xffffffff}, found '${seed}'`);
  }
}

/** Crops the network cannot take (its decoder concatenates 1/stride maps) are refused with the nearest ones that work. */
export function assertCropFitsStride(crop: readonly [number, number], stride: number, source: string): void {
  if (crop[0] % stride === 0 && crop[1] % stride === 0) return;
  const down = crop.map((c) => Math.max(stride, Math.floor(c / stride) * stride));
  const up = crop.map((c) => Math.ceil(c / stride) * stride);
  throw new Error(`${source}: expected height and width multiples of the network's stride ${stride}, found ${crop[0]}x${crop[1]}; use ${down[0]}x${down[1]} or ${up[0]}x${up[1]}`);
}
