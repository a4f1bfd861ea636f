import path from 'node:path';
import {
  describeInterruptedRun, initEngine, loadMethodModel, parseEngineName, resumeCommand, trapInterrupts, writeFileAtomic,
} from '@depthkit/core';
import { createMethodCli } from '@depthkit/core/cli';
import { dsSidenet } from './method.js';
import { calibrateOnData } from './robust/calibrate.js';
import { defaultCoarseRouterOptions, paperSigma } from './robust/coarse-router.js';
import { predictRobust, type RobustRouter } from './robust/predict-robust.js';
import { loadSceneClassifier, noClassifierMessage, paperTopK, readSceneRangeTable } from './robust/scene-router.js';
import { trainRobust } from './robust/train-robust.js';

const positiveInt = (name: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name}: expected a positive integer, got '${value}'`);
  return n;
};
const positiveNumber = (name: string) => (value: string) => {
  const n = Number(value);
  if (!(n > 0)) throw new Error(`${name}: expected a positive number, got '${value}'`);
  return n;
};

interface TrainRobustFlags {
  nyu: string;
  kitti: string;
  out: string;
  steps?: number;
  epochs?: number;
  batch?: number;
  seed: number;
  nyuSplitFile?: string;
  kittiSplitFile?: string;
  engine?: string;
  resume?: boolean;
  force?: boolean;
  overwrite?: boolean;
  checkpointEverySteps?: number;
  checkpointEveryMinutes?: number;
}

interface RouterFlags {
  router: string;
  coarse?: string;
  sigma: number;
  coarseHeight: number;
  classifier?: string;
  labels?: string;
  sceneRanges?: string;
  topK: number;
}

async function routerFrom(o: RouterFlags): Promise<RobustRouter> {
  if (o.router === 'cde') {
    if (!o.coarse) throw new Error('--router cde needs --coarse <a coarse network trained with train-robust>/model');
    return { kind: 'cde', coarse: await loadMethodModel(dsSidenet, o.coarse), sigma: o.sigma, inputHeight: o.coarseHeight };
  }
  if (o.router === 'sc') {
    if (!o.classifier || !o.labels || !o.sceneRanges) throw new Error(noClassifierMessage);
    const classifier = await loadSceneClassifier(o.classifier, o.labels);
    return { kind: 'sc', classifier, table: await readSceneRangeTable(o.sceneRanges, classifier.labels), topK: o.topK };
  }
  throw new Error(`--router: expected 'cde' (coarse depth) or 'sc' (scene classification), got '${o.router}'`);
}

/**
 * The shared method CLI plus the robust-SIDE commands: `train-robust` (the coarse network on
 * NYU + KITTI), `calibrate` (σ on validation data) and `predict-robust` (route, then predict).
 */
export function createDsSidenetCli(): ReturnType<typeof createMethodCli> {
  const program = createMethodCli(dsSidenet);
  const train = program.commands.find((c) => c.name() === 'train')!;
  train.hook('preAction', (command) => {
    if (command.opts().preset === 'robust') {
      throw new Error("preset 'robust' trains on NYU and KITTI mixed; use 'ds-sidenet train-robust --nyu <dir> --kitti <dir> --out <dir>'");
    }
  });

  program.command('train-robust')
    .description('train the coarse depth network of §3 (preset robust) on NYU + KITTI training frames mixed; writes <out>/model')
    .requiredOption('--nyu <dir>', 'NYU-layout folder (the indoor side; the paper uses ScanNet, which depthkit cannot read)')
    .requiredOption('--kitti <dir>', 'KITTI-layout folder')
    .requiredOption('--out <dir>', 'output folder')
    .option('--steps <n>', 'optimizer steps (default: the preset\'s epochs)', positiveInt('--steps'))
    .option('--epochs <n>', 'epochs', positiveInt('--epochs'))
    .option('--batch <n>', 'batch size', positiveInt('--batch'))
    .option('--seed <s>', 'seed', (v) => Number(v), 0)
    .option('--nyu-split-file <file>', 'NYU training list')
    .option('--kitti-split-file <file>', 'KITTI training list')
    .option('--engine <name>', 'tfjs engine (default: auto)')
    .option('--resume', 'continue from <out>/checkpoints/last at the next step; refused when the settings or data differ')
    .option('--force', 'with --resume: continue even though settings or data differ (warned and logged)')
    .option('--overwrite', 'start afresh in an --out folder that already holds a run, deleting it')
    .option('--checkpoint-every-steps <n>', 'write <out>/checkpoints/last every n steps (default: once an epoch)', positiveInt('--checkpoint-every-steps'))
    .option('--checkpoint-every-minutes <m>', '... and at least every m minutes (default 10)', positiveNumber('--checkpoint-every-minutes'))
    .action(async (o: TrainRobustFlags) => {
      if (o.force && !o.resume) throw new Error('--force only applies to --resume (use --overwrite to replace a run)');
      if (o.overwrite && o.resume) throw new Error('--overwrite and --resume contradict each other: --overwrite deletes the run that --resume would continue');
      await initEngine({ engine: parseEngineName(o.engine, '--engine') });
      const trap = trapInterrupts();
      const result = await trainRobust({
        nyuDir: o.nyu, kittiDir: o.kitti, outDir: o.out, steps: o.steps, epochs: o.epochs, batchSize: o.batch, seed: o.seed,
        nyuSplitFile: o.nyuSplitFile, kittiSplitFile: o.kittiSplitFile, resume: o.resume, force: o.force, overwrite: o.overwrite,
        checkpointEverySteps: o.checkpointEverySteps, checkpointEveryMinutes: o.checkpointEveryMinutes, signal: trap.signal,
      }).finally(() => trap.release());
      if (result.interrupted) {
        const { lines, exitCode } = describeInterruptedRun({ ...result, signal: result.interrupted, step: result.steps, total: result.totalSteps }, resumeCommand('ds-sidenet'));
        process.stderr.write(`${lines.join('\n')}\n`);
        process.exit(exitCode);
      }
      process.stdout.write(`trained ${result.losses.length} steps; coarse model in ${result.modelDir}\n`);
    });

  program.command('calibrate')
    .description('choose σ (d_max > σ → high range) from the coarse network\'s maxima on low- and high-range validation frames')
    .requiredOption('--coarse <dir>', 'coarse model folder (train-robust\'s <out>/model)')
    .requiredOption('--low-data <dir>', 'NYU-layout validation folder (should route low)')
    .requiredOption('--high-data <dir>', 'KITTI-layout validation folder (should route high)')
    .option('--split <name>', 'split of both folders', 'test')
    .option('--low-split-file <file>', 'list for the low-range folder')
    .option('--high-split-file <file>', 'list for the high-range folder')
    .option('--coarse-height <n>', 'rows the coarse network sees', positiveInt('--coarse-height'), defaultCoarseRouterOptions.inputHeight)
    .option('--limit <n>', 'at most this many frames per folder', positiveInt('--limit'))
    .option('--json <file>', 'write the calibration here')
    .option('--engine <name>', 'tfjs engine (default: auto)')
    .action(async (o: { coarse: string; lowData: string; highData: string; split: string; lowSplitFile?: string; highSplitFile?: string; coarseHeight: number; limit?: number; json?: string; engine?: string }) => {
      await initEngine({ engine: parseEngineName(o.engine, '--engine') });
      const result = await calibrateOnData({
        coarseModelDir: o.coarse, lowDataDir: o.lowData, highDataDir: o.highData, split: o.split,
        lowSplitFile: o.lowSplitFile, highSplitFile: o.highSplitFile, inputHeight: o.coarseHeight, limit: o.limit,
      });
      const f = (s: { count: number; min: number; median: number; max: number }) => `${s.count} frames, d_max min ${s.min.toFixed(2)} / median ${s.median.toFixed(2)} / max ${s.max.toFixed(2)} m`;
      process.stdout.write(`low range:  ${f(result.low)}\nhigh range: ${f(result.high)}\nσ = ${result.sigma.toFixed(3)} m (accuracy ${(100 * result.accuracy).toFixed(1)} %; the paper's σ is ${paperSigma} m)\n`);
      if (o.json) await writeFileAtomic(path.resolve(o.json), `${JSON.stringify(result, null, 2)}\n`);
    });

  program.command('predict-robust')
    .description('two-stage robust SIDE (Fig. 2): route each image to the low- or high-range network; writes depth/, npy/, colour/ and routes.json')
    .requiredOption('--input <path>', 'an image or a folder of images (indoor and outdoor mixed)')
    .requiredOption('--low <dir>', 'low-range model folder (e.g. preset nyu)')
    .requiredOption('--high <dir>', 'high-range model folder (e.g. preset kitti)')
    .requiredOption('--out <dir>', 'output folder')
    .option('--router <kind>', "'cde' (coarse depth, §3) or 'sc' (scene classification)", 'cde')
    .option('--coarse <dir>', 'cde: coarse model folder')
    .option('--sigma <m>', `cde: threshold on d_max in metres (the paper's: ${paperSigma}; see calibrate)`, positiveNumber('--sigma'), paperSigma)
    .option('--coarse-height <n>', 'cde: rows the coarse network sees', positiveInt('--coarse-height'), defaultCoarseRouterOptions.inputHeight)
    .option('--classifier <dir>', 'sc: a tfjs layers model folder (model.json + weights)')
    .option('--labels <file>', 'sc: the classifier\'s labels, one per line')
    .option('--scene-ranges <file>', 'sc: JSON {"<label>": "low" | "high"} for every label')
    .option('--top-k <n>', 'sc: labels that vote', positiveInt('--top-k'), paperTopK)
    .option('--engine <name>', 'tfjs engine (default: auto)')
    .action(async (o: RouterFlags & { input: string; low: string; high: string; out: string; engine?: string }) => {
      await initEngine({ engine: parseEngineName(o.engine, '--engine') });
      const router = await routerFrom(o);
      const records = await predictRobust({
        input: o.input, outDir: o.out, router, lowModelDir: o.low, highModelDir: o.high,
        onImage: (r) => process.stderr.write(`${path.basename(r.image)}: ${r.range} range${r.maxDepth != null ? ` (d_max ${r.maxDepth.toFixed(2)} m)` : ` (votes low ${r.votes!.low} / high ${r.votes!.high})`}\n`),
      });
      const lows = records.filter((r) => r.range === 'low').length;
      process.stdout.write(`routed ${records.length} images: ${lows} low range, ${records.length - lows} high range; routes in ${path.join(o.out, 'routes.json')}\n`);
    });
  return program;
}
