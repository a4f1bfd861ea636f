import { existsSync } from 'node:fs';
import path from 'node:path';
import { describeLoadedBackboneWeights, loadBackboneWeights, type LoadedBackboneWeights } from '../backbones/load-backbone-weights.js';
import { generateSynthDataset, synthLayouts } from '../synth/generate.js';
import type { SynthLayout } from '../synth/layout-writer.js';
import { augmentationPresets, presetAugmentations, type AugmentationPreset } from '../datasets/pipeline/augmentation-presets.js';
import { createPipeline } from '../datasets/pipeline/pipeline.js';
import { readerSource } from '../datasets/pipeline/source.js';
import type { EvalReport } from '../eval/eval-report.js';
import { writeFileAtomic } from '../fs/write-file-atomic.js';
import { fit } from '../train/fit.js';
import type { ProgressMode } from '../train/progress.js';
import { openSplit } from './dataset-split.js';
import { depthMethodContractVersion, type DepthMethod, type MethodModel, type MethodPreset, type MethodTrainer, type TrainBatch } from './depth-method.js';
import { evaluateMethod } from './evaluate-method.js';
import { saveMethodModel } from './model-files.js';
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
  resume?: boolean;
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
  modelDir: string;
  steps: number;
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
  const dataDir = options.dataDir ?? (await syntheticDefault(preset as MethodPreset<unknown>, options.outDir, options.seed ?? 0));
  const o = { ...options, dataDir };
  const split = await openSplit(preset.dataset, o.dataDir, 'train', { splitFile: o.splitFile });
  const built = withSeededRandom(o.seed ?? 0, () => o.method.createModel(preset.config));
  const crop = o.crop ?? recipe.crop;
  const augmentation = augmentationFor(preset as MethodPreset<unknown>, crop);
  const pipeline = createPipeline({
    source: readerSource(split.ids.map((_, i) => i), (i) => split.read(i)),
    batchSize: o.batchSize ?? recipe.batchSize,
    seed: o.seed ?? 0,
    augment: presetAugmentations(augmentation),
    size: crop,
    validDepth: { min: preset.dataset.minDepth, max: preset.dataset.maxDepth },
    epochs: Infinity,
  });
  const byEpochs = o.epochs != null || (o.steps == null && recipe.steps == null);
  const trainer = trainerOf(o.method, built, preset, o.seed ?? 0);
  let backboneWeights: LoadedBackboneWeights | undefined;
  const print = o.print ?? ((line: string) => process.stderr.write(`${line}\n`));
  const loadPretrained = async () => {
    backboneWeights = await loadBackboneWeights(built.model, o.backboneWeights!);
    print(describeLoadedBackboneWeights(backboneWeights));
  };
  const result = await fit({
    model: built.model,
    ...(trainer
      ? { trainStep: trainer.step, extraModels: trainer.extraModels }
      : { loss: (batch, outputs, context) => o.method.loss(batch as unknown as TrainBatch, outputs, preset.config, context.step) }),
    data: pipeline,
    optimizer: recipe.optimizer,
    schedule: recipe.schedule,
    ...(byEpochs ? { epochs: o.epochs ?? recipe.epochs } : { steps: o.steps ?? recipe.steps }),
    clipGradNorm: recipe.clipGradNorm,
    accumulate: o.accumulate,
    seed: o.seed ?? 0,
    outDir: o.outDir,
    resume: o.resume,
    onFreshStart: o.backboneWeights != null ? loadPretrained : undefined,
    log: o.log,
    timeLimitSeconds: o.timeLimitSeconds,
    extraState: built.extraState,
    restoreExtraState: built.restoreExtraState as ((state: unknown) => void) | undefined,
  }).finally(() => trainer?.dispose?.());
  if (o.backboneWeights != null && result.resumedFrom > 0) {
    print(`backbone weights: ${o.backboneWeights} not loaded: the run resumed at step ${result.resumedFrom} from a checkpoint holding its own`);
  }
  const modelDir = path.join(o.outDir, 'model');
  await saveMethodModel(modelDir, built, {
    contractVersion: depthMethodContractVersion,
    method: o.method.id,
    preset: preset.name,
    dataset: preset.dataset.name,
    config: preset.config,
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
  return { modelDir, steps: result.step, losses: result.losses, validation, stoppedEarly: result.stoppedEarly, ...(backboneWeights ? { backboneWeights } : {}) };
}

/**
 * The default data of every command: the preset's dataset rendered by depthkit synth into
 * `<out>/data` (once; a resumed run reuses it). Said plainly on stderr, so nobody mistakes it
 * for the real dataset.
 */
async function syntheticDefault(preset: MethodPreset<unknown>, outDir: string, seed: number): Promise<string> {
  const layout = preset.dataset.name as SynthLayout;
  if (!(layout in synthLayouts)) throw new Error(`preset '${preset.name}': no synthetic layout for dataset '${layout}'; pass --data`);
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
function trainerOf<Config>(method: DepthMethod<Config>, built: MethodModel, preset: MethodPreset<Config>, seed: number): MethodTrainer | undefined {
  if (!method.trainStep) return undefined;
  const made = withSeededRandom(seed + 1, () => method.trainStep!(built, preset.config, preset.training));
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
    if (/missing split list|has no bundled list|no such file|missing (KITTI|NYU|SYNTHIA) image for/.test(message)) {
      return { report: null, skipped: `the data folder has no test split to score (${message}); score the model with \`eval\`` };
    }
    throw error;
  }
}
