import type * as tf from '@tensorflow/tfjs-core';
import { getBackend } from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Batch } from '../datasets/pipeline/batch.js';
import { Checkpoint, type BestMetric, type TrainState } from './checkpoint/checkpoint.js';
import { fingerprintDifferences, fingerprintRefusal } from './checkpoint/fingerprint.js';
import { checkpointOf, describeRejected, existingRun, freshRunRefusal } from './checkpoint/run-folder.js';
import { trainFiles } from './train-files.js';
import { isPipeline, openData, positionAfter } from './data-source.js';
import type { FitConfig, FitResult, StepContext, StepResult, TrainStepContext } from './fit-config.js';
import { clipGradients, computeGradients, defaultStep } from './gradient-step.js';
import { explainStepFailure } from './heap-failure.js';
import { guardTensors } from './leak-guard.js';
import { createOptimizer } from './optimizers/create-optimizer.js';
import type { Optimizer } from './optimizers/optimizer.js';
import { createProgress, tickStepClock, type Progress, type StepClock } from './progress.js';
import { renderTrainingCurves } from './render-curves.js';
import { TrainRandom } from './rng.js';
import { createSchedule, type LearningRate } from './schedule.js';
import { TrainLog } from './train-log.js';

export { trainFiles } from './train-files.js';

interface Run {
  config: FitConfig;
  total: number;
  accumulate: number;
  variables: tf.Variable[];
  optimizer: Optimizer;
  lrAt: LearningRate;
  random: TrainRandom;
  state: TrainState;
  last: Checkpoint;
  best: Checkpoint;
  log: TrainLog;
  progress: Progress;
  started: number;
  stepClock: StepClock;
  /** performance.now() of the last checkpoint save (or of the start). */
  savedAt: number;
  warn: (line: string) => void;
  resumedFromDir?: string;
}

/**
 * Trains `model`: per update, `accumulate` batches → loss → mean gradients → clip → optimizer at
 * the scheduled rate, under a tensor-leak guard. Validates every `validateEvery` updates (keeping
 * the best checkpoint), writes `checkpoints/last` atomically every `checkpointEvery`, logs each
 * update to `train-log.jsonl`, and with `resume` continues bit-exactly from the last checkpoint.
 * Also checkpoints on a clock (`checkpointEveryMinutes`) and when `signal` aborts; refuses a
 * resume without a sound checkpoint or with another fingerprint, and a fresh run over an old one.
 */
export async function fit(config: FitConfig): Promise<FitResult> {
  if (!config.loss === !config.trainStep) throw new Error('fit: give exactly one of loss and trainStep');
  const accumulate = config.accumulate ?? 1;
  if (!(Number.isInteger(accumulate) && accumulate >= 1)) throw new Error(`fit: accumulate must be an integer ≥ 1, got ${accumulate}`);
  const total = totalSteps(config, accumulate);
  const variables = config.model.trainableWeights.map(variableOf);
  const optimizer = createOptimizer(config.optimizer, variables);
  const random = new TrainRandom(config.seed ?? 0);
  const run: Run = {
    config, total, accumulate, variables, optimizer, random,
    lrAt: createSchedule(config.optimizer.lr, total, config.schedule),
    state: { step: 0, epoch: 0, data: { batches: 0 }, rng: random.state, best: null },
    last: checkpointOf(config.outDir, config.checkpointWriteHook),
    best: new Checkpoint(path.join(config.outDir, trainFiles.best), config.checkpointWriteHook),
    log: new TrainLog(path.join(config.outDir, trainFiles.log)),
    progress: { update: () => undefined, note: () => undefined, stop: () => undefined },
    started: performance.now(),
    stepClock: { seconds: NaN, stepsSoFar: 0 },
    savedAt: performance.now(),
    warn: config.warn ?? ((line) => process.stderr.write(`${line}\n`)),
  };
  try {
    await restore(run);
    const resumedFrom = run.state.step;
    const data = await openData(config.data, run.state.data);
    run.progress = createProgress({ mode: config.log, total, start: resumedFrom });
    if (run.resumedFromDir) run.progress.note(`resuming from ${path.relative(config.outDir, run.resumedFromDir)} (step ${resumedFrom}/${total}) in ${config.outDir}`);
    const losses: number[] = [];
    let stoppedEarly: string | undefined;
    let interrupted: string | undefined;
    let savedAt = resumedFrom;
    run.savedAt = performance.now();
    try {
      while (run.state.step < total) {
        if (config.signal?.aborted) {
          interrupted = String(config.signal.reason ?? 'aborted');
          stoppedEarly = `interrupted by ${interrupted}`;
          break;
        }
        const step = run.state.step + 1;
        const outcome = await guardTensors(`training step ${step}`, () => trainOnce(run, data, step));
        if (typeof outcome === 'string') {
          stoppedEarly = outcome;
          break;
        }
        losses.push(outcome.loss);
        await afterStep(run, outcome);
        if (await maybeCheckpoint(run)) savedAt = run.state.step;
        const overTime = timeLimitReached(config, run.started);
        if (overTime) {
          stoppedEarly = overTime;
          break;
        }
      }
      if (savedAt !== run.state.step) await checkpoint(run);
    } finally {
      run.progress.stop();
      await data.return?.();
    }
    if (stoppedEarly) run.progress.note(`training stopped at step ${run.state.step}/${total}: ${stoppedEarly}`);
    return {
      step: run.state.step, total, epoch: run.state.epoch, resumedFrom, losses, best: run.state.best, stoppedEarly,
      ...(interrupted ? { interrupted } : {}), ...(run.resumedFromDir ? { resumedFromDir: run.resumedFromDir } : {}),
    };
  } finally {
    optimizer.dispose();
  }
}

/** A wall-clock budget (the bench's per-method training budget), checked between updates. */
function timeLimitReached(config: FitConfig, started: number): string | undefined {
  if (config.timeLimitSeconds == null) return undefined;
  const seconds = (performance.now() - started) / 1000;
  return seconds >= config.timeLimitSeconds ? `time limit of ${config.timeLimitSeconds} s reached after ${seconds.toFixed(1)} s` : undefined;
}

function totalSteps(config: FitConfig, accumulate: number): number {
  if (config.steps != null) {
    if (!(Number.isInteger(config.steps) && config.steps > 0)) throw new Error(`fit: steps must be a positive integer, got ${config.steps}`);
    return config.steps;
  }
  if (config.epochs == null) throw new Error('fit: give steps or epochs');
  const perEpoch = config.batchesPerEpoch ?? (isPipeline(config.data) ? config.data.batchesPerEpoch : undefined);
  if (perEpoch == null) throw new Error('fit: with epochs, give batchesPerEpoch (or a pipeline as data)');
  const steps = Math.floor((config.epochs * perEpoch) / accumulate);
  if (steps < 1) throw new Error(`fit: ${config.epochs} epoch(s) of ${perEpoch} batches make no update of ${accumulate} batches`);
  return steps;
}

/** A layers variable's tf.Variable: the thing gradients are taken with respect to. */
function variableOf(w: tfl.LayerVariable): tf.Variable {
  return (w as unknown as { val: tf.Variable }).val;
}

async function restore(run: Run): Promise<void> {
  const { config } = run;
  if (!config.resume) {
    await startFresh(run);
    return;
  }
  // Settings first, from state.json alone: a run with another preset would fail to load, and
  // "shape mismatch" would hide the real answer, "trained with batch 4, now 2".
  const found = await run.last.read();
  if (found.state) checkFingerprint(run, found.fingerprint);
  const restored = await run.last.restore(config.model, run.optimizer, config.extraModels);
  if (restored.state == null) throw new Error(`resume: ${describeRejected(config.outDir, restored.rejected, await existingRun(config.outDir))}`);
  const { state, dir, rejected } = restored;
  const fellBack = rejected.length > 0 ? `${rejected.map((r) => `${path.relative(config.outDir, r.dir)} ${r.reason}`).join('; ')}` : undefined;
  if (fellBack) run.warn(`warning: resume: ${fellBack}; resuming from ${path.relative(config.outDir, dir)} (step ${state.step}) instead`);
  run.state = state;
  run.random.state = state.rng;
  run.resumedFromDir = dir;
  if (state.extra !== undefined) config.restoreExtraState?.(state.extra);
  const forced = fingerprintDifferences(found.state ? found.fingerprint : undefined, config.fingerprint);
  await run.log.markResume({
    step: state.step, checkpoint: path.relative(config.outDir, dir), date: new Date().toISOString(),
    ...(forced.length > 0 ? { forced } : {}), ...(fellBack ? { fellBack } : {}),
  });
}

/** Refuses a resume into other settings unless forced, and then says so loudly. */
function checkFingerprint(run: Run, saved: Parameters<typeof fingerprintDifferences>[0]): void {
  const { config } = run;
  const differences = fingerprintDifferences(saved, config.fingerprint);
  if (differences.length === 0) return;
  if (!config.force) throw new Error(fingerprintRefusal(config.outDir, differences));
  const list = differences.map((d) => `  ${d}`).join('\n');
  run.warn(`WARNING: --force: resuming ${config.outDir} despite ${differences.length} setting(s) that differ from its checkpoint (saved → now):\n${list}\nWARNING: the result will not match an uninterrupted run; the differences are recorded in train-log.jsonl`);
}

/** A fresh run never lands on another silently: refused in a used folder unless `overwrite`, which clears it. */
async function startFresh(run: Run): Promise<void> {
  const { config } = run;
  const found = await existingRun(config.outDir);
  if (found.length > 0) {
    if (!config.overwrite) throw new Error(freshRunRefusal(config.outDir, found));
    run.warn(`--overwrite: deleting the run in ${config.outDir} (${found.join(', ')}) and starting afresh`);
    for (const name of [trainFiles.log, trainFiles.curves, trainFiles.checkpoints]) {
      await rm(path.join(config.outDir, name), { recursive: true, force: true });
    }
  }
  await config.onFreshStart?.();
}

interface StepOutcome extends StepResult {
  images: number;
  seconds: number;
  /** Of `seconds`, waiting for batches. */
  dataSeconds: number;
  cpuSeconds: number;
  lr: number;
}

/** One update; a string when the data ran out (or the epoch limit was reached) instead. */
async function trainOnce(run: Run, data: AsyncIterator<Batch>, step: number): Promise<StepOutcome | string> {
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const { config, state } = run;
  const batches: Batch[] = [];
  let dataMs = 0;
  try {
    while (batches.length < run.accumulate) {
      const waited = performance.now();
      const next = await data.next();
      dataMs += performance.now() - waited;
      if (next.done) return `the data ended after ${state.data.batches + batches.length} batches`;
      batches.push(next.value);
      const epoch = (next.value.meta as { epoch?: number } | undefined)?.epoch;
      if (config.epochs != null && epoch != null && epoch >= config.epochs) return `reached epoch ${config.epochs}`;
    }
    const last = batches[batches.length - 1];
    const epoch = (last.meta as { epoch?: number } | undefined)?.epoch ?? state.epoch;
    const lr = run.lrAt(step - 1);
    const context: StepContext = { step, epoch, lr, random: run.random };
    const result = config.trainStep
      ? await config.trainStep(batches, trainStepContext(run, context))
      : defaultStep(batches, context, { model: config.model, loss: config.loss!, variables: run.variables, optimizer: run.optimizer, clipGradNorm: config.clipGradNorm });
    state.step = step;
    state.epoch = epoch;
    state.data = { batches: state.data.batches + batches.length, next: positionAfter(config.data, last) };
    state.rng = run.random.state;
    const images = batches.reduce((n, b) => n + (b.images.shape[0] ?? 0), 0);
    return { ...result, images, lr, seconds: (performance.now() - started) / 1000, dataSeconds: dataMs / 1000, cpuSeconds: cpuSecondsSince(cpuStart) };
  } catch (error) {
    throw explainStepFailure(error, getBackend(), batches[0]?.images.shape);
  } finally {
    for (const b of batches) b.dispose();
  }
}

function trainStepContext(run: Run, context: StepContext): TrainStepContext {
  return {
    ...context,
    model: run.config.model,
    optimizer: run.optimizer,
    variables: run.variables,
    gradients: (f, of) => computeGradients(f, of ?? run.variables),
    applyGradients: (grads) => {
      const clipped = clipGradients(grads, run.config.clipGradNorm);
      run.optimizer.apply(clipped.grads, context.lr);
      for (const g of clipped.grads) if (g != null && !grads.includes(g)) g.dispose();
      return { gradNorm: clipped.gradNorm };
    },
  };
}

async function afterStep(run: Run, outcome: StepOutcome): Promise<void> {
  const { state, config } = run;
  run.stepClock = tickStepClock(run.stepClock, outcome.seconds);
  const imagesPerSec = outcome.images / run.stepClock.seconds;
  const terms = outcome.terms ?? {};
  await run.log.append({
    kind: 'step', step: state.step, epoch: state.epoch, lr: outcome.lr, loss: outcome.loss, terms,
    ...(outcome.gradNorm != null ? { gradNorm: outcome.gradNorm } : {}),
    imagesPerSec, stepSeconds: round3(outcome.seconds), dataSeconds: round3(outcome.dataSeconds), cpuSeconds: round3(outcome.cpuSeconds), time: (performance.now() - run.started) / 1000,
  });
  run.progress.update({
    step: state.step, epoch: state.epoch, loss: outcome.loss, terms, lr: outcome.lr, imagesPerSec,
    eta: (run.total - state.step) * run.stepClock.seconds,
  });
  await config.onStep?.({ step: state.step, epoch: state.epoch, loss: outcome.loss, terms, lr: outcome.lr });
  if (config.validate && config.validateEvery && (state.step % config.validateEvery === 0 || state.step === run.total)) {
    await validate(run);
  }
}

const round3 = (seconds: number) => Math.round(seconds * 1000) / 1000;

function cpuSecondsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

async function validate(run: Run): Promise<void> {
  const { state, config } = run;
  const raw = await guardTensors(`validation after step ${state.step}`, () => config.validate!(config.model, { step: state.step, epoch: state.epoch }));
  const metrics = Object.fromEntries(Object.entries(raw).filter((e): e is [string, number] => typeof e[1] === 'number'));
  await run.log.append({ kind: 'validation', step: state.step, epoch: state.epoch, metrics, time: (performance.now() - run.started) / 1000 });
  run.progress.note(`validation at step ${state.step}: ${Object.entries(metrics).map(([k, v]) => `${k} ${v.toPrecision(4)}`).join(', ')}`);
  const wanted = config.bestMetric;
  if (!wanted) return;
  const value = metrics[wanted.name];
  if (value == null) throw new Error(`fit: bestMetric '${wanted.name}' is not among the validation metrics (${Object.keys(metrics).join(', ')})`);
  if (!Number.isFinite(value) || !improves(state.best, value, wanted.mode)) return;
  state.best = { name: wanted.name, mode: wanted.mode, value, step: state.step };
  await run.best.save({ model: config.model, optimizer: run.optimizer, state: { ...state, extra: config.extraState?.() }, extraModels: config.extraModels, fingerprint: config.fingerprint });
}

function improves(best: BestMetric | null, value: number, mode: 'min' | 'max'): boolean {
  if (best == null) return true;
  return mode === 'min' ? value < best.value : value > best.value;
}

async function maybeCheckpoint(run: Run): Promise<boolean> {
  const { checkpointEvery: every, checkpointEveryMinutes: minutes } = run.config;
  const byStep = every != null && run.state.step % every === 0;
  const byClock = minutes != null && performance.now() - run.savedAt >= minutes * 60_000;
  if (!byStep && !byClock && run.state.step !== run.total) return false;
  await checkpoint(run);
  return true;
}

async function checkpoint(run: Run): Promise<void> {
  const { config, state } = run;
  state.extra = config.extraState?.();
  await run.last.save({ model: config.model, optimizer: run.optimizer, state, extraModels: config.extraModels, fingerprint: config.fingerprint });
  run.savedAt = performance.now();
  if (config.curves ?? true) {
    await renderTrainingCurves(run.log.file, path.join(config.outDir, trainFiles.curves));
  }
}
