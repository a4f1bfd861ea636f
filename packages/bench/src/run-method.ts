import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  loadMethodModel, presetOf, trainMethod, type DepthMap, type DepthMethod, type MethodPreset, type ProgressMode,
} from '@depthkit/core';
import { emptyRow, type BenchRow } from './bench-row.js';
import type { BenchSetting } from './methods.js';
import { scoreSplit } from './score-split.js';
import type { SuiteData } from './suite-data.js';
import type { BenchSuite } from './suites.js';

export interface RunMethodOptions {
  suite: BenchSuite;
  data: SuiteData;
  /** This method's folder in the run (training output, logs). */
  outDir: string;
  /** `<dir>/<method>/model` is used instead of training, when present. */
  checkpoints?: string;
  /** Wall-clock training budget per method. */
  budgetSeconds: number;
  /** Overrides the preset's step count (tests, quick looks). */
  steps?: number;
  seed: number;
  keep: number;
  log: (line: string) => void;
  progress: ProgressMode;
  /** Continue each method's training from its checkpoint in `outDir`, where it has one. */
  resume?: boolean;
  /** Start afresh where `outDir` already holds a method's run, deleting it. */
  overwrite?: boolean;
  checkpointEverySteps?: number;
  checkpointEveryMinutes?: number;
  /** SIGINT/SIGTERM (trapInterrupts): training stops after its step with a checkpoint. */
  signal?: AbortSignal;
  /** Predict-time settings to score the model with, one row each (default: its saved config only). */
  settings?: ReadonlyArray<BenchSetting>;
}

/** Training stopped by a signal: where it stopped and what holds its state. */
export interface InterruptedTraining {
  method: string;
  signal: string;
  step: number;
  total?: number;
  resumedFrom: number;
  checkpointDir: string;
}

export interface MethodOutcome {
  /** One row, or one per setting. */
  rows: BenchRow[];
  /** Kept predictions of the first setting. */
  kept: DepthMap[];
  /** Set when a signal stopped the training: the bench stops there. */
  interrupted?: InterruptedTraining;
}

/** One method on one suite: its checkpoint or a freshly trained small preset, then the test split. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function runMethod(method: DepthMethod<any>, o: RunMethodOptions): Promise<MethodOutcome> {
  const checkpoint = o.checkpoints ? path.join(o.checkpoints, method.id, 'model') : undefined;
  const usesCheckpoint = checkpoint !== undefined && existsSync(path.join(checkpoint, 'model.json'));
  const preset = method.presets[o.suite.preset] as MethodPreset<unknown> | undefined;
  if (!usesCheckpoint && !preset) {
    return { rows: [emptyRow(method.id, 'not applicable', `no '${o.suite.preset}' preset for ${o.suite.dataset.name}`)], kept: [] };
  }
  try {
    if (checkpoint && !usesCheckpoint) o.log(`${method.id}: no checkpoint at ${checkpoint}; training the '${o.suite.preset}' preset`);
    const trained = usesCheckpoint ? undefined : await train(method, preset!, o);
    if (trained?.interrupted) return { rows: [emptyRow(method.id, 'failed', `interrupted by ${trained.interrupted.signal}`, preset?.name)], kept: [], interrupted: trained.interrupted };
    return await score(method, usesCheckpoint ? checkpoint! : trained!.modelDir, trained, o);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    o.log(`${method.id}: FAILED: ${reason}`);
    return { rows: [emptyRow(method.id, 'failed', reason, preset?.name)], kept: [] };
  }
}

interface Trained {
  modelDir: string;
  steps: number;
  seconds: number;
  stoppedEarly?: string;
  trainData: string;
  interrupted?: InterruptedTraining;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function train(method: DepthMethod<any>, preset: MethodPreset<unknown>, o: RunMethodOptions): Promise<Trained> {
  // A preset for another dataset (segment-depth trains on SYNTHIA) generates its own synthetic data.
  const ownDataset = preset.dataset.name === o.suite.dataset.name;
  const steps = o.steps ?? preset.training.steps;
  o.log(`${method.id}: training '${preset.name}' (${steps ?? `${preset.training.epochs} epochs`} steps, budget ${o.budgetSeconds} s) on synthetic ${preset.dataset.name}`);
  const start = performance.now();
  // A bench resumed after a stop continues the methods that have a checkpoint and starts the others.
  const resume = o.resume === true && existsSync(path.join(o.outDir, 'checkpoints'));
  const result = await trainMethod({
    method, preset: preset.name, dataDir: ownDataset ? o.data.trainDir : undefined, outDir: o.outDir,
    steps, seed: o.seed, log: o.progress, validate: false, timeLimitSeconds: o.budgetSeconds,
    resume, overwrite: o.overwrite, checkpointEverySteps: o.checkpointEverySteps, checkpointEveryMinutes: o.checkpointEveryMinutes, signal: o.signal,
  });
  if (resume) o.log(`${method.id}: resumed from step ${result.resumedFrom} (${result.checkpointDir})`);
  return {
    modelDir: result.modelDir,
    steps: result.steps,
    seconds: (performance.now() - start) / 1000,
    stoppedEarly: result.stoppedEarly,
    trainData: ownDataset ? `synthetic ${preset.dataset.name} (the suite's train frames)` : `synthetic ${preset.dataset.name} (${path.join(o.outDir, 'data')})`,
    ...(result.interrupted ? {
      interrupted: {
        method: method.id, signal: result.interrupted, step: result.steps, total: result.totalSteps, resumedFrom: result.resumedFrom, checkpointDir: result.checkpointDir,
      },
    } : {}),
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function score(method: DepthMethod<any>, modelDir: string, trained: Trained | undefined, o: RunMethodOptions): Promise<MethodOutcome> {
  const { built, config, metadata } = await loadMethodModel(method, modelDir);
  try {
    const preset = presetOf(method, metadata.preset);
    const settings = o.settings?.length ? o.settings : [undefined];
    const rows: BenchRow[] = [];
    let kept: DepthMap[] = [];
    for (const setting of settings) {
      const named = setting ? ` (${setting.name})` : '';
      o.log(`${method.id}: predicting the ${o.suite.split} split (${o.data.kind} data) with ${trained ? 'the model just trained' : modelDir}${named}`);
      let lastShown = 0;
      const scored = await scoreSplit(method, built, setting ? { ...config, ...setting.config } : config, {
        suite: o.suite, dir: o.data.testDir, splitFile: o.data.splitFile, protocol: o.suite.protocol, keep: o.keep,
        testSize: preset.training.testSize,
        onImage: (done, total) => {
          if (done === total || performance.now() - lastShown > 5000) {
            lastShown = performance.now();
            o.log(`${method.id}: predicted ${done}/${total}${named}`);
          }
        },
      });
      if (rows.length === 0) kept = scored.kept;
      rows.push({
        method: method.id,
        status: 'ok',
        preset: preset.name,
        ...(setting ? { setting: setting.name } : {}),
        model: trained ? 'trained' : 'checkpoint',
        modelDir,
        ...(trained ? { trainData: trained.trainData, trainSteps: trained.steps, stoppedEarly: trained.stoppedEarly } : {}),
        metrics: scored.report.metrics,
        images: scored.report.images,
        skipped: scored.report.skipped,
        params: built.model.trainableWeights.reduce((n, w) => n + w.shape.reduce<number>((a, b) => a * (b ?? 1), 1), 0),
        inferenceMs: scored.inferenceMs,
        trainSeconds: trained ? trained.seconds : null,
        report: scored.report,
      });
    }
    return { rows, kept };
  } finally {
    built.model.dispose();
  }
}
