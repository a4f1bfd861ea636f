import { Command, Option } from 'commander';
import path from 'node:path';
import { engineOption } from '../cli/engine-option.js';
import { exportCommand } from '../cli/export-command.js';
import { describeInterruptedRun, resumeCommand } from '../cli/interrupted-run.js';
import { initEngine, type EngineName } from '../engine/engine.js';
import { reportMarkdown } from '../eval/eval-report.js';
import { parseProtocolName, protocolNames } from '../eval/protocol.js';
import { writeFileAtomic } from '../fs/write-file-atomic.js';
import { trapInterrupts } from '../train/interrupt.js';
import { defaultMaxPixels } from '../io/read-image.js';
import { depthkitVersion } from '../cli/package-version.js';
import type { DepthMethod } from './depth-method.js';
import { evaluateMethod } from './evaluate-method.js';
import { predictWithMethod } from './predict-method.js';
import { trainMethod } from './train-method.js';

const positiveInt = (name: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name}: expected a positive integer, got '${value}'`);
  return n;
};

const positiveNumber = (name: string) => (value: string) => {
  const n = Number(value);
  if (!(Number.isFinite(n) && n > 0)) throw new Error(`${name}: expected a positive number, got '${value}'`);
  return n;
};

/** `--seed 7`: an integer; `--seed abc` was NaN and silently meant 0. */
const seedValue = (value: string): number => {
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new Error(`--seed: expected an integer from 0 to ${0xffffffff}, found '${value}'`);
  return n;
};

/** `352x704` → [352, 704]: the crop is the other lever on a step's memory, beside the batch. */
const cropSize = (value: string): [number, number] => {
  const m = /^(\d+)[x×](\d+)$/.exec(value.trim());
  if (!m || Number(m[1]) < 1 || Number(m[2]) < 1) throw new Error(`--crop: expected HxW in pixels (e.g. 256x512), got '${value}'`);
  return [Number(m[1]), Number(m[2])];
};

interface TrainOptions {
  preset: string;
  data?: string;
  out: string;
  steps?: number;
  epochs?: number;
  batch?: number;
  crop?: [number, number];
  accumulate?: number;
  resume?: boolean;
  force?: boolean;
  overwrite?: boolean;
  checkpointEverySteps?: number;
  checkpointEveryMinutes?: number;
  seed: number;
  splitFile?: string;
  backboneWeights?: string;
  engine?: EngineName;
}

/**
 * The CLI every method package ships (`<method> train|eval|predict|export`): one definition, so the five
 * CLIs are identical but for their method and presets.
 */
export function createMethodCli<Config>(method: DepthMethod<Config>): Command {
  const program = new Command(method.id).description(`${method.paper.title} (${method.paper.authors.join(', ')}, ${method.paper.year}) — depthkit`).showHelpAfterError()
    .version(`${method.id} (depthkit ${depthkitVersion()})`, '-V, --version');

  program.command('train')
    .description('train a preset on a dataset folder; writes <out>/model, train-log.jsonl, val-metrics.json')
    .addOption(new Option('--preset <name>', 'preset').choices(Object.keys(method.presets)).makeOptionMandatory())
    .option('--data <dir>', 'dataset folder in its official layout (default: synthetic data generated into <out>/data)')
    .requiredOption('--out <dir>', 'output folder')
    .option('--steps <n>', 'optimizer steps (default: the preset\'s)', positiveInt('--steps'))
    .option('--epochs <n>', 'epochs instead of steps', positiveInt('--epochs'))
    .option('--batch <n>', 'batch size (default: the preset\'s)', positiveInt('--batch'))
    .option('--crop <HxW>', 'training crop (default: the preset\'s)', cropSize)
    .option('--accumulate <n>', 'batches per update (gradient accumulation), e.g. --batch 2 --accumulate 8 for 16', positiveInt('--accumulate'))
    .option('--resume', 'continue from <out>/checkpoints/last at the next step (previous, if last is damaged); refused when the settings or data differ')
    .option('--force', 'with --resume: continue even though settings or data differ from the checkpoint\'s (warned and logged)')
    .option('--overwrite', 'start afresh in an --out folder that already holds a run, deleting it')
    .option('--checkpoint-every-steps <n>', 'write <out>/checkpoints/last every n steps (default: the preset\'s, else once an epoch)', positiveInt('--checkpoint-every-steps'))
    .option('--checkpoint-every-minutes <m>', '... and at least every m minutes (default: the preset\'s, else 10)', positiveNumber('--checkpoint-every-minutes'))
    .option('--seed <n>', 'seed (an integer)', seedValue, 0)
    .option('--split-file <file>', 'training list replacing the folder\'s or bundled one')
    .option('--backbone-weights <dir>', 'start the network\'s core backbone from a folder written by depthkit import-weights (fresh runs only; --resume keeps the checkpoint\'s weights)')
    .addOption(engineOption())
    .action(async (o: TrainOptions) => {
      if (o.force && !o.resume) throw new Error('--force only applies to --resume (use --overwrite to replace a run)');
      if (o.overwrite && o.resume) throw new Error('--overwrite and --resume contradict each other: --overwrite deletes the run that --resume would continue');
      await initEngine({ engine: o.engine });
      // Ctrl-C / SIGTERM: the step in flight finishes and the checkpoint is written; a second signal quits at once.
      const trap = trapInterrupts();
      const result = await trainMethod({
        method, preset: o.preset, dataDir: o.data, outDir: o.out, steps: o.steps, epochs: o.epochs,
        batchSize: o.batch, crop: o.crop, accumulate: o.accumulate, resume: o.resume, force: o.force, overwrite: o.overwrite,
        checkpointEverySteps: o.checkpointEverySteps, checkpointEveryMinutes: o.checkpointEveryMinutes, signal: trap.signal,
        seed: o.seed, splitFile: o.splitFile, backboneWeights: o.backboneWeights, print: (line) => process.stdout.write(`${line}\n`),
      }).finally(() => trap.release());
      if (result.interrupted) {
        const { lines, exitCode } = describeInterruptedRun({ ...result, signal: result.interrupted, step: result.steps, total: result.totalSteps }, resumeCommand(method.id));
        process.stderr.write(`${lines.join('\n')}\n`);
        process.exit(exitCode);
      }
      const resumed = result.resumedFrom > 0 ? ` (resumed at step ${result.resumedFrom})` : '';
      process.stdout.write(`trained ${result.steps} steps${resumed}; model in ${result.modelDir}\n`);
      if (result.validation) process.stdout.write(`${reportMarkdown(result.validation)}\n`);
    });

  program.command('eval')
    .description('evaluate a trained model on a dataset split (same JSON as depthkit eval)')
    .requiredOption('--checkpoint <dir>', 'a trained <out>/model folder')
    .option('--data <dir>', 'dataset folder (default: the one the model was trained on)')
    .option('--split <name>', 'split', 'test')
    .option('--split-file <file>', 'list replacing the folder\'s or bundled one')
    .addOption(new Option('--protocol <name>', 'protocol (default: the dataset spec\'s)').choices([...protocolNames]))
    .requiredOption('--json <file>', 'report file')
    .addOption(engineOption())
    .action(async (o: { checkpoint: string; data?: string; split: string; splitFile?: string; protocol?: string; json: string; engine?: EngineName }) => {
      await initEngine({ engine: o.engine });
      const report = await evaluateMethod({
        method, modelDir: o.checkpoint, dataDir: o.data, split: o.split, splitFile: o.splitFile,
        protocol: o.protocol ? parseProtocolName(o.protocol, '--protocol') : undefined,
        onImage: (done, total) => { if (done % 50 === 0 || done === total) process.stderr.write(`eval ${done}/${total}\n`); },
      });
      await writeFileAtomic(path.resolve(o.json), `${JSON.stringify(report, null, 2)}\n`);
      process.stdout.write(`${reportMarkdown(report)}\n`);
    });

  program.command('predict')
    .description('metric depth per image: depth/<rel>.png (dataset scale), npy/<rel>.npy (metres), colour/<rel>.png')
    .requiredOption('--checkpoint <dir>', 'a trained <out>/model folder')
    .option('--data <dir>', 'dataset folder (outputs named by the GT\'s relative path; default: the training data)')
    .option('--split <name>', 'split, with --data', 'test')
    .option('--split-file <file>', 'list replacing the folder\'s or bundled one')
    .option('--input <paths...>', 'images and/or folders of images instead of --data (PNG depth ×256); two inputs writing one output name are refused')
    .option('--max-pixels <n>', `refuse images above this many pixels, from their header (default ${defaultMaxPixels})`, positiveInt('--max-pixels'), defaultMaxPixels)
    .requiredOption('--out <dir>', 'output folder')
    .addOption(engineOption())
    .action(async (o: { checkpoint: string; data?: string; split: string; splitFile?: string; input?: string[]; maxPixels: number; out: string; engine?: EngineName }) => {
      await initEngine({ engine: o.engine });
      const written = await predictWithMethod({
        method, modelDir: o.checkpoint, outDir: o.out, dataDir: o.data, split: o.split, splitFile: o.splitFile, input: o.input, maxPixels: o.maxPixels,
      });
      process.stdout.write(`wrote ${written.length} predictions (${written.length * 3} files: depth/, npy/, colour/) under ${o.out}\n`);
    });

  program.addCommand(exportCommand(method as DepthMethod<unknown>));

  return program;
}

/** Runs a method CLI as a bin: errors become one clear line and exit code 1. */
export function runMethodCli<Config>(method: DepthMethod<Config>, argv = process.argv): void {
  createMethodCli(method).parseAsync(argv).catch((error: unknown) => {
    process.stderr.write(`${method.id}: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
