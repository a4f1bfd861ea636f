import { Command, Option } from 'commander';
import { kittiSpec } from '../datasets/kitti-spec.js';
import { nyuSpec } from '../datasets/nyu-spec.js';
import { reportCsv, reportMarkdown, type EvalReport } from '../eval/eval-report.js';
import { defaultProtocolName, protocolNames, type ProtocolName } from '../eval/protocol.js';
import { runEvaluation } from '../eval/run-evaluation.js';
import { writeFileAtomic } from '../fs/write-file-atomic.js';
import { silogConventions, type SilogConvention } from '../metrics/silog.js';

export interface EvalCommandOptions {
  protocol?: ProtocolName;
  dataset?: 'kitti' | 'nyu';
  gt: string;
  pred: string;
  kbCrop?: boolean;
  medianScaling?: boolean;
  scale?: number;
  resize?: boolean;
  silog?: SilogConvention;
  json: string;
  csv?: string;
}

const datasets = { kitti: kittiSpec, nyu: nyuSpec };

export function evalCommand(): Command {
  return new Command('eval')
    .description('score depth predictions against ground truth with a published protocol (BTS / monodepth2 conventions)')
    .addOption(new Option('--protocol <protocol>', 'evaluation protocol (caps and crop from the dataset spec)').choices(protocolNames))
    .addOption(new Option('--dataset <dataset>', "use the dataset's default protocol (kitti: kitti-garg, nyu: nyu)").choices(Object.keys(datasets)))
    .requiredOption('--gt <dir>', 'ground-truth folder: 16-bit depth PNGs or float32 .npy in metres')
    .requiredOption('--pred <dir>', 'prediction folder, same relative paths and stems as --gt')
    .option('--kb-crop', 'predictions are 352×1216 KB crops; paste them back into zeros at GT size')
    .option('--median-scaling', 'scale each prediction by median(gt)/median(pred) over its valid pixels')
    .option('--scale <factor>', 'multiply predictions by a fixed factor first (e.g. 5.4 for stereo-trained)', parseScale)
    .option('--resize', 'bilinearly resize predictions of another size to the GT size')
    .addOption(new Option('--silog <convention>', 'SILog formula').choices(silogConventions).default('bts'))
    .requiredOption('--json <file>', 'write the full report as JSON')
    .option('--csv <file>', 'also write per-image metrics as CSV')
    .action(async (opts: EvalCommandOptions) => {
      await executeEval(opts, (text) => process.stdout.write(text));
    });
}

/** The command's work, callable from tests: evaluate, write the files, print the table. */
export async function executeEval(opts: EvalCommandOptions, print: (text: string) => void): Promise<EvalReport> {
  const protocol = resolveProtocol(opts);
  const report = await runEvaluation({
    protocol,
    gtDir: opts.gt,
    predDir: opts.pred,
    kbCrop: opts.kbCrop,
    medianScaling: opts.medianScaling,
    scale: opts.scale,
    resize: opts.resize,
    silog: opts.silog,
  });
  if (report.metrics === null) {
    throw new Error(`${opts.gt}: none of the ${report.skipped} ground-truth files has a valid pixel (${report.settings.minDepth} < gt < ${report.settings.maxDepth} inside the crop), ` +
      `e.g. ${report.skippedFiles.slice(0, 3).join(', ')}; expected depth maps (all zero? check --gt and the protocol's depth scale ${report.settings.depthScale}) — no report written`);
  }
  await writeFileAtomic(opts.json, `${JSON.stringify(report, null, 2)}\n`);
  if (opts.csv) await writeFileAtomic(opts.csv, reportCsv(report));
  print(reportMarkdown(report));
  print(`silog: ${report.settings.silog}; valid: ${report.settings.minDepth} < gt < ${report.settings.maxDepth}`);
  print(`${report.nonFinitePixels > 0 ? `; ${report.nonFinitePixels} non-finite prediction pixels replaced` : ''}\n`);
  if (report.skipped > 0) print(`warning: skipped ${report.skipped} ground-truth file${report.skipped === 1 ? '' : 's'} with no valid pixel (all zero?): ${report.skippedFiles.slice(0, 5).join(', ')}${report.skipped > 5 ? ', …' : ''}\n`);
  if (report.nonPositivePixels > 0) print(`warning: clamped ${report.nonPositivePixels} negative or zero prediction pixels to ${report.settings.minDepth} (minDepth)\n`);
  if (report.medianRatio) print(`median-scaling ratios: median ${report.medianRatio.median.toFixed(3)}, std ${report.medianRatio.std.toFixed(3)}\n`);
  return report;
}

function resolveProtocol(opts: EvalCommandOptions): ProtocolName {
  if (opts.protocol) return opts.protocol;
  if (opts.dataset) return defaultProtocolName(datasets[opts.dataset]);
  throw new Error(`eval: give --protocol (${protocolNames.join(', ')}) or --dataset (${Object.keys(datasets).join(', ')})`);
}

function parseScale(value: string): number {
  const scale = Number(value);
  if (!Number.isFinite(scale) || scale <= 0) throw new Error(`--scale: expected a positive number, found '${value}'`);
  return scale;
}
